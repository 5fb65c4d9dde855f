// Where a WebSocket upgrade to the server goes: a UI's socket (a browser tab, or a program through
// the Node client) gets a session of its app; a capture socket feeds a session that exists; a
// direct channel goes to whoever offered it, once; a socket that names no app is told which apps
// there are. Every upgrade passes the same Host, Origin and token checks as the HTTP requests
// (server.ts guard), which the server hands in: this file holds the sockets, not the access rules.
import * as http from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { Session } from "../runtime/session";
import { serveCapture, type SessionRegistry } from "./capture";
import type { App } from "./server";
import { SocketLink } from "./socket-link";

/** The server's checks an upgrade passes (server.ts). */
export interface UpgradeChecks {
  /** The path the server routes (the root path taken off); undefined for one it does not. */
  requestUrl(req: http.IncomingMessage): URL | undefined;
  /** Host, Origin and token: 0 to proceed, else the status to refuse with. `originOk`: a page not served here. */
  guard(req: http.IncomingMessage, originOk?: (origin: string | undefined) => boolean): number;
  /** The app the path names after `guard`: the app, or the status to refuse with. */
  check(req: http.IncomingMessage, url: URL): App | number;
  /** The names of the apps served (a socket that names none is told them). */
  appNames(): string[];
}

export class SocketRoutes {
  private readonly wss: WebSocketServer;
  /** Direct channels offered (see offer), by their secret id. */
  private readonly channels = new Map<string, { origin: string; onSocket: (ws: WebSocket) => void }>();

  constructor(
    private readonly checks: UpgradeChecks,
    private readonly sessions: SessionRegistry,
    maxMessageBytes: number,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  }

  /** The http server's "upgrade": the socket is accepted where its path leads, or refused with a status. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: number) => socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    const url = this.checks.requestUrl(req);
    if (!url) return void refuse(404);
    const channelId = /^\/ws-channel\/([\w-]+)$/.exec(url.pathname)?.[1];
    if (channelId) {
      const channel = this.channels.get(channelId);
      const refused = channel ? this.checks.guard(req, (origin) => origin === channel.origin) : 404;
      if (refused) return void refuse(refused);
      this.channels.delete(channelId); // once: a second page cannot take it over
      return void this.wss.handleUpgrade(req, socket, head, (ws) => channel!.onSocket(ws));
    }
    const app = this.checks.check(req, url);
    // A socket for no app (a gallery's "/" URL given to a client): say which ones there are.
    if (app === 404 && /^\/ws(\/[^/]*)?$/.test(url.pathname)) return void this.refuseNoApp(socket);
    if (typeof app === "number") return void refuse(app);
    // A capture socket feeds a session that exists: /ws-capture/<app>?session=<id>.
    if (url.pathname.startsWith("/ws-capture/")) {
      const target = this.sessions.get(url.searchParams.get("session"));
      if (!target) return void refuse(404);
      return void this.wss.handleUpgrade(req, socket, head, (ws) => serveCapture(ws, target));
    }
    // A program's socket (the Node client says ?api=1) is no page: it runs only what it calls.
    const api = url.searchParams.get("api") === "1";
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, app, api));
  }

  /** Lets one socket from `origin` connect at /ws-channel/<id> (server.ts offerChannel). */
  offer(id: string, origin: string, onSocket: (ws: WebSocket) => void): () => void {
    this.channels.set(id, { origin, onSocket });
    return () => this.channels.delete(id);
  }

  /** Withdraws every offer and ends every socket. */
  close(): void {
    this.channels.clear();
    for (const ws of this.wss.clients) ws.terminate();
  }

  /** 404 to a socket that names no app, with the apps there are (JSON: the client lists their URLs). */
  private refuseNoApp(socket: Duplex): void {
    const body = JSON.stringify({ error: "no interface at this address", apps: this.checks.appNames() });
    socket.end(`HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  /** A UI's socket: a session of `app` for as long as the socket is open. */
  private onSocket(ws: WebSocket, app: App, api: boolean): void {
    const link = new SocketLink(ws);
    const session = new Session(app.executor, link.send, { congested: () => link.congested(), sendsShared: () => true, api });
    this.sessions.add(session);
    link.onMessage((msg) => session.handle(msg));
    link.onClose(() => {
      this.sessions.delete(session);
      session.close();
    });
  }
}
