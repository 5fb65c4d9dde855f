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
  /** Left the line (its slot in `entries` is skipped). */
  gone?: boolean;
}

export class RunQueue<T extends Waiting> {
  /** The line from `head` on (a thousand callers take turns in O(1) each: nothing shifts). */
  private entries: Entry<T>[] = [];
  private head = 0;
  private count = 0;
  private readonly byItem = new Map<T, Entry<T>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Recent run times (ms), newest last. */
  private readonly times: number[] = [];

  /** `maxSize`: how many may wait (undefined: no limit); `slots`: runs at once (for the wait estimate). */
  constructor(private readonly limits: () => { maxSize?: number; slots: number }) {}

  get size(): number {
    return this.count;
  }

  /** Joins the line; a reason instead when it is full. */
  add(item: T): string | undefined {
    const { maxSize } = this.limits();
    if (maxSize !== undefined && this.count >= maxSize) return `the queue is full (${this.count} waiting): try again in a moment`;
    this.enter(item, false);
    return undefined;
  }

  /** Back to the front of the line: a run sent to a thread that went before it started (never refused). */
  addFirst(item: T): void {
    this.enter(item, true);
  }

  /** Leaves the line (cancelled, its session closed); false when it was not waiting. */
  remove(item: T): boolean {
    const entry = this.byItem.get(item);
    if (!entry) return false;
    this.leave(entry);
    this.schedule();
    return true;
  }

  /** The first `n` in line (at least one if any waits), out of the line. */
  take(n = 1): T[] {
    const taken: T[] = [];
    while (taken.length < Math.max(1, n) && this.head < this.entries.length) {
      const entry = this.entries[this.head++]!;
      if (entry.gone) continue;
      this.leave(entry);
      taken.push(entry.item);
    }
    this.compact();
    return taken;
  }

  private enter(item: T, first: boolean): void {
    const entry: Entry<T> = { item, since: Date.now() };
    if (!first) this.entries.push(entry);
    else if (this.head > 0) this.entries[--this.head] = entry;
    else this.entries.unshift(entry);
    this.byItem.set(item, entry);
    this.count++;
    this.schedule();
  }

  private leave(entry: Entry<T>): void {
    entry.gone = true;
    this.byItem.delete(entry.item);
    this.count--;
  }

  /** Drops the slots before `head` (and left ones) once they are many. */
  private compact(): void {
    if (this.head < 1024 && this.head < this.entries.length) return;
    this.entries = this.entries.slice(this.head).filter((e) => !e.gone);
    this.head = 0;
  }

  /** The entries in line, in order. */
  private *waiting(): Generator<Entry<T>> {
    for (let i = this.head; i < this.entries.length; i++) if (!this.entries[i]!.gone) yield this.entries[i]!;
  }

  /** A run took `ms`: the wait estimate follows the recent average. */
  ran(ms: number): void {
    this.times.push(ms);
    if (this.times.length > AVERAGE_OF) this.times.shift();
  }

  /** The recent runs' average time (ms); undefined before any ran. */
  averageMs(): number | undefined {
    return this.times.length === 0 ? undefined : this.times.reduce((a, b) => a + b, 0) / this.times.length;
  }

  /** Seconds until the run at `position` (1-based) starts, from recent run times; undefined before any ran. */
  eta(position: number): number | undefined {
    const average = this.averageMs();
    if (average === undefined) return undefined;
    // The runs executing now are, on average, half done.
    return Math.round(((Math.ceil(position / Math.max(1, this.limits().slots)) - 0.5) * average) / 100) / 10;
  }

  clear(): T[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = [...this.waiting()].map((e) => e.item);
    this.entries = [];
    this.head = 0;
    this.count = 0;
    this.byItem.clear();
    return items;
  }

  /** Tells waiting runs their place soon (once per TELL_EVERY_MS, and only to those waiting long enough). */
  private schedule(): void {
    if (this.timer || this.count === 0) return;
    this.timer = setTimeout(() => this.tellPlaces(), TELL_AFTER_MS);
  }

  private tellPlaces(): void {
    this.timer = undefined;
    const now = Date.now();
    const size = this.count;
    /** When the next run not yet told reaches TELL_AFTER_MS of waiting. */
    let due = Infinity;
    let position = 0;
    for (const entry of this.waiting()) {
      position++;
      if (now - entry.since < TELL_AFTER_MS) {
        due = Math.min(due, entry.since + TELL_AFTER_MS);
        continue;
      }
      const status: QueueStatus = { position, size, eta: this.eta(position) };
      const key = `${status.position}/${status.size}/${status.eta}`;
      if (key === entry.told) continue;
      entry.told = key;
      entry.item.tell(status);
    }
    if (size > 0) this.timer = setTimeout(() => this.tellPlaces(), Math.max(1, Math.min(due - now, TELL_EVERY_MS)));
  }

}
