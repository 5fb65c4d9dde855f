// A generator of 1 MiB frames whose host gives no shared memory back: does the generator wait for
// room? Each frame carries, in its first 8 bytes, how long the generator waited before making it
// (the time its previous yield took to return), so the test reads the wait itself instead of
// counting outputs after a sleep.
import * as assert from "node:assert/strict";
import type { ImageFrame, OutputUpdate } from "../../src/protocol/messages";
import { releaseShared } from "../../src/runtime/arena-reader";
import { until } from "./wait";

/** fn's source: `count` frames of 512x512 RGBA, frame i filled with i & 255 after its 8-byte stamp. */
export const HELD_FRAMES_FN = `async function* (count: number) {
    // One buffer drawn into again for each frame, as a renderer would: each output must be a copy.
    const data = new Uint8ClampedArray(512 * 512 * 4);
    let waited = 0;
    for (let i = 0; i < count; i++) {
      data.fill(i & 255);
      new DataView(data.buffer).setFloat64(0, waited);
      const before = Date.now();
      yield { width: 512, height: 512, data };
      waited = Date.now() - before;
    }
  }`;

const dataOf = (u: OutputUpdate) => (u.values as ImageFrame[])[0]!.data;
const waitedBefore = (u: OutputUpdate) => new DataView(dataOf(u).buffer, dataOf(u).byteOffset, 8).getFloat64(0);

/**
 * Holds every output until the generator has been seen waiting (a frame made after a wait of most of
 * the runtime's 1 s limit for room), then checks each frame and gives it back as a link would once
 * written. Resolves to the number of frames made before that first wait; `ended` is the run's end.
 */
export async function framesBeforeWaiting(outputs: OutputUpdate[], ended: Promise<unknown>, count: number): Promise<number> {
  const firstWait = () => outputs.findIndex((u) => waitedBefore(u) >= 800);
  await until("the generator waits for room (a frame made after a long wait)", () => firstWait() >= 0, 20000);
  const before = firstWait();
  assert.ok(outputs.every((u) => dataOf(u).buffer instanceof SharedArrayBuffer), "each output is a view of the arena");
  let checked = 0;
  const drain = () => {
    for (; checked < outputs.length; checked++) {
      const data = dataOf(outputs[checked]!);
      assert.ok(data.subarray(8).every((b) => b === (checked & 255)), `frame ${checked} intact`);
      releaseShared(outputs[checked]!.values);
    }
  };
  const timer = setInterval(drain, 5);
  try {
    await ended;
  } finally {
    clearInterval(timer);
  }
  drain();
  assert.equal(checked, count, "every frame arrived, in order");
  return before;
}
