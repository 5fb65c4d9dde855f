// ColorPicker: the native <input type="color"> (the OS picker) with the hex code beside it; as output,
// a swatch and the hex code.
import type { Wire } from "../../src/protocol/messages";
import { h, uid } from "../dom";
import { frame, textDisplay, type View, type ViewContext } from "./view";
import "./swatch.css";
import "./colorpicker.css";

const HEX = /^#[0-9a-f]{6}$/i;
const hexOf = (wire: Wire) => (typeof wire === "string" && HEX.test(wire) ? wire.toLowerCase() : "");

export function colorpicker(ctx: ViewContext<"colorpicker">): View {
  const { spec } = ctx;
  if (ctx.role === "output") {
    const swatch = h("span", { class: "li-swatch", "aria-hidden": "true" });
    const code = document.createTextNode("");
    const display = textDisplay(spec, "li-color-output", false);
    display.append(swatch, code);
    const show = (wire: Wire) => {
      code.data = hexOf(wire);
      swatch.style.backgroundColor = code.data || "transparent";
    };
    show(spec.value);
    const { root } = frame(ctx, { focus: () => display.focus() });
    root.append(display);
    return { element: root, getValue: () => code.data, setValue: show };
  }
  const input = h("input", { type: "color", id: uid("color"), class: "li-color", "aria-label": spec.label });
  const code = h("code", { class: "li-color-code", "aria-hidden": "true" });
  const show = (wire: Wire) => {
    input.value = hexOf(wire) || "#000000";
    code.textContent = input.value;
  };
  show(spec.value);
  input.addEventListener("input", () => {
    code.textContent = input.value;
    ctx.changed();
  });
  const { root } = frame(ctx, { labelFor: input.id });
  root.append(h("div", { class: "li-color-row" }, input, code));
  return { element: root, getValue: () => input.value, setValue: show };
}
