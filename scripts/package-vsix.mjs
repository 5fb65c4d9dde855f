// `npm run package`: the .vsix. The npm package's dependencies (esbuild's native binary, ws) are not
// what the extension needs, so the extension is packaged from a staging folder whose only dependency
// is the TypeScript server plugin; .vscodeignore picks the built files.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const stage = join(root, ".vsix-stage");
const out = join(root, "live-interface.vsix");
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage);
for (const f of ["dist", "media", "LICENSE", ".vscodeignore"]) cpSync(join(root, f), join(stage, f), { recursive: true });
// The README's links into the repository (docs/...) lead nowhere from the extension's page, and vsce
// refuses them without a repository URL: inside the .vsix they become plain text.
// Pictures from the repository are left out; links keep their text.
const readme = readFileSync(join(root, "README.md"), "utf8")
  .replace(/!\[[^\]]*\]\((?![a-z]+:)[^)]+\)\n?/g, "")
  .replace(/\[([^\]]+)\]\((?![a-z]+:|#)[^)]+\)/g, "$1");
writeFileSync(join(stage, "README.md"), readme);
cpSync(join(root, "tsserver-plugin"), join(stage, "node_modules", "live-interface-tsserver-plugin"), { recursive: true });
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const plugin = JSON.parse(readFileSync(join(root, "tsserver-plugin", "package.json"), "utf8"));
manifest.dependencies = { [plugin.name]: plugin.version };
delete manifest.devDependencies;
delete manifest.scripts;
writeFileSync(join(stage, "package.json"), JSON.stringify(manifest, null, 2));
const vsce = join(root, "node_modules", "@vscode", "vsce", "vsce");
execFileSync(process.execPath, [vsce, "package", "--allow-missing-repository", "--out", out], { cwd: stage, stdio: "inherit" });
rmSync(stage, { recursive: true, force: true });
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
