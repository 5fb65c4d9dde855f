// The "ffmpeg" capture source with ffmpeg's lavfi test sources standing in for a camera and a
// microphone (installed by scripts/setup-test-tools.sh): real child processes, real pipes.
import * as assert from "node:assert/strict";
import type { AudioChunk, YuvFrame } from "../../src/protocol/messages";
import { defaultInput, FfmpegCapture, splitArgs } from "../../src/capture/ffmpeg";
import { until } from "../helpers/wait";

/**
 * Runs a capture until `enough` chunks came (or it ended by itself), at most 15 s: ffmpeg's start-up
 * is slow on a loaded machine. Gives its chunks and how it ended.
 */
async function capture(options: ConstructorParameters<typeof FfmpegCapture>[0], enough: number) {
  const chunks: { at: number; value: YuvFrame | AudioChunk }[] = [];
  let ended: string | undefined | null = null;
  let onEnded = () => {};
  const endedNow = new Promise<void>((r) => (onEnded = r));
  const t0 = Date.now();
  const cap = new FfmpegCapture(options, (value) => chunks.push({ at: Date.now() - t0, value }), (error) => ((ended = error), onEnded()));
  await until(`${enough} chunks came or the capture ended`, () => chunks.length >= enough || ended !== null, 15000).catch(() => {});
  cap.stop();
  // onEnd comes once ffmpeg has exited: stopping it is what is being checked.
  await Promise.race([endedNow, new Promise((r) => setTimeout(r, 5000))]);
  return { chunks, ended: ended as string | undefined | null };
}

describe("ffmpeg capture source", function () {
  this.timeout(20000);

  it("streams the newest camera frame as I420 every `every` seconds", async () => {
    const { chunks, ended } = await capture({ kind: "video", every: 0.1, width: 320, height: 240, input: splitArgs("-re -f lavfi -i color=c=white:size=640x480:rate=30") }, 15);
    assert.equal(ended, undefined, "stopping is not an error");
    // The first frame needs ffmpeg to start (longer on a loaded machine); after it, one chunk per 0.1 s.
    assert.ok(chunks.length >= 5, `${chunks.length} chunks`);
    const gaps = chunks.slice(1).map((c, i) => c.at - chunks[i]!.at).sort((a, b) => a - b);
    const median = gaps[gaps.length >> 1]!;
    assert.ok(median >= 70 && median <= 160, `a chunk every ${median} ms (median), for every = 0.1 s`);
    const frame = chunks.at(-1)!.value as YuvFrame;
    assert.deepEqual([frame.format, frame.width, frame.height, frame.data.length], ["I420", 320, 240, 320 * 240 * 1.5]);
    const y = frame.data.subarray(0, 320 * 240);
    assert.ok(y.every((v) => v > 200), "white (luma 235) across the scaled frame");
  });

  it("streams every sample of the microphone: a 440 Hz tone arrives whole and at its pitch", async () => {
    const { chunks, ended } = await capture({ kind: "audio", every: 0.1, input: splitArgs("-re -f lavfi -i sine=frequency=440:sample_rate=48000") }, 15);
    assert.equal(ended, undefined);
    const audio = chunks.map((c) => c.value as AudioChunk);
    assert.ok(audio.every((a) => a.sampleRate === 48000 && a.channels === 1));
    const all = new Float32Array(audio.reduce((n, a) => n + a.data.length, 0));
    audio.reduce((at, a) => (all.set(a.data, at), at + a.data.length), 0);
    // Real time (-re): about 0.1 s a chunk.
    const seconds = all.length / 48000;
    assert.ok(seconds > 0.08 * audio.length && seconds < 0.2 * audio.length, `${seconds.toFixed(2)} s of sound in ${audio.length} chunks`);
    // Whole: a pure tone obeys x[n+1] = 2 cos(w) x[n] - x[n-1]; a lost or repeated piece at a chunk
    // boundary would break it there.
    const c = 2 * Math.cos((2 * Math.PI * 440) / 48000);
    let worst = 0;
    for (let i = 2; i < all.length; i++) worst = Math.max(worst, Math.abs(all[i]! - (c * all[i - 1]! - all[i - 2]!)));
    assert.ok(worst < 1e-3, `no sample lost between chunks (largest deviation ${worst.toExponential(1)})`);
    let crossings = 0;
    for (let i = 1; i < all.length; i++) if (all[i - 1]! < 0 && all[i]! >= 0) crossings++;
    const hz = crossings / (all.length / 48000);
    assert.ok(Math.abs(hz - 440) < 3, `${hz.toFixed(1)} Hz`);
  });

  it("says why when the device cannot be opened", async () => {
    const { chunks, ended } = await capture({ kind: "video", every: 0.1, input: ["-f", "v4l2", "-i", "/dev/no-such-camera"] }, 1);
    assert.equal(chunks.length, 0);
    assert.match(ended ?? "", /ffmpeg stopped \(exit code \d+\): .*no-such-camera/);
  });

  it("knows each platform's default devices, and asks for a name where ffmpeg needs one", () => {
    assert.deepEqual(defaultInput("video", "linux")?.slice(-2), ["-i", "/dev/video0"]);
    assert.deepEqual(defaultInput("audio", "darwin")?.slice(-2), ["-i", ":0"]);
    assert.equal(defaultInput("video", "win32"), undefined);
    assert.deepEqual(splitArgs('-f dshow -i video="USB Camera"'), ["-f", "dshow", "-i", "video=USB Camera"]);
  });
});
