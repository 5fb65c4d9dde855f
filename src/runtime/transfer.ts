// Buffers the runtime made itself (copies of fn's media results) may move to the host instead of
// being copied again. A buffer fn still holds is never transferred: that would empty it under fn.
import { buffersOf } from "../protocol/media";

const owned = new WeakSet<ArrayBuffer>();

/** Marks a buffer that nobody but the message it travels in refers to. */
export function markTransferable<T extends ArrayBufferView>(view: T): T {
  if (view.buffer instanceof ArrayBuffer) owned.add(view.buffer);
  return view;
}

/** The transfer list for a message: the marked buffers it holds. */
export function transferList(value: unknown): ArrayBuffer[] {
  return buffersOf(value).filter((b) => owned.has(b));
}

/** The transfer list of a worker's message to the host: the marked buffers of its outputs. */
export function transferOfMessage(msg: { type: string; values?: unknown; last?: { values: unknown } }): ArrayBuffer[] {
  if (msg.type === "output") return transferList(msg.values);
  if (msg.type === "done" && msg.last) return transferList(msg.last.values);
  return [];
}

export type CopyKind = Uint8ArrayConstructor | Uint8ClampedArrayConstructor | Float32ArrayConstructor;

/** Where a runtime worker puts the copies its arena can take (output-arena.ts, ArenaWriter). */
export interface CopyTarget {
  /** A copy of `bytes` as `kind` in shared memory, or undefined (small, or no room). */
  copy<C extends CopyKind>(bytes: Uint8Array, kind: C): InstanceType<C> | undefined;
  /** Takes back copies that will not be sent after all. */
  discard(copies: ArrayBufferView[]): void;
}

/**
 * The copies of fn's media made for one run's outputs. With a target (a runtime worker's arena,
 * for outputs it sends at once) large copies go there, so the bytes are copied once on their way to
 * the host instead of twice; if making the outputs fails, `discard` takes them back. Without one
 * (a config's default values, an in-process run) every copy is a buffer of its own.
 */
export class OutputCopies {
  private readonly placed: ArrayBufferView[] = [];

  constructor(private readonly target?: CopyTarget) {}

  /**
   * A copy of fn's bytes as `kind`, for a message to take: fn may reuse its buffer once it returns
   * or yields. A byte copy, not `slice()`: on a Node Buffer that is a view of the same memory (often
   * Node's shared pool, which cannot be transferred).
   */
  copy<C extends CopyKind>(view: ArrayBufferView, kind: C): InstanceType<C> {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const placed = this.target?.copy(bytes, kind);
    if (placed) {
      this.placed.push(placed);
      return placed;
    }
    const copy = new kind(view.byteLength / kind.BYTES_PER_ELEMENT) as InstanceType<C>;
    new Uint8Array(copy.buffer).set(bytes);
    return markTransferable(copy);
  }

  /** Takes back the copies placed in the target: the outputs they were for will not be sent. */
  discard(): void {
    if (this.placed.length > 0) this.target?.discard(this.placed.splice(0));
  }
}
