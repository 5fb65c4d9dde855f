// The API page of an interface (<interface>/api/, "Use via API" in its footer): its inputs and outputs
// as JSON Schema, and snippets to copy (curl, the Node client, MCP clients). The page itself
// (webview/api-page.ts) writes the snippets with the address it was opened at, so they hold the URL
// and token its user has, through whatever proxy or forwarder the page came.
import { randomBytes } from "node:crypto";
import type { ApiPageBoot } from "../protocol/api";
import { apiInfo, describeForAgents, toolName } from "./api-info";
import type { App } from "./server";

export interface ApiPageOptions {
  app: App;
  token: string;
  /** The server serves MCP (serve --mcp). */
  mcp: boolean;
  /** How many folders deep the page's path is ("/api/": 1, "/app/<name>/api/": 3). */
  depth: number;
  /** The server serves this app alone (its URLs have no /app/<name>/). */
  single: boolean;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function apiPage(o: ApiPageOptions): { status: number; html: string; csp: string } {
  const nonce = randomBytes(16).toString("base64");
  const root = "../".repeat(o.depth);
  const config = o.app.executor.config;
  const info = config && apiInfo(o.app.name, config, o.app.file);
  const boot: ApiPageBoot = {
    info,
    loadError: config ? undefined : (o.app.executor.loadError?.message ?? "the module is not loaded"),
    tool: { name: toolName(o.app.name), description: info && describeForAgents(info) },
    mcp: o.mcp,
    file: o.app.file,
    interfacePath: "../",
    single: o.single,
  };
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, "style-src 'self'", "img-src data:", "connect-src 'self'"].join("; ");
  const title = `${info?.title ?? o.app.name}: API`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${root}assets/app.css?token=${o.token}">
<link rel="stylesheet" href="${root}assets/api-page.css?token=${o.token}">
</head>
<body>
<main id="api" class="li-api-page" aria-busy="true"><p class="li-loading">Loading…</p></main>
<script nonce="${nonce}" id="li-api-boot" type="application/json">${JSON.stringify(boot).replace(/</g, "\\u003c")}</script>
<script nonce="${nonce}" type="module" src="${root}assets/api-page.js?token=${o.token}"></script>
</body>
</html>`;
  return { status: 200, html, csp };
}
