import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encodedProblem, imageFrameProblem, isEncoded, isYuvFrame } from "../../protocol/media";
import type { EncodedMedia, ImageFrame, Wire } from "../../protocol/messages";
import { encodePng } from "../png";
import { markTransferable, OutputCopies } from "../transfer";
import { i420ToRgba, rgbaToI420 } from "../../protocol/yuv";
import { cameraRequestProblem, type CameraRequest } from "../../protocol/devices";
import type { ImageProps } from "../../protocol/components";
import { Component, ValueError, type ComponentOptions } from "./component";

export type { ImageFrame } from "../../protocol/messages";

/** What fn receives from an Image input: raw RGBA pixels, PNG bytes, or the path of a PNG file. */
export type ImageType = "frame" | "png" | "filepath";
type ImageIn<T extends ImageType> = T extends "png" ? EncodedMedia : T extends "filepath" ? string : ImageFrame;

export interface ImageOptions<T extends ImageType = "frame"> extends ComponentOptions<ImageFrame> {
  /**
   * Input: what fn receives (default "frame": an ImageFrame). "png": `{ mime: "image/png", bytes }`;
   * "filepath": the path of that PNG in the temporary folder (for libraries that open files).
   */
  type?: T;
  /** Where an input image comes from (default both): a file, or the camera. */
  sources?: ("webcam" | "upload")[];
  /** In a live interface: while the camera records, fn runs every `streamEvery` s with the newest frame. */
  streaming?: boolean;
  /** Seconds between frames sent to fn while streaming (overrides the Interface's `streamEvery`). */
  streamEvery?: number;
  /** Show the camera preview mirrored, like a mirror (display only; fn gets the frame as captured). */
  mirror?: boolean;
  /** The older name of `mirror`. */
  mirrorPreview?: boolean;
  /** What to ask of the camera: `{ width, height, fps, facingMode }` (default 640x480). */
  camera?: CameraRequest;
}

/** Stream-run image outputs this large (pixels) travel as I420 (see Image.postprocessStreamed). */
export const STREAMED_I420_PIXELS = 320 * 240;

const EMPTY = (): ImageFrame => ({ width: 0, height: 0, data: new Uint8ClampedArray(0) });

/**
 * An image as raw RGBA pixels. fn receives an ImageFrame (0x0 when there is none yet); it may return
 * an ImageFrame (data as Uint8ClampedArray or Uint8Array) or encoded bytes { mime: "image/png", bytes }.
 */
export class Image<T extends ImageType = "frame"> extends Component<ImageIn<T>, ImageFrame | EncodedMedia | null | undefined, "image"> {
  readonly type = "image";
  constructor(readonly options: ImageOptions<T> = {}) {
    super(options as ComponentOptions<ImageIn<T>>);
    const problem = options.camera === undefined ? undefined : cameraRequestProblem(options.camera);
    if (problem) throw new TypeError(`Image "${options.label ?? ""}": camera expects ${problem}`);
  }
  preprocess(wire: Wire): ImageIn<T> {
    const frame = this.frame(wire);
    const as = this.options.type ?? "frame";
    if (as === "frame") return frame as ImageIn<T>;
    const png = { mime: "image/png", bytes: encodePng(frame.width ? frame : { width: 1, height: 1, data: new Uint8ClampedArray(4) }) };
    return (as === "png" ? png : tempImageFile(png.bytes)) as ImageIn<T>;
  }
  private frame(wire: Wire): ImageFrame {
    if (wire === null || wire === undefined) return EMPTY();
    const problem = imageFrameProblem(wire);
    if (problem) this.fail(problem, wire);
    if (isYuvFrame(wire)) return i420ToRgba(wire);
    const f = wire as { width: number; height: number; data: Uint8ClampedArray | Uint8Array };
    const data = f.data instanceof Uint8ClampedArray ? f.data : new Uint8ClampedArray(f.data.buffer, f.data.byteOffset, f.data.length);
    return { width: f.width, height: f.height, data };
  }
  postprocess(value: ImageFrame | EncodedMedia | null | undefined, copies = new OutputCopies()): Wire {
    if (value === null || value === undefined) return null;
    if (isEncoded(value)) {
      const problem = encodedProblem(value, "image");
      if (problem) throw new ValueError(`Image "${this.label ?? ""}": expected ${problem}`);
      return { mime: value.mime, bytes: copies.copy(value.bytes, Uint8Array) };
    }
    const problem = imageFrameProblem(value);
    if (problem || isYuvFrame(value)) this.fail(problem ?? "an RGBA image frame", value);
    if (value.width === 0 || value.height === 0) return null;
    // A copy: fn may keep drawing into its buffer after it returns or yields.
    return { width: value.width, height: value.height, data: copies.copy(value.data, Uint8ClampedArray) };
  }
  /**
   * An output of a stream run. A frame of STREAMED_I420_PIXELS or more goes out as I420, converted
   * straight from fn's pixels (no RGBA copy first): a live video's frames then cost 1.5 bytes a pixel
   * instead of 4 on the way to the page, where bytes are the limit (BENCHMARKS.md). Colour is
   * subsampled 2x2, which video tolerates; still pictures (not stream runs) stay exact.
   */
  postprocessStreamed(value: unknown, copies?: OutputCopies): Wire {
    const frame = value as ImageFrame;
    const large = !isEncoded(value) && !imageFrameProblem(value) && !isYuvFrame(value) && frame.width * frame.height >= STREAMED_I420_PIXELS;
    if (!large) return this.postprocess(value as ImageFrame | EncodedMedia | null | undefined, copies);
    const yuv = rgbaToI420(frame);
    return { ...yuv, data: markTransferable(yuv.data) } as unknown as Wire;
  }

  /** The initial value the UI shows: no picture (whatever fn's type). */
  defaultValue(): ImageIn<T> {
    return EMPTY() as ImageIn<T>;
  }
  protected props(): ImageProps {
    const { sources, streaming, streamEvery, mirror, mirrorPreview, camera } = this.options;
    return { sources: sources ?? ["upload", "webcam"], streaming: !!streaming, streamEvery, mirrorPreview: !!(mirror ?? mirrorPreview), ...(camera ? { camera } : {}) };
  }
}

/** Where "filepath" images go: a folder of our own in the temporary folder, keeping the newest 100. */
const IMAGE_FOLDER = path.join(os.tmpdir(), "live-interface-images");
const written: string[] = [];

function tempImageFile(png: Uint8Array): string {
  fs.mkdirSync(IMAGE_FOLDER, { recursive: true });
  const file = path.join(IMAGE_FOLDER, `${randomUUID()}.png`);
  fs.writeFileSync(file, png);
  written.push(file);
  for (const old of written.splice(0, Math.max(0, written.length - 100))) fs.rmSync(old, { force: true });
  return file;
}
