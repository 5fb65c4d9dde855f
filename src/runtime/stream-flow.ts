// Flow control of a session's stream runs (camera frames, microphone chunks): a stream run starts
// only while the link to the UI has room, so outputs never pile up in a slow link and latency stays
// near one round trip (a slow link lowers the frame rate instead). And a stream run's start message
// rides with its first output, so that the page gets one message per frame instead of two.
import type { ServerMessage } from "../protocol/messages";

/** How often a stream run held back by a congested link checks again. */
const CONGESTION_RETRY_MS = 10;
/** A UI that never acknowledges (an older one, a lost message) does not stall the stream for longer. */
const ACK_TIMEOUT_MS = 1000;
/**
 * Stream runs whose output may be on its way to the UI at once. Two: fn works on the next frame
 * while the last output travels (one at a time, fn waited for a whole round trip per frame: 20 fps
 * where the camera gives 30), and still no more than two outputs ever queue in a slow link.
 */
const STREAM_WINDOW = 2;
/**
 * A stream run's start is held until its first output, progress or end (at most this long): each
 * message is a task for the page's renderer, and through code-server's postMessage a network hop.
 */
const STREAM_START_HOLD_MS = 100;

export interface StreamFlowLink {
  /** True while what was sent to the UI has not left yet (the session's `congested` option). */
  congested?: () => boolean;
  /** Starts a stream run (the scheduler's requestQueued: it never aborts the run in flight). */
  requestRun(): void;
  send(msg: ServerMessage): void;
}

export class StreamFlow {
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** Stream runs whose output the UI has not acknowledged yet, and since when (Date.now()). */
  private readonly unacked = new Map<string, number>();
  /** Runs that took a stream chunk and have not sent an output yet (their first output asks for an ack). */
  private readonly running = new Set<string>();
  /** A stream run's run-start, not sent yet. */
  private held: { msg: ServerMessage; timer: ReturnType<typeof setTimeout> } | undefined;
  private closed = false;

  constructor(private readonly link: StreamFlowLink) {}

  /** A chunk arrived: a stream run, once the link to the UI has room (latest wins on the way out too). */
  request(): void {
    if (this.closed) return;
    if (!this.windowFull() && !this.link.congested?.()) return this.link.requestRun();
    this.retry ??= setTimeout(() => {
      this.retry = undefined;
      this.request();
    }, CONGESTION_RETRY_MS);
  }

  /** The UI has shown `run`'s output: a frame waiting for room in the window goes now, not at the next retry. */
  ack(run: string): void {
    this.unacked.delete(run);
    if (!this.retry) return;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.request();
  }

  /** A stream run started with chunk `seq`: its run-start waits for its first message (or 100 ms). */
  started(run: string, seq: number): void {
    // Nothing else is held here: the previous run's end released its start before this run began.
    this.running.add(run);
    this.held = { msg: { type: "run-start", run, seq }, timer: setTimeout(() => this.releaseStart(), STREAM_START_HOLD_MS) };
  }

  /** Sends a held run-start (before anything else of its run reaches the UI). */
  releaseStart(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    clearTimeout(held.timer);
    if (!this.closed) this.link.send(held.msg);
  }

  /** `run` sends an output: a stream run's first counts in the window until the UI acknowledges it. */
  output(run: string): void {
    if (this.running.delete(run)) this.unacked.set(run, Date.now());
  }

  ended(run: string): void {
    this.running.delete(run);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    clearTimeout(this.held?.timer);
  }

  /** STREAM_WINDOW outputs are on their way to the UI (unacknowledged for under ACK_TIMEOUT_MS). */
  private windowFull(): boolean {
    const now = Date.now();
    for (const [run, since] of this.unacked) if (now - since >= ACK_TIMEOUT_MS) this.unacked.delete(run);
    return this.unacked.size >= STREAM_WINDOW;
  }
}
