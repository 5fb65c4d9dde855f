// Live video filters: the camera through grayscale, edge detection or a mirror, with a strength
// slider that blends the filtered picture over the original. Change the filter or the strength while
// recording: the next frame uses them.
import * as li from "live-interface";

type Frame = li.ImageFrame;

function grayscale({ width, height, data }: Frame): Frame {
  const out = new Uint8ClampedArray(data.length);
  for (let i = 0; i < data.length; i += 4) {
    const y = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
    out[i] = out[i + 1] = out[i + 2] = y;
    out[i + 3] = 255;
  }
  return { width, height, data: out };
}

/** Sobel edge magnitude of the luma: bright where brightness changes, dark elsewhere. */
function edges(frame: Frame): Frame {
  const { width, height } = frame;
  const y = grayscale(frame).data;
  const out = new Uint8ClampedArray(y.length);
  const at = (x: number, r: number) => y[(r * width + x) * 4]!;
  for (let r = 1; r < height - 1; r++) {
    for (let x = 1; x < width - 1; x++) {
      const gx = at(x + 1, r - 1) + 2 * at(x + 1, r) + at(x + 1, r + 1) - at(x - 1, r - 1) - 2 * at(x - 1, r) - at(x - 1, r + 1);
      const gy = at(x - 1, r + 1) + 2 * at(x, r + 1) + at(x + 1, r + 1) - at(x - 1, r - 1) - 2 * at(x, r - 1) - at(x + 1, r - 1);
      const i = (r * width + x) * 4;
      out[i] = out[i + 1] = out[i + 2] = Math.hypot(gx, gy) / 4;
    }
  }
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  return { width, height, data: out };
}

function mirror({ width, height, data }: Frame): Frame {
  const out = new Uint8ClampedArray(data.length);
  const src = new Uint32Array(data.buffer, data.byteOffset, width * height);
  const dst = new Uint32Array(out.buffer);
  for (let r = 0; r < height; r++) for (let x = 0; x < width; x++) dst[r * width + x] = src[r * width + width - 1 - x]!;
  return { width, height, data: out };
}

const FILTERS = { grayscale, edges, mirror };

/** `filtered` over `original`, `strength` of the way (1: only the filter). */
function blend(original: Frame, filtered: Frame, strength: number): Frame {
  if (strength >= 1) return filtered;
  const out = new Uint8ClampedArray(original.data.length);
  for (let i = 0; i < out.length; i++) out[i] = original.data[i]! + (filtered.data[i]! - original.data[i]!) * strength;
  return { ...original, data: out };
}

export default new li.Interface({
  fn: (frame, filter, strength) => {
    if (!frame.width || !filter) return frame;
    return blend(frame, FILTERS[filter as keyof typeof FILTERS](frame), strength);
  },
  inputs: [
    new li.Image({ label: "camera", sources: ["webcam"], streaming: true }),
    new li.Radio({ label: "filter", choices: ["grayscale", "edges", "mirror"], value: "edges" }),
    new li.Slider({ label: "strength", minimum: 0, maximum: 1, step: 0.05, value: 1 }),
  ],
  outputs: new li.Image({ label: "filtered" }),
  live: true,
  streamEvery: 1 / 15,
  timeLimit: 120,
  title: "Live video filters",
  description: "Press Start recording: the camera comes back through the filter you pick. The strength blends it over the original.",
});
