// Compiles the extension-host suites (test/vscode/suite/*.test.ts) and their mocha entry
// (test/vscode/suite/index.ts) to CommonJS in dist-test/vscode/suite/, where the extension host can
// require them. Run directly with `npx tsx test/vscode/build-suites.ts`, or through the runners.
//
// - `vscode` stays external: the extension host provides it to any module under the extension's
//   folder (dist-test/ is inside the repository, the extensionDevelopmentPath).
// - mocha is bundled into index.js: mocha 12 is ESM inside, and desktop VS Code builds whose Node
//   cannot require() ESM would fail to load it from node_modules.
// - Other packages stay external and resolve from the repository's node_modules.
// - Inline source maps + process.setSourceMapsEnabled (in index.ts) give TypeScript stack traces.
import { build } from "esbuild";
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const SUITE_SRC = path.join(REPO_ROOT, "test", "vscode", "suite");
export const SUITE_OUT = path.join(REPO_ROOT, "dist-test", "vscode", "suite");
/** The extensionTestsPath module. */
export const SUITE_ENTRY = path.join(SUITE_OUT, "index.js");

/** Suite names (`smoke` for smoke.test.ts) found in test/vscode/suite/. */
export function listSuites(): string[] {
  return fs
    .readdirSync(SUITE_SRC)
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => f.slice(0, -".test.ts".length))
    .sort();
}

/**
 * Builds the entry and every suite into `outDir` (emptied first); returns the entry's path.
 * `outDir` must stay inside the repository (see above); the code-server runner uses one per run.
 */
export async function buildSuites(outDir: string = SUITE_OUT): Promise<string> {
  const suites = listSuites();
  fs.rmSync(outDir, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: "node",
    format: "cjs",
    // Desktop VS Code 1.90 runs its extension host on Node 20; code-server 4.139 on Node 24.
    target: "node20",
    sourcemap: "inline",
    logLevel: "warning",
    absWorkingDir: REPO_ROOT,
  } as const;
  await Promise.all([
    build({
      ...common,
      entryPoints: { index: path.join(SUITE_SRC, "index.ts") },
      outdir: outDir,
      external: ["vscode"],
      // mocha's parallel mode (unused here) resolves worker files at run time.
      logOverride: { "require-resolve-not-external": "silent" },
    }),
    build({
      ...common,
      entryPoints: Object.fromEntries(suites.map((s) => [`${s}.test`, path.join(SUITE_SRC, `${s}.test.ts`)])),
      outdir: outDir,
      packages: "external",
      external: ["vscode"],
    }),
  ]);
  return path.join(outDir, "index.js");
}

if (require.main === module) {
  buildSuites().then(
    (entry) => console.log(`built ${listSuites().length} suite(s) and ${path.relative(REPO_ROOT, entry)}`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
