// Streamed video output (Video with streaming: true): the frames a generator yields, as they travel
// and as the page paces them. Shared by the runtime (checks, I420), the host (flow control) and the
// page (the player).
import { encodedProblem, imageFrameProblem, isEncoded } from "./media";
import type { EncodedMedia, ImageFrame, YuvFrame } from "./messages";

/**
 * One frame of a streamed video: raw RGBA pixels (ImageData-shaped) or an encoded picture (JPEG, PNG,
 * WebP), shown at `timestamp` seconds from the start of its stream. Without a timestamp, frames are
 * spaced by the output's `fps` (default 30).
 */
export type TimedFrame = (ImageFrame | EncodedMedia) & { timestamp?: number };

/** A frame as it travels to the page: RGBA, I420 (large frames) or encoded, with its timestamp if fn gave one. */
export type TimedFrameWire = (ImageFrame | YuvFrame | EncodedMedia) & { timestamp?: number };

/**
 * How many frames of one run a streamed Video output takes before the page says it has room for more
 * (the `frames` message): a generator runs this far ahead of what the page has shown, and no further.
 * 30 frames is 1 s at 30 fps: more than the page's jitter buffer and a round trip, so a generator
 * that keeps to its timestamps never waits, and a faster one is held to the page's pace.
 */
export const VIDEO_WINDOW_FRAMES = 30;

/** Why `v` is not a frame a streamed Video output can show (undefined when it is one). */
export function timedFrameProblem(v: unknown): string | undefined {
  const t = (v as { timestamp?: unknown } | null)?.timestamp;
  if (t !== undefined && !(typeof t === "number" && Number.isFinite(t) && t >= 0)) {
    return `a timestamp in seconds (a finite number of at least 0), got ${String(t)}`;
  }
  if (isEncoded(v)) return encodedProblem(v, "image");
  return imageFrameProblem(v);
}
