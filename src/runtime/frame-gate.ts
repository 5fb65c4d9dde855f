// Flow control for streamed Video outputs: a generator feeding one runs at most VIDEO_WINDOW_FRAMES
// frames ahead of what the page has shown. The page plays frames at their timestamps and says how far
// it has room (ClientMessage "frames", relayed as ToRuntime "pace"); the run's next value waits until
// then. A fast generator (a precomputed clip) is held to the page's pace instead of filling its memory;
// a paused player holds it where it is; one that keeps to its timestamps never waits.
import type { OutputUpdate } from "../protocol/messages";
import { VIDEO_WINDOW_FRAMES } from "../protocol/video";
import { Video } from "./components/video";
import type { Interface } from "./interface";

export class FrameGate {
  private readonly sent = new Map<number, number>();
  private readonly allowed = new Map<number, number>();
  private wake: (() => void) | undefined;

  /** The gate of a run of `iface` that a page shows (`paced`), if it has streamed Video outputs. */
  static of(iface: Interface<any, any>, paced: boolean, signal: AbortSignal): FrameGate | undefined {
    if (!paced) return undefined;
    const outputs = iface.outputs.flatMap((c, i) => (c instanceof Video && c.streams ? [i] : []));
    return outputs.length > 0 ? new FrameGate(outputs, signal) : undefined;
  }

  private constructor(
    private readonly outputs: number[],
    private readonly signal: AbortSignal,
  ) {
    for (const i of outputs) {
      this.sent.set(i, 0);
      this.allowed.set(i, VIDEO_WINDOW_FRAMES);
    }
    signal.addEventListener("abort", () => this.wake?.(), { once: true });
  }

  /** An update of the run goes to the page: a value (not null) for a video output is one frame. */
  counted(update: OutputUpdate): void {
    for (const i of this.outputs) {
      const v = update.values[i];
      if (v !== undefined && v !== null) this.sent.set(i, this.sent.get(i)! + 1);
    }
  }

  /** The page has room for frames of `output` up to number `allow`. */
  allow(output: number, allow: number): void {
    const before = this.allowed.get(output);
    if (before === undefined || allow <= before) return;
    this.allowed.set(output, allow);
    this.wake?.();
  }

  /** A promise while some video output has all the frames the page took room for (undefined: go on). */
  room(): Promise<void> | undefined {
    if (!this.full()) return undefined;
    return new Promise<void>((resolve) => {
      this.wake = () => {
        if (this.full()) return;
        this.wake = undefined;
        resolve();
      };
    });
  }

  private full(): boolean {
    return !this.signal.aborted && this.outputs.some((i) => this.sent.get(i)! >= this.allowed.get(i)!);
  }
}
