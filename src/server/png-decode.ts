// A PNG decoder for images sent to the HTTP API and MCP tools (Image inputs take RGBA pixels): every
// colour type at 8 bits (16 bits keep their high byte), palettes with transparency, all five row
// filters. Interlaced PNGs are refused with a message (rare, and the encoder at hand can redo them).
import { inflateSync } from "node:zlib";
import { MAX_MEDIA_BYTES, type ImageFrame } from "../protocol/messages";

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Samples per pixel, by colour type: grey, -, RGB, palette, grey+alpha, -, RGBA. */
const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export const isPng = (bytes: Uint8Array) => SIGNATURE.every((b, i) => bytes[i] === b);

/** The RGBA pixels of a PNG file, or what is wrong with it. */
export function decodePng(bytes: Uint8Array): ImageFrame | string {
  if (!isPng(bytes)) return "a PNG image";
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: { width: number; height: number; depth: number; type: number; interlace: number } | undefined;
  let palette: Uint8Array | undefined;
  let alpha: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const size = v.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + size);
    if (type === "IHDR") header = { width: v.getUint32(at + 8), height: v.getUint32(at + 12), depth: body[8]!, type: body[9]!, interlace: body[12]! };
    else if (type === "PLTE") palette = body;
    else if (type === "tRNS") alpha = body;
    else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    at += 12 + size;
  }
  if (!header) return "a PNG image with a header";
  const { width, height, depth, type, interlace } = header;
  const samples = SAMPLES[type];
  if (samples === undefined || !(depth === 8 || depth === 16 || (type === 3 && depth <= 8))) return `a PNG of 8 or 16 bits per sample (this one: colour type ${type}, ${depth} bits)`;
  if (interlace !== 0) return "a PNG that is not interlaced";
  if (width * height * 4 > MAX_MEDIA_BYTES) return `an image of at most ${MAX_MEDIA_BYTES / 2 ** 20} MiB as RGBA (this one is ${width}x${height})`;
  if (type === 3 && !palette) return "a palette PNG with its palette";
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch (e) {
    return `a PNG whose image data can be read (${(e as Error).message})`;
  }
  const bitsPerPixel = samples * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel / 8);
  if (raw.length < (stride + 1) * height) return "a complete PNG (its image data is cut short)";
  const rows = unfilter(raw, stride, height, bpp);
  if (typeof rows === "string") return rows;
  const out = new Uint8ClampedArray(width * height * 4);
  const step = depth === 16 ? 2 : 1;
  for (let y = 0; y < height; y++) {
    const row = rows.subarray(y * stride, (y + 1) * stride);
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (type === 3) {
        const perByte = 8 / depth;
        const index = (row[Math.floor(x / perByte)]! >> ((perByte - 1 - (x % perByte)) * depth)) & ((1 << depth) - 1);
        out.set(palette!.subarray(index * 3, index * 3 + 3), o);
        out[o + 3] = alpha && index < alpha.length ? alpha[index]! : 255;
        continue;
      }
      const s = (k: number) => row[(x * samples + k) * step]!;
      const [r, g, b, a] = type === 0 ? [s(0), s(0), s(0), 255] : type === 4 ? [s(0), s(0), s(0), s(1)] : type === 2 ? [s(0), s(1), s(2), 255] : [s(0), s(1), s(2), s(3)];
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = a;
    }
  }
  return { width, height, data: out };
}

/** Reverses PNG's per-row filters (none, sub, up, average, Paeth): the rows' bytes without filter bytes. */
function unfilter(raw: Uint8Array, stride: number, height: number, bpp: number): Uint8Array | string {
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const at = y * stride;
    for (let i = 0; i < stride; i++) {
      const left = i >= bpp ? rows[at + i - bpp]! : 0;
      const up = y > 0 ? rows[at - stride + i]! : 0;
      const corner = y > 0 && i >= bpp ? rows[at - stride + i - bpp]! : 0;
      let value: number;
      if (filter === 0) value = src[i]!;
      else if (filter === 1) value = src[i]! + left;
      else if (filter === 2) value = src[i]! + up;
      else if (filter === 3) value = src[i]! + ((left + up) >> 1);
      else if (filter === 4) value = src[i]! + paeth(left, up, corner);
      else return `a PNG with known row filters (row ${y} has filter ${filter})`;
      rows[at + i] = value & 0xff;
    }
  }
  return rows;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
