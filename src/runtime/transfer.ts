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
