// Slider: a native <input type="range"> (there is no vscode slider; arrows, Page Up/Down, Home/End
// work natively) named by the label, beside a number box named "<label> value". Both stay in sync.
import type { Wire } from "../../src/protocol/messages";
import { h, uid } from "../dom";
import { numberField, readNumber, writeNumber } from "./number";
import { frame, type View, type ViewContext } from "./view";
import "./slider.css";

export function slider(ctx: ViewContext<"slider">): View {
  const { spec, props } = ctx;
  const { minimum: min, maximum: max, step, precision } = props;
  const round = (n: number) => (precision === undefined ? n : Math.round(n * 10 ** precision) / 10 ** precision);

  const range = h("input", {
    type: "range",
    id: uid("range"),
    class: "li-range",
    min,
    max,
    step,
    "aria-label": spec.label,
    disabled: ctx.role === "output",
  });
  const box = numberField(props, spec.value, `${spec.label} value`);
  box.readonly = ctx.role === "output";
  const { root } = frame(ctx, { labelFor: range.id });
  root.append(h("div", { class: "li-slider" }, range, box));

  // The range's fill (left of the thumb) is drawn from a CSS variable: set through the CSSOM.
  const paint = () => range.style.setProperty("--li-fill", `${((Number(range.value) - min) / (max - min || 1)) * 100}%`);
  const show = (wire: Wire) => {
    if (typeof wire !== "number") return;
    range.value = String(wire);
    writeNumber(box, wire);
    paint();
  };
  show(spec.value);

  range.addEventListener("input", () => {
    writeNumber(box, round(Number(range.value)));
    paint();
    ctx.changed();
  });
  box.addEventListener("input", () => {
    const typed = readNumber(box);
    if (typed === null) return;
    range.value = String(typed); // the range clamps to [min, max] and snaps to step
    paint();
    ctx.changed();
  });
  // When the box is left, show what the slider really holds (a typed 500 became 100).
  box.addEventListener("change", () => writeNumber(box, round(Number(range.value))));

  return { element: root, getValue: () => round(Number(range.value)), setValue: show };
}
