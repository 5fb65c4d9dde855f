import type { RunHandle } from "./executor";

/**
 * At most one run in flight, and at most one waiting ("always last"). A request while a run is in
 * flight aborts it and marks one pending run; however many requests arrive, only one pending run
 * remains, and it starts when the in-flight run ends, reading the newest values at that moment.
 * So the last change is never lost and work never piles up. A run still waiting its turn in the
 * executor's line needs nothing: it reads the newest values when it starts, keeping its place.
 */
export class LiveScheduler {
  private inFlight: RunHandle | undefined;
  private abortSent = false;
  private pending = false;
  private scheduled = false;
  /** Stop pressed while a launch was scheduled: the launch is dropped. */
  private stopped = false;

  /** `start` launches a run and must call `ended` exactly once when it is over. */
  constructor(private readonly start: (ended: () => void) => RunHandle) {}

  /** The run whose results may be shown: the newest started and not yet ended. */
  get current(): RunHandle | undefined {
    return this.inFlight;
  }

  get busy(): boolean {
    return this.inFlight !== undefined || this.scheduled;
  }

  request(): void {
    this.stopped = false; // a change after Stop runs again
    if (!this.inFlight) return this.launchSoon();
    // Still waiting its turn: it reads the newest values when it starts, and keeps its place in line.
    if (this.inFlight.waiting?.()) return;
    this.pending = true;
    this.abortInFlight();
  }

  /**
   * A stream tick: run with the newest values, but let the run in flight finish (aborting it at every
   * tick would starve a fn slower than streamEvery). Ticks arriving meanwhile leave one pending run.
   */
  requestQueued(): void {
    this.stopped = false;
    if (!this.inFlight) return this.launchSoon();
    if (this.inFlight.waiting?.()) return; // it will take the newest frame when it starts
    this.pending = true;
  }

  /**
   * Starts on the next turn of the event loop rather than at once: changes that arrived together (a
   * burst read from one socket chunk) then make one run with the last values instead of a run with
   * the first values that would have to finish before the last could start.
   */
  private launchSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.inFlight && !this.stopped) this.launch();
    });
  }

  /** Stop: abort the in-flight run and forget the pending one. */
  stop(): void {
    this.pending = false;
    if (this.scheduled) this.stopped = true;
    this.abortInFlight();
  }

  private abortInFlight(): void {
    if (!this.inFlight || this.abortSent) return;
    this.abortSent = true;
    this.inFlight.abort();
  }

  private launch(): void {
    this.abortSent = false;
    // Deferred so that a run ending synchronously inside start() still finds itself in flight.
    const handle: RunHandle = this.start(() => queueMicrotask(() => this.ended(handle)));
    this.inFlight = handle;
  }

  private ended(handle: RunHandle): void {
    if (this.inFlight !== handle) return;
    this.inFlight = undefined;
    if (this.pending) {
      this.pending = false;
      this.launch();
    }
  }
}
