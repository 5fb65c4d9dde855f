// Values between JSON (the HTTP API, MCP tools) and their wire form (what sessions and the runtime
// take): media travel as data URLs or base64 in JSON, as pixels, samples or bytes on the wire.
import { isEncoded, isYuvFrame } from "../protocol/media";
import { MAX_MEDIA_BYTES, type AudioChunk, type ComponentSpec, type EncodedMedia, type ImageFrame, type InterfaceConfig, type Wire, type YuvFrame } from "../protocol/messages";
import { decodeWav, encodeWav } from "../protocol/wav";
import { i420ToRgba } from "../protocol/yuv";
import { encodePng } from "../runtime/png";
import { parameters } from "./json-schema";
import { decodePng } from "./png-decode";

/** Bytes with their type: a file, or an encoded picture or sound. */
export interface Media {
  mime: string;
  bytes: Uint8Array;
}

/** A value that cannot become an input: what is wrong, naming the input. */
export class InputError extends Error {}

/** A data URL's or plain base64's bytes (and the data URL's type), or why not. */
export function decodeBase64(text: string): { mime?: string; bytes: Uint8Array } | string {
  const url = /^data:([^;,]*)((?:;[^;,]*)*),/.exec(text);
  const body = url ? text.slice(url[0].length) : text;
  if (url && !/;base64$/i.test(url[2]!)) return { mime: url[1] || undefined, bytes: Buffer.from(decodeURIComponent(body), "utf8") };
  if (!/^[A-Za-z0-9+/_\s-]*={0,2}\s*$/.test(body)) return "a data URL (data:<type>;base64,…) or base64 text";
  const bytes = Buffer.from(body, "base64");
  if (bytes.byteLength > MAX_MEDIA_BYTES) return `at most ${MAX_MEDIA_BYTES / 2 ** 20} MiB (got ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB)`;
  return { mime: url?.[1] || undefined, bytes };
}

export const dataUrl = (m: Media) => `data:${m.mime};base64,${Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength).toString("base64")}`;

/** The wire value of input `spec` from its JSON (or a multipart upload's bytes); throws InputError. */
export function inputFromJson(spec: ComponentSpec, json: unknown): Wire {
  const fail = (what: string): never => {
    throw new InputError(`Input "${spec.label}" (${spec.type}) must be ${what}.`);
  };
  const bytesOf = (v: unknown, what: string): { mime?: string; bytes: Uint8Array } => {
    if (isMedia(v)) return v;
    if (typeof v !== "string") return fail(what);
    const decoded = decodeBase64(v);
    return typeof decoded === "string" ? fail(`${what}: ${decoded}`) : decoded;
  };
  if (json === null || json === undefined) return spec.type === "file" && spec.props.multiple === true ? [] : null;
  switch (spec.type) {
    case "image": {
      const { bytes } = bytesOf(json, "a PNG image as a data URL or base64");
      const frame = decodePng(bytes);
      return typeof frame === "string" ? fail(frame === "a PNG image" ? "a PNG image (other formats are not decoded here: convert it to PNG)" : frame) : frame;
    }
    case "audio": {
      const { bytes } = bytesOf(json, "a WAV file as a data URL or base64");
      const chunk = decodeWav(bytes);
      return typeof chunk === "string" ? fail(chunk) : chunk;
    }
    case "video": {
      const { mime, bytes } = bytesOf(json, "a video file as a data URL or base64");
      return { mime: mime?.startsWith("video/") ? mime : sniffVideo(bytes), bytes };
    }
    case "file": {
      const one = (f: unknown, i: number) => {
        const o = f as { name?: unknown; data?: unknown; mime?: unknown; bytes?: unknown };
        if (typeof o !== "object" || o === null || typeof o.name !== "string") return fail(`files { name, data } (file ${i} is not)`);
        const { mime, bytes } = isMedia(o) ? o : bytesOf(o.data, `files { name, data } whose data is a data URL or base64 (file ${i} is not)`);
        return { name: o.name, mime: typeof o.mime === "string" ? o.mime : (mime ?? "application/octet-stream"), bytes };
      };
      if (spec.props.multiple === true) return Array.isArray(json) ? json.map(one) : fail("an array of files { name, data }");
      return Array.isArray(json) ? fail("one file { name, data }, not an array") : one(json, 0);
    }
    default:
      return json;
  }
}

const isMedia = (v: unknown): v is Media & { name?: string } => typeof v === "object" && v !== null && (v as Media).bytes instanceof Uint8Array;

/** MP4 and WebM by their first bytes; otherwise a generic video type. */
function sniffVideo(bytes: Uint8Array): string {
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return "video/webm";
  if (String.fromCharCode(...bytes.subarray(4, 8)) === "ftyp") return "video/mp4";
  return "video/mp4";
}

/**
 * A call's wire values from its JSON inputs: an object by input name (see json-schema.ts), or an array
 * in input order. Inputs left out take their initial value; State inputs take none. Throws InputError.
 */
export function callValues(config: InterfaceConfig, json: unknown): Wire[] {
  const params = parameters(config.inputs, "input");
  const values: Wire[] = config.inputs.map((spec) => (spec.type === "state" ? null : initialValue(spec)));
  if (Array.isArray(json)) {
    if (json.length > params.length) throw new InputError(`The interface takes ${params.length} inputs (${params.map((p) => p.name).join(", ")}), got ${json.length}.`);
    json.forEach((v, i) => (values[params[i]!.index] = inputFromJson(params[i]!.spec, v)));
    return values;
  }
  if (typeof json !== "object" || json === null) throw new InputError(`The inputs must be a JSON object with ${params.length ? params.map((p) => `"${p.name}"`).join(", ") : "no properties"} (or an array in that order).`);
  const byName = new Map(params.map((p) => [p.name, p]));
  for (const [name, v] of Object.entries(json)) {
    const p = byName.get(name);
    if (!p) throw new InputError(`There is no input "${name}": the inputs are ${params.map((q) => `"${q.name}"`).join(", ") || "none"}.`);
    values[p.index] = inputFromJson(p.spec, v);
  }
  return values;
}

/** An input's initial value (what the page starts with), in the form a call takes. */
function initialValue(spec: ComponentSpec): Wire {
  const v = spec.value as { width?: number; data?: { length: number } } | null;
  // An empty picture or recording is "none".
  if ((spec.type === "image" && v?.width === 0) || (spec.type === "audio" && v?.data?.length === 0)) return null;
  return spec.value;
}

/** The bytes and type of a media output's value (images as PNG, audio as WAV), or undefined for none. */
export function outputMedia(spec: ComponentSpec, wire: Wire): Media | undefined {
  if (wire === null || wire === undefined) return undefined;
  if (isEncoded(wire)) return { mime: wire.mime, bytes: wire.bytes };
  if (spec.type === "image" || spec.type === "video" || spec.type === "gallery") {
    const f = wire as ImageFrame | YuvFrame;
    if (typeof f.width !== "number") return undefined;
    const rgba = isYuvFrame(f) ? i420ToRgba(f) : (f as ImageFrame);
    return { mime: "image/png", bytes: encodePng(rgba) };
  }
  if (spec.type === "audio") return { mime: "audio/wav", bytes: encodeWav(wire as AudioChunk) };
  return undefined;
}

/** An output's wire value as JSON: media as data URLs, the rest as it is. */
export function outputToJson(spec: ComponentSpec, wire: Wire): unknown {
  if (wire === undefined) return null;
  switch (spec.type) {
    case "image":
    case "audio":
    case "video": {
      const m = outputMedia(spec, wire);
      return m ? dataUrl(m) : null;
    }
    case "file":
      return (wire as (EncodedMedia & { name: string })[]).map((f) => ({ name: f.name, mime: f.mime, data: dataUrl(f) }));
    case "gallery":
      return (wire as { image: Wire; caption: string | null }[]).map((item) => {
        const m = outputMedia(spec, item.image);
        return { image: m ? dataUrl(m) : null, caption: item.caption };
      });
    default:
      return wire;
  }
}

/** A call's outputs as JSON, by output name. */
export function outputsToJson(config: InterfaceConfig, outputs: readonly Wire[]): Record<string, unknown> {
  return Object.fromEntries(parameters(config.outputs, "output").map((p) => [p.name, outputToJson(p.spec, outputs[p.index])]));
}
