import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Executor } from "../runtime/executor";
import { Session } from "../runtime/session";
import { serveCapture, SessionRegistry } from "./capture";
import { renderPage } from "./page";
import { galleryPage } from "./gallery";
import { HostNames, networkUrls } from "./host-names";
import { newToken, originAllowed, tokenMatches } from "./security";
import { SocketLink } from "./socket-link";

export interface App {
  /** URL segment: /app/<name>/ */
  name: string;
  executor: Executor;
  /** The module file it runs, when it has one (the gallery says which folder they are in). */
  file?: string;
}

export interface ServerOptions {
  /** Default 7860; 0 picks a free port. */
  port?: number;
  /**
   * Default 127.0.0.1. A wildcard (0.0.0.0, ::) exposes the server to the network: the token and the
   * Host and Origin checks still guard it (Host: this machine's names and addresses, and `allowHosts`).
   */
  host?: string;
  /**
   * More names requests may be addressed to (`name`: any port, or `name:port`): the public name of a
   * reverse proxy in front of the server, which passes its own Host on. The token is still required.
   */
  allowHosts?: string[];
  /** Default: a new random token. */
  token?: string;
  /** Largest message a UI may send, in bytes (default 32 MiB). */
  maxMessageBytes?: number;
}

const WEBVIEW_DIR = [path.join(__dirname, "webview"), path.resolve(__dirname, "../../dist/webview")].find((d) => fs.existsSync(d));
const MIME: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".map": "application/json", ".ttf": "font/ttf", ".woff2": "font/woff2" };

/** Browser mode: the UI over HTTP and a WebSocket per tab, every request checked for token, Host and Origin. */
export class LiveServer {
  readonly token: string;
  readonly host: string;
  private readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly apps: Map<string, App>;
  private readonly sessions = new SessionRegistry();
  /** Host:port of forwarders that reach this server (see allowForwardedHost). */
  private readonly forwardedHosts = new Set<string>();
  private readonly hostNames: HostNames;
  /** Apps attached by a host that owns their executor (a VS Code panel): not disposed here. */
  private readonly borrowed = new Set<string>();
  /** Direct channels offered (see offerChannel), by their secret id. */
  private readonly channels = new Map<string, { origin: string; onSocket: (ws: WebSocket) => void }>();
  private port: number;

  constructor(apps: App[], private readonly options: ServerOptions = {}) {
    this.apps = new Map(apps.map((a) => [a.name, a]));
    this.token = options.token ?? newToken();
    this.host = options.host ?? "127.0.0.1";
    this.port = options.port ?? 7860;
    this.hostNames = new HostNames(this.host, options.allowHosts);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 32 * 1024 * 1024 });
    this.http = http.createServer((req, res) => this.onRequest(req, res));
    this.http.on("upgrade", (req, socket, head) => {
      const refuse = (status: number) => socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      const url = new URL(req.url ?? "/", "http://x");
      const channelId = /^\/ws-channel\/([\w-]+)$/.exec(url.pathname)?.[1];
      if (channelId) {
        const channel = this.channels.get(channelId);
        const refused = channel ? this.guard(req, (origin) => origin === channel.origin) : 404;
        if (refused) return void refuse(refused);
        this.channels.delete(channelId); // once: a second page cannot take it over
        return void this.wss.handleUpgrade(req, socket, head, (ws) => channel!.onSocket(ws));
      }
      const app = this.check(req);
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
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(this.port, this.host, () => resolve());
    });
    this.port = (this.http.address() as AddressInfo).port;
    return this.url;
  }

  /** The URL to open, token included. */
  get url(): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${this.port}/?token=${this.token}`;
  }

  appUrl(name: string): string {
    return this.url.replace("/?token=", `/app/${encodeURIComponent(name)}/?token=`);
  }

  /** The URLs other machines can use (bound to 0.0.0.0, ::, or an address not of loopback): none by default. */
  get networkUrls(): string[] {
    return networkUrls(this.host, this.port, `/?token=${this.token}`);
  }

  /**
   * @internal
   * Serves a capture page for a session that lives elsewhere (a VS Code panel's): registers its app
   * and session until `detach`. Returns the page's URL, token included.
   */
  attach(name: string, executor: Executor, session: Session): { url: string; detach(): void } {
    this.apps.set(name, { name, executor });
    this.borrowed.add(name);
    this.sessions.add(session);
    const url = `${this.appUrl(name).replace("/app/", "/capture/")}&session=${encodeURIComponent(session.id)}`;
    return {
      url,
      detach: () => {
        this.sessions.delete(session);
        this.apps.delete(name);
        this.borrowed.delete(name);
      },
    };
  }

  /**
   * @internal
   * Lets one page elsewhere open a WebSocket to this server: a VS Code webview's direct channel to its
   * extension host (extension/direct-channel.ts). Accepted once, with the token and Host checked as
   * for any request, and only from `origin` (the webview's own: it is not this server's). Returns the
   * path to connect to (relative to this server's root, token included) and a way to withdraw it.
   */
  offerChannel(origin: string, onSocket: (ws: WebSocket) => void): { path: string; withdraw(): void } {
    const id = newToken();
    this.channels.set(id, { origin, onSocket });
    return { path: `ws-channel/${id}?token=${this.token}`, withdraw: () => this.channels.delete(id) };
  }

  /**
   * Also accepts requests whose Host (and Origin) is `authority`: the address a port forwarder gives
   * this server, e.g. VS Code's for a remote window or code-server's /proxy/<port>/. Only the editor
   * names it (vscode.env.asExternalUri); the token still guards every request.
   */
  allowForwardedHost(authority: string): void {
    this.forwardedHosts.add(authority.toLowerCase());
  }

  async close(): Promise<void> {
    this.channels.clear();
    for (const ws of this.wss.clients) ws.terminate();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    await closed;
    await Promise.all([...this.apps.values()].filter((a) => !this.borrowed.has(a.name)).map((a) => a.executor.dispose()));
  }

  /**
   * Host, Origin and token: 0 when the request may proceed, otherwise the HTTP status to refuse with.
   * `originOk`: for a request from a page that is not served here (a direct channel), which Origin.
   */
  private guard(req: http.IncomingMessage, originOk?: (origin: string | undefined) => boolean): number {
    const known = (host: string | undefined) => this.hostNames.allows(host, this.port) || (!!host && this.forwardedHosts.has(host.toLowerCase()));
    if (!known(req.headers.host)) return 421;
    if (!(originOk ? originOk(req.headers.origin) : originAllowed(req, known))) return 403;
    const token = new URL(req.url ?? "/", "http://x").searchParams.get("token");
    return tokenMatches(token, this.token) ? 0 : 401;
  }

  /** The app a path names: /app/<name>/ or /ws/<name>; "/" and "/ws" name the only app, if there is one. */
  private appAt(pathname: string): App | undefined {
    if (pathname === "/" || pathname === "/ws") return this.only();
    const m = /^\/(?:app|ws|capture|ws-capture)\/([^/]+)\/?$/.exec(pathname);
    return m ? this.apps.get(decodeURIComponent(m[1]!)) : undefined;
  }

  /** Checks the request and finds its app: the app, or an HTTP status to refuse with. */
  private check(req: http.IncomingMessage): App | number {
    const refused = this.guard(req);
    if (refused) return refused;
    return this.appAt(new URL(req.url ?? "/", "http://x").pathname) ?? 404;
  }

  private only(): App | undefined {
    return this.apps.size === 1 ? [...this.apps.values()][0] : undefined;
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://x");
    const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" };
    const refuse = (status: number) => {
      res.writeHead(status, { ...headers, "Content-Type": "text/plain" });
      res.end(status === 401 ? "A valid ?token= is required: open the URL the server printed.\n" : `${http.STATUS_CODES[status]}\n`);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return refuse(405);
    if (url.pathname.startsWith("/assets/")) {
      const refused = this.guard(req);
      if (refused) return refuse(refused);
      return this.sendAsset(url.pathname.slice("/assets/".length), res, headers);
    }
    if (url.pathname === "/" && !this.only()) {
      const refused = this.guard(req);
      if (refused) return refuse(refused);
      res.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src data:" });
      return void res.end(galleryPage([...this.apps.values()], this.token, (app) => this.appUrl(app.name).replace(/^http:\/\/[^/]+/, "")));
    }
    const app = this.check(req);
    if (typeof app === "number") return refuse(app);
    const nonce = randomBytes(16).toString("base64");
    // The capture page: the same UI, showing only the streaming inputs, feeding the session named.
    const capture = url.pathname.startsWith("/capture/") ? url.searchParams.get("session") : null;
    // Addresses relative to the page, so that it also works behind a forwarder that adds a path
    // prefix (code-server's /proxy/<port>/): "../../" from /app/<name>/ back to the root.
    const root = "../".repeat(url.pathname.split("/").length - 2) || "./";
    const wsUrl = capture
      ? `${root}ws-capture/${encodeURIComponent(app.name)}?token=${this.token}&session=${encodeURIComponent(capture)}`
      : `${root}ws/${encodeURIComponent(app.name)}?token=${this.token}`;
    const csp = [
      "default-src 'none'",
      // 'self' for the audio worklet module: addModule cannot carry a nonce, and behind a forwarder
      // its exact URL is not known here. This server serves no other scripts than its own bundle.
      `script-src 'nonce-${nonce}' 'self'`,
      "style-src 'self'",
      "img-src 'self' data: blob:",
      "media-src 'self' blob:",
      "font-src 'self'",
      // 'self' covers ws: on this page's own host and port (CSP3).
      "connect-src 'self'",
    ].join("; ");
    const title = this.apps.size > 1 ? app.name : (app.executor.config?.title ?? app.name);
    res.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp });
    res.end(
      renderPage({
        title,
        nonce,
        csp,
        scriptUrl: `${root}assets/app.js?token=${this.token}`,
        styleUrl: `${root}assets/app.css?token=${this.token}`,
        boot: {
          transport: "ws",
          url: wsUrl,
          gallery: this.apps.size > 1 && !capture ? `${root}?token=${this.token}` : undefined,
          capture: capture ? true : undefined,
          // Where a page of this app can send a capture page for its own session.
          captureUrl: capture ? undefined : `${root}capture/${encodeURIComponent(app.name)}/?token=${this.token}`,
        },
      }),
    );
  }

  private sendAsset(name: string, res: http.ServerResponse, headers: Record<string, string>): void {
    const file = WEBVIEW_DIR && path.join(WEBVIEW_DIR, path.normalize(name));
    if (!file || !file.startsWith(WEBVIEW_DIR + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404, headers);
      return void res.end();
    }
    res.writeHead(200, { ...headers, "Content-Type": MIME[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  }

  /** 404 to a socket that names no app, with the apps there are (JSON: the client lists their URLs). */
  private refuseNoApp(socket: Duplex): void {
    const body = JSON.stringify({ error: "no interface at this address", apps: [...this.apps.keys()] });
    socket.end(`HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

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
