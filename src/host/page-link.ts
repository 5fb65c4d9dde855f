// The host's end of a page in VS Code (a panel, a preview or a notebook output): one way to talk to
// it for a session, whichever surface it is. The page asks for a direct channel ("open-channel",
// its origin); the host offers one that accepts that origin once (direct-channel.ts) and says where
// ("channel"); the page connects and says "ready" over the socket, or, when it could not, over the
// surface's own messaging (the carrier). The session then runs on the way the page said ready on.
// If the socket drops, the session on it ends and the page says ready again over the carrier.
// The page's end is webview/host-link.ts.
import type { ClientMessage, ServerMessage, Wire } from "../protocol/messages";
import type { SessionOptions } from "../runtime/session";
import type { SocketLink } from "../server/socket-link";
import { channelSource, offerChannel } from "./direct-channel";

/** The surface's own messaging with its page: postMessage (panels) or renderer messaging (notebooks). */
export interface PageCarrier {
  /** Tells the page where its channel is, or (no url) that there is none and why. */
  offer(answer: { url?: string; message?: string }): void;
  /** One of the session's messages, when the page has no channel. */
  send(msg: ServerMessage): void;
}

/** How a session on this page sends: `send`, and the options that go with the way it goes. */
export interface SessionWay {
  send(msg: ServerMessage): void;
  options: Pick<SessionOptions, "congested" | "sendsShared">;
}

export interface PageEvents {
  /**
   * The page is ready for a session (first load, a reload, or after its channel dropped); `restore`:
   * the input values it remembers.
   */
  ready(way: SessionWay, restore: Record<number, Wire> | undefined): void;
  /** Any other message of the page, by either way. */
  message(msg: ClientMessage): void;
  /** The socket the session ran on dropped: that session has nowhere to send. */
  dropped(): void;
}

export class PageLink {
  private offer: { withdraw(): void } | undefined;
  private socket: SocketLink | undefined;
  /** The socket the current session sends on (undefined: the carrier). */
  private sessionSocket: SocketLink | undefined;
  private closed = false;

  constructor(private readonly carrier: PageCarrier, private readonly events: PageEvents, private readonly log: (text: string) => void) {}

  /** A message from the page over the carrier. */
  receive(msg: ClientMessage): void {
    this.handle(msg, undefined);
  }

  /** Where the page's messages go, by whichever way; the session's way out. */
  private handle(msg: ClientMessage, from: SocketLink | undefined): void {
    if (msg?.type === "open-channel" && !from) return void this.openChannel(String(msg.origin));
    if (msg?.type === "ready") {
      this.sessionSocket = from;
      if (!from) this.closeChannel(); // the page could not connect, or its channel dropped
      return this.events.ready(this.way(from), msg.restore);
    }
    this.events.message(msg);
  }

  private way(socket: SocketLink | undefined): SessionWay {
    return socket
      ? { send: (m) => socket.send(m), options: { congested: () => socket.congested(), sendsShared: () => true } }
      : { send: (m) => this.carrier.send(m), options: { sendsShared: () => false } };
  }

  /** The page (re)loaded and asks for a direct channel: offer one that accepts its origin, once. */
  private async openChannel(origin: string): Promise<void> {
    this.closeChannel();
    try {
      if (!(await channelSource(this.log))) throw new Error("liveInterface.directChannel is off");
      const offer = await offerChannel(origin, (socket) => {
        if (this.closed || this.offer !== offer) return socket.close();
        this.socket = socket;
        socket.onMessage((msg) => this.handle(msg as ClientMessage, socket));
        socket.onClose(() => {
          if (this.socket !== socket) return;
          this.socket = undefined;
          if (this.sessionSocket !== socket) return;
          this.sessionSocket = undefined;
          this.events.dropped();
        });
      });
      if (this.closed) return offer.withdraw();
      this.offer = offer;
      this.carrier.offer({ url: offer.url });
    } catch (err) {
      this.log(`direct channel: ${(err as Error).message}; this page uses VS Code's messaging`);
      this.carrier.offer({ message: (err as Error).message });
    }
  }

  private closeChannel(): void {
    this.offer?.withdraw();
    this.offer = undefined;
    this.socket?.close();
    this.socket = undefined;
  }

  close(): void {
    this.closed = true;
    this.closeChannel();
  }
}
