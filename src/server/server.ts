import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { WebSocket } from "ws";
import type { Executor } from "../runtime/executor";
import type { Session } from "../runtime/session";
import { SessionRegistry } from "./capture";
import { serveApiRequest } from "./api-endpoint";
import { appPage } from "./app-page";
import { sendAsset } from "./assets";
import { galleryPage } from "./gallery";
import { HostNames, networkUrls } from "./host-names";
import { parseRootPath, serverPath, type RootPath } from "./root-path";
import { bearerToken, newToken, originAllowed, tokenMatches } from "./security";
import { SocketRoutes } from "./socket-routes";

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
  /**
   * Where a reverse proxy serves the app to browsers (Gradio's root_path): a path like "/apps/demo",
   * or a full URL like "https://apps.example.com/apps/demo" (then `publicUrl` is the URL to hand out,
   * and its host is allowed as with `allowHosts`). The proxy may pass the prefix on or strip it.
   */
  rootPath?: string;
  /** Also serve the interfaces as MCP tools (Streamable HTTP) at <root>/mcp and <interface>/mcp. */
  mcp?: boolean;
}

/** What a UI may send at most by default (ServerOptions.maxMessageBytes). */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** <interface>/api/info, <interface>/api/predict, <interface>/api/ (the API page) and MCP: [, app name, route]. */
const API_ROUTE = /^(?:\/app\/([^/]+))?\/(api\/info|api\/predict|api\/?|mcp)$/;

/** Browser mode: the UI over HTTP and a WebSocket per tab, every request checked for token, Host and Origin. */
export class LiveServer {
  readonly token: string;
  readonly host: string;
  private readonly http: http.Server;
  /** Where WebSocket upgrades go (socket-routes.ts). */
  private readonly sockets: SocketRoutes;
  private readonly apps: Map<string, App>;
  private readonly sessions = new SessionRegistry();
  /** Host:port of forwarders that reach this server (see allowForwardedHost). */
  private readonly forwardedHosts = new Set<string>();
  private readonly hostNames: HostNames;
  /** Apps attached by a host that owns their executor (a VS Code panel): not disposed here. */
  private readonly borrowed = new Set<string>();
  private readonly root: RootPath;
  private port: number;

  constructor(apps: App[], private readonly options: ServerOptions = {}) {
    this.apps = new Map(apps.map((a) => [a.name, a]));
    this.token = options.token ?? newToken();
    this.host = options.host ?? "127.0.0.1";
    this.port = options.port ?? 7860;
    const root = parseRootPath(options.rootPath ?? "");
    if (typeof root === "string") throw new Error(`rootPath ${root}`);
    this.root = root;
    this.hostNames = new HostNames(this.host, [...(options.allowHosts ?? []), ...(root.origin ? [new URL(root.origin).host] : [])]);
    this.sockets = new SocketRoutes(
      { requestUrl: (req) => this.requestUrl(req), guard: (req, originOk) => this.guard(req, originOk), check: (req, url) => this.check(req, url), appNames: () => [...this.apps.keys()] },
      this.sessions,
      options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    );
    this.http = http.createServer((req, res) => this.onRequest(req, res));
    this.http.on("upgrade", (req, socket, head) => this.sockets.upgrade(req, socket, head));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(this.port, this.host, () => resolve());
    });
    this.port = (this.http.address() as AddressInfo).port;
    return this.url;
  }

  /** The URL to open on this machine (the root path and the token included). */
  get url(): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${this.port}${this.root.path}/?token=${this.token}`;
  }

  /** The URL to hand out when the root path was given as a full URL (the proxy's): undefined otherwise. */
  get publicUrl(): string | undefined {
    return this.root.origin && `${this.root.origin}${this.root.path}/?token=${this.token}`;
  }

  /** The MCP endpoint (serve --mcp) of every interface, token included. */
  get mcpUrl(): string {
    return this.url.replace("/?token=", "/mcp?token=");
  }

  appUrl(name: string): string {
    return this.url.replace("/?token=", `/app/${encodeURIComponent(name)}/?token=`);
  }

  /** The URLs other machines can use (bound to 0.0.0.0, ::, or an address not of loopback): none by default. */
  get networkUrls(): string[] {
    return networkUrls(this.host, this.port, `${this.root.path}/?token=${this.token}`);
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
   * extension host (host/direct-channel.ts). Accepted once, with the token and Host checked as
   * for any request, and only from `origin` (the webview's own: it is not this server's). Returns the
   * path to connect to (relative to this server's root, token included) and a way to withdraw it.
   */
  offerChannel(origin: string, onSocket: (ws: WebSocket) => void): { path: string; withdraw(): void } {
    const id = newToken();
    const withdraw = this.sockets.offer(id, origin, onSocket);
    return { path: `ws-channel/${id}?token=${this.token}`, withdraw };
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
    this.sockets.close();
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
    // In the URL, as pages and sockets carry it, or as a bearer token (HTTP API and MCP clients).
    const token = new URL(req.url ?? "/", "http://x").searchParams.get("token") ?? bearerToken(req.headers.authorization);
    return tokenMatches(token, this.token) ? 0 : 401;
  }

  /** The app a path names: /app/<name>/ or /ws/<name>; "/" and "/ws" name the only app, if there is one. */
  private appAt(pathname: string): App | undefined {
    if (pathname === "/" || pathname === "/ws") return this.only();
    const m = /^\/(?:app|ws|capture|ws-capture)\/([^/]+)\/?$/.exec(pathname);
    return m ? this.apps.get(decodeURIComponent(m[1]!)) : undefined;
  }

  /** Checks the request and finds its app: the app, or an HTTP status to refuse with. */
  private check(req: http.IncomingMessage, url: URL): App | number {
    const refused = this.guard(req);
    if (refused) return refused;
    return this.appAt(url.pathname) ?? 404;
  }

  /**
   * The request's URL with the path this server routes (root-path.ts: without the root path when
   * the proxy passed it on); undefined for the root path itself without its closing slash.
   */
  private requestUrl(req: http.IncomingMessage): URL | undefined {
    const url = new URL(req.url ?? "/", "http://x");
    const routed = serverPath(url.pathname, this.root.path);
    if (routed === undefined) return undefined;
    url.pathname = routed;
    return url;
  }

  private only(): App | undefined {
    return this.apps.size === 1 ? [...this.apps.values()][0] : undefined;
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = this.requestUrl(req);
    const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" };
    const refuse = (status: number) => {
      res.writeHead(status, { ...headers, "Content-Type": "text/plain" });
      res.end(status === 401 ? "A valid ?token= is required: open the URL the server printed.\n" : `${http.STATUS_CODES[status]}\n`);
    };
    const api = url && API_ROUTE.exec(url.pathname);
    if (api) return this.onApiRequest(req, res, api[1] === undefined ? undefined : decodeURIComponent(api[1]), api[2]!, headers, refuse);
    if (req.method !== "GET" && req.method !== "HEAD") return refuse(405);
    if (!url) {
      // /apps/demo -> /apps/demo/: the page's addresses are relative to it, so it needs its slash.
      const refused = this.guard(req);
      if (refused) return refuse(refused);
      const query = new URL(req.url ?? "/", "http://x").search;
      res.writeHead(301, { ...headers, Location: `${this.root.path.slice(this.root.path.lastIndexOf("/") + 1)}/${query}` });
      return void res.end();
    }
    if (url.pathname.startsWith("/assets/")) {
      const refused = this.guard(req);
      if (refused) return refuse(refused);
      return sendAsset(url.pathname.slice("/assets/".length), res, headers);
    }
    if (url.pathname === "/" && !this.only()) {
      const refused = this.guard(req);
      if (refused) return refuse(refused);
      res.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src data:" });
      // Links relative to the gallery ("/", behind a proxy its root path): they work under any prefix.
      return void res.end(galleryPage([...this.apps.values()], this.token, (app) => `app/${encodeURIComponent(app.name)}/?token=${this.token}`));
    }
    const app = this.check(req, url);
    if (typeof app === "number") return refuse(app);
    // The capture page: the same UI, showing only the streaming inputs, feeding the session named.
    const capture = url.pathname.startsWith("/capture/") ? (url.searchParams.get("session") ?? undefined) : undefined;
    const title = this.apps.size > 1 ? app.name : (app.executor.config?.title ?? app.name);
    const page = appPage({ name: app.name, title, token: this.token, path: url.pathname, capture, inGallery: this.apps.size > 1 });
    res.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": page.csp });
    res.end(page.html);
  }

  /**
   * The HTTP API and MCP (api-routes.ts, mcp-http.ts) of app `name` (undefined: the server's only app,
   * or for MCP every app), after the checks every request passes.
   */
  private onApiRequest(req: http.IncomingMessage, res: http.ServerResponse, name: string | undefined, route: string, headers: Record<string, string>, refuse: (status: number) => void): void {
    const refused = this.guard(req);
    if (refused) return refuse(refused);
    const app = name === undefined ? this.only() : this.apps.get(name);
    serveApiRequest(req, res, {
      app,
      apps: [...this.apps.values()],
      unnamed: name === undefined,
      route,
      headers,
      refuse,
      token: this.token,
      mcp: !!this.options.mcp,
      maxMessageBytes: this.options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    });
  }
}
