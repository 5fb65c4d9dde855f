// Part of `npm test` (plain mocha on Node 20): runs the extension-host suites of test/vscode/suite
// in code-server and fails with their report when they fail. Needs the tools that
// `bash scripts/setup-test-tools.sh` installs (npm test runs it first). See test/vscode/README.md.
import * as assert from "node:assert/strict";
import { listSuites } from "./build-suites";
import { runInCodeServer, type CodeServerRunOptions } from "./run-in-code-server";

/**
 * Suites that need a code-server run of their own (another trust mode, workspace or settings).
 * Every other suite runs together in the default run: one code-server start-up for all of them.
 */
const OWN_RUNS: Record<string, Omit<CodeServerRunOptions, "suites">> = {
  "restricted-mode": { trust: "untrusted" },
};

const indent = (text: string) => text.replace(/^/gm, "      ");
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function runSuites(options: CodeServerRunOptions): Promise<void> {
  const r = await runInCodeServer({ timeoutMs: 240000, ...options });
  const summary =
    `code-server run: status ${r.status}, ${seconds(r.timings.totalMs)} s ` +
    `(code-server ${seconds(r.timings.serverMs)} s, workbench ${seconds(r.timings.workbenchMs)} s, tests ${seconds(r.timings.testsMs)} s)`;
  if (r.status !== 0) {
    assert.fail(`${summary}\n--- extension host output ---\n${r.output}\n--- diagnostics ---\n${r.diagnostics}`);
  }
  // Passing: still show what ran inside the extension host (and what it measured).
  console.log(indent(`${r.output.replace(/\n{3,}/g, "\n\n").trim()}\n${summary}`));
}

describe("VS Code extension host (code-server)", function () {
  // A run is ~10 s on 2 cores (start-up ~4 s); the runner's own limits (240 s overall, 60 s for
  // the suites to start, 30 s per test inside) fire before this one.
  this.timeout(300000);

  const shared = listSuites().filter((s) => !(s in OWN_RUNS));
  it(`passes the suites: ${shared.join(", ")}`, () => runSuites({ suites: shared }));

  for (const [suite, options] of Object.entries(OWN_RUNS)) {
    it(`passes the suite ${suite} (${options.trust ?? "trusted"} workspace)`, () => runSuites({ ...options, suites: [suite] }));
  }
});
