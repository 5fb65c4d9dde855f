// The same extension-host suites in desktop VS Code, through @vscode/test-electron, for machines
// that can download VS Code (it downloads a build into .vscode-test/ on first use; that fails on a
// closed network, where run-in-code-server.ts is the way):
//
//   npx tsx test/vscode/run-electron.ts [--suite smoke]... [--grep re] [--untrusted]
//       [--workspace dir] [--vscode-version stable|insiders|1.90.0]
//
// On a Linux machine without a display, wrap it: xvfb-run -a npx tsx test/vscode/run-electron.ts
// There is no Playwright page here, so the webview bridge is absent: suites that need it skip
// themselves (bridgeAvailable() is false) and everything else runs as under code-server.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runTests } from "@vscode/test-electron";
import { ENV } from "./bridge-protocol";
import { REPO_ROOT, buildSuites } from "./build-suites";
import { trustArgs, userSettings, type WorkspaceTrust } from "./settings";

export interface ElectronRunOptions {
  suites?: string[];
  grep?: string;
  /** Folder copied to a temp dir and opened as the workspace (default test/vscode/workspace). */
  workspace?: string;
  trust?: WorkspaceTrust;
  settings?: Record<string, unknown>;
  /** VS Code to download: "stable" (default), "insiders" or a version such as "1.90.0". */
  version?: string;
  /** Use this VS Code executable instead of downloading one. */
  vscodeExecutablePath?: string;
}

/** Resolves with VS Code's exit code (0 when every test passed). */
export async function runInElectron(options: ElectronRunOptions = {}): Promise<number> {
  const trust = options.trust ?? "trusted";
  const entry = await buildSuites();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "li-vscode-electron-"));
  try {
    const userData = path.join(tmp, "user-data");
    const workspace = path.join(tmp, "workspace");
    fs.mkdirSync(path.join(userData, "User"), { recursive: true });
    fs.writeFileSync(path.join(userData, "User", "settings.json"), JSON.stringify(userSettings(trust, options.settings), null, 2));
    fs.cpSync(path.resolve(options.workspace ?? path.join(__dirname, "workspace")), workspace, { recursive: true });
    return await runTests({
      ...(options.vscodeExecutablePath ? { vscodeExecutablePath: options.vscodeExecutablePath } : { version: options.version ?? "stable" }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: entry,
      extensionTestsEnv: {
        [ENV.trust]: trust,
        ...(options.suites?.length ? { [ENV.suites]: options.suites.join(",") } : {}),
        ...(options.grep ? { [ENV.grep]: options.grep } : {}),
      },
      launchArgs: [
        workspace,
        `--user-data-dir=${userData}`,
        `--extensions-dir=${path.join(tmp, "extensions")}`,
        "--disable-extensions", // other installed extensions; the one under development still loads
        "--skip-welcome",
        "--skip-release-notes",
        "--disable-gpu",
        ...trustArgs(trust),
      ],
    });
  } catch (e) {
    // runTests rejects (TestRunFailedError) when VS Code exits non-zero, i.e. when a test failed.
    const code = (e as { code?: unknown }).code;
    if (typeof code === "number") return code;
    throw e;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      suite: { type: "string", multiple: true },
      grep: { type: "string" },
      workspace: { type: "string" },
      untrusted: { type: "boolean" },
      "vscode-version": { type: "string" },
    },
  });
  runInElectron({
    suites: values.suite,
    grep: values.grep,
    workspace: values.workspace,
    trust: values.untrusted ? "untrusted" : "trusted",
    version: values["vscode-version"],
  }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
