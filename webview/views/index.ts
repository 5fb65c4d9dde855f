// The view registry: component type (protocol/components.ts) -> the view that shows it. Every type
// has its entry (State's is null: it is never shown); a spec of a type this page does not know is
// shown as an error in its place, not guessed at.
import { isComponentType, type ComponentSpec, type ComponentType } from "../../src/protocol/components";
import { h } from "../dom";
import { audio } from "./audio";
import { checkbox } from "./checkbox";
import { checkboxGroup, radio } from "./choices";
import { code } from "./code";
import { colorpicker } from "./colorpicker";
import { dataframe } from "./dataframe";
import { dropdown } from "./dropdown";
import { file } from "./file";
import { gallery } from "./gallery";
import { highlightedText } from "./highlighted-text";
import { image } from "./image";
import { json } from "./json";
import { label } from "./label";
import { html, markdown } from "./markdown";
import { number } from "./number";
import { plot } from "./plot";
import { viewProps } from "./props";
import { slider } from "./slider";
import { textbox } from "./textbox";
import { video } from "./video";
import { frame, type View, type ViewContext, type ViewFactory } from "./view";
import "../styles/notices.css";

export type { CaptureOptions, NativeCapture, Role, StreamContext, View, ViewContext } from "./view";

const views: { [T in ComponentType]: ViewFactory<T> | null } = {
  textbox,
  number,
  slider,
  checkbox,
  checkboxgroup: checkboxGroup,
  radio,
  dropdown,
  colorpicker,
  label,
  json,
  markdown,
  html,
  code,
  state: null,
  image,
  audio,
  plot,
  highlightedtext: highlightedText,
  dataframe,
  file,
  gallery,
  video,
};

/** What a view starts from, but its props (filled in here). */
export type ViewStart = Omit<ViewContext, "props">;

/** The view of a component; undefined for components that are never shown (State). */
export function createView(start: ViewStart): View | undefined {
  const type: unknown = start.spec.type;
  if (!isComponentType(type)) return unknownView(start, `This page knows no component of type ${JSON.stringify(type)}: a component from a newer live-interface, or a Component subclass with a type of its own?`);
  return viewOf(start.spec, start);
}

function viewOf<T extends ComponentType>(spec: ComponentSpec<T>, start: ViewStart): View | undefined {
  const factory = views[spec.type];
  return factory?.({ ...start, spec, props: viewProps(spec) });
}

/** In place of a component the page cannot show: its label and why, where the user looks. */
function unknownView(start: ViewStart, why: string): View {
  const { root } = frame(start);
  root.append(h("div", { class: "li-error", role: "alert" }, h("div", { class: "li-error-title" }, "Cannot show this component"), h("pre", { class: "li-error-message" }, why)));
  // An input keeps the value it came with (the session still has one for it).
  const value = start.spec.value;
  return { element: root, getValue: () => value, setValue: () => {} };
}
