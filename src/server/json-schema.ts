// An interface's inputs and outputs as JSON Schema, from its components (ranges, choices, lengths,
// media types): what GET <interface>/api/info answers, what the API page shows, and each MCP tool's
// input schema. The values described are the JSON forms json-values.ts converts (media as data URLs).
import type { ComponentSpec, InterfaceConfig } from "../protocol/messages";
import { allowedValues, choiceValues, numberRange, wholeNumbers } from "../runtime/input-check";

import type { JsonSchema } from "../protocol/api";

export type { JsonSchema } from "../protocol/api";

/** A named value of the API: its property name, and the component it is. */
export interface Parameter {
  name: string;
  /** Its index among the interface's inputs (or outputs). */
  index: number;
  spec: ComponentSpec;
}

/**
 * Property names for components (inputs, or outputs): their labels as identifiers ("max tokens" ->
 * "max_tokens"), unique, State components left out (they take and give nothing through the API).
 */
export function parameters(specs: readonly ComponentSpec[], fallback: "input" | "output"): Parameter[] {
  const used = new Set<string>();
  const out: Parameter[] = [];
  specs.forEach((spec, index) => {
    if (spec.type === "state") return;
    const base = spec.label.trim().replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 48) || `${fallback}_${index + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    out.push({ name, index, spec });
  });
  return out;
}

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: "null" }] });

const media = (kind: "image" | "audio" | "video", mime: string, what: string): JsonSchema => ({
  type: "string",
  contentEncoding: "base64",
  contentMediaType: mime,
  description: `${what} as a data URL (data:${mime};base64,…) or plain base64`,
  "x-media": kind,
});

const CELL = { type: ["string", "number", "boolean", "null"] };
const TABLE: JsonSchema = {
  type: "object",
  properties: { headers: { type: "array", items: { type: "string" } }, data: { type: "array", items: { type: "array", items: CELL } } },
  required: ["data"],
};
const FILE: JsonSchema = {
  type: "object",
  properties: { name: { type: "string" }, data: { type: "string", contentEncoding: "base64", description: "the file's bytes: a data URL or plain base64" }, mime: { type: "string" } },
  required: ["name", "data"],
};
const FILE_OUT: JsonSchema = { type: "object", properties: { name: { type: "string" }, mime: { type: "string" }, data: { type: "string", description: "a data URL" } } };

/** The JSON Schema of the value an input takes. */
export function inputSchema(spec: ComponentSpec): JsonSchema {
  const about = { title: spec.label, ...(typeof spec.props.info === "string" ? { description: spec.props.info } : {}) };
  return { ...about, ...inputType(spec), ...withDescription(about.description, spec) };
}

/** The input's own description, with what it allows when the schema alone does not say it plainly. */
function withDescription(info: string | undefined, spec: ComponentSpec): JsonSchema {
  const media = spec.type === "image" || spec.type === "audio" || spec.type === "video" || spec.type === "file";
  if (media) return {};
  const allowed = allowedValues(spec);
  return allowed ? { description: info ? `${info} (${allowed})` : allowed.replace(/^./, (c) => c.toUpperCase()) } : {};
}

function inputType(spec: ComponentSpec): JsonSchema {
  const initial = defaultOf(spec);
  switch (spec.type) {
    case "slider":
    case "number": {
      const { minimum, maximum } = numberRange(spec);
      return { type: wholeNumbers(spec) ? "integer" : "number", ...(minimum !== undefined ? { minimum } : {}), ...(maximum !== undefined ? { maximum } : {}), ...initial };
    }
    case "textbox":
    case "code":
    case "markdown":
    case "html":
      return { type: "string", ...(spec.type === "textbox" && typeof spec.props.maxLength === "number" ? { maxLength: spec.props.maxLength } : {}), ...initial };
    case "checkbox":
      return { type: "boolean", ...initial };
    case "radio":
    case "dropdown":
      if (spec.type === "dropdown" && spec.props.allowCustomValue === true) return { type: ["string", "number", "null"], examples: choiceValues(spec), ...initial };
      return { enum: [...choiceValues(spec), null], ...initial };
    case "checkboxgroup":
      return { type: "array", items: { enum: choiceValues(spec) }, uniqueItems: true, ...initial };
    case "colorpicker":
      return { type: "string", pattern: "^#[0-9a-fA-F]{6}$", ...initial };
    case "image":
      return nullable(media("image", "image/png", "A PNG image"));
    case "audio":
      return nullable(media("audio", "audio/wav", "A WAV file"));
    case "video":
      return nullable(media("video", "video/mp4", "A video file (MP4, WebM…)"));
    case "file":
      return spec.props.multiple === true ? { type: "array", items: FILE } : nullable(FILE);
    case "dataframe":
      return { ...TABLE, ...initial };
    default:
      return { ...initial };
  }
}

/** The input's initial value as its default, where it is plain JSON. */
function defaultOf(spec: ComponentSpec): JsonSchema {
  const plain = (v: unknown): boolean => v === null || ["string", "number", "boolean"].includes(typeof v) || (Array.isArray(v) ? v.every(plain) : typeof v === "object" && v !== null && Object.values(v).every(plain));
  return plain(spec.value) ? { default: spec.value } : {};
}

/** The JSON Schema of the value an output gives. */
export function outputSchema(spec: ComponentSpec): JsonSchema {
  const title = { title: spec.label };
  switch (spec.type) {
    case "number":
    case "slider":
      return { ...title, type: ["number", "null"] };
    case "textbox":
    case "code":
    case "markdown":
    case "html":
    case "colorpicker":
      return { ...title, type: "string" };
    case "checkbox":
      return { ...title, type: "boolean" };
    case "radio":
    case "dropdown":
      return { ...title, enum: [...choiceValues(spec), null] };
    case "checkboxgroup":
      return { ...title, type: "array", items: { enum: choiceValues(spec) } };
    case "label":
      return {
        ...title,
        type: ["object", "null"],
        properties: { label: { type: "string" }, confidences: { type: "array", items: { type: "object", properties: { label: { type: "string" }, confidence: { type: "number" } } } } },
      };
    case "image":
      return { ...title, ...nullable(media("image", "image/png", "The image (PNG, or the encoding fn gave)")) };
    case "audio":
      return { ...title, ...nullable(media("audio", "audio/wav", "The audio (WAV, or the encoding fn gave)")) };
    case "video":
      return { ...title, ...nullable(media("video", "video/mp4", spec.props.streaming === true ? "The newest frame of the video stream (PNG or JPEG)" : "The video")) };
    case "file":
      return { ...title, type: "array", items: FILE_OUT };
    case "gallery":
      return { ...title, type: "array", items: { type: "object", properties: { image: { type: "string", description: "a data URL" }, caption: { type: ["string", "null"] } } } };
    case "highlightedtext":
      return { ...title, type: "array", items: { type: "array", prefixItems: [{ type: "string" }, { type: ["string", "null"] }] } };
    case "dataframe":
      return { ...title, ...TABLE };
    case "plot":
      return { ...title, type: ["object", "null"], description: "a Vega-Lite specification" };
    default:
      return { ...title };
  }
}

/** The schema of a call's JSON inputs: an object with a property per input. */
export function inputsSchema(config: InterfaceConfig): JsonSchema {
  const params = parameters(config.inputs, "input");
  return {
    type: "object",
    properties: Object.fromEntries(params.map((p) => [p.name, inputSchema(p.spec)])),
    // An input left out takes its initial value: required are only those without one to give.
    required: params.filter((p) => !("default" in inputSchema(p.spec)) && !["image", "audio", "video", "file"].includes(p.spec.type)).map((p) => p.name),
    additionalProperties: false,
  };
}

/** The schema of a call's JSON outputs: an object with a property per output. */
export function outputsSchema(config: InterfaceConfig): JsonSchema {
  const params = parameters(config.outputs, "output");
  return { type: "object", properties: Object.fromEntries(params.map((p) => [p.name, outputSchema(p.spec)])) };
}
