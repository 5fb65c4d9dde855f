// Webcam in, processed video out, as one stream: fn runs for each camera frame (the newest, 30 times
// a second) and returns the processed frame; the Video output plays those frames as one video, each
// at the time its camera frame was captured, so the picture moves evenly even when fn's time varies.
import * as li from "live-interface";

/** The frame as a thermal camera would show it: brightness mapped from blue through red to yellow. */
function thermal(frame: li.ImageFrame): li.ImageFrame {
  const { width, height, data } = frame;
  const out = new Uint8ClampedArray(data.length);
  for (let o = 0; o < data.length; o += 4) {
    const v = (data[o]! * 77 + data[o + 1]! * 150 + data[o + 2]! * 29) >> 8;
    out[o] = Math.min(255, v * 2);
    out[o + 1] = Math.max(0, v * 2 - 255);
    out[o + 2] = v < 128 ? 255 - v * 2 : 0;
    out[o + 3] = 255;
  }
  return { width, height, data: out };
}

export default new li.Interface({
  // Before the camera starts there is no frame yet (0x0): nothing to show.
  fn: (frame) => (frame.width === 0 ? null : thermal(frame)),
  inputs: new li.Image({ label: "camera", sources: ["webcam"], streaming: true }),
  outputs: new li.Video({ label: "thermal video", streaming: true }),
  live: true,
  streamEvery: 1 / 30,
  timeLimit: 60,
  title: "Webcam to video",
  description: "Press Start recording: each camera frame comes back in false colour and plays as one video, which you can pause or save as WebM.",
});
