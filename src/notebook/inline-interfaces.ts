// Inline interfaces, host side: each output the renderer shows gets its own Session on the kernel's
// interface (so two outputs, even of one interface, stay separate). The session talks over a direct
// channel (a WebSocket to the local server, as a panel's: renderer messaging turns typed arrays into
// JSON objects, ~1-2 s for 1 MiB) or, where the notebook's webview cannot open one (its CSP, a proxy),
// over renderer messaging as base64 frames. An output whose kernel is gone says so.
import * as path from "node:path";
import * as vscode from "vscode";
import { decodeFrame, encodeFrame } from "../protocol/framing";
import { coalesce } from "../protocol/outbox";
import type { FromRenderer, ServerMessage, ToRenderer } from "../protocol/messages";
import type { Executor } from "../runtime/executor";
import { Session } from "../runtime/session";
import type { SocketLink } from "../server/socket-link";
import { recordInBrowser } from "../extension/capture-pages";
import { channelSource, offerChannel } from "../extension/direct-channel";
import type { NotebookKernels } from "./controller";
import type { Kernel } from "./kernel";

export const RENDERER_ID = "live-interface.notebook-renderer";

const STALE_RELOADED = "the notebook's kernel that showed it is not running any more (the window reloaded, or the notebook was reopened)";

interface Inline {
  editor: vscode.NotebookEditor;
  kernel: Kernel;
  iface: string;
  session?: Session;
  executor?: Executor;
  send?: (msg: ServerMessage) => void;
  link?: SocketLink;
  channel?: { withdraw(): void };
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
        return void this.open(editor, msg);
      case "ready": {
        // No direct channel: the session's messages go by renderer messaging, coalesced per turn.
        const inline = this.outputs.get(msg.output);
        if (!inline || inline.session) return;
        const send = coalesce<ServerMessage>((batch) => this.post(editor, { type: "data", output: msg.output, frame: Buffer.from(encodeFrame(batch)).toString("base64") }));
        return this.startSession(msg.output, inline, send);
      }
      case "data": {
        const inline = this.outputs.get(msg.output);
        if (!inline?.session || typeof msg.frame !== "string") return;
        try {
          return this.deliver(inline, decodeFrame(Buffer.from(msg.frame, "base64")));
        } catch {
          return this.deliver(inline, undefined); // answered as a malformed message
        }
      }
      case "close":
        return this.close(msg.output);
    }
  }

  private async open(editor: vscode.NotebookEditor, msg: Extract<FromRenderer, { type: "open" }>): Promise<void> {
    this.close(msg.output);
    const kernel = this.kernels.byGeneration(String(msg.kernel));
    if (!kernel || !kernel.shown.has(String(msg.iface))) return this.post(editor, { type: "stale", output: msg.output, reason: STALE_RELOADED });
    const inline: Inline = {
      editor,
      kernel,
      iface: msg.iface,
      offRestart: kernel.onRestart((reason) => {
        this.post(editor, { type: "stale", output: msg.output, reason });
        this.close(msg.output);
      }),
    };
    this.outputs.set(msg.output, inline);
    try {
      if (!(await channelSource(this.log))) throw new Error("liveInterface.directChannel is off");
      const offer = await offerChannel(String(msg.origin), (link) => {
        if (this.outputs.get(msg.output) !== inline || inline.session) return link.close();
        inline.link = link;
        link.onMessage((m) => this.deliver(inline, m));
        link.onClose(() => inline.link === link && this.close(msg.output));
        this.startSession(msg.output, inline, (m) => link.send(m));
      });
      if (this.outputs.get(msg.output) !== inline) return offer.withdraw();
      inline.channel = offer;
      this.post(editor, { type: "channel", output: msg.output, url: offer.url });
    } catch (err) {
      this.log(`inline interface: no direct channel (${(err as Error).message}); it uses renderer messaging`);
      this.post(editor, { type: "channel", output: msg.output });
    }
  }

  private startSession(output: string, inline: Inline, send: (msg: ServerMessage) => void): void {
    if (!inline.kernel.shown.has(inline.iface)) return;
    const link = inline.link;
    const executor = inline.kernel.executor(inline.iface);
    const session = new Session(executor, send, { congested: link && (() => link.congested()), sendsShared: link && (() => true) });
    Object.assign(inline, { session, executor, send });
    session.onClose(() => void executor.dispose());
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
    inline.channel?.withdraw();
    inline.session?.close();
    inline.link?.close();
  }
}
