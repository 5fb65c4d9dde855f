// The run status shown with the outputs: a progress bar (fn's progress(fraction, text)), the error
// box of a failed run, and for input-only interfaces a short "Done" after a successful run.
import "@vscode-elements/elements/dist/vscode-progress-bar/index.js";
import type { QueueStatus, UserError } from "../src/protocol/messages";
import { h } from "./dom";
import "./styles/notices.css";
import "./status.css";

export class Status {
  readonly element = h("div", { class: "li-status" });
  private readonly bar = document.createElement("vscode-progress-bar");
  private readonly text = h("span", { class: "li-progress-text" });
  private readonly progress = h("div", { class: "li-progress", hidden: true }, this.bar, this.text);
  /** The run waits for other people's runs: its place in line. */
  private readonly queue = h("div", { class: "li-queue", role: "status", hidden: true });
  private error: HTMLElement | undefined;
  private done: HTMLElement | undefined;

  constructor() {
    this.bar.ariaLabel = "Run progress";
    this.element.append(this.queue, this.progress);
  }

  /** "Queued 3 of 7 · ~6 s": the run waits its turn behind other people's runs (browser mode shared by many). */
  showQueued({ position, size, eta }: QueueStatus): void {
    const wait = eta === undefined ? "" : eta < 1 ? " · < 1 s" : ` · ~${Math.round(eta)} s`;
    this.queue.textContent = `Queued ${position} of ${size}${wait}`;
    this.queue.dataset.position = String(position);
    this.queue.hidden = false;
  }

  hideQueued(): void {
    if (this.queue.hidden) return;
    this.queue.hidden = true;
    this.queue.textContent = "";
    delete this.queue.dataset.position;
  }

  /** fraction null: indeterminate (a moving bar). */
  showProgress(fraction: number | null, text = ""): void {
    if (fraction === null) {
      this.bar.indeterminate = true;
    } else {
      this.bar.indeterminate = false;
      this.bar.value = Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10;
    }
    this.text.textContent = text;
    this.progress.hidden = false;
  }

  hideProgress(): void {
    if (this.progress.hidden) return; // after every run: no DOM writes when there is nothing to hide
    this.progress.hidden = true;
    this.text.textContent = "";
  }

  showError(error: UserError): void {
    this.clearError();
    const title = error.kind === "timeout" ? "Timed out" : error.kind === "input" ? "Invalid input" : "Error";
    this.error = h(
      "div",
      { class: "li-error", role: "alert" },
      h("div", { class: "li-error-title" }, title),
      h("pre", { class: "li-error-message" }, error.message),
      error.location && h("div", { class: "li-error-location" }, "at ", h("code", {}, error.location)),
      error.stack && h("details", { class: "li-error-stack" }, h("summary", {}, "Stack trace"), h("pre", {}, error.stack)),
    );
    this.element.append(this.error);
  }

  clearError(): void {
    this.error?.remove();
    this.error = undefined;
  }

  showDone(): void {
    this.clearDone();
    this.done = h("div", { class: "li-done", role: "status" }, "Done");
    this.element.append(this.done);
  }

  clearDone(): void {
    this.done?.remove();
    this.done = undefined;
  }

  reset(): void {
    this.hideQueued();
    this.hideProgress();
    this.clearError();
    this.clearDone();
  }
}
