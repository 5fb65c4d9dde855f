// `node scripts/pack-npm.mjs`: builds, then packs the npm package (live-interface-<version>.tgz, in the
// repository's root) from a staging folder with a package.json of its own, as package-vsix.mjs does for
// the .vsix. The repository's package.json is the VS Code extension's development manifest: VS Code's
// development host (F5, test/vscode) loads the extension from the repository, so its `main` must be
// the extension. The npm package's `main` is the library, and it has no scripts: npm shows a package's
// `prepare` to every installer as an install script to approve, and ours only builds from sources it
// does not ship. `npm pack` in the repository itself refuses (the `prepack` script runs this with
// --refuse) rather than pack that manifest. Publish with `npm publish live-interface-<version>.tgz`.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** What npm users get of dist/: the library, CLI, client, runtime worker, the browser UI and the types. */
const DIST = ["index.js", "cli.js", "mcp.js", "worker.js", "client.js", "webview/app.js", "webview/app.css", "webview/audio-worklet.js", "webview/plot.js", "webview/api-page.js", "webview/api-page.css"];
/** The README's links lead into these: shipped, so that they resolve beside it. */
const DOCS = ["README.md", "LICENSE", "BENCHMARKS.md", "docs", "examples"];
/** The manifest fields npm users need; the rest (VS Code's contributions, scripts, devDependencies) stay behind. */
const FIELDS = ["name", "version", "description", "license", "keywords", "homepage", "repository", "bugs", "engines", "main", "types", "exports", "bin", "dependencies", "optionalDependencies"];

/** The package's manifest for npm, from the repository's. */
export function npmManifest(repo) {
  const npm = { ...repo, engines: { node: repo.engines.node }, main: "./dist/index.js" };
  return Object.fromEntries(FIELDS.filter((f) => npm[f] !== undefined).map((f) => [f, npm[f]]));
}

/** Fills `stage` (emptied first) with the package's files, from a built repository; returns the manifest. */
export function stageNpmPackage(stage, root = ROOT) {
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, "dist", "webview"), { recursive: true });
  for (const file of DIST) {
    // No source maps: they would be 4.7 of the package's 7 MB, for our own frames in a stack trace.
    const code = readFileSync(join(root, "dist", file), "utf8").replace(/\n\/[/*][#@] sourceMappingURL=[^\n]*\s*$/, "\n");
    writeFileSync(join(stage, "dist", file), code, { mode: statSync(join(root, "dist", file)).mode });
  }
  cpSync(join(root, "dist", "types"), join(stage, "dist", "types"), { recursive: true });
  for (const doc of DOCS) cpSync(join(root, doc), join(stage, doc), { recursive: true });
  const manifest = npmManifest(JSON.parse(readFileSync(join(root, "package.json"), "utf8")));
  writeFileSync(join(stage, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--refuse")) {
    console.error(
      "live-interface: the npm package is packed from a staging folder, with npm's manifest (main: the library,\n" +
        "not the VS Code extension; no scripts): run `node scripts/pack-npm.mjs`, then `npm publish live-interface-<version>.tgz`.",
    );
    process.exit(1);
  }
  // `--stage <folder>`: only fills that folder from the built repository (test/unit/npm-package.test.ts).
  const only = process.argv.indexOf("--stage");
  if (only > 0) {
    stageNpmPackage(resolve(process.argv[only + 1]));
    process.exit(0);
  }
  execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { cwd: ROOT, stdio: "inherit" });
  const stage = join(ROOT, ".npm-stage");
  const { name, version } = stageNpmPackage(stage);
  execFileSync("npm", ["pack", "--pack-destination", ROOT], { cwd: stage, stdio: ["ignore", "ignore", "inherit"] });
  rmSync(stage, { recursive: true, force: true });
  const tarball = join(ROOT, `${name}-${version}.tgz`);
  console.log(`${tarball}: ${(statSync(tarball).size / 1024).toFixed(0)} KiB`);
}
