// @vscode/test-cli configuration (`npx vscode-test`, or the Extension Test Runner in VS Code): the
// extension-host suites of test/vscode/suite in desktop VS Code, which test-cli downloads into
// .vscode-test/ (needs the internet; on a closed network use test/vscode/run-in-code-server.ts).
// test-cli runs the compiled suites with its own mocha, so they are compiled here first. See
// test/vscode/README.md.
import { defineConfig } from "@vscode/test-cli";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "test/vscode/build-suites.ts"], { stdio: "inherit" });

// A throw-away copy of the fixture, so suites may write to their workspace.
const workspace = join(mkdtempSync(join(tmpdir(), "li-vscode-cli-")), "workspace");
cpSync("test/vscode/workspace", workspace, { recursive: true });

export default defineConfig({
  tests: [
    {
      label: "extension-host",
      files: "dist-test/vscode/suite/*.test.js",
      version: process.env.VSCODE_VERSION ?? "stable",
      extensionDevelopmentPath: ".",
      workspaceFolder: workspace,
      launchArgs: ["--disable-extensions", "--disable-workspace-trust", "--skip-welcome", "--skip-release-notes", "--disable-gpu"],
      env: { LIVE_INTERFACE_TEST_TRUST: "trusted" },
      mocha: { ui: "bdd", timeout: 30000, color: false },
    },
  ],
});
