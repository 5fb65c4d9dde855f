// Label (classification): the top class in large type, then one bar per confidence. getByLabel finds
// the top class only, so its text content is exactly the label.
import type { Wire } from "../../src/protocol/messages";
import { h } from "../dom";
import { frame, textDisplay, type View, type ViewContext } from "./view";
import "./label.css";

interface LabelData {
  label: string;
  confidences?: { label: string; confidence: number }[];
}

const isLabelData = (wire: Wire): wire is LabelData =>
  typeof wire === "object" && wire !== null && typeof (wire as LabelData).label === "string";

export function label(ctx: ViewContext<"label">): View {
  const { spec } = ctx;
  const top = textDisplay(spec, "li-label-top", false);
  const bars = h("ul", { class: "li-confidences" });
  let current: Wire = null;

  const show = (wire: Wire) => {
    current = wire;
    const data = isLabelData(wire) ? wire : undefined;
    top.textContent = data?.label ?? "";
    bars.replaceChildren(
      ...(data?.confidences ?? []).map(({ label, confidence }) => {
        const pct = Math.round(Math.max(0, Math.min(1, confidence)) * 100);
        const fill = h("span", { class: "li-bar-fill" });
        fill.style.width = `${pct}%`;
        return h(
          "li",
          { class: label === data?.label ? "li-top" : false },
          h("span", { class: "li-bar-name" }, label),
          h("span", { class: "li-bar-pct" }, `${pct}%`),
          h("span", { class: "li-bar", "aria-hidden": "true" }, fill),
        );
      }),
    );
  };
  show(spec.value);

  const { root } = frame(ctx, { focus: () => top.focus() });
  root.append(top, bars);
  return { element: root, getValue: () => current, setValue: show };
}
