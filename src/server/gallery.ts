// The page at "/" when a server has several interfaces: a card per module, linking to its page.
import * as os from "node:os";
import * as path from "node:path";
import type { App } from "./server";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Descriptions are Markdown in the UI; the cards render their `code` spans (on escaped text).
const inlineCode = (html: string) => html.replace(/`([^`]+)`/g, "<code>$1</code>");

/** A folder as the user would type it: relative to the current folder when inside it, `~/…` in the home folder. */
export function shownFolder(dir: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, dir);
  if (relative === "") return "./";
  if (!relative.startsWith("..") && !path.isAbsolute(relative)) return relative + "/";
  const home = os.homedir();
  return (dir.startsWith(home + path.sep) ? `~/${path.relative(home, dir)}` : dir) + "/";
}

/** Where the modules are: "in <code>examples/</code>", or several folders, or nothing when not known. */
function whereFrom(apps: App[]): string {
  const folders = [...new Set(apps.flatMap((a) => (a.file ? [path.dirname(a.file)] : [])))].map((d) => `<code>${esc(shownFolder(d))}</code>`);
  if (folders.length === 0) return "";
  return ` in ${folders.length === 1 ? folders[0] : `${folders.slice(0, -1).join(", ")} and ${folders.at(-1)}`}`;
}

/** `href` of an app's page, token included (relative to the gallery, which is at the root: "/" or the root path). */
export function galleryPage(apps: App[], token: string, href: (app: App) => string): string {
  const cards = apps
    .map((app) => {
      const c = app.executor.config;
      const title = c?.title ?? app.name;
      const text = c ? (c.description ?? "").split("\n")[0]! : `Does not load: ${app.executor.loadError?.message ?? "unknown error"}`;
      return `<li><a href="${esc(href(app))}"><strong>${esc(title)}</strong><span class="li-kind">${esc(c ? `${c.kind}${c.live ? ", live" : ""}` : "error")}</span><p>${inlineCode(esc(text))}</p></a></li>`;
    })
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Live Interface gallery</title><link rel="icon" href="data:,"><link rel="stylesheet" href="assets/app.css?token=${token}"></head>
<body class="li-gallery"><main><h1>Live Interface gallery</h1><p>Each interface is one TypeScript module${whereFrom(apps)} (files whose names start with <code>_</code> are skipped: helpers). Open one, change an input, and watch fn react.</p>
<ul class="li-cards">${cards}</ul></main></body></html>`;
}
