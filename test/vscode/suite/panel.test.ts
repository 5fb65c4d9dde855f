// "Open Live Interface": the command opens a panel whose webview renders the module's interface, and
// operating it (real key presses in the webview) runs fn in the isolated runtime.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { actInWebview, bridgeAvailable, evalInWebview, screenshot, textByLabel } from "./bridge";
import { closeAllEditors, EXTENSION_ID, openModule, showsText, surface, until } from "./helpers";

const PANEL = surface("panel", "calc.ts");

/** The Live Interface panels VS Code has open (tabs whose input is one of our webviews). */
function livePanelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith("liveInterface.panel"));
}

describe("Open Live Interface (panel)", function () {
  this.timeout(60000);
  before(async function () {
    if (!bridgeAvailable()) this.skip(); // desktop runners (@vscode/test-electron) have no bridge into the webview's DOM
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });
  after(closeAllEditors);

  it("is a command in the palette, titled as users look for it", async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes("liveInterface.open"));
    const contributed = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands as { command: string; title: string; category: string }[];
    const open = contributed.find((c) => c.command === "liveInterface.open");
    assert.deepEqual([open?.category, open?.title], ["Live Interface", "Open Live Interface"]);
  });

  it("opens a panel that renders the active module's interface, live on load", async () => {
    await openModule("calc.ts");
    const t0 = Date.now();
    await vscode.commands.executeCommand("liveInterface.open");
    await showsText(PANEL, "result", "6"); // fn(4, "add", 2) ran when the panel opened
    console.log(`    command -> interactive panel showing fn's first result: ${Date.now() - t0} ms`);
    assert.equal(livePanelTabs().length, 1);
    assert.equal(livePanelTabs()[0].label, "Live: calc.ts");
    // Live mode: no Submit button.
    const buttons = await evalInWebview(PANEL, () => [...document.querySelectorAll("vscode-button, button")].map((b) => (b.textContent ?? "").trim()));
    assert.ok(!buttons.includes("Submit"), `no Submit button in live mode (buttons: ${buttons.join(", ")})`);
  });

  it("runs fn when an input changes in the webview: key presses on the slider, a radio, typing", async () => {
    await actInWebview(PANEL, { label: "a" }, "press", { keys: ["ArrowRight", "ArrowRight", "ArrowRight"] });
    await showsText(PANEL, "result", "9"); // 7 + 2
    await actInWebview(PANEL, { label: "multiply" }, "click");
    await showsText(PANEL, "result", "14"); // 7 * 2
    await actInWebview(PANEL, { label: "b" }, "fill", { text: "10" });
    await showsText(PANEL, "result", "70");
    await screenshot("panel-calculator");
  });

  it("talks to the extension host over its direct channel (a WebSocket), not postMessage", async () => {
    assert.equal(await evalInWebview(PANEL, () => document.body.dataset.link), "direct");
  });

  it("refuses a malformed message on the direct channel with an error in the panel, and keeps working", async () => {
    // The page's next send first puts garbage on the same socket (the transport's own is private).
    await evalInWebview(PANEL, () => {
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
        WebSocket.prototype.send = send;
        send.call(this, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
        return send.call(this, data);
      };
    });
    await actInWebview(PANEL, { label: "a" }, "press", { keys: ["ArrowLeft"] });
    await showsText(PANEL, "result", "60"); // 6 * 10: the message after the garbage was run
    const banner = await evalInWebview(PANEL, () => document.querySelector(".li-banner-error")?.textContent ?? "");
    assert.match(banner, /Refused a malformed message/);
    await actInWebview(PANEL, { label: "a" }, "press", { keys: ["ArrowRight"] });
    await showsText(PANEL, "result", "70");
  });

  it("opening it again for the same module reveals the same panel", async () => {
    await openModule("calc.ts");
    await vscode.commands.executeCommand("liveInterface.open");
    await until("one panel", async () => livePanelTabs().length, (n) => n === 1, 3000);
    assert.equal(await textByLabel(PANEL, "result"), "70", "the panel kept its inputs and outputs");
  });

  it("closing the panel stops its runtime", async () => {
    const api = vscode.extensions.getExtension(EXTENSION_ID)?.exports as { runtimes(): number } | undefined;
    assert.ok(api && typeof api.runtimes === "function", "the extension reports its running runtimes");
    const before = api.runtimes();
    assert.ok(before >= 1, `a runtime runs for the panel (${before})`);
    await vscode.window.tabGroups.close(livePanelTabs());
    await until("the panel's runtime stopped", async () => api.runtimes(), (n) => n === before - 1, 5000);
  });

  it("with liveInterface.directChannel off, works the same by postMessage", async () => {
    const settings = vscode.workspace.getConfiguration("liveInterface");
    await settings.update("directChannel", false, vscode.ConfigurationTarget.Global);
    try {
      await openModule("calc.ts");
      await vscode.commands.executeCommand("liveInterface.open");
      await showsText(PANEL, "result", "6");
      assert.equal(await evalInWebview(PANEL, () => document.body.dataset.link), "postMessage");
      await actInWebview(PANEL, { label: "a" }, "press", { keys: ["ArrowRight"] });
      await showsText(PANEL, "result", "7");
    } finally {
      await settings.update("directChannel", undefined, vscode.ConfigurationTarget.Global);
      await closeAllEditors();
    }
  });
});
