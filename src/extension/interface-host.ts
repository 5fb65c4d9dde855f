import * as path from "node:path";
import * as vscode from "vscode";
import { streamTiming, type ClientMessage, type ServerMessage, type UserError, type Wire } from "../protocol/messages";
import { isStreamingInput } from "../protocol/components";
import { coalesce } from "../protocol/outbox";
import { Session } from "../runtime/session";
import { Supervisor } from "../runtime/supervisor";
import { FfmpegCapture, splitArgs } from "../capture/ffmpeg";
import { recordInBrowser } from "../host/capture-pages";
import { PageLink, type SessionWay } from "../host/page-link";
import { runtimeOptions } from "../host/runtime-options";

/** What every panel and preview reports to: the Output channel, the Problems view, the status bar. */
export interface HostServices {
  log(text: string): void;
  /** Errors in a module's file (undefined clears them). */
  reportError(file: string, error: UserError | undefined): void;
  running(host: InterfaceHost, running: boolean): void;
}

/**
 * Shows one module's interface in one webview: runs the module in its own supervised runtime (never in
 * the extension host's thread) and relays messages between the webview and a Session. A new Session
 * starts each time the page (re)loads; the module can be switched (the preview following the editor).
 */
export class InterfaceHost implements vscode.Disposable {
  /** Hosts whose module runtime is running: closing a panel must take its runtime away. */
  static readonly withRuntime = new Set<InterfaceHost>();
  private supervisor: Supervisor | undefined;
  private session: Session | undefined;
  private file: string | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Inputs being recorded by ffmpeg (capture source "ffmpeg"), by index. */
  private readonly natives = new Map<number, FfmpegCapture>();
  /** The page has loaded and said so: sessions can start. Before that, messages could be lost. */
  private pageReady = false;
  /** The page's way to this host: its direct channel or postMessage (page-link.ts). */
  private readonly page: PageLink;
  /** How the current session sends (the way the page said "ready" on). */
  private way: SessionWay | undefined;
  private disposed = false;

  constructor(private readonly webview: vscode.Webview, private readonly services: HostServices) {
    this.page = new PageLink(
      { offer: (answer) => this.postToWebview({ type: "channel", ...answer }), send: (msg) => this.postToWebview(msg) },
      {
        ready: (way, restore) => {
          this.pageReady = true;
          this.way = way;
          // No runtime: the notice (untrusted, no module open) again, as one sent before the page listened is lost.
          if (!this.supervisor) return this.show(this.file);
          this.startSession(restore);
        },
        message: (msg) => this.onMessage(msg),
        dropped: () => {
          this.way = undefined;
          this.session?.close();
          this.session = undefined;
        },
      },
      (text) => this.services.log(text),
    );
    this.subscriptions.push(webview.onDidReceiveMessage((msg: ClientMessage) => this.page.receive(msg)));
  }

  get currentFile(): string | undefined {
    return this.file;
  }

  /** Shows `file`'s interface (starting its runtime), or nothing. */
  show(file: string | undefined): void {
    if (file === this.file && this.supervisor) return;
    this.stopRuntime();
    this.file = file;
    if (!file) {
      return void this.post({
        type: "notice",
        title: "No interface module open",
        message: "Open a file that declares new li.Interface({ ... }) and it shows here.",
      });
    }
    if (!vscode.workspace.isTrusted) {
      return void this.post({
        type: "notice",
        title: "This workspace is not trusted",
        message:
          "Live Interface runs the module's code, and this workspace is not trusted. " +
          "Trust the workspace (command: Workspaces: Manage Workspace Trust) to run it.",
      });
    }
    this.supervisor = new Supervisor(file, runtimeOptions((text) => this.services.log(`[${path.basename(file)}] ${text}`)));
    InterfaceHost.withRuntime.add(this);
    // Fires after the first load too (the supervisor starts loading in its constructor).
    this.supervisor.onReload(() => this.onLoaded());
    if (this.pageReady) this.startSession();
  }

  /** Reloads when `saved` is the module or one of the files it imports. */
  reloadIfUses(saved: string): boolean {
    if (!this.supervisor?.files.includes(saved)) return false;
    void this.supervisor.reload();
    return true;
  }

  /** Runs the module again from scratch (e.g. after the workspace became trusted). */
  restart(): void {
    const file = this.file;
    this.stopRuntime();
    this.show(file);
  }

  dispose(): void {
    this.disposed = true;
    this.page.close();
    this.stopRuntime();
    for (const s of this.subscriptions) s.dispose();
  }

  /** A message from the page (the handshake is page-link.ts's). */
  private onMessage(msg: ClientMessage): void {
    if (msg?.type === "capture-page") return void this.openCapturePage();
    if (msg?.type === "native-capture") return this.nativeCapture(msg.index, msg.record === true);
    this.session?.handle(msg);
  }

  /**
   * The "browser" capture source: after the user agrees, serves a capture page for this session on
   * 127.0.0.1 and opens it in their browser. It stops being served when the session ends.
   */
  private async openCapturePage(): Promise<void> {
    const { session, supervisor, file } = this;
    if (!session || !supervisor || !file) return;
    const name = path.basename(file);
    await recordInBrowser({
      name,
      where: "panel",
      executor: supervisor,
      session,
      send: (msg) => this.post(msg),
      current: () => session === this.session,
      log: (text) => this.services.log(`[${name}] ${text}`),
    });
  }

  /**
   * The "ffmpeg" capture source: input `index` recorded by ffmpeg in this process's child, its chunks
   * handed to the session as if the page had sent them. Stops with the session.
   */
  private nativeCapture(index: number, record: boolean): void {
    this.natives.get(index)?.stop();
    this.natives.delete(index);
    const session = this.session;
    const config = session?.currentConfig;
    const spec = config?.inputs[index];
    if (!record || !session || !config) return;
    const fail = (message: string) => this.post({ type: "capture", index, state: "failed", message });
    if (!spec || !isStreamingInput(spec)) return fail(`input ${index} is not a streaming camera or microphone`);
    const input = vscode.workspace.getConfiguration("liveInterface").get<string>("ffmpegInput", "").trim();
    const { every } = streamTiming(config, spec);
    try {
      const capture = new FfmpegCapture(
        { kind: spec.type === "audio" ? "audio" : "video", input: input ? splitArgs(input) : undefined, every },
        (value) => session.handle({ type: "stream", index, value }),
        (error) => {
          if (this.natives.get(index) === capture) this.natives.delete(index);
          session.handle({ type: "stream-end", index });
          if (error) {
            this.services.log(`[${this.file && path.basename(this.file)}] ${error}`);
            fail(error);
          }
        },
      );
      this.natives.set(index, capture);
      session.onClose(() => capture.stop());
      this.post({ type: "capture", index, state: "connected" });
    } catch (err) {
      fail((err as Error).message);
    }
  }

  private startSession(restore?: Record<number, Wire>): void {
    this.session?.close();
    this.session = this.supervisor && this.way && new Session(this.supervisor, (m) => this.post(m), { ...this.way.options, restore, file: this.file });
  }

  /**
   * To the webview: the messages of one event-loop turn as one postMessage (see outbox.ts). A panel
   * closed within that turn has a disposed webview, which throws: its messages have nowhere to go.
   */
  private readonly postToWebview = coalesce<ServerMessage>((batch) => {
    if (!this.disposed) void this.webview.postMessage(batch);
  });

  private post(msg: ServerMessage): void {
    if (this.way) this.way.send(msg);
    else this.postToWebview(msg);
    if (msg.type === "run-start") this.services.running(this, true);
    if (msg.type === "run-end") {
      this.services.running(this, false);
      if (msg.error) this.report(msg.error);
    }
    if (msg.type === "output" && this.file) this.services.reportError(this.file, undefined);
  }

  private onLoaded(): void {
    if (!this.file || !this.supervisor) return;
    const error = this.supervisor.loadError;
    if (error) this.report(error);
    else {
      this.services.reportError(this.file, undefined);
      this.services.log(`[${path.basename(this.file)}] loaded`);
    }
  }

  private report(error: UserError): void {
    if (!this.file) return;
    this.services.log(`[${path.basename(this.file)}] ${error.message}${error.location ? ` (at ${error.location})` : ""}`);
    this.services.reportError(this.file, error);
  }

  private stopRuntime(): void {
    this.session?.close();
    this.session = undefined;
    if (this.supervisor) this.services.running(this, false);
    void this.supervisor?.dispose();
    this.supervisor = undefined;
    InterfaceHost.withRuntime.delete(this);
  }
}
