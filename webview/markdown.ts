// Markdown and HTML from fn (or the module's description) become sanitized DOM: no scripts, no event
// handlers, no <style>, links open in a new tab.
//
// Chrome reports a CSP violation as soon as any HTML parser, even DOMPurify's inert one, meets an
// inline style or event handler (nothing runs, but the console fills with errors). So before parsing,
// <style> elements and on* attributes are dropped (DOMPurify would drop them anyway) and `style`
// attributes are renamed to data-li-style; after sanitizing, those are applied through the CSSOM,
// which the CSP (style-src 'self') allows: a user's `<p style="color:red">` still shows red.
// DOMPurify still sanitizes the result: the rewrite only ever removes or renames.
import DOMPurify from "dompurify";
import { Marked } from "marked";
import "./markdown.css";

const marked = new Marked({ gfm: true, async: false });
const purify = DOMPurify(window);
const STYLE_ATTR = "data-li-style";

purify.addHook("afterSanitizeAttributes", (node) => {
  if (node instanceof Element && node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

/** Replaces `target`'s content by the sanitized HTML. */
export function setHtml(target: Element, html: string): void {
  const fragment = purify.sanitize(defuse(html), { RETURN_DOM_FRAGMENT: true, FORBID_TAGS: ["style", "form"] });
  // DOMPurify's fragment belongs to an inert document: adopt it, then style the live nodes.
  target.replaceChildren(document.importNode(fragment, true));
  for (const el of target.querySelectorAll<HTMLElement | SVGElement>(`[${STYLE_ATTR}]`)) {
    el.style.cssText = el.getAttribute(STYLE_ATTR) ?? "";
    el.removeAttribute(STYLE_ATTR);
  }
}

/** Replaces `target`'s content by sanitized Markdown (GitHub flavored; raw HTML in it is sanitized too). */
export function setMarkdown(target: Element, markdown: string): void {
  setHtml(target, marked.parse(markdown, { async: false }));
}

const STYLE_ELEMENT = /<style\b[\s\S]*?(?:<\/style\s*>|$)/gi;
/** A start tag: name, then attributes (quoted values may hold ">"). */
const START_TAG = /<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
/** One attribute inside a start tag: name and optional value. */
const ATTRIBUTE = /([^\s"'>/=]+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g;

function defuse(html: string): string {
  return html
    .replace(STYLE_ELEMENT, "")
    .replace(START_TAG, (_tag, name: string, attrs: string) => {
      const rewritten = attrs.replace(ATTRIBUTE, (attr, attrName: string, value = "") => {
        const lower = attrName.toLowerCase();
        if (lower.startsWith("on")) return "";
        return lower === "style" ? STYLE_ATTR + value : attr;
      });
      return `<${name}${rewritten}>`;
    });
}
