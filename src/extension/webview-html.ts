import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { renderPage } from "../server/page";
import { channelSource } from "../host/direct-channel";

/** Where the UI bundle lives: the only folder a webview may load from. */
export const webviewRoot = (extensionUri: vscode.Uri) => vscode.Uri.joinPath(extensionUri, "dist", "webview");

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

/**
 * The shared UI page, with a fresh nonce and a CSP that allows nothing but our own script and styles,
 * and `channel` (a WebSocket origin: the direct channel's server, direct-channel.ts) when given.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, file?: string, channel?: string): string {
  const nonce = randomBytes(16).toString("base64");
  const root = webviewRoot(extensionUri);
  const src = webview.cspSource;
  return renderPage({
    title,
    nonce,
    csp: [
      "default-src 'none'",
      // The webview's resource origin too, for the audio worklet module (audioWorklet.addModule
      // cannot carry a nonce; its exact URL is percent-encoded, which CSP refuses as a source).
      // localResourceRoots limits that origin to our own dist/webview files.
      `script-src 'nonce-${nonce}' ${src}`,
      `style-src ${src}`,
      `img-src ${src} data: blob:`,
      `media-src ${src} blob:`,
      `font-src ${src}`,
      ...(channel ? [`connect-src ${channel}`] : []),
    ].join("; "),
    scriptUrl: webview.asWebviewUri(vscode.Uri.joinPath(root, "app.js")).toString(),
    styleUrl: webview.asWebviewUri(vscode.Uri.joinPath(root, "app.css")).toString(),
    boot: { transport: "vscode", file, channel: channel ? true : undefined, captureSource: vscode.workspace.getConfiguration("liveInterface").get("captureSource", "auto") },
  });
}

/**
 * Sets the UI page into `webview`, offering the direct channel when it is on and its server is up.
 * Returns how long the channel's server took to be ready (ms): the page waits for it.
 */
export async function loadInterfacePage(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, file: string | undefined, log: (text: string) => void): Promise<number> {
  const t0 = Date.now();
  const channel = await channelSource(log);
  webview.html = webviewHtml(webview, extensionUri, title, file, channel);
  return Date.now() - t0;
}
