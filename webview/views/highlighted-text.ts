// HighlightedText: the text, with each marked piece on its category's color and the category named
// after it (for screen readers too), and a legend of the categories. Colors are set through the
// CSSOM (the CSP refuses style attributes).
import type { Wire } from "../../src/protocol/messages";
import { h } from "../dom";
import { frame, type View, type ViewContext } from "./view";
import "./swatch.css";
import "./highlighted-text.css";

/** Colors for categories the colorMap does not name, in order of first appearance. */
const PALETTE = ["#f4a3a3", "#a3c9f4", "#b5e6a3", "#f4d9a3", "#d3b5f4", "#a3f0e6", "#f4b5dc", "#d6d6a3"];

type Spans = [string, string | null][];
const isSpans = (w: Wire): w is Spans => Array.isArray(w) && w.every((p) => Array.isArray(p) && typeof p[0] === "string");

export function highlightedText(ctx: ViewContext<"highlightedtext">): View {
  const { spec } = ctx;
  const { colorMap, showLegend } = ctx.props;
  const text = h("div", { class: "li-highlighted", role: "document", "aria-label": spec.label });
  const legend = h("ul", { class: "li-legend", "aria-label": `${spec.label}: categories` });
  const { root } = frame(ctx);
  root.append(text, legend);
  let current: Wire = null;

  const show = (wire: Wire) => {
    current = wire;
    const spans = isSpans(wire) ? wire : [];
    const colors = new Map<string, string>();
    const colorOf = (cat: string) => {
      if (!colors.has(cat)) colors.set(cat, colorMap[cat] ?? PALETTE[colors.size % PALETTE.length]!);
      return colors.get(cat)!;
    };
    text.replaceChildren(
      ...spans.map(([piece, cat]) => {
        if (cat === null) return document.createTextNode(piece);
        const mark = h("mark", { class: "li-entity", "data-category": cat }, piece, h("span", { class: "li-entity-name" }, cat));
        mark.style.backgroundColor = colorOf(cat);
        return mark;
      }),
    );
    legend.hidden = !showLegend || colors.size === 0;
    legend.replaceChildren(
      ...[...colors].map(([cat, color]) => {
        const swatch = h("span", { class: "li-swatch", "aria-hidden": "true" });
        swatch.style.backgroundColor = color;
        return h("li", {}, swatch, cat);
      }),
    );
  };
  show(spec.value);
  return { element: root, getValue: () => current, setValue: show };
}
