// What every component view provides, and the frame they share: the root element with its data-*
// test hooks, the visible label and the help text.
import type { ComponentSpec, ComponentType } from "../../src/protocol/components";
import type { TurnState, Wire } from "../../src/protocol/messages";
import type { CaptureMode } from "../boot";
import { h, uid } from "../dom";
import type { Memory } from "../memory";
import type { ViewProps } from "./props";
import "./view.css";

export type Role = "input" | "output";

export interface View {
  /** The component root: <div class="li-component" data-id data-type data-role>. */
  readonly element: HTMLElement;
  /** Shows a value in wire form; null/undefined shows the component empty. Never fires `changed`. */
  setValue(wire: Wire): void;
  /** The value the user set, in wire form (inputs). */
  getValue(): Wire;
  /** Appends text to what is shown (text streamed from generators). */
  setAppend?(text: string): void;
  /** The user pressed Stop: end what plays (queued audio) at once. */
  stop?(): void;
  /** A new run started: what it sends supersedes what an older run left (queued audio). */
  runStarted?(run: RunInfo): void;
  /** The run that fed this output ended. */
  runEnded?(): void;
  /** Voice turns (a microphone input with `turns`): where the conversation is. */
  turnState?(state: TurnState): void;
  /** The view is removed (module reloaded): release the camera, microphone, audio contexts. */
  dispose?(): void;
}

/** A run as output views hear of it when it starts. */
export interface RunInfo {
  run?: string;
  /**
   * The interface streams (live, with a streaming input): its runs' outputs continue one live stream
   * (a run that took no new chunk too: it ran on the newest one).
   */
  stream: boolean;
  /** A stream run's chunk was captured by this page at this performance.now(). */
  capturedAt?: number;
}

/** What a streaming input of a live interface gets: where its chunks go, and how often. */
export interface StreamContext {
  /** Seconds between chunks. */
  every: number;
  /** Seconds a recording may last; null: no limit. */
  timeLimit: number | null;
  /** `capturedAt`: when the chunk was captured (performance.now()), for the latency measurement. */
  send(value: Wire, capturedAt?: number): void;
  /** The connection is backed up: a frame sent now would only wait (drop it, the next is newer). */
  congested(): boolean;
  /** The recording stopped (after its last chunk was sent). */
  end?(): void;
}

/** Where a camera or microphone input records from (see CaptureMode). */
export interface CaptureOptions {
  mode: CaptureMode;
  /** Asks the host to open a capture page in the user's browser (VS Code panels; streaming inputs). */
  openPage?: () => void;
  /** Mode "ffmpeg" (streaming inputs): the host records; the page only starts and stops it. */
  native?: NativeCapture;
}

export interface NativeCapture {
  /** Resolves once the host records; `ended` is called if it stops on its own (with why). */
  start(ended: (why: string) => void): Promise<void>;
  stop(): void;
}

/** What a view of a component of type T starts from (T: any type, for what all views share). */
export interface ViewContext<T extends ComponentType = ComponentType> {
  spec: ComponentSpec<T>;
  /** spec.props with the defaults of type T filled in (props.ts): what the view reads. */
  props: ViewProps<T>;
  role: Role;
  /** Input views call this on every user edit (the `input` event); the app sends the value at once. */
  changed(): void;
  /** Present for inputs that stream (props.streaming in a live interface). */
  stream?: StreamContext;
  /** Camera and microphone inputs: where they record from (default: the page's own devices). */
  capture?: CaptureOptions;
  /** Streamed Video outputs: the page has room for frames of `run` up to number `allow` (flow control). */
  allowFrames?(run: string, allow: number): void;
  /** What this input remembers for the user across reloads (the device chosen), keyed for it alone. */
  memory?: Memory;
}

export type ViewFactory<T extends ComponentType> = (ctx: ViewContext<T>) => View;

export interface Frame {
  root: HTMLElement;
  /** The visible label; its id names groups through aria-labelledby. */
  label: HTMLElement;
}

/**
 * The root and header of a component. The label is visual only for controls inside shadow roots
 * (they carry aria-label themselves: a <label for> cannot reach into a shadow root); `focus` makes a
 * click on it focus the control anyway. `labelFor` makes it a real <label> for a native control.
 */
export function frame(ctx: Pick<ViewContext, "spec" | "role">, options: { labelFor?: string; focus?: () => void; showLabel?: boolean } = {}): Frame {
  const { spec, role } = ctx;
  const root = h("div", { class: "li-component", "data-id": spec.id, "data-type": spec.type, "data-role": role });
  const label = options.labelFor
    ? h("label", { class: "li-label", id: uid("label"), for: options.labelFor }, spec.label)
    : h("span", { class: "li-label", id: uid("label") }, spec.label);
  const focus = options.focus;
  if (focus) label.addEventListener("click", () => focus());
  if (options.showLabel !== false) root.append(label);
  if (spec.props.info) root.append(h("div", { class: "li-info" }, spec.props.info));
  return { root, label };
}

export const asText = (wire: Wire): string => (wire === null || wire === undefined ? "" : String(wire));

/** A read-only text display for outputs; its text content is the value (what tests read). */
export function textDisplay(spec: ComponentSpec, className: string, multiline: boolean): HTMLElement {
  return h(multiline ? "pre" : "div", {
    class: `li-display ${className}`,
    role: "textbox",
    "aria-readonly": "true",
    "aria-multiline": multiline ? "true" : false,
    "aria-label": spec.label,
    tabindex: 0,
  });
}
