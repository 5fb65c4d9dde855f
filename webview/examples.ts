// The examples table: header = input labels, one row per example. A click, or Enter/Space on a
// focused row, picks it: the app fills every input and sends one input message.
import type { ComponentSpec, Wire } from "../src/protocol/messages";
import { h } from "./dom";
import "./views/swatch.css";
import "./examples.css";

export function examplesTable(inputs: ComponentSpec[], rows: Wire[][], pick: (row: Wire[]) => void): HTMLElement {
  const shown = inputs.map((spec, i) => ({ spec, i })).filter(({ spec }) => spec.type !== "state");
  const table = h(
    "table",
    { class: "li-examples-table" },
    h("thead", {}, h("tr", {}, ...shown.map(({ spec }) => h("th", { scope: "col" }, spec.label)))),
  );
  const body = h("tbody");
  rows.forEach((row, r) => {
    const tr = h("tr", { tabindex: 0, "aria-describedby": "li-examples-hint", "data-example": r }, ...shown.map(({ spec, i }) => h("td", {}, cell(spec, row[i]))));
    tr.addEventListener("click", () => pick(row));
    tr.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter" && ev.key !== " ") return;
      ev.preventDefault(); // Space would scroll the page
      pick(row);
    });
    body.append(tr);
  });
  table.append(body);
  return h(
    "div",
    { class: "li-examples" },
    h("div", { class: "li-examples-title" }, "Examples"),
    h("span", { id: "li-examples-hint", class: "li-visually-hidden" }, "Press Enter to fill the inputs with this example"),
    h("div", { class: "li-examples-scroll" }, table),
  );
}

/** A short text for one example value, as the user would recognize it. */
function cell(spec: ComponentSpec, value: Wire): Node | string {
  const display = (v: Wire) => (spec.type === "checkboxgroup" || spec.type === "radio" || spec.type === "dropdown" ? spec.props.choices.find(([, c]) => c === v)?.[0] : undefined) ?? String(v);
  switch (spec.type) {
    case "checkbox":
      return value === true ? "✓" : "✗";
    case "checkboxgroup":
      return Array.isArray(value) ? value.map(display).join(", ") : "";
    case "radio":
    case "dropdown":
      return value === null ? "" : display(value);
    case "colorpicker": {
      const swatch = h("span", { class: "li-swatch", "aria-hidden": "true" });
      swatch.style.backgroundColor = String(value);
      return h("span", { class: "li-color-cell" }, swatch, String(value));
    }
    default: {
      const text = typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value);
      return text.length > 60 ? `${text.slice(0, 60)}…` : text;
    }
  }
}
