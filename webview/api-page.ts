// Entry of the API page (<interface>/api/, src/server/api-page.ts): the interface's inputs and outputs
// as the API takes and gives them, and snippets to copy. The token shows as dots until its user asks
// to see it (a shared screen, a screenshot); Copy copies the real one.
import type { ApiPageBoot, ApiParameter } from "../src/protocol/api";
import { apiUrls, snippets, type ApiUrls, type Snippet } from "./api/snippets";
import { h } from "./dom";

const root = document.getElementById("api")!;
const boot = JSON.parse(document.getElementById("li-api-boot")!.textContent!) as ApiPageBoot;
const urls = apiUrls(boot, location);

type Described = { description?: string; type?: string | string[]; enum?: unknown[]; items?: Described; anyOf?: Described[] };

/** A schema in a few words: its description, else its type ("string", "number or null", "array of …"). */
function describe(schema: Described): string {
  if (schema.description) return schema.description;
  if (schema.anyOf) return schema.anyOf.map(describe).join(" or ");
  if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const types = [schema.type ?? "any JSON value"].flat().join(" or ");
  return schema.items ? `${types} of ${describe(schema.items)}` : types;
}

function parameterTable(caption: string, params: ApiParameter[], defaults: boolean): HTMLElement {
  return h(
    "table",
    { class: "li-api-table" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Component"), h("th", { scope: "col" }, "Value"), defaults && h("th", { scope: "col" }, "Default"))),
    h(
      "tbody",
      {},
      ...params.map((p) => {
        const d = (p.schema as { default?: unknown }).default;
        return h("tr", {}, h("td", {}, h("code", {}, p.name)), h("td", {}, p.component), h("td", {}, describe(p.schema as Described)), defaults && h("td", {}, d === undefined ? "" : h("code", {}, JSON.stringify(d))));
      }),
    ),
  );
}

/** Text with `code` in backquotes, as elements. */
const withCode = (text: string) => text.split(/`([^`]*)`/).map((part, i) => (i % 2 ? h("code", {}, part) : part));

/** The snippet as shown: the token as dots unless `reveal`. */
const shown = (s: Snippet, u: ApiUrls, reveal: boolean) => (reveal || !u.token ? s.text : s.text.split(u.token).join("•".repeat(8)));

function snippetBlock(s: Snippet, reveal: () => boolean): { element: HTMLElement; refresh(): void } {
  const code = h("code", { class: `language-${s.language}` });
  const copied = h("span", { class: "li-api-copied", role: "status" });
  const copy = h("button", { type: "button", class: "li-api-copy" }, "Copy");
  copy.addEventListener("click", () => {
    void navigator.clipboard.writeText(s.text).then(
      () => (copied.textContent = "Copied"),
      () => (copied.textContent = "Copy failed: select the text instead"),
    );
  });
  const refresh = () => (code.textContent = shown(s, urls, reveal()));
  refresh();
  const element = h("section", { class: "li-api-snippet", "data-snippet": s.id }, h("div", { class: "li-api-snippet-head" }, h("h3", {}, s.title), copy, copied), h("p", { class: "li-api-note" }, ...withCode(s.note)), h("pre", {}, code));
  return { element, refresh };
}

function render(): void {
  const info = boot.info;
  const back = h("a", { class: "li-gallery-link", href: urls.page }, "← Interface");
  if (!info) {
    root.replaceChildren(back, h("h1", { class: "li-title" }, "API"), h("p", { role: "alert" }, `The interface does not load, so it has no API now: ${boot.loadError ?? ""}`));
    return;
  }
  let reveal = false;
  const blocks = snippets(boot, urls).map((s) => snippetBlock(s, () => reveal));
  const toggle = h("input", { type: "checkbox", id: "li-api-reveal" });
  toggle.addEventListener("change", () => {
    reveal = toggle.checked;
    blocks.forEach((b) => b.refresh());
  });
  const endpoints = h(
    "dl",
    { class: "li-api-endpoints" },
    h("dt", {}, "GET"),
    h("dd", {}, h("code", {}, shown({ text: urls.info } as Snippet, urls, false)), " the inputs and outputs as JSON Schema"),
    h("dt", {}, "POST"),
    h("dd", {}, h("code", {}, shown({ text: urls.predict } as Snippet, urls, false)), " runs fn (JSON or multipart; server-sent events with Accept: text/event-stream)"),
    boot.mcp && h("dt", {}, "MCP"),
    boot.mcp && h("dd", {}, h("code", {}, shown({ text: urls.mcp } as Snippet, urls, false)), ` the tool `, h("code", {}, boot.tool.name), " (Streamable HTTP)"),
  );
  root.replaceChildren(
    h(
      "header",
      { class: "li-header" },
      back,
      h("h1", { class: "li-title" }, `${info.title ?? info.name}: API`),
      info.description && h("p", { class: "li-description" }, info.description),
      info.doc && h("p", { class: "li-api-doc" }, info.doc),
    ),
    h("p", {}, "Call this interface from code, the command line or an AI agent. Every request carries the token (", h("code", {}, "?token="), " or ", h("code", {}, "Authorization: Bearer"), "); calls wait in the same line as the page's runs."),
    endpoints,
    parameterTable("Inputs", info.inputs, true),
    parameterTable("Outputs", info.outputs, false),
    h("h2", {}, "Snippets"),
    h("label", { class: "li-api-reveal", for: "li-api-reveal" }, toggle, " Show the token in the snippets (Copy always copies it)"),
    ...blocks.map((b) => b.element),
    h("details", { class: "li-api-schema" }, h("summary", {}, "JSON Schema of the inputs and outputs"), h("pre", {}, h("code", {}, JSON.stringify({ input: info.inputSchema, output: info.outputSchema }, null, 2)))),
  );
  root.setAttribute("aria-busy", "false");
}

render();
