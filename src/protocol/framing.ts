// Binary framing for the WebSocket: one ws binary frame per message (or per array of messages: outbox.ts).
//
//   [u32 LE: JSON byte length][u32: payload count n][n x u32: payload byte lengths][JSON, UTF-8]
//   [pad to 8][payload 0][pad to 8][payload 1]...
//
// Typed arrays and ArrayBuffers anywhere in the message are lifted out of the JSON and travel as raw
// bytes; in the JSON they are replaced by {"$bin": index, "$t": "Float32Array"}. Payloads start on
// 8-byte boundaries so the receiver can view them in place (no copy) as any typed array.

const TYPED = {
  Uint8Array,
  Uint8ClampedArray,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;

interface BinRef {
  $bin: number;
  $t: TypedName | "ArrayBuffer";
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const align8 = (n: number) => (n + 7) & ~7;

/**
 * A message as one frame, in one buffer; or, once the frame comes to `fragmentFrom` bytes, as the
 * pieces that make it, in order: the head (lengths, JSON, padding), then each payload as it is (a
 * view on the caller's bytes, not a copy), each followed by its padding. A sender that can write one
 * message in fragments (ws on the host) sends the pieces as they are and saves copying large
 * payloads into a frame.
 */
export function encodeFrameParts(message: unknown, fragmentFrom = Infinity): Uint8Array[] {
  const payloads: Uint8Array[] = [];
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (value instanceof ArrayBuffer) {
      payloads.push(new Uint8Array(value));
      return { $bin: payloads.length - 1, $t: "ArrayBuffer" } satisfies BinRef;
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const name = value.constructor.name as TypedName;
      if (!(name in TYPED)) throw new TypeError(`cannot send ${name}`);
      payloads.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return { $bin: payloads.length - 1, $t: name } satisfies BinRef;
    }
    return value;
  });
  const header = encoder.encode(json);
  const tableEnd = 8 + 4 * payloads.length;
  const headBytes = align8(tableEnd + header.byteLength);
  let size = headBytes;
  for (const p of payloads) size = align8(size + p.byteLength);
  const whole = size < fragmentFrom;
  const first = new Uint8Array(whole ? size : headBytes);
  const view = new DataView(first.buffer);
  view.setUint32(0, header.byteLength, true);
  view.setUint32(4, payloads.length, true);
  first.set(header, tableEnd);
  const parts: Uint8Array[] = [first];
  let offset = headBytes;
  payloads.forEach((p, i) => {
    view.setUint32(8 + 4 * i, p.byteLength, true);
    const pad = align8(p.byteLength) - p.byteLength;
    if (whole) first.set(p, offset);
    else {
      parts.push(p);
      if (pad > 0) parts.push(new Uint8Array(pad));
    }
    offset += p.byteLength + pad;
  });
  return parts;
}

export const encodeFrame = (message: unknown): Uint8Array => encodeFrameParts(message)[0]!;

/** Decodes a frame; typed arrays are views on `frame`'s buffer (no copy). Throws on malformed input. */
export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 8) throw new Error("frame too short");
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = view.getUint32(0, true);
  const count = view.getUint32(4, true);
  const tableEnd = 8 + 4 * count;
  if (tableEnd + headerLength > frame.byteLength) throw new Error("frame header out of range");
  const json = decoder.decode(frame.subarray(tableEnd, tableEnd + headerLength));
  const payloads: Uint8Array[] = [];
  let offset = align8(tableEnd + headerLength);
  for (let i = 0; i < count; i++) {
    const length = view.getUint32(8 + 4 * i, true);
    if (offset + length > frame.byteLength) throw new Error("frame payload out of range");
    payloads.push(frame.subarray(offset, offset + length));
    offset = align8(offset + length);
  }
  return JSON.parse(json, (_key, value: unknown) => {
    if (!isBinRef(value)) return value;
    const bytes = payloads[value.$bin];
    if (!bytes) throw new Error(`frame has no payload ${value.$bin}`);
    // Copies are made with `new Uint8Array(bytes)`: on a Node Buffer, `slice()` is a view (its `.buffer`
    // would be the whole socket chunk or pool), not a copy.
    if (value.$t === "ArrayBuffer") return new Uint8Array(bytes).buffer;
    const Ctor = TYPED[value.$t];
    if (!Ctor) throw new Error(`unknown payload type ${value.$t}`);
    const absolute = bytes.byteOffset;
    // Aligned in the frame, but the frame itself may sit at any offset in its buffer: copy if needed.
    if (absolute % Ctor.BYTES_PER_ELEMENT !== 0) {
      return new Ctor(new Uint8Array(bytes).buffer);
    }
    return new Ctor(bytes.buffer as ArrayBuffer, absolute, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
  });
}

function isBinRef(value: unknown): value is BinRef {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.$bin === "number" && typeof v.$t === "string" && Object.keys(v).length === 2;
}
