// Where the page remembers the device chosen for an input: in a VS Code webview, the webview state
// (which VS Code keeps with the panel across reloads), per module; in a browser, localStorage.
// Here VS Code's webview API and the browser's storage are stand-ins that keep what they are given.
import * as assert from "node:assert/strict";
import type { InterfaceConfig } from "../../src/protocol/messages";
import { inputMemory, localMemory } from "../../webview/memory";
import { VsCodeTransport } from "../../webview/vscode-transport";

const g = globalThis as Record<string, unknown>;

/** A webview's page: the state VS Code keeps, and what the page posted. */
function webviewPage(saved?: unknown) {
  let state = saved;
  const posted: unknown[] = [];
  g.acquireVsCodeApi = () => ({ getState: () => state, setState: (s: unknown) => (state = structuredClone(s)), postMessage: (m: unknown) => posted.push(m) });
  g.window = { addEventListener: () => {} };
  g.document = { body: { dataset: {} } };
  return { state: () => state, posted };
}

const config = (title: string): InterfaceConfig => ({
  title,
  kind: "standard",
  live: true,
  inputs: [{ id: 0, type: "image", label: "camera", value: null, props: { sources: ["webcam"], streaming: false, mirrorPreview: false } }],
  outputs: [],
  examples: [],
  generator: false,
});

describe("webview: remembering the device chosen", () => {
  after(() => {
    for (const k of ["acquireVsCodeApi", "window", "document", "localStorage"]) delete g[k];
  });

  it("a VS Code webview keeps it in its state, per module, and gets it back when VS Code restores the page", () => {
    const first = webviewPage();
    const memory = inputMemory(new VsCodeTransport("/w/cam.ts", false).memory, config("Cam"), 0);
    memory.set("device", '{"id":"abc","label":"USB camera"}');
    assert.equal(memory.get("device"), '{"id":"abc","label":"USB camera"}');

    // The page is made again (window reloaded, panel restored) with the state VS Code kept.
    webviewPage(first.state());
    const again = new VsCodeTransport("/w/cam.ts", false);
    assert.equal(inputMemory(again.memory, config("Cam"), 0).get("device"), '{"id":"abc","label":"USB camera"}');
    assert.equal(inputMemory(again.memory, config("Other"), 0).get("device"), undefined, "another interface does not inherit it");
    assert.deepEqual((first.state() as { values: unknown }).values, {}, "the input values beside it are untouched");

    // Another module in the same webview (the preview followed the editor) does not see it.
    webviewPage(first.state());
    assert.equal(inputMemory(new VsCodeTransport("/w/other.ts", false).memory, config("Cam"), 0).get("device"), undefined);
  });

  it("a browser page keeps it in localStorage, and without storage for as long as the page lives", () => {
    const store = new Map<string, string>();
    g.localStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    inputMemory(localMemory(), config("Cam"), 0).set("device", "x");
    assert.deepEqual([...store.keys()], ["live-interface:Cam#0:image:camera/device"]);
    assert.equal(inputMemory(localMemory(), config("Cam"), 0).get("device"), "x", "a new page reads it");

    g.localStorage = { getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("denied"); } };
    const refused = localMemory();
    refused.set("k", "v");
    assert.equal(refused.get("k"), "v");
  });
});
