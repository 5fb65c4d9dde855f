// The page of an interface, as blocks: header (gallery link, title, description), the columns
// (inputs with their buttons and examples on the left, status and outputs on the right, stacked
// when narrow), and the article. Built here; interface-view.ts decides what goes in them.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import type { InterfaceConfig } from "../src/protocol/messages";
import { h } from "./dom";
import { setMarkdown } from "./markdown";
import type { View } from "./views";
import "./interface-layout.css";

export function header(config: InterfaceConfig, gallery: string | undefined): HTMLElement {
  const { title, description } = config;
  return h(
    "header",
    { class: "li-header" },
    gallery && h("a", { class: "li-gallery-link", href: gallery }, "← Gallery"),
    title && h("h1", { class: "li-title" }, title),
    description && markdownBlock("li-description", description),
  );
}

/** The article under the columns (an empty placeholder without one, so that a reload can add one). */
export function article(config: InterfaceConfig): HTMLElement {
  return config.article ? markdownBlock("li-article", config.article) : h("div", { class: "li-no-article", hidden: true });
}

/** What goes in the columns. */
export interface ColumnParts {
  inputs: (View | undefined)[];
  outputs: (View | undefined)[];
  /** The run status: under the outputs, or under the inputs' buttons when there are no outputs. */
  status: HTMLElement;
  /** Beside streaming inputs: recording on another page. */
  capturePage?: HTMLElement;
  /** Under the inputs (interfaces without inputs have none). */
  examples?: HTMLElement;
  /** A (hidden) Stop button for a row of buttons. */
  stopButton(): HTMLElement;
  submit(): void;
  clear(): void;
}

/**
 * The columns of `config.kind`: inputs (buttons, examples), outputs (status). `outputArea`: where the
 * outputs show (a unified interface writes them into its inputs), marked busy during runs.
 */
export function columns(config: InterfaceConfig, parts: ColumnParts): { element: HTMLElement; outputArea: HTMLElement | undefined } {
  const { kind, live } = config;
  const element = h("div", { class: "li-columns" });
  let outputArea: HTMLElement | undefined;
  if (kind !== "output-only") {
    const column = h("div", { class: "li-column li-inputs" }, panel(parts.inputs), parts.capturePage);
    const actions = h("div", { class: "li-actions" });
    if (!live) actions.append(button("Clear", "secondary", parts.clear), button("Submit", "primary", parts.submit));
    actions.append(parts.stopButton());
    column.append(actions);
    // Input-only and unified interfaces have no outputs column: their status goes under the buttons.
    if (kind === "input-only" || kind === "unified") column.append(parts.status);
    if (kind === "unified") outputArea = column;
    if (parts.examples) column.append(parts.examples);
    element.append(column);
  }
  if (kind === "standard" || kind === "output-only") {
    const column = h("div", { class: "li-column li-outputs" }, parts.status, panel(parts.outputs));
    outputArea = column;
    if (kind === "output-only") {
      const actions = h("div", { class: "li-actions" });
      if (!live) actions.append(button("Generate", "primary", parts.submit));
      actions.append(parts.stopButton());
      column.append(actions);
    }
    element.append(column);
  }
  element.classList.toggle("li-two", element.childElementCount > 1);
  return { element, outputArea };
}

function panel(views: (View | undefined)[]): HTMLElement {
  return h("div", { class: "li-panel" }, ...views.map((v) => v?.element));
}

export function button(text: string, variant: "primary" | "secondary" | "stop", onClick: () => void): HTMLElement {
  const b = document.createElement("vscode-button");
  b.textContent = text;
  b.secondary = variant !== "primary";
  b.classList.add("li-button", `li-button-${variant}`);
  b.addEventListener("click", onClick);
  return b;
}

function markdownBlock(className: string, source: string): HTMLElement {
  const el = h("div", { class: `${className} li-rich` });
  setMarkdown(el, source);
  return el;
}

/** Puts `next` where `current` is; gives `next`. */
export function swap(current: HTMLElement, next: HTMLElement): HTMLElement {
  current.replaceWith(next);
  return next;
}
