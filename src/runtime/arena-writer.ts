// The worker's end of its output arena (output-arena.ts): large outputs are placed in the shared
// memory, first fit, and ranges come back when the host has written them.
import type { MessagePort } from "node:worker_threads";
import type { FromRuntime } from "../protocol/messages";
import { align8, HIGH_WATER, KINDS, kindOf, mapViews, MIN_BYTES, ROOM_WAIT_MS, type Slot, type ViewOf } from "./output-arena";
import { transferOfMessage, type CopyKind } from "./transfer";

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
   * transfer.ts, OutputCopies); undefined when they are small or the arena is full. The range is in
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
  return {
    writer,
    post: (msg) => {
      const packed = packOutputs(writer, msg);
      port.postMessage(packed, transferOfMessage(packed));
    },
  };
}
