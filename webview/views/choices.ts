// Radio and CheckboxGroup: native radios/checkboxes in a group named by the visible label (role
// radiogroup/group + aria-labelledby); each option is named by its display text.
import type { Wire } from "../../src/protocol/messages";
import { h, uid } from "../dom";
import { frame, type View, type ViewContext } from "./view";
import "./checkbox.css";
import "./choices.css";

export function radio(ctx: ViewContext<"radio">): View {
  const group = choiceGroup(ctx, "radio");
  const get = (): Wire => group.values[group.boxes.findIndex((b) => b.checked)] ?? null;
  return {
    element: group.root,
    getValue: get,
    setValue: (wire) => group.boxes.forEach((b, i) => (b.checked = group.values[i] === wire)),
  };
}

export function checkboxGroup(ctx: ViewContext<"checkboxgroup">): View {
  const group = choiceGroup(ctx, "checkbox");
  return {
    element: group.root,
    // In choice order, as the runtime expects.
    getValue: () => group.values.filter((_, i) => group.boxes[i]!.checked),
    setValue: (wire) => {
      const chosen = Array.isArray(wire) ? wire : [];
      group.boxes.forEach((b, i) => (b.checked = chosen.includes(group.values[i])));
    },
  };
}

function choiceGroup(ctx: ViewContext<"radio" | "checkboxgroup">, type: "radio" | "checkbox") {
  const { choices } = ctx.props;
  const name = uid("choice");
  const { root, label } = frame(ctx);
  const list = h("div", { class: "li-choices", role: type === "radio" ? "radiogroup" : "group", "aria-labelledby": label.id });
  const boxes = choices.map(([display]) => {
    const box = h("input", { type, name, class: "li-checkmark", disabled: ctx.role === "output" });
    box.addEventListener("input", () => ctx.changed());
    list.append(h("label", { class: "li-check li-choice" }, box, h("span", {}, display)));
    return box;
  });
  root.append(list);
  const values = choices.map(([, v]) => v);
  const view = { root, boxes, values };
  // Show the initial value.
  const initial = ctx.spec.value;
  boxes.forEach((b, i) => (b.checked = Array.isArray(initial) ? initial.includes(values[i]) : values[i] === initial));
  return view;
}
