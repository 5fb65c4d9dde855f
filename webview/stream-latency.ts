// Capture-to-display latency of streams, measured in the page: each streamed chunk gets a sequence
// number and its capture time; the host says which chunk a run took (run-start.seq); the run's first
// output, once drawn (the next animation frame), closes the measurement. Kept on the interface's
// root element: data-stream-latency-ms (the last) and data-stream-latencies (the last 300, for tests;
// updated every 250 ms).
// The same numbers tell how many chunks the host has not taken yet (`waiting`), which paces frames.
/** A frame waiting at the host longer than this is replaced by a newer one even when fn is busy. */
const FRESH_MS = 300;
/**
 * Frames sent that no run has said it took, beyond which the next waits. Three: a run says which
 * frame it took only with its first output (one message a frame), and two runs' outputs may be on
 * their way at once (the host's stream window), so in a steady stream about three are in the pipe.
 * With two, a link with a longer round trip (a VS Code panel through code-server: ~10 frames a
 * second held back of 30) lost frames the host had room for.
 */
const UNTAKEN = 3;
/** How often the list of latencies on the element is brought up to date. */
const LIST_EVERY_MS = 250;

export class StreamLatency {
  private seq = 0;
  private readonly capturedAt = new Map<number, number>();
  private readonly runs = new Map<string, number>();
  private readonly samples: number[] = [];
  /** The newest chunk a run has taken, and when the host last took one. */
  private taken = 0;
  private takenAt = 0;
  /** When the last chunk was captured (next). */
  private sentAt = -Infinity;
  /** When a frame last went out while none was being taken (see holdBack). */
  private probeAt = 0;
  /** When data-stream-latencies was last written. */
  private listedAt = -Infinity;
  /** Frames held back by the link (its socket full) and by the host (see holdBack): data-held-link, data-held-host. */
  private readonly held = { link: 0, host: 0 };

  constructor(private readonly element: HTMLElement) {}

  /** A chunk captured at `time` (performance.now()) is about to be sent: its sequence number. */
  next(time: number): number {
    // A stream that starts (again) after a pause longer than the probe's beat starts afresh (holdBack).
    if (time - this.sentAt > 1500) this.takenAt = 0;
    this.sentAt = time;
    this.capturedAt.set(++this.seq, time);
    this.capturedAt.delete(this.seq - 1000);
    return this.seq;
  }

  /** When chunk `seq` was captured (performance.now()), if this page captured it. */
  capturedAtOf(seq: number): number | undefined {
    return this.capturedAt.get(seq);
  }

  runStarted(run: string, seq: number | undefined): void {
    if (seq === undefined) return;
    this.runs.set(run, seq);
    this.taken = Math.max(this.taken, seq);
    this.takenAt = performance.now();
  }

  /**
   * Whether a new frame should wait: UNTAKEN are already sent that no run has said it took, and the
   * newest of them is still fresh (under FRESH_MS old). A frame sent beyond that would only replace another at
   * the host (latest wins) after using the link, which outputs need; past FRESH_MS the waiting frame
   * is refreshed, so a slow fn still gets a recent frame. After a second without any run taking a
   * chunk (a refused frame, a failing fn), nothing is held back.
   */
  /** Whether the next frame waits: the link's backlog (`linkFull`) or holdBack; counted either way. */
  congested(linkFull: boolean): boolean {
    if (linkFull) {
      this.held.link++;
      return true;
    }
    const hold = this.holdBack();
    if (hold) this.held.host++;
    return hold;
  }

  private holdBack(): boolean {
    const now = performance.now();
    // Before the first run took a chunk (the stream starting) the usual rule holds: two frames go at
    // once, and the first run's start comes back with its output; the probe is for a stream that stalls.
    if (this.takenAt > 0 && now - this.takenAt > 1000) {
      // Nothing taken for a second (a refused frame, a failing fn, or a link slower than the
      // frames): one frame a second goes out to find out, not all of them, which on a slow link
      // (VS Code's postMessage through code-server) would only bury the outputs under frames.
      if (now - this.probeAt < 1000) return true;
      this.probeAt = now;
      return false;
    }
    const newest = this.capturedAt.get(this.seq) ?? 0;
    return this.seq - this.taken >= UNTAKEN && now - newest < FRESH_MS;
  }

  /** The run's first output arrived: measured when it is on screen. True for a stream run's first output. */
  output(run: string | undefined): boolean {
    const seq = run === undefined ? undefined : this.runs.get(run);
    if (seq === undefined) return false;
    this.runs.delete(run!);
    const t0 = this.capturedAt.get(seq);
    if (t0 === undefined) return true;
    requestAnimationFrame(() => {
      const now = performance.now();
      const ms = now - t0;
      this.samples.push(Math.round(ms * 10) / 10);
      if (this.samples.length > 300) this.samples.shift();
      this.element.dataset.streamLatencyMs = ms.toFixed(1);
      // The list (300 numbers as text) is rewritten a few times a second, not for every frame.
      if (now - this.listedAt < LIST_EVERY_MS) return;
      this.listedAt = now;
      this.element.dataset.streamLatencies = this.samples.join(",");
      this.element.dataset.heldLink = String(this.held.link);
      this.element.dataset.heldHost = String(this.held.host);
    });
    return true;
  }
}
