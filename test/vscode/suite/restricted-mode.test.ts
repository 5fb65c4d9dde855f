// Workspace Trust: in an untrusted workspace no module code runs, and the panel says why.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { ENV } from "../bridge-protocol";
import { bridgeAvailable, webviewText } from "./bridge";
import { closeAllEditors, EXTENSION_ID, openModule, until } from "./helpers";

describe("restricted mode (untrusted workspace)", function () {
  this.timeout(60000);
  before(async function () {
    // Runs only in the runner's untrusted run (vscode.test.ts OWN_RUNS), which opens the workspace in
    // restricted mode; in the trusted run the extension is meant to run modules. It reads the panel
    // through the runner's bridge, which desktop runners (@vscode/test-electron) do not have.
    if (!bridgeAvailable() || process.env[ENV.trust] !== "untrusted") this.skip(); // only the untrusted run (vscode.test.ts) opens restricted mode, and it needs the bridge
  });
  after(closeAllEditors);

  it("runs no module code; the panel says why and how to trust", async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)?.activate()) as { runtimes(): number };
    await openModule("calc.ts");
    await vscode.commands.executeCommand("liveInterface.open");
    const text = await until("the panel explains", () => webviewText("#app .li-notice"), (t) => t.includes("not trusted"));
    assert.match(text, /Manage Workspace Trust/);
    assert.equal(api.runtimes(), 0, "no runtime was started");
  });
});
