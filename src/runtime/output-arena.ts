// Shared memory for a runtime worker's large outputs (frames, audio), so that they reach the host's
// main thread without a new buffer each. Why: a buffer transferred from the worker is new external
// memory there, and while a socket's queue holds it (a fast generator's frames wait for the link)
// it lives on into V8's old generation. Every few tens of MiB that starts a full collection, whose
// cost grows with the heap: in a VS Code extension host (~200 MB) each one takes ~170 ms of its main
// thread. A CLI server holding 100 MB of objects spent 340 ms of CPU per 64 MiB streamed that way,
// 48 ms through the arena (BENCHMARKS.md).
//
// Instead each large output is copied into one SharedArrayBuffer the worker shares with the host
// (fn's pixels and samples straight from fn's buffer, as the runtime copies them anyway: copyOut in
// transfer.ts), and the message says where it is (a slot). The host makes views of that memory
// (small objects, no external memory), sends them, and gives each range back once it is written
// (releaseShared).
// A sink that cannot take views of shared memory gets its own copies (ownShared). When the arena is
// full, outputs are transferred as before; while it is mostly in flight, a generator waits a little
// for room (ArenaWriter.room), which keeps a fast generator to the pace of its link.
import type { MessagePort } from "node:worker_threads";
import type { FromRuntime } from "../protocol/messages";
import { setCopyTarget, transferOfMessage, type CopyKind } from "./transfer";

/** Size of a worker's arena. Only the pages outputs touch become resident. */
export const ARENA_BYTES = 32 * 1024 * 1024;
/**
 * Outputs below this many bytes are transferred, as before. A small frame makes little garbage in
 * the host, and through the arena it costs a copy and a message back. 20 tabs streaming 160x120
 * (77 KB frames) measured 0.47 and 0.44 of the floor through the arena, 0.66, 0.61 and 0.46
 * transferred: not conclusive, so the arena is kept to what it was measured for (1 MiB frames; a
 * 640x480 camera frame is 450 KiB as I420).
 */
const MIN_BYTES = 256 * 1024;
/** A generator waits while more than this much of the arena is in flight... */
const HIGH_WATER = ARENA_BYTES / 2;
/** ...but no longer than this for room: a host that does not give memory back does not stop fn. */
const ROOM_WAIT_MS = 1000;

const KINDS = { Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array } as const;
type Kind = keyof typeof KINDS;
type View = InstanceType<(typeof KINDS)[Kind]>;
type ViewOf = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => View;

/** Where an output's bytes are in the arena, in place of the typed array (what crosses the thread). */
interface Slot {
  $liveInterfaceArena: number;
  length: number;
  kind: Kind;
}

const isSlot = (v: unknown): v is Slot => typeof v === "object" && v !== null && typeof (v as Slot).$liveInterfaceArena === "number" && (v as Slot).kind in KINDS;
const kindOf = (v: ArrayBufferView): Kind | undefined => {
  const name = v.constructor.name;
  return name in KINDS ? (name as Kind) : undefined;
};
const align8 = (n: number) => (n + 7) & ~7;

/** `value` with each typed array (or slot) replaced by `swap(it)`, or the same value when none is. */
function mapViews(value: unknown, swap: (v: ArrayBufferView | Slot) => unknown): unknown {
  if (ArrayBuffer.isView(value) || isSlot(value)) return swap(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const m = mapViews(v, swap);
      if (m !== v) (out ??= [...value])[i] = m;
    });
    return out ?? value;
  }
  if (typeof value === "object" && value !== null) {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const m = mapViews(v, swap);
      if (m !== v) (out ??= { ...value })[k] = m;
    }
    return out ?? value;
  }
  return value;
}

/** The worker's end: places outputs in the arena (first fit) and takes ranges back when released. */
export class ArenaWriter {
  /** Free ranges [start, end), sorted and never touching. */
  private free: [number, number][];
  private inFlight = 0;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly sab: SharedArrayBuffer) {
    this.free = [[0, sab.byteLength]];
  }

  /**
   * `values` with each large typed array copied into the arena (a slot in its place) while it has
   * room; `values` itself when none was.
   */
  pack<T>(values: T): T {
    return mapViews(values, (v) => (ArrayBuffer.isView(v) ? this.place(v) ?? v : v)) as T;
  }

  private place(view: ArrayBufferView): Slot | undefined {
    const kind = kindOf(view);
    if (!kind) return undefined;
    const slot = (start: number): Slot => ({ $liveInterfaceArena: start, length: view.byteLength / KINDS[kind].BYTES_PER_ELEMENT, kind });
    // Already here: the runtime copied fn's bytes straight into the arena (ArenaWriter.copy).
    if (view.buffer === this.sab) return slot(view.byteOffset);
    const start = view.byteLength >= MIN_BYTES ? this.take(view.byteLength) : undefined;
    if (start === undefined) return undefined;
    new Uint8Array(this.sab, start, view.byteLength).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
    return slot(start);
  }

  /**
   * A copy of `bytes` in the arena as `kind`, for an output the runtime makes of fn's bytes (see
   * transfer.ts, copyOut); undefined when they are small or the arena is full. The range is in
   * flight from now on: pack sends it, or discard takes it back.
   */
  copy<C extends CopyKind>(bytes: Uint8Array, kind: C): InstanceType<C> | undefined {
    const start = bytes.byteLength >= MIN_BYTES ? this.take(bytes.byteLength) : undefined;
    if (start === undefined) return undefined;
    new Uint8Array(this.sab, start, bytes.byteLength).set(bytes);
    return new (kind as unknown as ViewOf)(this.sab, start, bytes.byteLength / kind.BYTES_PER_ELEMENT) as InstanceType<C>;
  }

  /** Gives back copies made by `copy` that will not be sent. */
  discard(copies: ArrayBufferView[]): void {
    this.release(copies.filter((v) => v.buffer === this.sab).map((v) => [v.byteOffset, v.byteLength]));
  }

  /** The start of a free range of `bytes` (first fit), now in flight; undefined when none is free. */
  private take(bytes: number): number | undefined {
    const size = align8(bytes);
    const i = this.free.findIndex(([s, e]) => e - s >= size);
    if (i < 0) return undefined;
    const range = this.free[i]!;
    const start = range[0];
    if (range[1] - start === size) this.free.splice(i, 1);
    else range[0] += size;
    this.inFlight += size;
    return start;
  }

  /** The host is done with these ranges (start, bytes). */
  release(ranges: [number, number][]): void {
    for (const [start, bytes] of ranges) this.giveBack(start, align8(bytes));
    if (this.inFlight <= HIGH_WATER) for (const go of this.waiting) go();
  }

  private giveBack(start: number, size: number): void {
    const end = start + size;
    let i = 0;
    while (i < this.free.length && this.free[i]![0] < start) i++;
    const before = this.free[i - 1];
    const after = this.free[i];
    // A range given back twice (or one never handed out) would let two outputs share memory.
    if ((before && before[1] > start) || (after && after[0] < end)) return;
    this.inFlight -= size;
    if (before && before[1] === start && after && after[0] === end) {
      before[1] = after[1];
      this.free.splice(i, 1);
    } else if (before && before[1] === start) before[1] = end;
    else if (after && after[0] === end) after[0] = start;
    else this.free.splice(i, 0, [start, end]);
  }

  /** Resolves once most of the arena is free again (at once when it is), or after ROOM_WAIT_MS. */
  room(): Promise<void> | undefined {
    if (this.inFlight <= HIGH_WATER) return undefined;
    return new Promise((resolve) => {
      const go = () => {
        clearTimeout(timer);
        this.waiting.delete(go);
        resolve();
      };
      const timer = setTimeout(go, ROOM_WAIT_MS);
      this.waiting.add(go);
    });
  }
}

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

/** A worker's message with its outputs placed in the arena, flagged `arena` when any were (worker side). */
function packOutputs<M extends { type: string }>(writer: ArenaWriter, msg: M): M {
  const m = msg as unknown as FromRuntime;
  if (m.type === "output") {
    const values = writer.pack(m.values);
    if (values !== m.values) return { ...m, values, arena: true } as unknown as M;
  } else if (m.type === "done" && m.last) {
    const values = writer.pack(m.last.values);
    if (values !== m.last.values) return { ...m, last: { ...m.last, values }, arena: true } as unknown as M;
  }
  return msg;
}

/**
 * A runtime worker's way to the host (`port`), with the arena the host shared as `memory`: each
 * message's large outputs go through the arena, other media the runtime copied out of fn's results
 * move by transfer rather than being copied again.
 */
export function workerEnd<M extends { type: string }>(port: MessagePort, memory: SharedArrayBuffer): { post(msg: M): void; writer: ArenaWriter } {
  const writer = new ArenaWriter(memory);
  // The runtime's copies of fn's large media go straight into the arena (one copy, not two).
  setCopyTarget(writer);
  return {
    writer,
    post: (msg) => {
      const packed = packOutputs(writer, msg);
      port.postMessage(packed, transferOfMessage(packed));
    },
  };
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
