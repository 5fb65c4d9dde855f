// The "browser" capture source as the interface page shows it: under the streaming inputs, a way to
// record on another page, and what that page is doing. In browser mode it is a link (another tab or
// device opens it). In a VS Code panel, which desktop VS Code refuses the camera and microphone, it
// is a button: the extension asks the user, then opens a capture page in their browser.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import type { CaptureState } from "../src/protocol/messages";
import { h } from "./dom";

const SAYS: Record<CaptureState, string> = {
  opened: "A capture page opened in your browser: record there, the outputs show here.",
  connected: "Your capture page is connected: what it records streams into this interface.",
  closed: "The capture page closed.",
  declined: "Not opened: recording in the browser needs your agreement.",
  failed: "Could not open a capture page.",
};

export class CapturePageControl {
  readonly element: HTMLElement;
  private readonly status = h("span", { class: "li-capture-status", role: "status" });

  /** `link`: the capture page's URL (browser mode); `request`: asks the VS Code host to open one. */
  constructor(target: { link: string } | { request: () => void }) {
    if ("link" in target) {
      this.element = h(
        "p",
        { class: "li-capture-link", "data-state": "idle" },
        h("a", { href: target.link, target: "_blank", rel: "noopener" }, "Record from another page"),
        " (another browser or device streams into this one) ",
        this.status,
      );
      return;
    }
    const open = document.createElement("vscode-button");
    open.textContent = "Record in your browser";
    open.ariaLabel = "Record in your browser: open a capture page that streams into this panel";
    open.secondary = true;
    open.addEventListener("click", () => target.request());
    this.element = h("p", { class: "li-capture-link", "data-state": "idle" }, open, " ", this.status);
  }

  /** Browser mode: the link of a new session's capture page (the page's socket came back). */
  relink(link: string): void {
    this.element.querySelector("a")?.setAttribute("href", link);
  }

  /** What the host says about the capture page; `url` is shown so the user can open it by hand. */
  update(state: CaptureState, url?: string, message?: string): void {
    this.element.dataset.state = state;
    const text = [SAYS[state], message].filter(Boolean).join(" ");
    this.status.replaceChildren(text);
    if (state === "opened" && url) this.status.append(" If no browser came up, open ", h("code", { class: "li-capture-url" }, url), ".");
  }
}
