// Dropdown: a vscode-single-select (a combobox that accepts typed values when allowCustomValue).
// Keyboard: focus it, Space/Enter/ArrowDown opens the list, arrows move, Enter picks, Escape closes.
import "@vscode-elements/elements/dist/vscode-option/index.js";
import "@vscode-elements/elements/dist/vscode-single-select/index.js";
import type { Wire } from "../../src/protocol/messages";
import { h, uid } from "../dom";
import { frame, type View, type ViewContext } from "./view";

/** Option values are positions in the choice list (choices may be numbers); typed values are text. */
const optionValue = (i: number) => `li-choice-${i}`;

export function dropdown(ctx: ViewContext<"dropdown">): View {
  const { spec } = ctx;
  const { choices, allowCustomValue: custom } = ctx.props;
  const select = document.createElement("vscode-single-select");
  select.id = uid("select");
  select.classList.add("li-field");
  select.label = spec.label;
  select.combobox = custom;
  select.creatable = custom;
  // Only ever set for outputs: the element rewrites its tabindex whenever `disabled` is assigned.
  if (ctx.role === "output") select.disabled = true;
  select.append(...choices.map(([display], i) => h("vscode-option", { value: optionValue(i), selected: spec.value === choices[i]![1] }, display)));
  // The element names its (hidden) list box with the label too: keep the name on the combobox only,
  // so that getByLabel(label) finds exactly one element. Lit never rewrites an unchanged binding.
  void select.updateComplete.then(() => select.shadowRoot?.querySelector('[role="listbox"]')?.removeAttribute("aria-label"));

  const get = (): Wire => {
    const i = select.selectedIndex;
    if (i < 0) return null;
    return i < choices.length ? choices[i]![1] : select.value; // past the choices: a value the user typed
  };
  // Typing into the combobox filter also fires `input`: only report a changed selection.
  let last = JSON.stringify(get());
  select.addEventListener("input", () => {
    const now = JSON.stringify(get());
    if (now === last) return;
    last = now;
    ctx.changed();
  });

  const set = (wire: Wire) => {
    const i = choices.findIndex(([, v]) => v === wire);
    if (i >= 0) select.value = optionValue(i);
    else if (wire === null || wire === undefined) select.selectedIndex = -1;
    else if (custom) {
      select.append(h("vscode-option", { value: String(wire), selected: true }, String(wire)));
      select.value = String(wire);
    }
    last = JSON.stringify(get());
  };

  const { root } = frame(ctx, { focus: () => select.focus() });
  root.append(select);
  return { element: root, getValue: get, setValue: set };
}
