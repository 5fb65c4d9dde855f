// Checkbox: a native checkbox inside its <label> (the label text beside the box, as in Gradio).
// Native, because vscode-checkbox names both its host and its inner input and hides the input, which
// breaks getByLabel(...).check(); CSS gives it the VS Code look.
import { h } from "../dom";
import { frame, type View, type ViewContext } from "./view";
import "./checkbox.css";

export function checkbox(ctx: ViewContext<"checkbox">): View {
  const { spec } = ctx;
  const box = h("input", { type: "checkbox", class: "li-checkmark", disabled: ctx.role === "output" });
  box.checked = spec.value === true;
  box.addEventListener("input", () => ctx.changed());
  const { root } = frame(ctx, { showLabel: false });
  root.prepend(h("label", { class: "li-check" }, box, h("span", {}, spec.label)));
  return {
    element: root,
    getValue: () => box.checked,
    setValue: (wire) => (box.checked = wire === true),
  };
}
