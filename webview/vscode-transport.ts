// A VS Code panel's or preview's Transport: the host link (host-link.ts) over postMessage, and what
// the webview remembers across a window reload (its module and the inputs the user set).
import type { ClientMessage, ServerMessage } from "../src/protocol/messages";
import { messagesOf } from "../src/protocol/outbox";
import { HostLink } from "./host-link";
import type { Memory } from "./memory";
import type { Transport } from "./transport";
import { holdsBinary } from "./user-values";

/** Provided by VS Code inside webviews; callable once per page. */
declare function acquireVsCodeApi(): { postMessage(msg: unknown): void; getState(): unknown; setState(state: unknown): void };

/** What the webview remembers across a window reload: its module and the inputs the user set. */
export interface WebviewState {
  file?: string;
  values: Record<number, unknown>;
  /** Devices chosen for camera and microphone inputs (memory.ts), by module and input. */
  remembered?: Record<string, string>;
}

export class VsCodeTransport implements Transport {
  private readonly api = acquireVsCodeApi();
  private readonly state: WebviewState;
  private readonly listeners: ((msg: ServerMessage) => void)[] = [];
  /** The way to the host: a direct channel or postMessage (host-link.ts). */
  private readonly link: HostLink;

  constructor(file: string | undefined, channelOffered: boolean) {
    const saved = this.api.getState() as WebviewState | undefined;
    this.state = { file: file ?? saved?.file, values: file && saved?.file !== file ? {} : (saved?.values ?? {}), remembered: saved?.remembered ?? {} };
    this.api.setState(this.state);
    window.addEventListener("message", (ev: MessageEvent) => {
      for (const msg of messagesOf(ev.data as ServerMessage | ServerMessage[])) {
        if (msg.type === "channel") this.link.channel(msg.url);
        else this.link.receive(msg);
      }
    });
    this.link = new HostLink(
      { askChannel: (origin) => this.api.postMessage({ type: "open-channel", origin } satisfies ClientMessage), send: (msg) => this.api.postMessage(msg) },
      // Asks the host for a session, restoring the inputs this page remembers.
      () => ({ type: "ready", restore: this.state.values }),
      // Which way this page talks to its host, for the curious and for tests: body[data-link].
      (way) => (document.body.dataset.link = way === "direct" ? "direct" : "postMessage"),
      channelOffered,
    );
    this.link.onMessage((msg) => this.deliver(msg));
  }

  send(msg: ClientMessage): void {
    this.link.send(msg);
    if (msg.type === "input") {
      // Media (pixels, samples) are not remembered: the webview state is JSON, and a frame would bloat it.
      for (const [index, value] of msg.changes) if (!holdsBinary(value)) this.state.values[index] = value;
      this.api.setState(this.state);
    }
  }

  onMessage(cb: (msg: ServerMessage) => void): void {
    this.listeners.push(cb);
  }

  /** Kept in the webview state, per module (the preview follows the editor from one to another). */
  readonly memory: Memory = {
    get: (key) => this.state.remembered?.[`${this.state.file ?? ""}|${key}`],
    set: (key, value) => {
      (this.state.remembered ??= {})[`${this.state.file ?? ""}|${key}`] = value;
      this.api.setState(this.state);
    },
  };

  /** The extension host disposes the whole panel instead of dropping the connection. */
  onClose(): void {}

  congested(): boolean {
    return this.link.congested();
  }

  private deliver(msg: ServerMessage): void {
    // Another module (the preview followed the editor): the remembered inputs belonged to the last one.
    if (msg.type === "config" && msg.file !== undefined && msg.file !== this.state.file) {
      this.state.file = msg.file;
      this.state.values = {};
      this.api.setState(this.state);
    }
    for (const cb of this.listeners) cb(msg);
  }
}
