// A page in VS Code (a panel, a preview or a notebook output) and its host: one Transport, whichever
// surface. The page asks the host for a direct channel (a WebSocket: VS Code's own messaging clones
// typed arrays through the editor's processes, slow for frames); once the socket opens, or the host
// says it has none, or CHANNEL_OPEN_MS pass, the page settles on one way and says "ready" on it, and
// the host starts the session there. If the socket drops later, the page says "ready" again over
// VS Code's messaging. The host's end is src/host/page-link.ts.
import type { ClientMessage, ServerMessage } from "../src/protocol/messages";
import { milestone } from "./timeline";
import { openDirectChannel, type Transport, type WebSocketTransport } from "./transport";

/** How long the channel's handshake may take before the page settles for VS Code's messaging. */
const CHANNEL_OPEN_MS = 3000;

/** The surface's own messaging with its host: postMessage (panels) or renderer messaging (notebooks). */
export interface Carrier {
  /** Asks the host for a direct channel that accepts this page's `origin`. */
  askChannel(origin: string): void;
  /** One message to the host. */
  send(msg: ClientMessage): void;
}

export class HostLink implements Transport {
  private readonly listeners: ((msg: ServerMessage) => void)[] = [];
  private direct: WebSocketTransport | undefined;
  private settled = false;
  private readonly timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `ready`: the page's "ready" (with the inputs it remembers, asked for when it is sent);
   * `shown`: told which way the page settled on. Without `channelOffered` it settles at once.
   */
  constructor(private readonly carrier: Carrier, private readonly ready: () => ClientMessage, private readonly shown: (way: "direct" | "messaging") => void, channelOffered: boolean) {
    if (!channelOffered) {
      this.settle(undefined);
      return;
    }
    carrier.askChannel(location.origin);
    milestone("channel-asked");
    // The answer (there always is one, with a URL or without) and the socket's opening, within this time.
    this.timer = setTimeout(() => this.settle(undefined), CHANNEL_OPEN_MS);
  }

  /** The host's answer: where the channel is (none: it could not offer one). */
  channel(url: string | undefined): void {
    if (this.settled) return;
    if (!url) return this.settle(undefined); // said at once: no reason to wait
    void openDirectChannel(url).then((socket) => {
      if (this.settled) socket?.close();
      else this.settle(socket);
    });
  }

  /** A message of the session that came over VS Code's messaging. */
  receive(msg: ServerMessage): void {
    for (const cb of this.listeners) cb(msg);
  }

  send(msg: ClientMessage): void {
    if (this.direct) this.direct.send(msg);
    else this.carrier.send(msg);
  }

  onMessage(cb: (msg: ServerMessage) => void): void {
    this.listeners.push(cb);
  }

  /** The host closes the page instead of dropping the connection. */
  onClose(): void {}

  /** The direct channel's backlog; VS Code's messaging has none the page can see. */
  congested(): boolean {
    return this.direct?.congested() ?? false;
  }

  close(): void {
    clearTimeout(this.timer);
    this.settled = true;
    this.direct?.close();
    this.direct = undefined;
  }

  /** Says "ready" over `socket`, or over the carrier; once. */
  private settle(socket: WebSocketTransport | undefined): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    if (socket) {
      this.direct = socket;
      socket.onMessage((msg) => this.receive(msg));
      // Dropped (the host's server stopped): the host ended that session; a new one starts over the carrier.
      socket.onClose(() => {
        if (this.direct !== socket) return;
        this.direct = undefined;
        this.shown("messaging");
        this.carrier.send(this.ready());
      });
    }
    this.shown(socket ? "direct" : "messaging");
    this.send(this.ready());
    milestone("settled");
  }
}
