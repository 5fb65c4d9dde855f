// Input values from code (the Node client, the HTTP API, MCP tools) checked against the interface's
// components before a run takes its place in the line: a value out of range, not among the choices,
// or of the wrong type is refused with the input's name and what it allows. Components' preprocess
// bends some values to fit (a Slider clamps what a page's rounding puts past its ends): a program
// asking for 150000 on a 0-100000 slider must hear so, not get the answer for 100000.
import { audioChunkProblem, encodedProblem, imageFrameProblem } from "../protocol/media";
import type { ComponentSpec, InterfaceConfig, Wire } from "../protocol/messages";
import { describe } from "./components/component";

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** The choices of a Radio, Dropdown or CheckboxGroup: their values. */
export function choiceValues(spec: ComponentSpec): (string | number)[] {
  if (spec.type !== "radio" && spec.type !== "dropdown" && spec.type !== "checkboxgroup") return [];
  const pairs = spec.props.choices;
  return Array.isArray(pairs) ? pairs.map((p) => (Array.isArray(p) ? p[1] : p) as string | number) : [];
}

/** A slider's range: its props (sliders always carry both ends); a number's, where set. */
export function numberRange(spec: ComponentSpec): { minimum?: number; maximum?: number } {
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  if (spec.type === "slider") return { minimum: n(spec.props.minimum) ?? 0, maximum: n(spec.props.maximum) ?? 100 };
  return spec.type === "number" ? { minimum: n(spec.props.minimum), maximum: n(spec.props.maximum) } : {};
}

/**
 * The number takes whole numbers only: precision 0, or a slider whose steps from a whole minimum are
 * whole (its page can give nothing else).
 */
export function wholeNumbers(spec: ComponentSpec): boolean {
  const whole = (v: unknown) => typeof v === "number" && Number.isInteger(v);
  return (spec.type === "number" && spec.props.precision === 0) || (spec.type === "slider" && whole(spec.props.step) && whole(numberRange(spec).minimum));
}

/** What input `spec` allows, in words ("a number from 0 to 100"), or undefined where it takes anything. */
export function allowedValues(spec: ComponentSpec): string | undefined {
  const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");
  switch (spec.type) {
    case "slider":
    case "number": {
      const { minimum, maximum } = numberRange(spec);
      const a = wholeNumbers(spec) ? "a whole number" : "a number";
      if (minimum !== undefined && maximum !== undefined) return `${a} from ${minimum} to ${maximum}`;
      if (minimum !== undefined) return `${a} of at least ${minimum}`;
      if (maximum !== undefined) return `${a} of at most ${maximum}`;
      return a;
    }
    case "textbox":
    case "code":
    case "markdown":
    case "html": {
      const max = spec.type === "textbox" ? spec.props.maxLength : undefined;
      return typeof max === "number" ? `a string of at most ${max} characters` : "a string";
    }
    case "checkbox":
      return "true or false";
    case "radio":
      return `one of ${list(choiceValues(spec))} (or null)`;
    case "dropdown":
      return spec.props.allowCustomValue === true ? `a string or number, such as ${list(choiceValues(spec))} (or null)` : `one of ${list(choiceValues(spec))} (or null)`;
    case "checkboxgroup":
      return `an array of ${list(choiceValues(spec))}`;
    case "colorpicker":
      return 'a color like "#ff8800"';
    case "image":
      return "an image frame { width, height, data } (RGBA), or null";
    case "audio":
      return "an audio chunk { sampleRate, channels, data } (Float32Array), or null";
    case "video":
      return 'a video { mime: "video/...", bytes }, or null';
    case "file":
      return spec.props.multiple === true ? "an array of files { name, mime, bytes }" : "a file { name, mime, bytes }, or null";
    case "dataframe":
      return "a table { headers, data: rows }";
    default:
      return undefined;
  }
}

/** Why `value` is not one input `spec` could get from its page, or undefined when it is one. */
function problem(spec: ComponentSpec, value: Wire): string | undefined {
  const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  switch (spec.type) {
    case "slider":
    case "number": {
      if (spec.type === "number" && value === null) return undefined; // an empty number field
      if (!isNumber(value)) return "wrong type";
      if (wholeNumbers(spec) && !Number.isInteger(value)) return "not a whole number";
      const { minimum, maximum } = numberRange(spec);
      return (minimum !== undefined && value < minimum) || (maximum !== undefined && value > maximum) ? "out of range" : undefined;
    }
    case "textbox":
    case "code":
    case "markdown":
    case "html": {
      if (typeof value !== "string") return "wrong type";
      const max = spec.type === "textbox" ? spec.props.maxLength : undefined;
      return typeof max === "number" && value.length > max ? `too long (${value.length} characters)` : undefined;
    }
    case "checkbox":
      return typeof value === "boolean" ? undefined : "wrong type";
    case "radio":
    case "dropdown": {
      if (value === null || choiceValues(spec).includes(value as string | number)) return undefined;
      const custom = spec.type === "dropdown" && spec.props.allowCustomValue === true;
      return custom && (typeof value === "string" || isNumber(value)) ? undefined : "not one of the choices";
    }
    case "checkboxgroup": {
      if (!Array.isArray(value)) return "wrong type";
      const choices = choiceValues(spec);
      const bad = value.find((v) => !choices.includes(v as string | number));
      return bad === undefined ? undefined : `${describe(bad)} is not one of the choices`;
    }
    case "colorpicker":
      return typeof value === "string" && HEX_COLOR.test(value) ? undefined : "wrong type";
    case "image":
      return value === null ? undefined : imageFrameProblem(value) && `not ${imageFrameProblem(value)}`;
    case "audio":
      return value === null ? undefined : audioChunkProblem(value) && `not ${audioChunkProblem(value)}`;
    case "video":
      return value === null ? undefined : encodedProblem(value, "video") && "wrong type";
    case "file": {
      const files = Array.isArray(value) ? value : value === null ? [] : [value];
      if (Array.isArray(value) !== (spec.props.multiple === true) && value !== null) return spec.props.multiple === true ? "not an array of files" : "an array, for a single file";
      const bad = files.findIndex((f) => typeof (f as { name?: unknown })?.name !== "string" || !((f as { bytes?: unknown }).bytes instanceof Uint8Array));
      return bad < 0 ? undefined : `file ${bad} is not { name, mime, bytes }`;
    }
    case "dataframe":
      return typeof value === "object" && value !== null && Array.isArray((value as { data?: unknown }).data) ? undefined : "wrong type";
    default:
      return undefined; // json, state, and output-only kinds: the component's own check decides
  }
}

/** "Input "a" (slider) must be a number from 0 to 100: got number 150000 (out of range)." */
export function inputProblem(spec: ComponentSpec, value: Wire): string | undefined {
  const why = problem(spec, value);
  if (why === undefined) return undefined;
  const allowed = allowedValues(spec);
  const got = ["wrong type", "out of range", "not one of the choices", "not a whole number"].includes(why) ? `${describe(value)} (${why})` : `${describe(value)}: ${why}`;
  return `Input "${spec.label}" (${spec.type}) must be ${allowed ?? "another value"}; got ${got}.`;
}

/**
 * Why `values` cannot run the interface `config` (how many there are, or the first input that does not
 * take its value), or undefined when they can.
 */
export function callProblem(config: InterfaceConfig, values: readonly Wire[]): string | undefined {
  const { inputs } = config;
  // State inputs take no value from the caller (the session holds theirs): they may be left out at the end.
  if (values.length > inputs.length || inputs.slice(values.length).some((c) => c.type !== "state")) {
    const names = inputs.map((c) => `"${c.label}"`).join(", ");
    return `The interface takes ${inputs.length} input value${inputs.length === 1 ? "" : "s"}${inputs.length ? ` (${names})` : ""}, got ${values.length}.`;
  }
  for (let i = 0; i < inputs.length; i++) {
    const p = inputProblem(inputs[i]!, values[i]);
    if (p) return p;
  }
  return undefined;
}
