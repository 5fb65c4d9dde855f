import { encodedProblem, isEncoded } from "../../protocol/media";
import type { EncodedMedia, ImageFrame, Wire } from "../../protocol/messages";
import { timedFrameProblem, type TimedFrame } from "../../protocol/video";
import { rgbaToI420 } from "../../protocol/yuv";
import { readAllowedFile } from "../file-access";
import { markTransferable, OutputCopies } from "../transfer";
import type { VideoProps } from "../../protocol/components";
import { Component, type ComponentOptions } from "./component";
import { STREAMED_I420_PIXELS } from "./image";

export type { TimedFrame } from "../../protocol/video";

export interface VideoOptions<S extends boolean = false> extends Omit<ComponentOptions<never>, "value"> {
  /** Input: where the video comes from (default both): a file, or a recording from the camera. */
  sources?: ("upload" | "webcam")[];
  /** Output: start playing when a new video arrives (muted, as browsers allow). */
  autoplay?: boolean;
  loop?: boolean;
  /**
   * Output: a stream of frames instead of a file. Each value fn returns or yields is one frame (a
   * TimedFrame), played at its timestamp with a small jitter buffer, with play/pause and Save (.webm).
   */
  streaming?: S;
  /** Streaming: frames per second of frames that carry no timestamp (default 30). */
  fps?: number;
}

/** What fn may return for a Video output: frames when it streams, else a file. */
export type VideoOut<S extends boolean> = S extends true ? TimedFrame | null | undefined : EncodedMedia | string | null | undefined;

const describeFrame = 'a video frame: { width, height, data } (RGBA) or { mime: "image/jpeg", bytes }, with an optional timestamp in seconds';

/**
 * A video. As an input, an upload or a recording from the camera (fn receives `{ mime, bytes }`, null
 * for none). As an output, fn returns `{ mime: "video/mp4", bytes }` or a path (module folder or temp
 * folder), played in the page; at most 16 MiB. With `streaming: true` (outputs), each value fn
 * returns or yields is one frame of a live video (see TimedFrame and docs/streaming.md).
 */
export class Video<S extends boolean = false> extends Component<EncodedMedia | null, VideoOut<S>, "video"> {
  readonly type = "video";
  constructor(private readonly options: VideoOptions<S> = {}) {
    super(options);
    const fps = options.fps;
    if (fps !== undefined && !(typeof fps === "number" && fps > 0 && fps <= 1000)) throw new TypeError(`Video: fps must be a number of frames per second above 0 (at most 1000), got ${String(fps)}`);
  }
  /** A streamed video output (frames at their timestamps), not a file. */
  get streams(): boolean {
    return this.options.streaming === true;
  }
  preprocess(wire: Wire): EncodedMedia | null {
    if (wire === null || wire === undefined) return null;
    const problem = encodedProblem(wire, "video");
    return problem ? this.fail(problem, wire) : (wire as unknown as EncodedMedia);
  }
  postprocess(value: VideoOut<S>, copies = new OutputCopies()): Wire {
    if (value === null || value === undefined) return null;
    if (this.streams) return this.frame(value, copies);
    if (typeof value === "string") {
      const file = readAllowedFile(value);
      return file instanceof Error ? this.fail(`a video it may play: ${file.message}`, value) : ({ mime: file.mime, bytes: file.bytes } as unknown as Wire);
    }
    if (!isEncoded(value)) {
      const frameLike = typeof value === "object" && "width" in value;
      return this.fail(`{ mime, bytes } or a path${frameLike ? " (to stream frames, use new li.Video({ streaming: true }))" : ""}`, value);
    }
    const problem = encodedProblem(value, "video");
    return problem ? this.fail(problem, value) : (value as unknown as Wire);
  }
  /**
   * One frame of a streamed video. A copy (fn may draw its next frame into the same buffer); frames
   * of 320x240 or more travel as I420 (1.5 bytes a pixel instead of 4, colour subsampled 2x2 as video
   * is), converted straight from fn's pixels.
   */
  private frame(value: unknown, copies: OutputCopies): Wire {
    const problem = timedFrameProblem(value);
    if (problem) this.fail(`${describeFrame} (${problem})`, value);
    const { timestamp } = value as TimedFrame;
    const time = timestamp === undefined ? {} : { timestamp };
    if (isEncoded(value)) return { mime: value.mime, bytes: copies.copy(value.bytes, Uint8Array), ...time };
    const frame = value as ImageFrame;
    if (frame.width === 0 || frame.height === 0) return null;
    if (frame.width * frame.height < STREAMED_I420_PIXELS) return { width: frame.width, height: frame.height, data: copies.copy(frame.data, Uint8ClampedArray), ...time };
    const yuv = rgbaToI420(frame);
    return { ...yuv, data: markTransferable(yuv.data), ...time };
  }
  defaultValue(): null {
    return null;
  }
  protected props(): VideoProps {
    const { sources, autoplay, loop, streaming, fps } = this.options;
    const common = { sources: sources ?? ["upload", "webcam"], autoplay: autoplay ?? false, loop: loop ?? false };
    return streaming === true ? { ...common, streaming: true, fps: fps ?? 30 } : common;
  }
}
