// Inline interfaces, host side: each output the renderer shows gets its own Session on the kernel's
// interface (so two outputs, even of one interface, stay separate). The output links to the host as
// a panel does (host/page-link.ts): over a direct channel (a WebSocket to the local server:
// renderer messaging turns typed arrays into JSON objects, ~1-2 s for 1 MiB) or, where the notebook's
// webview cannot open one (its CSP, a proxy), over renderer messaging as base64 frames. An output
// whose kernel is gone says so.
import * as path from "node:path";
import * as vscode from "vscode";
import { decodeFrame, encodeFrame } from "../protocol/framing";
import { coalesce } from "../protocol/outbox";
import type { ClientMessage, FromRenderer, ServerMessage, ToRenderer, Wire } from "../protocol/messages";
import type { Executor } from "../runtime/executor";
import { Session } from "../runtime/session";
import { recordInBrowser } from "../host/capture-pages";
import { PageLink, type SessionWay } from "../host/page-link";
import type { NotebookKernels } from "./controller";
import type { Kernel } from "./kernel";

export const RENDERER_ID = "live-interface.notebook-renderer";

const STALE_RELOADED = "the notebook's kernel that showed it is not running any more (the window reloaded, or the notebook was reopened)";

interface Inline {
  editor: vscode.NotebookEditor;
  kernel: Kernel;
  iface: string;
  page: PageLink;
  session?: Session;
  executor?: Executor;
  send?: (msg: ServerMessage) => void;
  offRestart: () => void;
}

export class InlineInterfaces implements vscode.Disposable {
  private readonly messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  private readonly outputs = new Map<string, Inline>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly kernels: NotebookKernels, private readonly log: (text: string) => void) {
    this.subscription = this.messaging.onDidReceiveMessage(({ editor, message }) => this.onMessage(editor, message as FromRenderer));
  }

  dispose(): void {
    for (const id of [...this.outputs.keys()]) this.close(id);
    this.subscription.dispose();
  }

  private post(editor: vscode.NotebookEditor, msg: ToRenderer): void {
    void this.messaging.postMessage(msg, editor);
  }

  private onMessage(editor: vscode.NotebookEditor, msg: FromRenderer): void {
    if (typeof msg !== "object" || msg === null || typeof msg.output !== "string") return;
    switch (msg.type) {
      case "open":
        return this.open(editor, msg);
      case "data": {
        // The session's messages where the output has no direct channel (its "ready" among them).
        const inline = this.outputs.get(msg.output);
        if (!inline || typeof msg.frame !== "string") return;
        let decoded: ClientMessage | undefined;
        try {
          decoded = decodeFrame(Buffer.from(msg.frame, "base64")) as ClientMessage;
        } catch {
          // Answered as a malformed message by the session.
        }
        return inline.page.receive(decoded as ClientMessage);
      }
      case "close":
        return this.close(msg.output);
    }
  }

  private open(editor: vscode.NotebookEditor, msg: Extract<FromRenderer, { type: "open" }>): void {
    this.close(msg.output);
    const kernel = this.kernels.byGeneration(String(msg.kernel));
    if (!kernel || !kernel.shown.has(String(msg.iface))) return this.post(editor, { type: "stale", output: msg.output, reason: STALE_RELOADED });
    const output = msg.output;
    // Renderer messaging turns typed arrays into JSON objects: without a channel, our frames as base64.
    const viaMessaging = coalesce<ServerMessage>((batch) => this.post(editor, { type: "data", output, frame: Buffer.from(encodeFrame(batch)).toString("base64") }));
    const page: PageLink = new PageLink(
      { offer: (answer) => this.post(editor, { type: "channel", output, url: answer.url }), send: viaMessaging },
      {
        ready: (way, restore) => this.startSession(inline, way, restore),
        message: (m) => this.deliver(inline, m),
        dropped: () => this.endSession(inline),
      },
      (text) => this.log(`inline interface: ${text}`),
    );
    const inline: Inline = {
      editor,
      kernel,
      iface: msg.iface,
      page,
      offRestart: kernel.onRestart((reason) => {
        this.post(editor, { type: "stale", output, reason });
        this.close(output);
      }),
    };
    this.outputs.set(output, inline);
    page.receive({ type: "open-channel", origin: String(msg.origin) });
  }

  private startSession(inline: Inline, way: SessionWay, restore: Record<number, Wire> | undefined): void {
    this.endSession(inline);
    if (!inline.kernel.shown.has(inline.iface)) return;
    const executor = inline.kernel.executor(inline.iface);
    const session = new Session(executor, way.send, { ...way.options, restore });
    Object.assign(inline, { session, executor, send: way.send });
    session.onClose(() => void executor.dispose());
  }

  private endSession(inline: Inline): void {
    inline.session?.close();
    inline.session = inline.executor = inline.send = undefined;
  }

  /** A message of the output's UI: to its session; a request to record in the browser, as a panel's. */
  private deliver(inline: Inline, raw: unknown): void {
    const { session, executor, send } = inline;
    if (!session || !executor || !send) return;
    if ((raw as { type?: unknown } | undefined)?.type !== "capture-page") return session.handle(raw);
    void recordInBrowser({
      name: `${path.basename(inline.editor.notebook.uri.fsPath)} ${session.currentConfig?.title ?? inline.iface}`,
      where: "notebook",
      executor,
      session,
      send,
      current: () => inline.session === session,
      log: this.log,
    });
  }

  private close(output: string): void {
    const inline = this.outputs.get(output);
    if (!inline) return;
    this.outputs.delete(output);
    inline.offRestart();
    inline.page.close();
    this.endSession(inline);
  }
}
