import { i420ToRgba, rgbaToI420 } from "../../src/protocol/yuv";
import * as assert from "node:assert/strict";
import { mock } from "node:test";
import type { ComponentSpec } from "../../src/protocol/components";
import { decodeFrame, encodeFrame } from "../../src/protocol/framing";
import { MAX_MEDIA_BYTES, type AudioChunk, type ImageFrame, type InterfaceConfig, type ServerMessage, type Wire } from "../../src/protocol/messages";
import * as li from "../../src/index";
import { AudioAccumulator } from "../../src/runtime/audio-accumulator";
import { takeInput, type Executor, type RunHandlers } from "../../src/runtime/executor";
import { LiveScheduler } from "../../src/runtime/scheduler";
import { Session } from "../../src/runtime/session";
import { transferList } from "../../src/runtime/transfer";

const tick = () => new Promise((r) => setImmediate(r));
/** Moves the mock clock on by `ms` (one ms at a time, so each timer fires at its moment) and lets what it started run. */
const after = async (ms: number) => {
  for (let i = 0; i < ms; i++) {
    mock.timers.tick(1);
    await tick();
  }
};
const frameOf = (width: number, height: number, fill = 0): ImageFrame => ({ width, height, data: new Uint8ClampedArray(width * height * 4).fill(fill) });
const chunkOf = (n: number, first = 0): AudioChunk => ({ sampleRate: 48000, channels: 1, data: Float32Array.from({ length: n }, (_, i) => (first + i) / 1e6) });

describe("streaming: Image and Audio value conversion", () => {
  it("Image: fn gets an ImageFrame; nothing yet is a 0x0 frame; malformed or oversized frames are refused clearly", () => {
    const img = new li.Image({ label: "cam", sources: ["webcam"], streaming: true });
    const f = img.preprocess(frameOf(2, 1, 9));
    assert.equal(f.width, 2);
    assert.ok(f.data instanceof Uint8ClampedArray);
    assert.deepEqual(img.preprocess(null), { width: 0, height: 0, data: new Uint8ClampedArray(0) });
    assert.throws(() => img.preprocess({ width: 2, height: 2, data: new Uint8ClampedArray(3) }), /width\*height\*4 = 16 bytes, got 3/);
    assert.throws(() => img.preprocess({ width: 4096, height: 2048, data: new Uint8ClampedArray(0) }), new RegExp(`at most ${MAX_MEDIA_BYTES} bytes .*4096x2048`));
    assert.throws(() => img.preprocess("data:image/png;base64,AAAA"), /expects an image frame/);
    assert.deepEqual(img.spec(0, "cam").props, { sources: ["webcam"], streaming: true, streamEvery: undefined, mirrorPreview: false });
  });

  it("RGBA to I420 and back (streamed video outputs): greys within a step, a solid colour within a few", () => {
    const solid = new Uint8ClampedArray(8 * 8 * 4);
    for (let i = 0; i < solid.length; i += 4) solid.set([200, 30, 40, 255], i);
    const yuv = rgbaToI420({ width: 8, height: 8, data: solid });
    assert.equal(yuv.data.length, 8 * 8 * 1.5);
    const back = i420ToRgba(yuv).data;
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(back[c]! - solid[c]!) <= 4, `channel ${c}: ${back[c]} vs ${solid[c]}`);
    const grey = new Uint8ClampedArray(16).fill(128);
    const g = i420ToRgba(rgbaToI420({ width: 2, height: 2, data: grey })).data;
    assert.ok(Math.abs(g[0]! - 128) <= 1 && Math.abs(g[1]! - 128) <= 1, `grey ${g[0]},${g[1]}`);
  });

  it("Image: camera frames may travel as I420 (1.5 bytes a pixel); fn still gets RGBA", () => {
    const img = new li.Image({ streaming: true });
    // 2x2: Y = 235 (white) on the left column, 16 (black) on the right; neutral chroma.
    const f = img.preprocess({ width: 2, height: 2, format: "I420", data: new Uint8Array([235, 16, 235, 16, 128, 128]) });
    assert.deepEqual([...f.data], [255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255]);
    assert.throws(() => img.preprocess({ width: 2, height: 2, format: "I420", data: new Uint8Array(4) }), /I420 data of 6 bytes/);
    assert.throws(() => img.preprocess({ width: 2, height: 2, format: "NV12", data: new Uint8Array(6) }), /RGBA or I420/);
  });

  it("Image output: a copy of fn's pixels (fn may reuse its buffer), marked for transfer; encoded bytes pass through", () => {
    const img = new li.Image();
    const mine = frameOf(1, 1, 7);
    const wire = img.postprocess(mine) as ImageFrame;
    mine.data[0] = 99;
    assert.equal(wire.data[0], 7, "the wire value does not change when fn reuses its buffer");
    assert.deepEqual(transferList({ values: [wire] }), [wire.data.buffer]);
    assert.deepEqual(transferList({ values: [mine] }), [], "a buffer fn still holds never moves");
    const png = img.postprocess({ mime: "image/png", bytes: new Uint8Array([137, 80]) }) as { mime: string; bytes: Uint8Array };
    assert.equal(png.mime, "image/png");
    assert.deepEqual([...png.bytes], [137, 80]);
    assert.equal(img.postprocess(null), null);
    assert.equal(img.postprocess(frameOf(0, 0)), null);
    assert.throws(() => img.postprocess({ mime: "text/html", bytes: new Uint8Array(1) }), /encoded image/);
  });

  it("Audio: fn gets an AudioChunk; interleaving and size are checked; outputs are copies", () => {
    const a = new li.Audio({ sources: ["microphone"], streaming: true });
    const c = a.preprocess({ sampleRate: 44100, channels: 2, data: new Float32Array(4) });
    assert.deepEqual([c.sampleRate, c.channels, c.data.length], [44100, 2, 4]);
    assert.equal(a.preprocess(null).data.length, 0);
    assert.throws(() => a.preprocess({ sampleRate: 44100, channels: 2, data: new Float32Array(3) }), /multiple of channels/);
    assert.throws(() => a.preprocess({ sampleRate: 44100, channels: 1, data: [0.1, 0.2] }), /Float32Array/);
    assert.throws(() => a.preprocess({ sampleRate: 48000, channels: 1, data: new Float32Array(MAX_MEDIA_BYTES / 4 + 1) }), /at most/);
    const mine = chunkOf(3);
    const wire = new li.Audio({ streaming: true, autoplay: true }).postprocess(mine) as AudioChunk;
    mine.data[1] = 5;
    assert.notEqual(wire.data[1], 5);
    assert.deepEqual(new li.Audio({ streaming: true, autoplay: true }).spec(0, "x").props, { sources: ["upload", "microphone"], streaming: true, autoplay: true, streamEvery: undefined });
  });

  it("frames travel as raw bytes in the binary frame, never inside the JSON", () => {
    const f = frameOf(64, 48, 200);
    const bytes = encodeFrame({ type: "stream", index: 0, value: f });
    assert.ok(bytes.byteLength < f.data.byteLength + 200, `frame of ${bytes.byteLength} bytes for ${f.data.byteLength} bytes of pixels`);
    const jsonLength = new DataView(bytes.buffer).getUint32(0, true);
    assert.ok(jsonLength < 160, `the JSON part is a small header (${jsonLength} bytes)`);
    const back = decodeFrame(bytes) as { value: ImageFrame };
    assert.ok(back.value.data instanceof Uint8ClampedArray);
    assert.deepEqual(back.value.data, f.data);
  });

  it("a frame received at an odd offset inside a Node Buffer (several messages in one socket read) decodes intact", () => {
    const frame = encodeFrame({ type: "stream", index: 0, value: { sampleRate: 48000, channels: 1, data: Float32Array.of(0.25, -0.5, 1) }, raw: new Uint8Array([1, 2, 3]).buffer });
    const chunk = Buffer.alloc(frame.byteLength + 3);
    chunk.set(frame, 3);
    const back = decodeFrame(chunk.subarray(3)) as { value: AudioChunk; raw: ArrayBuffer };
    assert.deepEqual([...back.value.data], [0.25, -0.5, 1]);
    assert.equal(back.value.data.buffer.byteLength, 12, "a copy of exactly the payload, not a view of the whole chunk");
    assert.deepEqual([...new Uint8Array(back.raw)], [1, 2, 3]);
  });

  it("shortcuts and options: 'image', 'audio', 'webcam', 'microphone'; streamEvery and timeLimit reach the UI", () => {
    const iface = new li.Interface({ fn: (img, snd) => [img, snd] as const, inputs: ["webcam", "microphone"], outputs: ["image", "audio"], live: true, timeLimit: null });
    const config = iface.config();
    assert.deepEqual(config.inputs.map((c) => [c.type, c.type === "image" || c.type === "audio" ? c.props.sources.join() : ""]), [["image", "webcam"], ["audio", "microphone"]]);
    assert.equal(config.streamEvery, 0.5);
    assert.equal(config.timeLimit, null);
    assert.equal(new li.Interface({ fn: () => 1, outputs: "number" }).config().timeLimit, 30);
    assert.throws(() => new li.Interface({ fn: () => 1, outputs: "number", streamEvery: 0 }), /streamEvery must be/);
    assert.throws(() => new li.Interface({ fn: () => 1, outputs: "number", timeLimit: -1 }), /timeLimit must be/);
  });

  it("typed fn parameters: Image gives ImageFrame, Audio gives AudioChunk (checked by tsc)", () => {
    new li.Interface({
      fn: (frame, audio) => {
        const w: number = frame.width;
        const d: Uint8ClampedArray = frame.data;
        const s: Float32Array = audio.data;
        return [w, d.length + s.length] as const;
      },
      inputs: [new li.Image({ streaming: true }), new li.Audio({ streaming: true })],
      outputs: [new li.Number(), new li.Number()],
    });
  });
});

describe("streaming: tick and accumulate logic", () => {
  it("AudioAccumulator: chunks pile up and are taken whole, in order; formats must match", () => {
    const acc = new AudioAccumulator();
    assert.equal(acc.push(chunkOf(3, 0)), undefined);
    assert.equal(acc.push(chunkOf(2, 3)), undefined);
    assert.equal(acc.pending, 5);
    const all = acc.take();
    assert.deepEqual([...all.data].map((x) => Math.round(x * 1e6)), [0, 1, 2, 3, 4]);
    assert.equal(acc.take().data.length, 0, "taken once");
    acc.push(chunkOf(1));
    assert.match(acc.push({ sampleRate: 16000, channels: 1, data: new Float32Array(1) })!, /48000 Hz x 1 like the chunks before/);
    assert.match(acc.push({ sampleRate: 48000, channels: 1, data: [1] })!, /Float32Array/);
  });

  it("AudioAccumulator: beyond the cap the oldest audio is dropped and counted", () => {
    const acc = new AudioAccumulator();
    const big = MAX_MEDIA_BYTES / 4 / 2;
    acc.push(chunkOf(big));
    acc.push(chunkOf(big));
    acc.push(chunkOf(10));
    assert.equal(acc.dropped, big);
    assert.equal(acc.take().data.length, big + 10);
  });

  it("LiveScheduler.requestQueued: a tick never aborts the run in flight and leaves one pending run", async () => {
    const runs: { aborted: number; end: () => void }[] = [];
    const s = new LiveScheduler((ended) => {
      const run = { aborted: 0, end: ended };
      runs.push(run);
      return { id: `r${runs.length}`, abort: () => run.aborted++ };
    });
    s.requestQueued();
    await tick();
    for (let i = 0; i < 10; i++) s.requestQueued();
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.aborted, 0);
    runs[0]!.end();
    await tick();
    assert.equal(runs.length, 2, "ten ticks while busy made one more run, not ten");
  });
});

function streamingSession(inputs: InterfaceConfig["inputs"]) {
  const runs: { values: Wire[]; handlers: RunHandlers; aborted: boolean; transfer: ArrayBuffer[] }[] = [];
  const executor: Executor = {
    config: { kind: "standard", live: true, inputs, outputs: [{ id: 9, type: "number", label: "n", value: 0, props: {} }], examples: [], generator: false },
    loadError: undefined,
    ready: Promise.resolve(),
    run(_s, input, handlers, transfer = []) {
      // Each run starts at once: it takes its input now, and says so once the caller holds its handle.
      const taken = takeInput(input, transfer);
      const run = { values: taken.values, handlers, aborted: false, transfer: taken.transfer ?? [] };
      runs.push(run);
      queueMicrotask(() => handlers.started?.());
      return { id: `r${runs.length}`, abort: () => (run.aborted = true) };
    },
    closeSession() {},
    onReload: () => () => {},
    dispose: async () => {},
  };
  const sent: ServerMessage[] = [];
  const session = new Session(executor, (m) => sent.push(m));
  return { runs, sent, session };
}

describe("Session: streamed inputs", () => {
  const cam: ComponentSpec = { id: 0, type: "image", label: "cam", value: null, props: { sources: ["webcam"], streaming: true, mirrorPreview: false } };
  const mic: ComponentSpec = { id: 1, type: "audio", label: "mic", value: null, props: { sources: ["microphone"], streaming: true, autoplay: false } };

  it("frames: while fn is busy, newer frames replace older ones; the next run gets the newest, nothing aborts", async () => {
    const { runs, session } = streamingSession([cam]);
    await tick();
    await tick();
    assert.equal(runs.length, 1, "the live run on load");
    for (let i = 1; i <= 5; i++) session.handle({ type: "stream", index: 0, value: frameOf(1, 1, i) });
    assert.equal(runs[0]!.aborted, false, "stream ticks do not abort");
    runs[0]!.handlers.end({});
    await tick();
    await tick();
    assert.equal(runs.length, 2, "five frames while busy: one run");
    const got = runs[1]!.values[0] as ImageFrame;
    assert.equal(got.data[0], 5, "with the newest frame");
    assert.deepEqual(runs[1]!.transfer, [got.data.buffer], "a fresh copy, transferred to the runtime");
    session.close();
  });

  it("audio: every sample reaches fn, however many chunks arrive while it is busy", async () => {
    const { runs, session } = streamingSession([mic]);
    await tick();
    await tick();
    let pushed = 0;
    const received = () => runs.reduce((n, r) => n + (r.values[0] as AudioChunk | null)?.data.length! || 0, 0);
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 3; i++) {
        session.handle({ type: "stream", index: 0, value: chunkOf(100 + round * 10 + i, pushed) });
        pushed += 100 + round * 10 + i;
      }
      runs.at(-1)!.handlers.end({});
      await tick();
      await tick();
    }
    runs.at(-1)!.handlers.end({});
    await tick();
    assert.equal(received(), pushed);
    const joined = runs.flatMap((r) => [...((r.values[0] as AudioChunk | null)?.data ?? [])]).map((x) => Math.round(x * 1e6));
    assert.deepEqual(joined, Array.from({ length: pushed }, (_, i) => i), "in order, none twice");
    session.close();
  });

  it("flow control: at most two stream outputs on their way to the UI, none while the link is congested", async () => {
    // The session's timers (the congestion retry, the acknowledgement's and the held start's
    // deadlines) run on a mock clock: each step is decided by the time given, not by the machine.
    mock.timers.enable({ apis: ["setTimeout", "Date"] });
    try {
      await flowControl();
    } finally {
      mock.timers.reset();
    }
  });

  async function flowControl() {
    let congested = true;
    const runs: { handlers: RunHandlers; values: Wire[] }[] = [];
    const sent: ServerMessage[] = [];
    const executor: Executor = {
      config: { kind: "standard", live: true, inputs: [cam], outputs: [{ id: 9, type: "number", label: "n", value: 0, props: {} }], examples: [], generator: false },
      loadError: undefined,
      ready: Promise.resolve(),
      run: (_s, input, handlers) => {
        runs.push({ values: takeInput(input).values, handlers });
        queueMicrotask(() => handlers.started?.());
        return { id: `r${runs.length}`, abort: () => {} };
      },
      closeSession() {},
      onReload: () => () => {},
      dispose: async () => {},
    };
    const session = new Session(executor, (m) => sent.push(m), { congested: () => congested });
    await tick();
    await tick();
    runs[0]!.handlers.end({});
    session.handle({ type: "stream", index: 0, value: frameOf(1, 1, 1), seq: 1 });
    await after(30);
    assert.equal(runs.length, 1, "a congested link holds the stream run back");
    congested = false;
    await after(30);
    assert.equal(runs.length, 2, "it starts once the link drains");
    assert.ok(!sent.some((m) => m.type === "run-start" && m.run === "r2"), "a stream run's start waits for its first output");
    runs[1]!.handlers.output({ values: [1] });
    assert.deepEqual(sent.at(-2), { type: "run-start", run: "r2", seq: 1 }, "run-start names the chunk it took, just before the output");
    assert.equal(sent.at(-1)!.type, "output");
    runs[1]!.handlers.end({});
    session.handle({ type: "stream", index: 0, value: frameOf(1, 1, 2), seq: 2 });
    await tick();
    assert.equal(runs.length, 3, "one output on its way leaves room: fn takes the next frame meanwhile");
    assert.equal((runs[2]!.values[0] as ImageFrame).data[0], 2);
    await after(99);
    assert.ok(!sent.some((m) => m.type === "run-start" && m.run === "r3"), "a slow stream run's start is held...");
    await after(1);
    assert.ok(sent.some((m) => m.type === "run-start" && m.run === "r3"), "...and goes out after 100 ms without an output");
    runs[2]!.handlers.output({ values: [2] });
    runs[2]!.handlers.end({});
    session.handle({ type: "stream", index: 0, value: frameOf(1, 1, 3), seq: 3 });
    await after(30);
    assert.equal(runs.length, 3, "two outputs on their way (none acknowledged): the next run waits");
    session.handle({ type: "ack", run: "r2" });
    await tick();
    assert.equal(runs.length, 4, "it starts as soon as one is acknowledged");
    assert.equal((runs[3]!.values[0] as ImageFrame).data[0], 3);
    runs[3]!.handlers.output({ values: [3] });
    runs[3]!.handlers.end({});
    session.handle({ type: "stream", index: 0, value: frameOf(1, 1, 4), seq: 4 });
    // r3's output has waited 30 ms for its acknowledgement, r4's none.
    await after(960);
    assert.equal(runs.length, 4, "outputs never acknowledged hold the stream back for 1 s...");
    await after(20);
    assert.equal(runs.length, 5, "...and no longer");
    session.close();
  }

  it("refuses oversized frames, streams to a non-streaming input, and malformed chunks with a clear error", async () => {
    const { runs, sent, session } = streamingSession([cam, mic, { id: 2, type: "image", label: "still", value: null, props: { sources: ["webcam"], streaming: false, mirrorPreview: false } }]);
    await tick();
    await tick();
    session.handle({ type: "stream", index: 0, value: { width: 5000, height: 5000, data: new Uint8ClampedArray(4) } });
    session.handle({ type: "stream", index: 2, value: frameOf(1, 1) });
    session.handle({ type: "stream", index: 1, value: { sampleRate: 48000, channels: 1, data: "AAAA" } });
    const errors = sent.filter((m) => m.type === "error").map((m) => (m as { error: { message: string } }).error.message);
    assert.match(errors[0]!, /Refused a stream chunk: "cam" expects a frame of at most \d+ bytes \(this one is 5000x5000/);
    assert.match(errors[1]!, /input 2 is not a streaming input/);
    assert.match(errors[2]!, /"mic" expected audio data as a Float32Array/);
    assert.equal(runs.length, 1, "nothing refused ran fn");
    session.close();
  });
});
