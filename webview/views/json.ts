// JSON: pretty-printed in a monospace block, with light syntax colors (spans: the text content stays
// exactly JSON.stringify(value, null, 2)). As input: a monospace text area that sends parsed JSON and
// marks the field invalid while the text does not parse.
import type { Wire } from "../../src/protocol/messages";
import { h } from "../dom";
import { textField } from "./textbox";
import { frame, textDisplay, type View, type ViewContext } from "./view";
import "./json.css";

const pretty = (wire: Wire) => (wire === null || wire === undefined ? "" : JSON.stringify(wire, null, 2) ?? "");

export function json(ctx: ViewContext<"json">): View {
  if (ctx.role === "input") return jsonInput(ctx);
  const display = textDisplay(ctx.spec, "li-json li-mono", true);
  let current: Wire = null;
  const show = (wire: Wire) => {
    current = wire ?? null;
    display.replaceChildren(...highlight(pretty(current)));
  };
  show(ctx.spec.value);
  const { root } = frame(ctx, { focus: () => display.focus() });
  root.append(display);
  return { element: root, getValue: () => current, setValue: show };
}

function jsonInput(ctx: ViewContext<"json">): View {
  let current: Wire = ctx.spec.value ?? null;
  const field = textField({ ...ctx, spec: { ...ctx.spec, value: pretty(current) }, changed: () => parse() && ctx.changed() }, { lines: 6, monospace: true });
  const area = field.element.querySelector("vscode-textarea");
  const parse = (): boolean => {
    try {
      current = JSON.parse(field.get() || "null");
      if (area) area.invalid = false;
      return true;
    } catch {
      if (area) area.invalid = true; // nothing is sent until the text parses again
      return false;
    }
  };
  return { element: field.element, getValue: () => current, setValue: (wire) => field.set(pretty((current = wire ?? null))) };
}

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(?:true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** Splits pretty JSON into text and colored spans. */
function highlight(text: string): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > at) nodes.push(document.createTextNode(text.slice(at, m.index)));
    const kind = m[1] ? (m[2] ? "key" : "string") : /^[tfn]/.test(m[0]) ? "literal" : "number";
    nodes.push(h("span", { class: `li-json-${kind}` }, m[1] ?? m[0]));
    if (m[2]) nodes.push(document.createTextNode(m[2]));
    at = m.index + m[0].length;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}
