// How the UI talks to its host: the Transport, and the WebSocket carrying our binary frames
// (framing.ts) in browser mode and as a VS Code page's direct channel (host-link.ts).
import { encodeFrame } from "../src/protocol/framing";
import { decodeMessages, messagesOf } from "../src/protocol/outbox";
import type { ClientMessage, ServerMessage } from "../src/protocol/messages";
import type { Memory } from "./memory";

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
