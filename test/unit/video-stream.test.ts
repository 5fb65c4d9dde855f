// Streamed Video output: frame conversion (copies, I420 for large frames, timestamps, clear refusals),
// the frame gate that holds a generator to what the page has shown, and the `frames` message.
import * as assert from "node:assert/strict";
import { validateClientMessage, type ImageFrame, type OutputUpdate } from "../../src/protocol/messages";
import { VIDEO_WINDOW_FRAMES } from "../../src/protocol/video";
import * as li from "../../src/index";
import { FrameGate } from "../../src/runtime/frame-gate";
import { InProcessExecutor } from "../../src/runtime/in-process";
import type { RunHandle } from "../../src/runtime/executor";
import { nextTurn, until } from "../helpers/wait";

const frameOf = (width: number, height: number, fill = 0): ImageFrame => ({ width, height, data: new Uint8ClampedArray(width * height * 4).fill(fill) });

describe("streamed Video output: values", () => {
  const video = new li.Video({ label: "v", streaming: true });

  it("a small RGBA frame goes as a copy, its timestamp with it; a large one as I420", () => {
    const f = frameOf(4, 2, 7);
    const wire = video.postprocess({ ...f, timestamp: 1.5 }) as ImageFrame & { timestamp: number };
    assert.equal(wire.timestamp, 1.5);
    assert.notEqual(wire.data.buffer, f.data.buffer, "a copy: fn may draw its next frame into its buffer");
    assert.deepEqual([...wire.data], [...f.data]);
    const large = video.postprocess(frameOf(320, 240, 200)) as { format?: string; data: Uint8Array; timestamp?: number };
    assert.equal(large.format, "I420");
    assert.equal(large.data.length, 320 * 240 * 1.5);
    assert.equal(large.timestamp, undefined, "no timestamp: the page spaces frames by fps");
  });

  it("takes encoded pictures, empties on null or a 0x0 frame", () => {
    const jpeg = video.postprocess({ mime: "image/jpeg", bytes: new Uint8Array([1, 2, 3]), timestamp: 0 }) as { mime: string; timestamp: number };
    assert.equal(jpeg.mime, "image/jpeg");
    assert.equal(jpeg.timestamp, 0);
    assert.equal(video.postprocess(null), null);
    assert.equal(video.postprocess(frameOf(0, 0)), null);
  });

  it("refuses a bad timestamp, a bad frame, and frames for a Video that does not stream, saying what it expects", () => {
    assert.throws(() => video.postprocess({ ...frameOf(2, 2), timestamp: -1 }), /video "v" expects a video frame.*timestamp in seconds.*got -1/);
    assert.throws(() => video.postprocess({ ...frameOf(2, 2), timestamp: Number.NaN }), /timestamp in seconds/);
    assert.throws(() => video.postprocess({ width: 2, height: 2, data: new Uint8ClampedArray(3) } as ImageFrame), /RGBA data of width\*height\*4 = 16 bytes, got 3/);
    assert.throws(() => video.postprocess({ mime: "video/mp4", bytes: new Uint8Array(1) }), /encoded image/);
    const file = new li.Video({ label: "f" });
    assert.throws(() => file.postprocess(frameOf(2, 2) as never), /to stream frames, use new li\.Video\(\{ streaming: true \}\)/);
    assert.throws(() => new li.Video({ streaming: true, fps: 0 }), /fps must be a number of frames per second above 0/);
  });

  it("tells the page it streams, and its fps (default 30)", () => {
    assert.deepEqual(video.spec(0, "x").props, { sources: ["upload", "webcam"], autoplay: false, loop: false, streaming: true, fps: 30 });
    const props = new li.Video({ streaming: true, fps: 12 }).spec(0, "x").props;
    assert.equal(props.streaming && props.fps, 12);
    assert.equal(new li.Video().spec(0, "x").props.streaming, undefined);
  });

  it("the frames message is checked", () => {
    assert.equal(validateClientMessage({ type: "frames", run: "r1", output: 0, allow: 31 }), undefined);
    assert.match(validateClientMessage({ type: "frames", run: "r1", output: -1, allow: 31 })!, /output index/);
    assert.match(validateClientMessage({ type: "frames", run: "r1", output: 0, allow: 1.5 })!, /whole number/);
  });
});

describe("streamed Video output: the frame gate", () => {
  const iface = new li.Interface({
    fn: function* (n: number) {
      for (let i = 0; i < n; i++) yield [frameOf(2, 2, i), i] as const;
    },
    inputs: new li.Number({ label: "n" }),
    outputs: [new li.Video({ label: "v", streaming: true }), new li.Number({ label: "i" })],
  });
  const update = (values: unknown[]): OutputUpdate => ({ values });

  it("holds after the window of frames until the page makes room; nulls and other outputs do not count", async () => {
    const controller = new AbortController();
    const gate = FrameGate.of(iface, true, controller.signal)!;
    for (let i = 0; i < VIDEO_WINDOW_FRAMES - 1; i++) gate.counted(update([{}, 1]));
    gate.counted(update([null, 1]));
    gate.counted(update([undefined, 1]));
    assert.equal(gate.room(), undefined, "29 frames: room for one more");
    gate.counted(update([{}, 1]));
    const held = gate.room();
    assert.ok(held, "30 frames: the next waits");
    let released = false;
    void held.then(() => (released = true));
    gate.allow(0, VIDEO_WINDOW_FRAMES); // no more room than before
    await nextTurn();
    assert.equal(released, false);
    gate.allow(0, VIDEO_WINDOW_FRAMES + 1);
    await held;
    assert.equal(gate.room(), undefined);
  });

  it("an abort releases a held run; runs no page paces have no gate", async () => {
    const controller = new AbortController();
    const gate = FrameGate.of(iface, true, controller.signal)!;
    for (let i = 0; i < VIDEO_WINDOW_FRAMES; i++) gate.counted(update([{}, 1]));
    const held = gate.room()!;
    controller.abort();
    await held;
    assert.equal(FrameGate.of(iface, false, controller.signal), undefined, "API calls are not paced");
    const noVideo = new li.Interface({ fn: (n: number) => n, inputs: "number", outputs: "number" });
    assert.equal(FrameGate.of(noVideo, true, controller.signal), undefined);
  });

  it("a generator run a page paces stops at the window, goes on as the page makes room; a call runs through", async () => {
    const executor = new InProcessExecutor(iface);
    const shown: number[] = [];
    let ended = false;
    const handlers = { output: (u: OutputUpdate) => void shown.push(u.values[1] as number), progress() {}, end: () => void (ended = true) };
    const handle: RunHandle = executor.run("s", () => ({ values: [100], paced: true }), handlers);
    await until("the window of frames went out", () => shown.length === VIDEO_WINDOW_FRAMES);
    for (let i = 0; i < 20; i++) await nextTurn(); // the generator had 20 turns of the event loop to go on
    assert.equal(shown.length, VIDEO_WINDOW_FRAMES, "and no more while the page has no room");
    handle.pace!(0, 45);
    await until("15 more", () => shown.length === 45);
    handle.pace!(0, 1000);
    await until("the run ended", () => ended);
    assert.equal(shown.length, 100);

    const called: number[] = [];
    let callEnded = false;
    executor.run("s", [100], { output: (u) => void called.push(u.values[1] as number), progress() {}, end: () => void (callEnded = true) });
    await until("the call ended", () => callEnded);
    assert.equal(called.length, 100, "an API call is not held");
  });
});
