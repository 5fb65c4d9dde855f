// Browser mode's link to the server: a WebSocket that comes back by itself when it drops (a proxy's
// idle timeout, a laptop waking, a server restarted on the same address and token). Each socket is a
// new session, which sends its config: the page keeps what the user set (user-values.ts).
import type { ClientMessage, ServerMessage } from "../src/protocol/messages";
import { WebSocketTransport, type Transport } from "./transport";

/** Waits before each new attempt: quick at first, then every 5 s for as long as the page is open. */
const RETRY_MS = [250, 500, 1000, 2000, 4000, 5000];

export class ReconnectingSocket implements Transport {
  readonly reconnects = true;
  private socket: WebSocketTransport;
  private readonly messageListeners: ((msg: ServerMessage) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];
  /** Attempts since the last socket that opened. */
  private failures = 0;
  /** The user was told the connection dropped, and no socket has opened since. */
  private down = false;

  constructor(private readonly url: string) {
    this.socket = this.connect();
  }

  /** While the socket is not open, what is sent is dropped: the next session gets the values the page shows. */
  send(msg: ClientMessage): void {
    if (!this.down) this.socket.send(msg);
  }

  onMessage(cb: (msg: ServerMessage) => void): void {
    this.messageListeners.push(cb);
  }

  /** Each time the connection drops (once per outage). */
  onClose(cb: () => void): void {
    this.closeListeners.push(cb);
  }

  congested(): boolean {
    return this.down || this.socket.congested();
  }

  private connect(): WebSocketTransport {
    const socket = new WebSocketTransport(this.url);
    socket.onMessage((msg) => {
      if (socket === this.socket) for (const cb of this.messageListeners) cb(msg);
    });
    void socket.opened.then((open) => {
      if (!open || socket !== this.socket) return;
      this.failures = 0;
      this.down = false;
    });
    socket.onClose(() => {
      if (socket !== this.socket) return;
      if (!this.down) {
        this.down = true;
        for (const cb of this.closeListeners) cb();
      }
      const wait = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
      setTimeout(() => (this.socket = this.connect()), wait);
    });
    return socket;
  }
}
