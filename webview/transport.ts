// How the UI talks to its host. Browser mode: a WebSocket carrying binary frames (framing.ts). VS Code:
// the same over a direct channel to the extension host where it connects (extension/direct-channel.ts),
// otherwise the webview's postMessage, whose structured clone carries typed arrays as they are.
import { encodeFrame } from "../src/protocol/framing";
import { decodeMessages, messagesOf } from "../src/protocol/outbox";
import type { ClientMessage, ServerMessage } from "../src/protocol/messages";
import type { Memory } from "./memory";
import { holdsBinary } from "./user-values";

export interface Transport {
  send(msg: ClientMessage): void;
  onMessage(cb: (msg: ServerMessage) => void): void;
  /** The connection is gone (the host stopped or the network dropped); for good unless `reconnects`. */
  onClose(cb: () => void): void;
  /** The transport comes back by itself after onClose (browser mode): a new session then sends its config. */
  readonly reconnects?: boolean;
  /** True while sent data waits to leave: a streamed frame sent now would only add delay. */
  congested(): boolean;
  /** Where the page remembers things for the user, when its host keeps them (VS Code: the webview state). */
  readonly memory?: Memory;
}

/**
 * Bytes waiting in the socket beyond which streamed frames are skipped: about one 640x480 camera
 * frame, so a frame never waits behind more than one older frame.
 */
const CONGESTED_BYTES = 512 * 1024;


export class WebSocketTransport implements Transport {
  private readonly ws: WebSocket;
  /** Messages sent before the socket opened; flushed on open, in order. */
  private queue: Uint8Array[] = [];
  private messageListeners: ((msg: ServerMessage) => void)[] = [];
  private closeListeners: (() => void)[] = [];
  private closed = false;
  /** Resolves true when the socket opened, false when it closed (or failed) before. */
  readonly opened: Promise<boolean>;

  constructor(url: string) {
    // The page gives an address relative to itself (it may sit behind a forwarder's path prefix).
    const address = new URL(url, location.href);
    address.protocol = address.protocol === "https:" ? "wss:" : "ws:";
    this.ws = new WebSocket(address);
    this.ws.binaryType = "arraybuffer";
    this.opened = new Promise((resolve) => {
      this.ws.addEventListener("open", () => resolve(true));
      this.ws.addEventListener("close", () => resolve(false));
    });
    this.ws.addEventListener("open", () => {
      for (const frame of this.queue) this.ws.send(frame);
      this.queue = [];
    });
    this.ws.addEventListener("message", (ev: MessageEvent) => {
      const received = typeof ev.data === "string" ? messagesOf(JSON.parse(ev.data) as ServerMessage | ServerMessage[]) : decodeMessages(new Uint8Array(ev.data as ArrayBuffer));
      for (const msg of received) for (const cb of this.messageListeners) cb(msg);
    });
    // "error" is always followed by "close"; reporting once is enough.
    this.ws.addEventListener("close", () => {
      if (this.closed) return;
      this.closed = true;
      for (const cb of this.closeListeners) cb();
    });
  }

  send(msg: ClientMessage): void {
    const frame = encodeFrame(msg);
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
    else if (this.ws.readyState === WebSocket.CONNECTING) this.queue.push(frame);
    // CLOSING/CLOSED: the disconnected banner already tells the user; dropping is all we can do.
  }

  onMessage(cb: (msg: ServerMessage) => void): void {
    this.messageListeners.push(cb);
  }

  onClose(cb: () => void): void {
    this.closeListeners.push(cb);
  }

  congested(): boolean {
    return this.ws.readyState !== WebSocket.OPEN || this.ws.bufferedAmount > CONGESTED_BYTES;
  }

  close(): void {
    this.ws.close();
  }
}

/** A direct channel to the extension host at `url` (none: undefined), once open; undefined if it does not open. */
export async function openDirectChannel(url: string | undefined): Promise<WebSocketTransport | undefined> {
  let channel: WebSocketTransport | undefined;
  try {
    channel = url ? new WebSocketTransport(url) : undefined;
  } catch {
    // A URL or a CSP this browser refuses outright (it throws instead of failing the connection).
  }
  if (channel && (await channel.opened)) return channel;
  channel?.close();
  return undefined;
}

/** Provided by VS Code inside webviews; callable once per page. */
declare function acquireVsCodeApi(): { postMessage(msg: unknown): void; getState(): unknown; setState(state: unknown): void };

/** What the webview remembers across a window reload: its module and the inputs the user set. */
export interface WebviewState {
  file?: string;
  values: Record<number, unknown>;
  /** Devices chosen for camera and microphone inputs (memory.ts), by module and input. */
  remembered?: Record<string, string>;
}

/** How long the direct channel's handshake may take before the page settles for postMessage. */
const CHANNEL_OPEN_MS = 3000;

export class VsCodeTransport implements Transport {
  private readonly api = acquireVsCodeApi();
  private readonly state: WebviewState;
  private readonly listeners: ((msg: ServerMessage) => void)[] = [];
  /** The direct channel, once open and said "ready" on: then everything goes over it. */
  private direct: WebSocketTransport | undefined;
  /** The page has chosen its way (the channel or postMessage) and said "ready". */
  private settled = false;

  constructor(file: string | undefined, channelOffered: boolean) {
    const saved = this.api.getState() as WebviewState | undefined;
    this.state = { file: file ?? saved?.file, values: file && saved?.file !== file ? {} : (saved?.values ?? {}), remembered: saved?.remembered ?? {} };
    this.api.setState(this.state);
    window.addEventListener("message", (ev: MessageEvent) => {
      for (const msg of messagesOf(ev.data as ServerMessage | ServerMessage[])) {
        if (msg.type === "channel") void this.connect(msg.url);
        else this.deliver(msg);
      }
    });
    if (!channelOffered) {
      this.settle(undefined);
      return;
    }
    this.api.postMessage({ type: "open-channel", origin: location.origin } satisfies ClientMessage);
    // The answer (there always is one, with a URL or without) and the socket's opening, within this time.
    setTimeout(() => this.settle(undefined), CHANNEL_OPEN_MS);
  }

  send(msg: ClientMessage): void {
    if (this.direct) this.direct.send(msg);
    else this.api.postMessage(msg);
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

  /** The direct channel's backlog; postMessage has none the page can see. */
  congested(): boolean {
    return this.direct?.congested() ?? false;
  }

  /** Opens the channel the host offered (no `url`: it could not) and says "ready" over it, or by postMessage. */
  private async connect(url: string | undefined): Promise<void> {
    if (this.settled) return;
    // Bounded by the constructor's CHANNEL_OPEN_MS: a socket still connecting then is closed here when it opens.
    const channel = await openDirectChannel(url);
    if (this.settled) channel?.close();
    else this.settle(channel);
  }

  /** Says "ready" over `channel`, or by postMessage; once. */
  private settle(channel: WebSocketTransport | undefined): void {
    if (this.settled) return;
    this.settled = true;
    if (!channel) {
      showLink("postMessage");
      return this.ready();
    }
    this.direct = channel;
    channel.onMessage((msg) => this.deliver(msg));
    // Dropped (the host's server stopped): the host closed that session; a new one starts by postMessage.
    channel.onClose(() => {
      this.direct = undefined;
      showLink("postMessage");
      this.ready();
    });
    showLink("direct");
    this.ready();
  }

  /** Asks the host for a session, restoring the inputs this page remembers. */
  private ready(): void {
    const msg: ClientMessage = { type: "ready", restore: this.state.values };
    if (this.direct) this.direct.send(msg);
    else this.api.postMessage(msg);
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

/** Which way this page talks to its host, for the curious and for tests: body[data-link]. */
function showLink(link: "direct" | "postMessage"): void {
  document.body.dataset.link = link;
}


