// Banners above the interface: problems outside a run (protocol errors, dismissible) and the lost
// connection (permanent: nothing works until the page is reloaded).
import { h } from "./dom";

export class Banners {
  readonly element = h("div", { class: "li-banners" });
  private disconnected = false;

  error(message: string): void {
    const close = h("button", { type: "button", class: "li-banner-close", "aria-label": "Dismiss" }, "×");
    const banner = h("div", { class: "li-banner li-banner-error", role: "alert" }, h("span", { class: "li-banner-text" }, message), close);
    close.addEventListener("click", () => banner.remove());
    this.element.append(banner);
  }

  disconnect(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    const reload = h("button", { type: "button", class: "li-banner-action" }, "Reload");
    reload.addEventListener("click", () => location.reload());
    this.element.append(
      h("div", { class: "li-banner li-banner-disconnected", role: "alert" }, h("span", { class: "li-banner-text" }, "Disconnected from the server — reload the page"), reload),
    );
  }
}
