import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { renderPage } from "../server/page";

/** Where the UI bundle lives: the only folder a webview may load from. */
export const webviewRoot = (extensionUri: vscode.Uri) => vscode.Uri.joinPath(extensionUri, "dist", "webview");

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

/** The shared UI page, with a fresh nonce and a CSP that allows nothing but our own script and styles. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, file?: string): string {
  const nonce = randomBytes(16).toString("base64");
  const root = webviewRoot(extensionUri);
  const src = webview.cspSource;
  // The audio worklet module, by its exact URL: audioWorklet.addModule cannot carry a nonce.
  const worklet = webview.asWebviewUri(vscode.Uri.joinPath(root, "audio-worklet.js")).toString();
  return renderPage({
    title,
    nonce,
    csp: [
      "default-src 'none'",
      `script-src 'nonce-${nonce}' ${worklet}`,
      `style-src ${src}`,
      `img-src ${src} data: blob:`,
      `media-src ${src} blob:`,
      `font-src ${src}`,
    ].join("; "),
    scriptUrl: webview.asWebviewUri(vscode.Uri.joinPath(root, "app.js")).toString(),
    styleUrl: webview.asWebviewUri(vscode.Uri.joinPath(root, "app.css")).toString(),
    boot: { transport: "vscode", file },
  });
}
