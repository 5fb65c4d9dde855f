// The npm package as a user gets it: the files scripts/pack-npm.mjs stages (what `npm pack` there
// puts in the tarball), installed into a new project outside the repository, with the README's
// "In your own project (npm)" module and tsconfig: it type-checks under verbatimModuleSyntax, and
// `live-interface serve` from the package serves it.
import * as assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { promisify } from "node:util";
import { Client } from "../../src/client";
import { finished, watch } from "../helpers/cli";
import { tempModules } from "../helpers/modules";

const ROOT = path.resolve(__dirname, "../..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const run = promisify(execFile);

/** The README's fenced block that starts with `first` (its first line), without the fences. */
function readmeBlock(first: string): string {
  const m = new RegExp("```\\w*\\n(" + first.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&") + "[\\s\\S]*?)```").exec(README);
  assert.ok(m, `the README has a block starting with ${first}`);
  return m[1]!;
}

/** Runs the repository's tsc in `dir`; resolves with its output (empty when it found no error). */
async function tsc(dir: string, args: string[] = []): Promise<string> {
  try {
    await run(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), ...args], { cwd: dir });
    return "";
  } catch (err) {
    return (err as { stdout: string }).stdout || String(err);
  }
}

const get = (url: string) =>
  new Promise<number>((resolve, reject) => http.get(url, (res) => (res.resume(), resolve(res.statusCode!))).on("error", reject));

describe("the npm package, installed into a new project", function () {
  this.timeout(120000);
  let project: string;
  let pkg: string;

  before(async () => {
    project = tempModules({
      "package.json": JSON.stringify({ name: "my-interfaces", private: true, type: "module" }),
      "src/hello.ts": readmeBlock("// src/hello.ts"),
      "tsconfig.json": readmeBlock('{\n  "compilerOptions"'),
    });
    pkg = path.join(project, "node_modules", "live-interface");
    await run(process.execPath, [path.join(ROOT, "scripts/pack-npm.mjs"), "--stage", pkg]);
    // Its dependency and the README's dev dependency, from this repository's node_modules.
    for (const dep of ["esbuild", "@types/node", "undici-types"]) {
      fs.mkdirSync(path.dirname(path.join(project, "node_modules", dep)), { recursive: true });
      fs.symlinkSync(path.join(ROOT, "node_modules", dep), path.join(project, "node_modules", dep));
    }
  });

  it("ships what its manifest names, and no scripts, source maps or VS Code parts", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8"));
    assert.equal(manifest.main, "./dist/index.js");
    const named = [manifest.main, manifest.types, ...Object.values(manifest.bin), ...Object.values(manifest.exports).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e as object)))];
    for (const file of named) assert.ok(fs.existsSync(path.join(pkg, file as string)), `${file} is shipped`);
    assert.equal(manifest.scripts, undefined);
    assert.equal(manifest.devDependencies, undefined);
    assert.equal(manifest.contributes, undefined);
    const files = fs.readdirSync(pkg, { recursive: true, encoding: "utf8" });
    assert.deepEqual(files.filter((f) => f.endsWith(".map") || (f.startsWith("dist") && /extension|notebook/.test(f))), []);
    for (const f of files.filter((f) => f.endsWith(".js"))) {
      assert.doesNotMatch(fs.readFileSync(path.join(pkg, f), "utf8"), /sourceMappingURL=/, f);
    }
  });

  it("ships every file the README links to", () => {
    const links = [...README.matchAll(/\]\(((?![a-z]+:|#)[^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]!);
    assert.ok(links.length >= 5, links.join(" "));
    for (const link of links) assert.ok(fs.existsSync(path.join(pkg, link)), `${link} is in the package`);
  });

  it("type-checks the README's module with its tsconfig (verbatimModuleSyntax), and the other module settings it names", async function () {
    this.timeout(300000); // five runs of tsc, ~5 s of CPU each
    const tsconfig = readmeBlock('{\n  "compilerOptions"');
    assert.match(tsconfig, /"verbatimModuleSyntax": true/);
    // What the README explains: a CommonJS package gets TS1295 with this config, and its other form passes.
    const cjs = tempModules({ "package.json": JSON.stringify({ type: "commonjs" }), "tsconfig.json": tsconfig, "src/hello.ts": readmeBlock("// src/hello.ts") });
    fs.symlinkSync(path.join(project, "node_modules"), path.join(cjs, "node_modules"));
    const requireForm = 'import li = require("live-interface");\nexport = new li.Interface({ fn: (n) => n * 2, inputs: "number", outputs: "number" });\n';
    const required = tempModules({ "package.json": JSON.stringify({ type: "commonjs" }), "tsconfig.json": tsconfig, "src/hello.ts": requireForm });
    fs.symlinkSync(path.join(project, "node_modules"), path.join(required, "node_modules"));
    // At once: each is a few seconds of CPU.
    const [nodenext, preserve, bundler, commonjs, requiredForm] = await Promise.all([
      tsc(project, ["--skipLibCheck", "false"]), // the package's own declarations checked too
      tsc(project, ["--module", "preserve"]),
      tsc(project, ["--module", "esnext", "--moduleResolution", "bundler"]),
      tsc(cjs),
      tsc(required),
    ]);
    assert.equal(nodenext, "", "nodenext, type: module");
    assert.equal(preserve, "", "module preserve");
    assert.equal(bundler, "", "esnext + bundler");
    assert.match(commonjs, /error TS1295/);
    assert.equal(requiredForm, "", "import = require / export =");
  });

  it("serves the README's module with the package's own CLI", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8"));
    const cli = spawn(process.execPath, [path.join(pkg, manifest.bin["live-interface"]), "serve", "src/hello.ts", "--port", "0"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    const out = watch(cli);
    try {
      const [line] = await out.until(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/m);
      const url = new URL(line);
      assert.equal(await get(url.href), 200);
      for (const asset of ["app.js", "app.css", "audio-worklet.js", "plot.js"]) {
        assert.equal(await get(`${url.origin}/assets/${asset}?token=${url.searchParams.get("token")}`), 200, asset);
      }
      const client = await Client.connect(url.href);
      assert.equal(await client.predict("npm", 2), "Hello npm! Hello npm! ");
      client.close();
    } finally {
      cli.kill("SIGTERM");
      await finished(cli);
    }
  });
});
