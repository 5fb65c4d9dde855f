// The app: routes host messages to the rendered interface, tracks whether a run is in flight
// (#app[data-state]), and shows what happens outside runs (banners, a module that does not load).
import type { InterfaceConfig, ServerMessage, UserError } from "../src/protocol/messages";
import { Banners } from "./banner";
import type { Boot } from "./boot";
import { milestone } from "./timeline";
import { h, shownPerTask } from "./dom";
import { CaptureView } from "./capture-view";
import { InterfaceView } from "./interface-view";
import { localMemory, type Memory } from "./memory";
import type { Transport } from "./transport";
import type { UserValue } from "./user-values";
import "./styles/notices.css";

export class App {
  private readonly banners = new Banners();
  /** Where inputs remember the user's choices: the host's (VS Code webview state), else localStorage. */
  private readonly memory: Memory;
  private view: InterfaceView | undefined;
  private capture: CaptureView | undefined;
  /** The run whose messages are shown: the newest started. */
  private run: string | undefined;
  /** The module of the interface shown (VS Code; undefined in browser mode, where a page shows one). */
  private file: string | undefined;
  /**
   * What the user set on an interface no longer shown (a load error took its place; the notebook drew
   * this output again): the next config of the same module keeps it (user-values.ts).
   */
  private kept: UserValue[] | undefined;

  /** `kept`: values the user set on an earlier rendering of this output (notebook outputs drawn again). */
  constructor(private readonly root: HTMLElement, private readonly transport: Transport, private readonly boot: Boot, kept?: UserValue[]) {
    this.kept = kept;
    this.memory = transport.memory ?? localMemory();
    root.replaceChildren(this.banners.element, h("p", { class: "li-loading" }, "Connecting…"));
    // Where this page runs, for tests and styles: a browser tab, a VS Code panel (it has a fixed
    // module), or the VS Code preview (it follows the editor).
    root.dataset.surface = boot.surface ?? (boot.transport === "ws" ? "browser" : boot.file ? "panel" : "preview");
    root.dataset.state = "idle";
    transport.onMessage((msg) => this.handle(msg));
    transport.onClose(() => {
      this.banners.disconnect(transport.reconnects === true);
      this.setRunning(false);
    });
  }

  /** What the user set on the interface shown, for a later rendering of the same output. */
  userValues(): UserValue[] | undefined {
    return this.view?.userValues() ?? this.kept;
  }

  private handle(msg: ServerMessage): void {
    switch (msg.type) {
      case "config":
        milestone("config");
        if (this.boot.capture) {
          this.capture?.dispose();
          this.capture = new CaptureView(msg.config, this.transport, this.memory);
          this.show(this.capture.element);
          document.title = `Capture: ${msg.config.title ?? "Live Interface"}`;
          return;
        }
        this.showConfig(msg.config, msg.session, msg.file);
        if (msg.config.title && !this.boot.surface) document.title = msg.config.title;
        if (msg.file) this.root.dataset.module = msg.file.split(/[\\/]/).pop();
        this.banners.connected();
        this.run = undefined;
        this.setRunning(false);
        return;
      case "load-error":
        return this.showInstead(loadErrorPanel(msg.error));
      case "notice":
        return this.showInstead(h("section", { class: "li-notice", role: "status" }, h("h1", {}, msg.title), h("p", {}, msg.message)));
      case "queue":
        // The newest run of this page waits its turn (the session sends only its current run's place).
        this.run = msg.run;
        this.setRunning(true);
        this.view?.queued(msg);
        return;
      case "run-start":
        this.run = msg.run;
        this.setRunning(true);
        this.view?.runStarted(msg.run, msg.seq);
        return;
      case "output":
        this.view?.output(msg);
        milestone("output");
        return;
      case "progress":
        if (msg.run === this.run) this.view?.progress(msg.fraction, msg.text);
        return;
      case "run-end":
        if (msg.run !== this.run) return; // an older run, already replaced by a newer one
        this.run = undefined;
        this.setRunning(false);
        this.view?.runEnded(msg.error, msg.aborted === true);
        return;
      case "error":
        this.banners.error(msg.error.message);
        return;
      case "capture":
        this.view?.captureState(msg.state, msg.url, msg.message, msg.index);
        return;
      case "turn":
        this.view?.turn(msg.index, msg.state, msg.bargeIn === true);
        return;
    }
  }

  /**
   * A session's config. The same controls as shown (a new session, a module saved without changing
   * its components) keep the page as it is; other ones are drawn anew. Either way what the user set
   * on this module stays (user-values.ts); another module (the preview followed the editor) starts afresh.
   */
  private showConfig(config: InterfaceConfig, session: string, file: string | undefined): void {
    const sameModule = file === this.file;
    this.file = file;
    const captureLink = this.boot.captureUrl && `${this.boot.captureUrl}&session=${encodeURIComponent(session)}`;
    if (this.view && sameModule && this.view.sameControls(config)) return this.view.adopt(config, captureLink);
    const userValues = sameModule ? (this.view?.userValues() ?? this.kept) : undefined;
    const focused = this.view?.focusedInput();
    this.kept = undefined;
    this.view?.dispose();
    this.view = new InterfaceView(config, this.transport, {
      gallery: this.boot.gallery,
      apiPage: this.boot.apiPage,
      captureLink,
      capturePage: this.boot.transport === "vscode" ? { mode: this.boot.captureSource ?? "auto" } : undefined,
      userValues,
      memory: this.memory,
    });
    this.show(this.view.element);
    if (focused !== undefined) this.view.focusInput(focused);
  }

  /** `content` instead of the interface: nothing runs any more. */
  private showInstead(content: HTMLElement): void {
    this.kept = this.view?.userValues() ?? this.kept;
    this.view?.dispose();
    this.view = undefined;
    this.show(content);
    this.run = undefined;
    this.setRunning(false);
  }

  private show(content: HTMLElement): void {
    this.root.replaceChildren(this.banners.element, content);
    this.root.setAttribute("aria-busy", "false");
  }

  private readonly setRunning = shownPerTask(false, (running) => (this.root.dataset.state = running ? "running" : "idle"));
}

function loadErrorPanel(error: UserError): HTMLElement {
  return h(
    "section",
    { class: "li-load-error", role: "alert" },
    h("h1", {}, "The interface could not be loaded"),
    h("pre", { class: "li-error-message" }, error.message),
    error.location && h("div", { class: "li-error-location" }, "at ", h("code", {}, error.location)),
    error.stack && h("details", { class: "li-error-stack" }, h("summary", {}, "Stack trace"), h("pre", {}, error.stack)),
    h("p", { class: "li-hint" }, "Fix the error in the module and save the file."),
  );
}
