// Choosing the camera, and voice turns, inside a VS Code panel (code-server): the runner's Chromium
// has two fake cameras (fake_device_0 in colour, fake_device_1 a grey depth camera) and a microphone
// speaking three sentences with pauses, in a loop (run-in-code-server.ts, suiteChromiumArgs).
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { actInWebview, bridgeAvailable, evalInWebview, screenshot, textByLabel } from "./bridge";
import { closeAllEditors, EXTENSION_ID, surface, until } from "./helpers";

describe("camera choice and voice turns in the panel", function () {
  this.timeout(90000);
  let fixtures: string;
  before(async function () {
    if (!bridgeAvailable()) this.skip(); // desktop runners have no bridge into the webview's DOM
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    await ext?.activate();
    fixtures = path.join(ext!.extensionPath, "test", "fixtures");
  });
  afterEach(closeAllEditors);

  it("the picker lists both cameras by name; choosing the other while recording switches fn's frames without stopping", async () => {
    const PANEL = surface("panel", "camera-pick.ts");
    await vscode.commands.executeCommand("liveInterface.open", vscode.Uri.file(path.join(fixtures, "camera-pick.ts")));
    await actInWebview(PANEL, { css: 'vscode-button:has-text("Start recording")' }, "click", { timeoutMs: 20000 });
    const read = async () => {
      const page = await evalInWebview(PANEL, () => {
        const select = document.querySelector<HTMLSelectElement>("select.li-device-select");
        return { cameras: select ? [...select.options].map((o) => o.textContent) : [], recording: document.querySelector<HTMLElement>(".li-recorder")?.dataset.recording };
      });
      const [kind, size, runs] = await Promise.all(["kind", "size", "runs"].map((label) => textByLabel(PANEL, label)));
      return { ...page, kind: kind!.trim(), size: size!.trim(), runs: Number(runs!.trim() || 0) };
    };
    const before = await until("fn gets colour frames from the first camera", read, (r) => r.kind === "colour" && r.runs >= 3, 30000);
    assert.equal(before.size, "320x240", "li.Webcam's size reached the camera");
    const listed = await until("both cameras are listed by name", read, (r) => r.cameras.length === 2);
    assert.deepEqual(listed.cameras, ["fake_device_0", "fake_device_1"]);
    await evalInWebview(PANEL, () => {
      const select = document.querySelector<HTMLSelectElement>("select.li-device-select")!;
      select.value = [...select.options].find((o) => o.textContent === "fake_device_1")!.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    const after = await until("fn gets the grey camera's frames", read, (r) => r.kind === "grey", 30000);
    assert.equal(after.recording, "true", "still recording: the switch did not stop it");
    await screenshot("panel-camera-pick");
    await actInWebview(PANEL, { css: 'vscode-button:has-text("Stop recording")' }, "click");
  });

  it("voice turns: fn runs once per spoken sentence, with the whole sentence", async () => {
    const PANEL = surface("panel", "voice-calls.ts");
    await vscode.commands.executeCommand("liveInterface.open", vscode.Uri.file(path.join(fixtures, "voice-calls.ts")));
    await actInWebview(PANEL, { css: 'vscode-button:has-text("Start recording")' }, "click", { timeoutMs: 20000 });
    const calls = async () => (await textByLabel(PANEL, "calls")).trim().split(" ").filter(Boolean).map(Number);
    // The file loops: four calls show one per sentence when the fourth is the first sentence again.
    const got = await until("fn was called for each sentence and the loop began again", calls, (c) => c.length >= 5, 60000);
    console.log(`    panel voice turns: fn called with ${got.join(", ")} s`);
    const near = (a: number, b: number) => Math.abs(a - b) < 0.25;
    // Where in the file the microphone started is Chromium's business: a cycle of three from call 1 or 2.
    const start = [0, 1].find((i) => near(got[i + 3]!, got[i]!));
    assert.ok(start !== undefined, `every fourth call is the same sentence again: ${got.join(", ")}`);
    const cycle = got.slice(start, start + 3).sort((a, b) => a - b);
    assert.ok(cycle[0]! > 0.8 && cycle[1]! - cycle[0]! > 0.4 && cycle[2]! - cycle[1]! > 0.4, `three sentences of different lengths, each whole: ${cycle.join(", ")}`);
    await screenshot("panel-voice-turns");
    await actInWebview(PANEL, { css: 'vscode-button:has-text("Stop recording")' }, "click");
  });
});
