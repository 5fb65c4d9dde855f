// Shared memory for a runtime worker's large outputs (frames, audio), so that they reach the host's
// main thread without a new buffer each. Why: a buffer transferred from the worker is new external
// memory there, and while a socket's queue holds it (a fast generator's frames wait for the link)
// it lives on into V8's old generation. Every few tens of MiB that starts a full collection, whose
// cost grows with the heap: in a VS Code extension host (~200 MB) each one takes ~170 ms of its main
// thread. A CLI server holding 100 MB of objects spent 340 ms of CPU per 64 MiB streamed that way,
// 48 ms through the arena (BENCHMARKS.md).
//
// Instead each large output is copied into one SharedArrayBuffer the worker shares with the host
// (fn's pixels and samples straight from fn's buffer, as the runtime copies them anyway: a run's
// OutputCopies in transfer.ts), and the message says where it is (a slot). The host makes views of that memory
// (small objects, no external memory), sends them, and gives each range back once it is written
// (releaseShared).
// A sink that cannot take views of shared memory gets its own copies (ownShared). When the arena is
// full, outputs are transferred as before; while it is mostly in flight, a generator waits a little
// for room (ArenaWriter.room), which keeps a fast generator to the pace of its link.
// This file: the slot format both ends share; the worker's end is arena-writer.ts, the host's
// arena-reader.ts.

/** Size of a worker's arena. Only the pages outputs touch become resident. */
export const ARENA_BYTES = 32 * 1024 * 1024;
/**
 * Outputs below this many bytes are transferred, as before. A small frame makes little garbage in
 * the host, and through the arena it costs a copy and a message back. 20 tabs streaming 160x120
 * (77 KB frames) measured 0.47 and 0.44 of the floor through the arena, 0.66, 0.61 and 0.46
 * transferred: not conclusive, so the arena is kept to what it was measured for (1 MiB frames; a
 * 640x480 camera frame is 450 KiB as I420).
 */
export const MIN_BYTES = 256 * 1024;
/** A generator waits while more than this much of the arena is in flight... */
export const HIGH_WATER = ARENA_BYTES / 2;
/** ...but no longer than this for room: a host that does not give memory back does not stop fn. */
export const ROOM_WAIT_MS = 1000;

export const KINDS = { Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array } as const;
export type Kind = keyof typeof KINDS;
export type View = InstanceType<(typeof KINDS)[Kind]>;
export type ViewOf = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => View;

/** Where an output's bytes are in the arena, in place of the typed array (what crosses the thread). */
export interface Slot {
  $liveInterfaceArena: number;
  length: number;
  kind: Kind;
}

export const isSlot = (v: unknown): v is Slot => typeof v === "object" && v !== null && typeof (v as Slot).$liveInterfaceArena === "number" && (v as Slot).kind in KINDS;
export const kindOf = (v: ArrayBufferView): Kind | undefined => {
  const name = v.constructor.name;
  return name in KINDS ? (name as Kind) : undefined;
};
export const align8 = (n: number) => (n + 7) & ~7;

/** `value` with each typed array (or slot) replaced by `swap(it)`, or the same value when none is. */
export function mapViews(value: unknown, swap: (v: ArrayBufferView | Slot) => unknown): unknown {
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

/** The typed arrays in `value` (a run's output values): those a row that is not sent took. */
export function viewsIn(value: unknown): ArrayBufferView[] {
  const views: ArrayBufferView[] = [];
  mapViews(value, (v) => {
    if (ArrayBuffer.isView(v)) views.push(v);
    return v;
  });
  return views;
}
