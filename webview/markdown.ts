// Markdown and HTML from fn (or the module's description) become sanitized DOM: no scripts, no event
// handlers, no <style>, links open in a new tab. Inline `style` attributes would be refused by the
// page's CSP (style-src 'self'), so they are moved aside while sanitizing and applied through the
// CSSOM, which the CSP allows: a user's `<p style="color:red">` still shows red.
import DOMPurify from "dompurify";
import { Marked } from "marked";

const marked = new Marked({ gfm: true, async: false });
const purify = DOMPurify(window);
const STYLE_ATTR = "data-li-style";

purify.addHook("afterSanitizeAttributes", (node) => {
  if (!(node instanceof Element)) return;
  if (node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
  const css = node.getAttribute("style");
  if (css !== null) {
    node.removeAttribute("style");
    node.setAttribute(STYLE_ATTR, css);
  }
});

/** Replaces `target`'s content by the sanitized HTML. */
export function setHtml(target: Element, html: string): void {
  const fragment = purify.sanitize(html, { RETURN_DOM_FRAGMENT: true, FORBID_TAGS: ["style", "form"] });
  // DOMPurify's fragment belongs to an inert document: adopt it first, then style the live nodes.
  target.replaceChildren(document.importNode(fragment, true));
  for (const el of target.querySelectorAll<HTMLElement>(`[${STYLE_ATTR}]`)) {
    el.style.cssText = el.getAttribute(STYLE_ATTR) ?? "";
    el.removeAttribute(STYLE_ATTR);
  }
}

/** Replaces `target`'s content by sanitized Markdown (GitHub flavored; raw HTML in it is sanitized too). */
export function setMarkdown(target: Element, markdown: string): void {
  setHtml(target, marked.parse(markdown, { async: false }));
}
