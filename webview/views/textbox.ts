// Textbox: a vscode-textfield (one line) or vscode-textarea (several lines) as input; a read-only text
// block as output, so that its text content is the value and streamed text can be appended.
import "@vscode-elements/elements/dist/vscode-textarea/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import type { Wire } from "../../src/protocol/messages";
import { uid } from "../dom";
import { asText, frame, textDisplay, type View, type ViewContext } from "./view";

export function textbox(ctx: ViewContext<"textbox">): View {
  const { lines, placeholder, maxLength } = ctx.props;
  if (ctx.role === "output") return textOutput(ctx, lines > 1);
  const field = textField(ctx, { lines, placeholder, maxLength });
  return { element: field.element, getValue: field.get, setValue: (wire) => field.set(asText(wire)) };
}

/** A read-only text block; shared by Textbox and Number outputs. */
export function textOutput(ctx: ViewContext, multiline: boolean, format: (wire: Wire) => string = asText): View {
  const display = textDisplay(ctx.spec, "li-text", multiline);
  // One text node: appending streamed chunks is cheap and keeps the selection.
  const text = document.createTextNode(format(ctx.spec.value));
  display.append(text);
  const { root } = frame(ctx, { focus: () => display.focus() });
  root.append(display);
  return {
    element: root,
    getValue: () => text.data,
    setValue: (wire) => (text.data = format(wire)),
    setAppend: (chunk) => text.appendData(chunk),
  };
}

export interface TextField {
  element: HTMLElement;
  get(): string;
  set(text: string): void;
}

/** How a text field looks: visible lines (more than 1, or monospace: a text area), and Textbox's limits. */
export interface TextFieldOptions {
  lines: number;
  monospace?: boolean;
  placeholder?: string;
  maxLength?: number;
}

/**
 * An editable text field, shared by Textbox, Code, JSON, Markdown and HTML inputs. The name goes to
 * the inner <input>/<textarea> (the elements' `label` property sets its aria-label); the host stays
 * unnamed so that getByLabel finds exactly one element.
 */
export function textField(ctx: ViewContext, { lines, monospace = false, placeholder, maxLength }: TextFieldOptions): TextField {
  const { spec } = ctx;
  let control: HTMLElement & { value: string; wrappedElement?: HTMLInputElement | HTMLTextAreaElement };
  if (lines > 1 || monospace) {
    const area = document.createElement("vscode-textarea");
    area.rows = Math.max(lines, 1);
    area.resize = "vertical";
    area.monospace = monospace;
    area.spellcheck = !monospace;
    control = area;
  } else {
    control = document.createElement("vscode-textfield");
  }
  const c = control as typeof control & { label: string; placeholder?: string; maxLength?: number };
  c.label = spec.label;
  if (placeholder) c.placeholder = placeholder;
  if (maxLength !== undefined) c.maxLength = maxLength;
  control.id = uid("field");
  control.classList.add("li-field");
  control.value = asText(spec.value);
  control.addEventListener("input", () => ctx.changed());
  const { root } = frame(ctx, { focus: () => control.focus() });
  root.append(control);
  return {
    element: root,
    // The inner element is the truth while typing; the host's copy is updated by the same event.
    get: () => control.wrappedElement?.value ?? control.value,
    set: (text) => {
      control.value = text;
      // Lit renders on the next microtask: write the inner element too so the change shows at once.
      if (control.wrappedElement) control.wrappedElement.value = text;
    },
  };
}
