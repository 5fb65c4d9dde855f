// Markdown and HTML outputs: rendered and sanitized (see ../markdown.ts) into a block named by the
// label. As inputs they are plain text areas holding the source.
import type { Wire } from "../../src/protocol/messages";
import { h } from "../dom";
import { setHtml, setMarkdown } from "../markdown";
import { textField } from "./textbox";
import { asText, frame, type View, type ViewContext } from "./view";
import "./markdown.css";

export const markdown = (ctx: ViewContext<"markdown">) => rich(ctx, setMarkdown);
export const html = (ctx: ViewContext<"html">) => rich(ctx, setHtml);

function rich(ctx: ViewContext<"markdown" | "html">, render: (target: Element, source: string) => void): View {
  if (ctx.role === "input") {
    const field = textField(ctx, { lines: 4 });
    return { element: field.element, getValue: field.get, setValue: (wire) => field.set(asText(wire)) };
  }
  const body = h("div", { class: `li-rich li-${ctx.spec.type}`, role: "group", "aria-label": ctx.spec.label });
  // The source is kept so that streamed chunks can be appended and the whole re-rendered.
  let source = "";
  const show = (wire: Wire) => render(body, (source = asText(wire)));
  show(ctx.spec.value);
  const { root } = frame(ctx);
  root.append(body);
  return { element: root, getValue: () => source, setValue: show, setAppend: (chunk) => show(source + chunk) };
}
