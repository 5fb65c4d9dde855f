// Entry of the UI bundle, shared by browser mode and the VS Code webview: read how to reach the host,
// connect, and let the app render what the host sends.
// The base styles first: every view's rules (imported beside each module) come after them in app.css.
import "./styles/theme.css";
import "./styles/page.css";
import "./styles/gallery-page.css";
import { App } from "./app";
import { readBoot } from "./boot";
import { h } from "./dom";
import { keepSelectAllInFields } from "./select-all";
import { ReconnectingSocket } from "./reconnecting-socket";
import type { Transport } from "./transport";
import { milestone } from "./timeline";
import { VsCodeTransport } from "./vscode-transport";

milestone("script");

// An empty icon: otherwise the browser asks for /favicon.ico, which the token check refuses (401).
if (!document.querySelector('link[rel~="icon"]')) document.head.append(h("link", { rel: "icon", href: "data:," }));

const root = document.getElementById("app");
if (!root) throw new Error("the page has no #app element");
const boot = readBoot();
if (boot.transport === "vscode") keepSelectAllInFields();
function createTransport(): Transport {
  if (boot.transport === "vscode") return new VsCodeTransport(boot.file, boot.channel === true);
  if (!boot.url) throw new Error("the ws transport needs a url");
  return new ReconnectingSocket(boot.url);
}

new App(root, createTransport(), boot);
