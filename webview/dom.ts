// Tiny DOM helpers. Elements are built with createElement/setAttribute only: the page's CSP forbids
// inline styles and handlers, so nothing here ever writes a `style` attribute or HTML strings.

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined>;

/** Creates an element; attributes with false/null/undefined are skipped, true gives an empty attribute. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "style") throw new Error("inline styles are blocked by the CSP: use element.style");
    el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

let counter = 0;
/** A document-unique id, for aria-labelledby and label[for]. */
export function uid(prefix: string): string {
  return `li-${prefix}-${++counter}`;
}

/**
 * A state shown on the page once per task: `set` may be called many times within one task (a batch
 * of messages), and `show` runs once at its end with the last value, only when it differs from what
 * it last showed. A stream run's start, output and end arrive in one message: its run state then
 * costs the page no DOM writes at all.
 */
export function shownPerTask<T>(initial: T, show: (value: T) => void): (value: T) => void {
  let shown = initial;
  let latest = initial;
  let queued = false;
  return (value) => {
    latest = value;
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (latest === shown) return;
      shown = latest;
      show(latest);
    });
  };
}
