// The li-player worklet processor, run in Node with the audio thread's globals stubbed: render quanta
// are driven by hand, so where a stream's chunks arrive against its sound is exact.
import * as assert from "node:assert/strict";

const RATE = 48000;
const QUANTUM = 128;
interface Processor {
  port: { onmessage: (ev: { data: unknown }) => void; postMessage: (m: unknown) => void };
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
}

const g = globalThis as Record<string, unknown>;
const processors = new Map<string, new () => Processor>();
let clock = 0;
g.sampleRate = RATE;
Object.defineProperty(g, "currentTime", { get: () => clock, configurable: true });
g.AudioWorkletProcessor = class {
  port = { onmessage: (_: { data: unknown }) => {}, postMessage: (m: unknown) => posted.push(m as { type: string }) };
};
g.registerProcessor = (name: string, ctor: new () => Processor) => processors.set(name, ctor);
let posted: { type: string; underruns?: number; played?: number }[] = [];
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("../../webview/worklet/audio-worklet");

/** A player and a way to render quanta from it (each one advances the clock). */
function player() {
  posted = [];
  clock = 0;
  const p = new (processors.get("li-player")!)();
  const out = [new Float32Array(QUANTUM), new Float32Array(QUANTUM)];
  const render = (quanta: number) => {
    const sound: number[] = [];
    for (let q = 0; q < quanta; q++) {
      p.process([], [out]);
      sound.push(...out[0]!);
      clock += QUANTUM / RATE;
    }
    return sound;
  };
  const chunk = (ms: number, replace = false) => p.port.onmessage({ data: { type: "chunk", data: new Float32Array((ms / 1000) * RATE).fill(0.5), channels: 1, replace } });
  const last = () => posted.filter((m) => m.type === "report").at(-1)!;
  return { p, render, chunk, end: () => p.port.onmessage({ data: { type: "end" } }), last, firstSound: () => posted.find((m) => m.type === "first-sound") };
}
const quantaOf = (ms: number) => Math.ceil(((ms / 1000) * RATE) / QUANTUM);

describe("audio player worklet", () => {
  it("a stream's next chunks that come 30 ms after its first one leave no gap: it starts once 50 ms are queued", () => {
    const a = player();
    a.chunk(20);
    const waited = a.render(quantaOf(30));
    assert.ok(waited.every((x) => x === 0), "silent while only 20 ms are queued");
    assert.equal(a.firstSound(), undefined);
    for (let i = 0; i < 15; i++) a.chunk(20);
    a.end();
    const sound = a.render(quantaOf(420));
    assert.ok(a.firstSound(), "it started");
    const first = sound.indexOf(0.5);
    const end = sound.lastIndexOf(0.5);
    assert.equal(end - first + 1, 16 * 960, "every frame played, back to back");
    assert.ok(sound.slice(first, end).every((x) => x === 0.5), "no silence inside the sound");
    assert.equal(a.last().underruns, 0);
  });

  it("a source slower than that (real-time 20 ms chunks) starts within 100 ms, and a short stream that ends plays at once", () => {
    const a = player();
    a.chunk(20);
    a.render(quantaOf(20));
    a.chunk(20);
    a.render(quantaOf(20));
    assert.equal(a.firstSound(), undefined, "40 ms queued: still waiting");
    a.render(quantaOf(70));
    assert.ok(a.firstSound(), "started once it waited 100 ms");

    const b = player();
    b.chunk(10);
    b.end();
    b.render(1);
    assert.ok(b.firstSound(), "a 10 ms sound that ended does not wait");
  });

  it("a new stream replaces the old one's backlog and waits for its own start buffer; running dry mid-stream counts one underrun", () => {
    const a = player();
    for (let i = 0; i < 5; i++) a.chunk(20);
    a.render(quantaOf(60));
    a.chunk(20, true);
    const replaced = a.render(quantaOf(15));
    assert.ok(replaced.every((x) => x === 0), "the old backlog is dropped; the new stream waits");
    a.chunk(40);
    a.render(quantaOf(250));
    assert.equal(a.last().underruns, 1, "60 ms then nothing more while the stream has not ended: one gap");
  });
});
