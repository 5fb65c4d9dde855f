// Banners above the interface: problems outside a run (protocol errors, dismissible) and the lost
// connection (until the page reconnects, or for good where it cannot).
import { h } from "./dom";
import "./banner.css";

export class Banners {
  readonly element = h("div", { class: "li-banners" });
  private disconnected: HTMLElement | undefined;

  error(message: string): void {
    const close = h("button", { type: "button", class: "li-banner-close", "aria-label": "Dismiss" }, "×");
    const banner = h("div", { class: "li-banner li-banner-error", role: "alert" }, h("span", { class: "li-banner-text" }, message), close);
    close.addEventListener("click", () => banner.remove());
    this.element.append(banner);
  }

  /**
   * The connection is gone. `reconnecting`: the page tries again by itself (browser mode) and the
   * banner goes once a session answers; otherwise only a reload helps.
   */
  disconnect(reconnecting: boolean): void {
    if (this.disconnected) return;
    const reload = h("button", { type: "button", class: "li-banner-action" }, "Reload");
    reload.addEventListener("click", () => location.reload());
    const text = reconnecting ? "Disconnected from the server — reconnecting… (what you type is kept)" : "Disconnected from the server — reload the page";
    this.disconnected = h("div", { class: "li-banner li-banner-disconnected", role: "alert" }, h("span", { class: "li-banner-text" }, text), reload);
    this.element.append(this.disconnected);
  }

  /** A session answers again. */
  connected(): void {
    this.disconnected?.remove();
    this.disconnected = undefined;
  }
}
