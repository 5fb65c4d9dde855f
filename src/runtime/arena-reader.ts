// The host's end of a runtime worker's output arena (output-arena.ts): slots become views of the
// shared memory, and each range goes back to the worker once whoever sent it is done with it.
import type { FromRuntime } from "../protocol/messages";
import { ARENA_BYTES, isSlot, KINDS, mapViews, type Slot, type View, type ViewOf } from "./output-arena";

/** The host's end of each arena, by its memory (releaseShared finds a view's arena from its buffer). */
const readers = new WeakMap<SharedArrayBuffer, ArenaReader>();
/** Views of all arenas handed out and not released: while there are none, nothing needs a look. */
let liveViews = 0;

/** The host's end: turns slots into views of the shared memory and tells the worker when they are done. */
export class ArenaReader {
  /** Views handed out and not released, by where they start. */
  private readonly live = new Map<number, View>();
  private released: [number, number][] = [];

  /** `giveBack`: sends released ranges to the worker (batched per event-loop turn). */
  constructor(private readonly sab: SharedArrayBuffer, private readonly giveBack: (ranges: [number, number][]) => void) {
    readers.set(sab, this);
  }

  /** `values` with its slots as views of the arena; each stays valid until released. */
  unpack<T>(values: T): T {
    return mapViews(values, (s) => {
      // Only slots inside the arena: fn's code shares the worker's thread, and could post anything.
      if (!isSlot(s) || !this.holds(s)) return s;
      const view = new (KINDS[s.kind] as ViewOf)(this.sab, s.$liveInterfaceArena, s.length);
      this.live.set(s.$liveInterfaceArena, view);
      liveViews++;
      return view;
    }) as T;
  }

  private holds({ $liveInterfaceArena: start, length, kind }: Slot): boolean {
    return Number.isInteger(start) && Number.isInteger(length) && start >= 0 && start % 8 === 0 && length >= 0 && start + length * KINDS[kind].BYTES_PER_ELEMENT <= this.sab.byteLength;
  }

  release(view: ArrayBufferView): void {
    // Only the view handed out for that range: a second release must not free a range in use again.
    if (this.live.get(view.byteOffset) !== view) return;
    this.live.delete(view.byteOffset);
    liveViews--;
    if (this.released.push([view.byteOffset, view.byteLength]) > 1) return;
    setImmediate(() => {
      const ranges = this.released;
      this.released = [];
      this.giveBack(ranges);
    });
  }
}

const readerOf = (v: ArrayBufferView) => (v.buffer instanceof SharedArrayBuffer ? readers.get(v.buffer) : undefined);

/** Gives back the arena memory of every view of an arena in `value` (a message, or a batch of them). */
export function releaseShared(value: unknown): void {
  if (liveViews === 0) return;
  mapViews(value, (v) => {
    if (ArrayBuffer.isView(v)) readerOf(v)?.release(v);
    return v;
  });
}

/** `value` with every view of an arena replaced by a copy of its own (the arena's memory given back). */
export function ownShared<T>(value: T): T {
  if (liveViews === 0) return value;
  return mapViews(value, (v) => {
    const reader = ArrayBuffer.isView(v) ? readerOf(v) : undefined;
    if (!reader) return v;
    const view = v as View;
    reader.release(view);
    return view.slice();
  }) as T;
}

/** The same message with its slots as views of the arena again (host side). */
function unpackOutputs(reader: ArenaReader, msg: { type: string }): void {
  const m = msg as FromRuntime;
  if (m.type === "output" && m.arena) m.values = reader.unpack(m.values);
  else if (m.type === "done" && m.arena && m.last) m.last.values = reader.unpack(m.last.values);
}

interface RuntimeWorker {
  postMessage(msg: { type: "release"; ranges: [number, number][] }): void;
  on(event: "message", listener: (msg: { type: string }) => void): unknown;
  threadId: number;
}

/**
 * A new runtime worker with its arena: `start(memory)` makes the worker (which gets the memory in
 * its workerData). Its messages reach every "message" listener the caller adds with their outputs
 * as views of the arena already (this listener comes first).
 */
export function withArena<W extends RuntimeWorker>(start: (memory: SharedArrayBuffer) => W): W {
  const memory = new SharedArrayBuffer(ARENA_BYTES);
  const worker = start(memory);
  // A worker that has ended takes no ranges back (its arena goes once no view of it is left).
  const arena = new ArenaReader(memory, (ranges) => worker.threadId >= 0 && worker.postMessage({ type: "release", ranges }));
  worker.on("message", (msg) => unpackOutputs(arena, msg));
  return worker;
}
