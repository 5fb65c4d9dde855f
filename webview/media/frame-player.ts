// The player of a streamed Video output: frames are queued as they arrive and drawn at their
// timestamps, not as fast as they come. A jitter buffer (JITTER_MS of video) fills before playing
// starts, and again after the queue ran dry (an underrun: the clock waits, no frame is skipped). When
// drawing falls behind (a busy page), a generator's video loses time, not frames; only a live stream
// (camera frames through fn) skips frames, to keep up with its camera. What it does is mirrored onto
// the canvas's dataset: frames (drawn), skipped, underruns, stalls, state, bufferedMs.
import type { Wire } from "../../src/protocol/messages";
import { isEncoded, isImageFrame, isYuvFrame } from "../../src/protocol/media";
import { drawRawFrame, fitCanvas } from "./draw-frame";

/** Video buffered before playing starts (and after an underrun): covers how unevenly frames arrive. */
export const JITTER_MS = 150;
/**
 * A live stream (camera frames through fn) keeps no more than this behind its newest frame: after a
 * pause, or a burst beyond it, the oldest frames go and the picture is live again.
 */
const LIVE_LAG_MS = 500;
/** Frames queued at most (a stream the host does not pace, paused): the oldest go beyond it. */
const MAX_QUEUED = 240;

export type PlayerState = "idle" | "buffering" | "playing" | "paused" | "ended";

interface Queued {
  /** Seconds on the stream's clock. */
  ts: number;
  wire: Wire;
  /** An encoded picture, decoding (started when it arrived, so it is ready when due). */
  bitmap?: Promise<ImageBitmap | undefined>;
}

export class FramePlayer {
  private readonly g: CanvasRenderingContext2D;
  private queue: Queued[] = [];
  /** The stream's clock while playing: `ts` (seconds) was due at `wall` (performance.now()). */
  private anchor: { ts: number; wall: number } | undefined;
  /** Paused at this point of the stream (seconds), where play resumes. */
  private pausedAt: number | undefined;
  private paused = false;
  private live = false;
  /** The current stream has all its frames (its run ended). */
  private ended = false;
  private bufferingSince: number | undefined;
  private lastTs = -Infinity;
  private lastDrawnTs: number | undefined;
  /** Seconds between the last two frames that arrived: when the next one is overdue. */
  private interval = 1 / 30;
  private scheduled = 0;
  private stalls = 0;
  private generation = 0;
  private drawn = 0;
  private skipped = 0;
  private underruns = 0;
  /** Frames of the current stream taken off the queue (drawn or skipped). */
  private consumed = 0;

  /** Frames of the current stream were taken off the queue: `count` in all (the page has room again). */
  onConsumed: (count: number) => void = () => {};
  /** A frame was drawn (the recorder starts with the first). */
  onDrawn: () => void = () => {};
  onState: (state: PlayerState) => void = () => {};

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.g = canvas.getContext("2d")!;
    this.setState("idle");
  }

  /**
   * A new stream starts: what is queued of the old one goes. `live`: its timestamps are capture
   * times of a camera, and it keeps up with them (LIVE_LAG_MS) rather than play every frame late.
   */
  newStream(live: boolean): void {
    this.generation++;
    this.queue = [];
    this.anchor = undefined;
    this.pausedAt = undefined;
    this.bufferingSince = undefined;
    this.live = live;
    this.ended = false;
    this.lastTs = -Infinity;
    this.lastDrawnTs = undefined;
    this.consumed = 0;
    if (!this.paused) this.setState("buffering");
  }

  /** Queues a frame due at `ts` seconds of the stream's clock (a timestamp before the last one: at once after it). */
  push(wire: Wire, ts: number): void {
    const at = Math.max(ts, this.lastTs);
    if (Number.isFinite(this.lastTs) && at > this.lastTs) this.interval = Math.min(1, Math.max(1 / 240, at - this.lastTs));
    this.lastTs = at;
    const item: Queued = { ts: at, wire };
    if (isEncoded(wire)) {
      item.bitmap = createImageBitmap(new Blob([wire.bytes as Uint8Array<ArrayBuffer>], { type: wire.mime })).catch(() => undefined);
    }
    this.queue.push(item);
    this.bufferingSince ??= performance.now();
    if (this.live) this.keepLive();
    if (this.queue.length > MAX_QUEUED) this.drop(this.queue.length - MAX_QUEUED);
    this.schedule();
  }

  /** The stream has all its frames: what is queued plays out without waiting for more. */
  end(): void {
    this.ended = true;
    this.schedule();
  }

  /** Stop: what is queued goes; the last frame drawn stays. */
  stop(): void {
    this.drop(this.queue.length);
    this.ended = true;
    this.anchor = undefined;
    this.setState("ended");
  }

  /** Nothing to show: the canvas empties. */
  clear(): void {
    this.newStream(this.live);
    fitCanvas(this.canvas, 0, 0);
    this.canvas.classList.add("li-empty");
    this.setState("idle");
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    if (this.anchor) this.pausedAt = this.clock(performance.now());
    this.anchor = undefined;
    this.setState("paused");
  }

  play(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.live) this.keepLive();
    if (this.pausedAt !== undefined && this.queue.length > 0) this.anchor = { ts: this.pausedAt, wall: performance.now() };
    this.pausedAt = undefined;
    this.setState(this.anchor ? "playing" : this.queue.length > 0 || !this.ended ? "buffering" : "ended");
    this.schedule();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  dispose(): void {
    cancelAnimationFrame(this.scheduled);
    this.generation++;
    this.queue = [];
  }

  private clock(now: number): number {
    return this.anchor!.ts + (now - this.anchor!.wall) / 1000;
  }

  private schedule(): void {
    if (this.scheduled || this.paused) return;
    this.scheduled = requestAnimationFrame((now) => {
      this.scheduled = 0;
      this.tick(now);
    });
  }

  private tick(now: number): void {
    if (this.paused) return;
    if (!this.anchor) {
      const first = this.queue[0];
      if (!first) return this.setState(this.ended ? "ended" : "buffering");
      const span = (this.queue[this.queue.length - 1]!.ts - first.ts) * 1000;
      const waited = now - (this.bufferingSince ?? now);
      // Full enough, or all there is, or a stream too sparse to fill it (one frame now and then).
      if (span < JITTER_MS && !this.ended && waited < 2 * JITTER_MS) return this.schedule();
      this.anchor = { ts: first.ts, wall: now };
      this.setState("playing");
    }
    let media = this.clock(now);
    let due = -1;
    while (due + 1 < this.queue.length && this.queue[due + 1]!.ts <= media) due++;
    if (due > 0 && !this.live) {
      // Late for more than one frame (a busy page, a screen slower than the video): a generator's
      // video loses time, not frames. Playing goes on from the next frame. (A live stream skips
      // to keep up with its camera.)
      due = 0;
      this.anchor = { ts: this.queue[0]!.ts, wall: now };
      media = this.queue[0]!.ts;
      this.canvas.dataset.stalls = String(++this.stalls);
    }
    if (due >= 0) {
      const [shown] = this.queue.splice(0, due + 1).slice(-1);
      this.skipped += due; // a live stream keeping up with its camera
      if (due > 0) this.canvas.dataset.skipped = String(this.skipped);
      this.consumed += due + 1;
      this.lastDrawnTs = shown!.ts;
      void this.draw(shown!);
      this.onConsumed(this.consumed);
    }
    this.canvas.dataset.bufferedMs = String(Math.round(this.queue.length > 0 ? (this.queue[this.queue.length - 1]!.ts - media) * 1000 : 0));
    if (this.queue.length === 0) {
      if (this.ended) {
        this.anchor = undefined;
        return this.setState("ended");
      }
      // The next frame is overdue: the clock waits for it (and the buffer to fill) instead of running on.
      if (this.lastDrawnTs !== undefined && media > this.lastDrawnTs + 2 * this.interval) {
        this.anchor = undefined;
        this.bufferingSince = undefined;
        this.underruns++;
        this.canvas.dataset.underruns = String(this.underruns);
        return this.setState("buffering");
      }
    }
    this.schedule();
  }

  private async draw(item: Queued): Promise<void> {
    const generation = this.generation;
    if (isImageFrame(item.wire) || isYuvFrame(item.wire)) drawRawFrame(this.g, item.wire);
    else if (item.bitmap) {
      const bitmap = await item.bitmap;
      if (!bitmap || generation !== this.generation) return bitmap?.close();
      fitCanvas(this.canvas, bitmap.width, bitmap.height);
      this.g.drawImage(bitmap, 0, 0);
      bitmap.close();
    } else return;
    this.canvas.classList.remove("li-empty");
    this.canvas.dataset.frames = String(++this.drawn);
    this.canvas.dataset.mediaTime = item.ts.toFixed(3);
    this.onDrawn();
  }

  /** A live stream drops what lags its newest frame by more than LIVE_LAG_MS, and plays on from there. */
  private keepLive(): void {
    const newest = this.queue[this.queue.length - 1];
    if (!newest) return;
    let late = 0;
    while (late < this.queue.length - 1 && (newest.ts - this.queue[late]!.ts) * 1000 > LIVE_LAG_MS) late++;
    if (late === 0) return;
    this.drop(late);
    if (this.anchor) this.anchor = { ts: this.queue[0]!.ts, wall: performance.now() };
  }

  private drop(n: number): void {
    for (const item of this.queue.splice(0, n)) void item.bitmap?.then((b) => b?.close());
    this.skipped += n;
    this.consumed += n;
    this.canvas.dataset.skipped = String(this.skipped);
    if (n > 0) this.onConsumed(this.consumed);
  }

  private setState(state: PlayerState): void {
    if (this.canvas.dataset.state === state) return;
    this.canvas.dataset.state = state;
    this.onState(state);
  }
}
