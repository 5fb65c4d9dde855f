// The line of runs waiting for a free place to run, across every session of one interface: first
// come, first served. Each waiting run hears its place ({ position, size, eta }) once it has waited a
// little (a run that starts at once costs nothing), and again when that place changes. Beyond its
// size limit the line refuses a run at once, with a reason.
import type { QueueStatus } from "../protocol/messages";

/** A run waits this long before it is told its place: most runs of a quick fn never wait that long. */
export const TELL_AFTER_MS = 150;
/** How often waiting runs hear of a changed place, at most. */
const TELL_EVERY_MS = 250;
/** Run times averaged for the wait estimate. */
const AVERAGE_OF = 20;

export interface Waiting {
  session: string;
  /** Told its place in line (not called for runs that start before TELL_AFTER_MS). */
  tell(status: QueueStatus): void;
}

interface Entry<T extends Waiting> {
  item: T;
  since: number;
  /** The status last told ("position/size/eta"), to tell only changes. */
  told?: string;
}

export class RunQueue<T extends Waiting> {
  private entries: Entry<T>[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Recent run times (ms), newest last. */
  private readonly times: number[] = [];

  /** `maxSize`: how many may wait (undefined: no limit); `slots`: runs at once (for the wait estimate). */
  constructor(private readonly limits: () => { maxSize?: number; slots: number }) {}

  get size(): number {
    return this.entries.length;
  }

  /** Joins the line; a reason instead when it is full. */
  add(item: T): string | undefined {
    const { maxSize } = this.limits();
    if (maxSize !== undefined && this.entries.length >= maxSize) return `the queue is full (${this.entries.length} waiting): try again in a moment`;
    this.entries.push({ item, since: Date.now() });
    this.schedule();
    return undefined;
  }

  /** Leaves the line (cancelled, its session closed); false when it was not waiting. */
  remove(item: T): boolean {
    const i = this.entries.findIndex((e) => e.item === item);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    this.schedule();
    return true;
  }

  /** The first `n` in line (at least one if any waits), out of the line. */
  take(n = 1): T[] {
    const taken = this.entries.splice(0, Math.max(1, n)).map((e) => e.item);
    if (taken.length > 0 && this.entries.length > 0) this.schedule();
    return taken;
  }

  /** A run took `ms`: the wait estimate follows the recent average. */
  ran(ms: number): void {
    this.times.push(ms);
    if (this.times.length > AVERAGE_OF) this.times.shift();
  }

  /** Seconds until the run at `position` (1-based) starts, from recent run times; undefined before any ran. */
  eta(position: number): number | undefined {
    if (this.times.length === 0) return undefined;
    const average = this.times.reduce((a, b) => a + b, 0) / this.times.length;
    return Math.round((Math.ceil(position / Math.max(1, this.limits().slots)) * average) / 100) / 10;
  }

  clear(): T[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.entries.splice(0).map((e) => e.item);
  }

  /** Tells waiting runs their place soon (once per TELL_EVERY_MS, and only to those waiting long enough). */
  private schedule(): void {
    if (this.timer || this.entries.length === 0) return;
    this.timer = setTimeout(() => this.tellPlaces(), TELL_AFTER_MS);
  }

  private tellPlaces(): void {
    this.timer = undefined;
    const now = Date.now();
    const size = this.entries.length;
    let later = false;
    this.entries.forEach((entry, i) => {
      if (now - entry.since < TELL_AFTER_MS) return void (later = true);
      const status: QueueStatus = { position: i + 1, size, eta: this.eta(i + 1) };
      const key = `${status.position}/${status.size}/${status.eta}`;
      if (key === entry.told) return;
      entry.told = key;
      entry.item.tell(status);
    });
    if (later || size > 0) this.timer = setTimeout(() => this.tellPlaces(), later ? TELL_AFTER_MS : TELL_EVERY_MS);
  }
}
