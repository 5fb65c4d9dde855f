/** The HTML shell of the UI, shared by browser mode and the VS Code webview. */
export interface PageOptions {
  title: string;
  scriptUrl: string;
  styleUrl: string;
  nonce: string;
  csp: string;
  /** Read by the UI at start: how to reach the host. */
  boot: Record<string, unknown>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderPage(o: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(o.csp)}">
<title>${escapeHtml(o.title)}</title>
<link rel="stylesheet" href="${escapeHtml(o.styleUrl)}">
</head>
<body>
<main id="app" aria-busy="true"><p class="li-loading">Loading…</p></main>
<script nonce="${o.nonce}" id="li-boot" type="application/json">${JSON.stringify(o.boot).replace(/</g, "\\u003c")}</script>
<script nonce="${o.nonce}" type="module" src="${escapeHtml(o.scriptUrl)}"></script>
</body>
</html>`;
}
