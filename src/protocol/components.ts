// The component registry: every component type and the props its spec carries to the page. The
// runtime's components build their specs against it (runtime/components), the page picks a view by
// it (webview/views/index.ts): a type missing on either side does not compile. Props are JSON as
// they travel (optional fields may be absent); the views fill in what is left out once, per type
// (webview/views/props.ts).
import type { CameraRequest, MicrophoneRequest } from "./devices";
import type { Wire } from "./messages";
import type { TurnSettings } from "./turns";

/** Props every component may carry. */
export interface CommonProps {
  /** A line of help under the label. */
  info?: string;
}

/** A choice of Radio, Dropdown and CheckboxGroup: [display text, value]. */
export type ChoicePair = [display: string, value: string | number];

export interface TextboxProps {
  /** Visible lines; more than 1 is a multi-line text area. */
  lines: number;
  placeholder?: string;
  maxLength?: number;
}

export interface NumberProps {
  minimum?: number;
  maximum?: number;
  /** Decimal places values are rounded to. */
  precision?: number;
  step?: number;
}

export interface ChoiceProps {
  choices: ChoicePair[];
}

export interface DropdownProps extends ChoiceProps {
  /** Values typed by the user that are not among the choices are accepted. */
  allowCustomValue: boolean;
}

export interface CodeProps {
  /** Language name for display, e.g. "typescript". */
  language?: string;
  lines: number;
}

export interface ImageProps {
  /** Where an input image comes from: a file, the camera. */
  sources: ("webcam" | "upload")[];
  /** In a live interface: the camera streams frames to fn while it records. */
  streaming: boolean;
  /** Seconds between frames sent while streaming (else the interface's). */
  streamEvery?: number;
  /** The camera preview is shown mirrored (display only). */
  mirrorPreview: boolean;
  /** What to ask of the camera (Webcam's width, height, fps, facingMode). */
  camera?: CameraRequest;
}

export interface AudioProps {
  /** Where input audio comes from: a file, the microphone. */
  sources: ("microphone" | "upload")[];
  /** Input: the microphone streams to fn while it records. Output: yielded chunks play gaplessly. */
  streaming: boolean;
  /** Output: plays as soon as audio arrives. */
  autoplay: boolean;
  /** Seconds between chunks sent while streaming (else the interface's). */
  streamEvery?: number;
  /** Input: the rate (Hz) the page records at. */
  sampleRate?: number;
  /** What to ask of the microphone (Microphone's channels, echoCancellation...). */
  microphone?: MicrophoneRequest;
  /** Voice turns (a streaming microphone): fn runs once per utterance. */
  turns?: TurnSettings;
}

export interface PlotProps {
  width?: number;
  height?: number;
}

export interface HighlightedTextProps {
  /** CSS colors by category; others get a color from a fixed palette. */
  colorMap?: Record<string, string>;
  showLegend: boolean;
}

export interface DataframeProps {
  /** As an input, the cells can be edited (absent: they can). */
  editable?: boolean;
  datatype?: ("str" | "number" | "bool")[];
}

export interface FileProps {
  /** Accepted types, as in <input accept>. */
  fileTypes?: string[];
  multiple: boolean;
}

export interface GalleryProps {
  /** Pictures per row. */
  columns: number;
}

interface VideoCommonProps {
  /** Input: a file, a recording from the camera. */
  sources: ("upload" | "webcam")[];
  autoplay: boolean;
  loop: boolean;
}

/** A Video plays a file, or (an output with `streaming`) a stream of frames at `fps` when they carry no timestamp. */
export type VideoProps = (VideoCommonProps & { streaming?: undefined }) | (VideoCommonProps & { streaming: true; fps: number });

/** Components with no props of their own. */
export type NoProps = Record<never, never>;

/** The registry: component type -> the props of its spec. */
export interface ComponentProps {
  textbox: TextboxProps;
  number: NumberProps;
  slider: NumberProps;
  checkbox: NoProps;
  checkboxgroup: ChoiceProps;
  radio: ChoiceProps;
  dropdown: DropdownProps;
  colorpicker: NoProps;
  label: NoProps;
  json: NoProps;
  markdown: NoProps;
  html: NoProps;
  code: CodeProps;
  state: NoProps;
  image: ImageProps;
  audio: AudioProps;
  plot: PlotProps;
  highlightedtext: HighlightedTextProps;
  dataframe: DataframeProps;
  file: FileProps;
  gallery: GalleryProps;
  video: VideoProps;
}

export type ComponentType = keyof ComponentProps;

/** What the UI needs to draw one component of type T. */
export interface TypedSpec<T extends ComponentType> {
  /** Stable within one interface; unified interfaces share ids between inputs and outputs. */
  id: number;
  type: T;
  label: string;
  /** Initial value in wire form. */
  value: Wire;
  props: ComponentProps[T] & CommonProps;
}

/**
 * The spec of a component of one of the types T (default: any), as a union discriminated by `type`:
 * `if (spec.type === "image") spec.props.camera` is typed.
 */
export type ComponentSpec<T extends ComponentType = ComponentType> = { [K in T]: TypedSpec<K> }[T];

/** Every component type, for checks at run time. */
const TYPES: Record<ComponentType, true> = {
  textbox: true,
  number: true,
  slider: true,
  checkbox: true,
  checkboxgroup: true,
  radio: true,
  dropdown: true,
  colorpicker: true,
  label: true,
  json: true,
  markdown: true,
  html: true,
  code: true,
  state: true,
  image: true,
  audio: true,
  plot: true,
  highlightedtext: true,
  dataframe: true,
  file: true,
  gallery: true,
  video: true,
};

export const isComponentType = (type: unknown): type is ComponentType => typeof type === "string" && Object.hasOwn(TYPES, type);

/** A camera or microphone input that streams to fn (in a live interface) while it records. */
export function isStreamingInput(spec: ComponentSpec): spec is ComponentSpec<"image" | "audio"> {
  return (spec.type === "image" || spec.type === "audio") && spec.props.streaming === true;
}

/** A Video output that plays frames as fn yields them, instead of a file. */
export function isStreamedVideo(spec: ComponentSpec): spec is TypedSpec<"video"> & { props: { streaming: true; fps: number } } {
  return spec.type === "video" && spec.props.streaming === true;
}
