// Checks and helpers for image frames and audio chunks as they travel (wire form), shared by the
// host (size caps, audio accumulation), the runtime (component conversion) and the UI.
import { MAX_MEDIA_BYTES, type AudioChunk, type EncodedMedia, type ImageFrame, type YuvFrame } from "./messages";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const isSize = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 16384;

/** Bytes of an I420 frame: the Y plane and two chroma planes of half the width and height (rounded up). */
export const i420Bytes = (width: number, height: number) => width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);

/**
 * Why `v` is not a well-formed ImageFrame, or (with format "I420") a YuvFrame; undefined when it is
 * one. Caps its size.
 */
export function imageFrameProblem(v: unknown): string | undefined {
  if (!isObject(v) || !isSize(v.width) || !isSize(v.height)) return "an image frame { width, height, data }";
  if (v.format !== undefined) {
    if (v.format !== "I420") return `an image frame in RGBA or I420, not ${JSON.stringify(v.format)}`;
    const bytes = i420Bytes(v.width, v.height);
    if (bytes > MAX_MEDIA_BYTES) return `a frame of at most ${MAX_MEDIA_BYTES} bytes (this one is ${v.width}x${v.height}, ${bytes} bytes)`;
    if (!(v.data instanceof Uint8Array) || v.data.length !== bytes) return `I420 data of ${bytes} bytes as a Uint8Array`;
    return undefined;
  }
  const bytes = v.width * v.height * 4;
  if (bytes > MAX_MEDIA_BYTES) return `a frame of at most ${MAX_MEDIA_BYTES} bytes (this one is ${v.width}x${v.height}, ${bytes} bytes)`;
  if (!(v.data instanceof Uint8ClampedArray || v.data instanceof Uint8Array)) return "frame data as a Uint8ClampedArray (RGBA)";
  if (v.data.length !== bytes) return `RGBA data of width*height*4 = ${bytes} bytes, got ${v.data.length}`;
  return undefined;
}

/** Why `v` is not a well-formed AudioChunk (undefined when it is one). Caps its size. */
export function audioChunkProblem(v: unknown): string | undefined {
  if (!isObject(v) || typeof v.sampleRate !== "number" || !(v.sampleRate >= 3000 && v.sampleRate <= 384000)) {
    return "an audio chunk { sampleRate, channels, data }";
  }
  if (!Number.isInteger(v.channels) || (v.channels as number) < 1 || (v.channels as number) > 8) return "1 to 8 audio channels";
  if (!(v.data instanceof Float32Array)) return "audio data as a Float32Array";
  if (v.data.byteLength > MAX_MEDIA_BYTES) return `audio of at most ${MAX_MEDIA_BYTES} bytes (this chunk is ${v.data.byteLength} bytes)`;
  if (v.data.length % (v.channels as number) !== 0) return "interleaved samples: a length that is a multiple of channels";
  return undefined;
}

/** Why `v` is not encoded media { mime, bytes } (undefined when it is). */
export function encodedProblem(v: unknown, kind: "image" | "audio" | "video"): string | undefined {
  if (!isObject(v) || typeof v.mime !== "string" || !v.mime.startsWith(`${kind}/`) || !(v.bytes instanceof Uint8Array)) {
    return `encoded ${kind} { mime: "${kind}/...", bytes: Uint8Array }`;
  }
  if (v.bytes.byteLength > MAX_MEDIA_BYTES) return `at most ${MAX_MEDIA_BYTES} bytes of ${kind} (got ${v.bytes.byteLength})`;
  return undefined;
}

export const isEncoded = (v: unknown): v is EncodedMedia => isObject(v) && typeof v.mime === "string" && "bytes" in v;
export const isImageFrame = (v: unknown): v is ImageFrame => imageFrameProblem(v) === undefined && (v as { format?: string }).format === undefined;
export const isYuvFrame = (v: unknown): v is YuvFrame => imageFrameProblem(v) === undefined && (v as { format?: string }).format === "I420";
export const isAudioChunk = (v: unknown): v is AudioChunk => audioChunkProblem(v) === undefined;

/** An audio chunk with no samples. */
export const emptyAudio = (sampleRate = 48000, channels = 1): AudioChunk => ({ sampleRate, channels, data: new Float32Array(0) });

/** Chunks of one stream joined into one (all share the first chunk's rate and channels). */
export function concatAudio(chunks: AudioChunk[]): AudioChunk {
  const first = chunks[0];
  if (!first) return emptyAudio();
  const data = new Float32Array(chunks.reduce((n, c) => n + c.data.length, 0));
  let offset = 0;
  for (const c of chunks) {
    data.set(c.data, offset);
    offset += c.data.length;
  }
  return { sampleRate: first.sampleRate, channels: first.channels, data };
}

/** The buffers of every typed array in `value`, for a transfer list (each buffer once). */
export function buffersOf(value: unknown, into = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) into.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) buffersOf(v, into);
  } else if (isObject(value)) {
    for (const v of Object.values(value)) buffersOf(v, into);
  }
  return [...into];
}

/** A decoded upload's problem (from the checks above) as words for the user, the cap in MiB. */
export function uploadProblem(problem: string | undefined): string | undefined {
  return problem && `it must be ${problem.replace(`${MAX_MEDIA_BYTES} bytes`, `${MAX_MEDIA_BYTES / 2 ** 20} MiB`)}`;
}
