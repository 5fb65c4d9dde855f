// Where the keyboard is among an interface's inputs, and giving it back: when a page is drawn anew
// (a reloaded module), the input that had the focus gets it again, with its caret or selection.
import { deepActiveElement } from "./user-values";
import type { View } from "./views";

/** Where the keyboard was in an input: kept when the page is drawn anew. */
export interface FocusedInput {
  index: number;
  selection?: readonly [start: number, end: number];
}

/** The input (of `inputs`, shown in `root`) holding the keyboard focus, if one does, and the caret or selection in its text. */
export function focusedInput(root: HTMLElement, inputs: (View | undefined)[]): FocusedInput | undefined {
  const active = deepActiveElement(root);
  const index = inputs.findIndex((view) => view && active && containsDeep(view.element, active));
  if (index < 0) return undefined;
  const text = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? active : undefined;
  // Number fields have no selection to read (null): the caret goes to the end.
  const selection = text && text.selectionStart !== null && text.selectionEnd !== null ? ([text.selectionStart, text.selectionEnd] as const) : undefined;
  return { index, selection };
}

/**
 * Gives input `index` the keyboard focus (its first control, once drawn: the vscode-elements draw
 * themselves a microtask later, still before the next key press is handled).
 */
export function focusInput(inputs: (View | undefined)[], { index, selection }: FocusedInput): void {
  const control = inputs[index]?.element.querySelector<HTMLElement>("input, textarea, select, [tabindex], vscode-textfield, vscode-textarea, vscode-single-select, vscode-checkbox");
  if (!control) return;
  // The text control itself, not its host: focusing the host selects all its text, which the next
  // key would replace. Focused by script, a text control keeps its caret (at the end of a value set by script).
  const focus = () => {
    const target = control.shadowRoot?.querySelector<HTMLElement>("input, textarea") ?? control;
    target.focus();
    if (selection && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.selectionStart !== null) target.setSelectionRange(...selection);
  };
  const drawn = (control as { updateComplete?: Promise<unknown> }).updateComplete;
  if (drawn) void drawn.then(focus);
  else focus();
}

/** `outer` contains `inner`, also where `inner` is inside shadow roots under `outer`. */
function containsDeep(outer: Element, inner: Element): boolean {
  for (let node: Node | null = inner; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) if (node === outer) return true;
  return false;
}
