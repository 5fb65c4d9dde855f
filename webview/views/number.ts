// Number: a vscode-textfield of type number as input (empty = null); a read-only text block as output.
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import type { NumberProps } from "../../src/protocol/components";
import type { Wire } from "../../src/protocol/messages";
import { uid } from "../dom";
import { asText, frame, type View, type ViewContext } from "./view";
import { textOutput } from "./textbox";

export function number(ctx: ViewContext<"number">): View {
  if (ctx.role === "output") return textOutput(ctx, false);
  const { spec } = ctx;
  const field = numberField(ctx.props, spec.value, spec.label);
  field.id = uid("number");
  field.addEventListener("input", () => ctx.changed());
  const { root } = frame(ctx, { focus: () => field.focus() });
  root.append(field);
  return { element: root, getValue: () => readNumber(field), setValue: (wire) => writeNumber(field, wire) };
}

type NumberField = HTMLElementTagNameMap["vscode-textfield"];

/** A number box showing `value`, named `name` (its inner <input> carries the name). Shared with Slider. */
export function numberField(props: NumberProps, value: Wire, name: string): NumberField {
  const field = document.createElement("vscode-textfield");
  field.type = "number";
  field.label = name;
  field.classList.add("li-field", "li-number");
  const { minimum, maximum, step, precision } = props;
  if (minimum !== undefined) field.min = minimum;
  if (maximum !== undefined) field.max = maximum;
  // Without a step the browser assumes 1 and flags decimals as invalid.
  const stepValue = step ?? (precision === undefined ? undefined : 10 ** -precision);
  if (stepValue !== undefined) field.step = stepValue;
  // The element only takes numeric steps: set "any" on the inner <input> once it exists (Lit leaves
  // an attribute it never bound alone).
  else void field.updateComplete.then(() => field.wrappedElement?.setAttribute("step", "any"));
  field.value = asText(value);
  return field;
}

export function readNumber(field: NumberField): number | null {
  const text = (field.wrappedElement?.value ?? field.value).trim();
  if (text === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function writeNumber(field: NumberField, wire: Wire): void {
  const text = typeof wire === "number" && Number.isFinite(wire) ? String(wire) : "";
  field.value = text;
  if (field.wrappedElement) field.wrappedElement.value = text;
}
