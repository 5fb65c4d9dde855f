// Smoke suite: proves the harness works end to end inside a real extension host.
import * as assert from "node:assert/strict";
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as vscode from "vscode";
import { ENV } from "../bridge-protocol";
import { bridgeAvailable, evalInWebview, webviewText } from "./bridge";
import { until } from "./helpers";

const EXTENSION_ID = "live-interface.live-interface";

describe("extension host smoke", () => {
  it("runs inside a VS Code extension host", () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof vscode.window.createWebviewPanel, "function");
    console.log(`    VS Code ${vscode.version} (${vscode.env.appHost}, ${vscode.env.uiKind === vscode.UIKind.Web ? "web" : "desktop"}), Node ${process.versions.node}`);
  });

  it(`has the extension under development (${EXTENSION_ID})`, () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded; loaded: ${vscode.extensions.all.filter((e) => !e.id.startsWith("vscode.")).map((e) => e.id).join(", ")}`);
    assert.equal(ext.packageJSON.name, "live-interface");
  });

  it("opened the workspace with the trust the runner asked for", function () {
    const trust = process.env[ENV.trust];
    if (!trust) this.skip(); // only run-in-code-server.ts says which trust it asked for
    assert.equal(vscode.workspace.isTrusted, trust === "trusted");
    assert.ok(vscode.workspace.workspaceFolders?.length, "a workspace folder is open");
  });

  it("measures the extension host's event-loop delay over 100 samples (1 s when idle)", async () => {
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    // The histogram takes a sample every 10 ms of the loop's time: 100 of them, however long they take.
    await until("100 samples", async () => h.count, (n) => n >= 100, 20000);
    h.disable();
    const ms = (ns: number) => ns / 1e6;
    console.log(`    event-loop delay: p50 ${ms(h.percentile(50)).toFixed(1)} ms, p99 ${ms(h.percentile(99)).toFixed(1)} ms, max ${ms(h.max).toFixed(1)} ms`);
    assert.ok(h.count > 0, "the histogram recorded samples");
    // Generous on purpose: right after start-up the host is not idle (built-in extensions activate)
    // and CI machines have 2 busy cores; spikes near 200 ms were seen. A blocked host fails it.
    assert.ok(ms(h.max) < 1000, `max event-loop delay ${ms(h.max).toFixed(1)} ms`);
  });

  describe("webview DOM through the runner's bridge", () => {
    let panel: vscode.WebviewPanel | undefined;
    before(function () {
      if (!bridgeAvailable()) this.skip(); // desktop runners (@vscode/test-electron) have no bridge into the webview's DOM
    });
    after(() => panel?.dispose());

    it("reads an element's text from a webview the suite opened", async () => {
      panel = vscode.window.createWebviewPanel("liveInterfaceSmoke", "Smoke webview", vscode.ViewColumn.One, { enableScripts: true });
      const nonce = Math.random().toString(36).slice(2);
      panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';">
</head><body><h1 id="t">hello</h1><p id="n"></p>
<script nonce="${nonce}">document.getElementById("n").textContent = String(1 + 1);</script></body></html>`;
      assert.equal(await webviewText("#t"), "hello");
      // Any function of the page: here it sees the result of the webview's own script.
      const seen = await evalInWebview("#t", (want) => ({ n: document.getElementById("n")?.textContent, want }), "x");
      assert.deepEqual(seen, { n: "2", want: "x" });
    });
  });
});
