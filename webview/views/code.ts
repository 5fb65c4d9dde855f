// Code: a monospace text area as input; a monospace block as output (language shown by the label).
import { h } from "../dom";
import { textField, textOutput } from "./textbox";
import { asText, type View, type ViewContext } from "./view";
import "./code.css";

export function code(ctx: ViewContext<"code">): View {
  const { lines, language } = ctx.props;
  let view: View;
  if (ctx.role === "output") {
    view = textOutput(ctx, true);
    view.element.querySelector(".li-display")?.classList.add("li-code", "li-mono");
  } else {
    const field = textField(ctx, { lines, monospace: true });
    view = { element: field.element, getValue: field.get, setValue: (wire) => field.set(asText(wire)) };
  }
  if (language) view.element.querySelector(".li-label")?.after(h("span", { class: "li-language" }, language));
  return view;
}
