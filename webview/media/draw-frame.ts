// Drawing raw frames (RGBA or I420) on a canvas: shared by Image outputs and the streamed video player.
import type { ImageFrame, YuvFrame } from "../../src/protocol/messages";
import { i420ToRgba } from "../../src/protocol/yuv";

/** The colour space our I420 is in (BT.601 limited range, as cameras and src/protocol/yuv.ts use). */
const BT601: VideoColorSpaceInit = { matrix: "smpte170m", primaries: "smpte170m", transfer: "smpte170m", fullRange: false };

/** Sizes the canvas to width x height (only when it differs: resizing clears it). */
export function fitCanvas(canvas: HTMLCanvasElement, width: number, height: number): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
}

/** Draws a frame at the canvas's origin, the canvas sized to it. I420 is converted by the browser as it draws. */
export function drawRawFrame(g: CanvasRenderingContext2D, frame: ImageFrame | YuvFrame): void {
  fitCanvas(g.canvas, frame.width, frame.height);
  if ((frame as YuvFrame).format !== "I420") {
    const d = frame.data;
    g.putImageData(new ImageData(new Uint8ClampedArray(d.buffer as ArrayBuffer, d.byteOffset, d.length), frame.width, frame.height), 0, 0);
  } else if (typeof VideoFrame === "function") {
    const vf = new VideoFrame(frame.data, { format: "I420", codedWidth: frame.width, codedHeight: frame.height, timestamp: 0, colorSpace: BT601 });
    g.drawImage(vf, 0, 0);
    vf.close();
  } else {
    const rgba = i420ToRgba(frame as YuvFrame);
    g.putImageData(new ImageData(rgba.data as Uint8ClampedArray<ArrayBuffer>, frame.width, frame.height), 0, 0);
  }
}
