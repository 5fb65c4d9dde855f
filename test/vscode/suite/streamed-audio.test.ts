// Streaming inside the VS Code webview (code-server): the tone-generator example, opened from the
// extension's own examples folder: streamed PCM goes worker → extension host → webview as typed
// arrays through postMessage and plays through the AudioWorklet, whose module the CSP allows.
// (Camera frames through this path are too slow in code-server today: see BENCHMARKS.md.)
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { bridgeAvailable, evalInWebview } from "./bridge";
import { closeAllEditors, EXTENSION_ID, surface, until } from "./helpers";

describe("streamed audio in the panel", function () {
  this.timeout(60000);
  let examples: string;
  before(async function () {
    if (!bridgeAvailable()) this.skip();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    await ext?.activate();
    examples = path.join(ext!.extensionPath, "examples");
  });
  after(closeAllEditors);

  it("tone generator: streamed PCM plays in the webview without underruns", async () => {
    const PANEL = surface("panel", "tone-generator.ts");
    await vscode.commands.executeCommand("liveInterface.open", vscode.Uri.file(path.join(examples, "tone-generator.ts")));
    const player = `${PANEL} .li-player`;
    const read = () => evalInWebview(player, (sel) => ({ ...(document.querySelector(sel) as HTMLElement).dataset }), player);
    const started = await until("the tone plays", read, (d) => Number(d.played ?? 0) > 48000, 20000);
    await new Promise((r) => setTimeout(r, 2000));
    const later = await read();
    console.log(`    tone: first sound ${started.firstSoundMs} ms after the first chunk; played ${later.played} frames, underruns ${later.underruns}`);
    assert.ok(Number(later.played) > Number(started.played) + 48000, "it keeps playing");
    assert.equal(later.underruns, "0", "no gaps");
  });
});
