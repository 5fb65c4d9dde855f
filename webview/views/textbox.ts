// Textbox: a vscode-textfield (one line) or vscode-textarea (several lines) as input; a read-only text
// block as output, so that its text content is the value and streamed text can be appended.
import "@vscode-elements/elements/dist/vscode-textarea/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import type { Wire } from "../../src/protocol/messages";
import { uid } from "../dom";
import { asText, frame, textDisplay, type View, type ViewContext } from "./view";

export function textbox(ctx: ViewContext): View {
  const { spec } = ctx;
  const lines = typeof spec.props.lines === "number" ? spec.props.lines : 1;
  if (ctx.role === "output") return textOutput(ctx, lines > 1);
  const field = textField(ctx, lines, false);
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

/**
 * An editable text field, shared by Textbox, Code and JSON inputs. The name goes to the inner
 * <input>/<textarea> (the elements' `label` property sets its aria-label); the host stays unnamed so
 * that getByLabel finds exactly one element.
 */
export function textField(ctx: ViewContext, lines: number, monospace: boolean): TextField {
  const { spec } = ctx;
  const placeholder = typeof spec.props.placeholder === "string" ? spec.props.placeholder : undefined;
  const maxLength = typeof spec.props.maxLength === "number" ? spec.props.maxLength : undefined;
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
