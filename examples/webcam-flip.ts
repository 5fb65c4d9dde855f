// Live video filter: every camera frame comes back mirrored. Press Start recording; fn gets the
// newest frame 30 times a second (frames that arrive while fn is busy are skipped, never queued).
// li.Webcam asks the camera for 640x480 at 30 fps; with several cameras, pick one under the preview
// (even while recording: the stream moves to it).
import * as li from "live-interface";

/** The frame flipped left to right, as a new frame. */
function mirror(frame: li.ImageFrame): li.ImageFrame {
  const { width, height, data } = frame;
  const out = new Uint8ClampedArray(data.length);
  const src = new Uint32Array(data.buffer, data.byteOffset, width * height);
  const dst = new Uint32Array(out.buffer);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) dst[row + x] = src[row + width - 1 - x]!;
  }
  return { width, height, data: out };
}

export default new li.Interface({
  fn: (frame) => mirror(frame),
  inputs: new li.Webcam({ label: "camera", width: 640, height: 480, fps: 30, streaming: true }),
  outputs: new li.Image({ label: "mirrored" }),
  live: true,
  streamEvery: 1 / 30,
  timeLimit: 60,
  title: "Webcam flip",
  description: "A live video filter: press Start recording and the camera comes back mirrored, up to 30 frames a second, for at most a minute. With several cameras, choose one under the preview, even while recording.",
});
