// Entry of the UI bundle, shared by browser mode and the VS Code webview: read how to reach the host,
// connect, and let the app render what the host sends.
import { App } from "./app";
import { readBoot } from "./boot";
import { createTransport } from "./transport";

const root = document.getElementById("app");
if (!root) throw new Error("the page has no #app element");
const boot = readBoot();
new App(root, createTransport(boot), boot);
