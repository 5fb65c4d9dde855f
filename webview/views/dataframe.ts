// Dataframe: a table with its column names. As an editable input each cell is a text field (Tab
// moves between them); an edit sends the whole table. As an output, plain cells.
import type { Wire } from "../../src/protocol/messages";
import { h } from "../dom";
import { frame, type View, type ViewContext } from "./view";
import "./dataframe.css";

type Cell = string | number | boolean | null;
interface Table {
  headers: string[];
  data: Cell[][];
}
const isTable = (w: Wire): w is Table => typeof w === "object" && w !== null && Array.isArray((w as Table).data);

export function dataframe(ctx: ViewContext<"dataframe">): View {
  const { spec, role } = ctx;
  const editable = role === "input" && ctx.props.editable;
  const table = h("table", { class: "li-dataframe", "aria-label": spec.label });
  const { root } = frame(ctx);
  root.append(h("div", { class: "li-table-scroll" }, table));
  let current: Table = isTable(spec.value) ? spec.value : { headers: [], data: [] };

  const show = (wire: Wire) => {
    current = isTable(wire) ? { headers: [...wire.headers], data: wire.data.map((r) => [...r]) } : { headers: [], data: [] };
    const head = h("thead", {}, h("tr", {}, ...current.headers.map((name) => h("th", { scope: "col" }, name))));
    const body = h(
      "tbody",
      {},
      ...current.data.map((row, r) =>
        h(
          "tr",
          {},
          ...row.map((cell, c) => {
            const shown = cell === null ? "" : String(cell);
            if (!editable) return h("td", { class: typeof cell === "number" ? "li-num" : false }, shown);
            const input = h("input", { type: "text", value: shown, "aria-label": `${current.headers[c] ?? `column ${c + 1}`}, row ${r + 1}` });
            input.addEventListener("input", () => {
              // Numbers stay numbers when the edit still reads as one.
              const was = current.data[r]![c];
              current.data[r]![c] = typeof was === "number" && input.value.trim() !== "" && !Number.isNaN(Number(input.value)) ? Number(input.value) : input.value;
              ctx.changed();
            });
            return h("td", {}, input);
          }),
        ),
      ),
    );
    table.replaceChildren(head, body);
  };
  show(spec.value);
  return { element: root, getValue: () => current as unknown as Wire, setValue: show };
}
