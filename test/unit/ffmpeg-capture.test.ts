// The "ffmpeg" capture source with ffmpeg's lavfi test sources standing in for a camera and a
// microphone (installed by scripts/setup-test-tools.sh): real child processes, real pipes.
import * as assert from "node:assert/strict";
import type { AudioChunk, YuvFrame } from "../../src/protocol/messages";
import { defaultInput, FfmpegCapture, splitArgs } from "../../src/capture/ffmpeg";

/** Runs a capture for `ms` and gives its chunks and how it ended. */
async function capture(options: ConstructorParameters<typeof FfmpegCapture>[0], ms: number) {
  const chunks: { at: number; value: YuvFrame | AudioChunk }[] = [];
  let ended: string | undefined | null = null;
  const t0 = Date.now();
  const cap = new FfmpegCapture(options, (value) => chunks.push({ at: Date.now() - t0, value }), (error) => (ended = error));
  await new Promise((r) => setTimeout(r, ms));
  cap.stop();
  await new Promise((r) => setTimeout(r, 200));
  return { chunks, ended: ended as string | undefined | null };
}

describe("ffmpeg capture source", function () {
  this.timeout(20000);

  it("streams the newest camera frame as I420 every `every` seconds", async () => {
    const { chunks, ended } = await capture({ kind: "video", every: 0.1, width: 320, height: 240, input: splitArgs("-re -f lavfi -i color=c=white:size=640x480:rate=30") }, 1500);
    assert.equal(ended, undefined, "stopping is not an error");
    // The first frames need ffmpeg to start; after that, one chunk per 0.1 s.
    assert.ok(chunks.length >= 8 && chunks.length <= 15, `${chunks.length} chunks in 1.5 s`);
    const frame = chunks.at(-1)!.value as YuvFrame;
    assert.deepEqual([frame.format, frame.width, frame.height, frame.data.length], ["I420", 320, 240, 320 * 240 * 1.5]);
    const y = frame.data.subarray(0, 320 * 240);
    assert.ok(y.every((v) => v > 200), "white (luma 235) across the scaled frame");
  });

  it("streams every sample of the microphone: a 440 Hz tone arrives whole and at its pitch", async () => {
    const t0 = Date.now();
    const { chunks, ended } = await capture({ kind: "audio", every: 0.1, input: splitArgs("-re -f lavfi -i sine=frequency=440:sample_rate=48000") }, 2000);
    const elapsed = (Date.now() - t0) / 1000;
    assert.equal(ended, undefined);
    const audio = chunks.map((c) => c.value as AudioChunk);
    assert.ok(audio.every((a) => a.sampleRate === 48000 && a.channels === 1));
    const all = new Float32Array(audio.reduce((n, a) => n + a.data.length, 0));
    audio.reduce((at, a) => (all.set(a.data, at), at + a.data.length), 0);
    // Real time (-re): about 2 s of samples, less ffmpeg's start-up.
    assert.ok(all.length > 1.2 * 48000 && all.length <= (elapsed + 0.2) * 48000, `${all.length} samples in ${elapsed.toFixed(2)} s`);
    let crossings = 0;
    for (let i = 1; i < all.length; i++) if (all[i - 1]! < 0 && all[i]! >= 0) crossings++;
    const hz = crossings / (all.length / 48000);
    assert.ok(Math.abs(hz - 440) < 3, `${hz.toFixed(1)} Hz`);
  });

  it("says why when the device cannot be opened", async () => {
    const { chunks, ended } = await capture({ kind: "video", every: 0.1, input: ["-f", "v4l2", "-i", "/dev/no-such-camera"] }, 1500);
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
