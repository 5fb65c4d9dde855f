// The registry: component type (ComponentSpec.type) -> view. State is never shown; unknown types fall
// back to the JSON view, which can show any value.
import { checkbox } from "./checkbox";
import { checkboxGroup, radio } from "./choices";
import { code } from "./code";
import { colorpicker } from "./colorpicker";
import { dropdown } from "./dropdown";
import { audio } from "./audio";
import { image } from "./image";
import { json } from "./json";
import { label } from "./label";
import { html, markdown } from "./markdown";
import { number } from "./number";
import { dataframe } from "./dataframe";
import { file } from "./file";
import { gallery } from "./gallery";
import { video } from "./video";
import { highlightedText } from "./highlighted-text";
import { plot } from "./plot";
import { slider } from "./slider";
import { textbox } from "./textbox";
import type { View, ViewContext, ViewFactory } from "./view";

export type { CaptureOptions, NativeCapture, Role, StreamContext, View, ViewContext } from "./view";

const registry: Record<string, ViewFactory> = {
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
  image,
  audio,
  plot,
  highlightedtext: highlightedText,
  dataframe,
  file,
  gallery,
  video,
};

/** The view of a component, or undefined for components that are never shown (state). */
export function createView(ctx: ViewContext): View | undefined {
  if (ctx.spec.type === "state") return undefined;
  return (registry[ctx.spec.type] ?? json)(ctx);
}
