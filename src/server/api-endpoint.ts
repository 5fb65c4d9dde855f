// Where an HTTP API or MCP request goes once it passed the server's checks (server.ts guard): the
// routes of api-routes.ts, the API page, and MCP (loaded on demand, mcp-bundle.ts).
import type * as http from "node:http";
import { apiPage } from "./api-page";
import { servePredict, serveInfo } from "./api-routes";
import { mcpBundle } from "./mcp-bundle";
import type { App } from "./server";
import { VERSION } from "./version";

export interface ApiRequest {
  /** The app the address names (none: the server has several and the address names none). */
  app: App | undefined;
  /** Every app of the server (MCP at the root serves them all), and whether the address named none. */
  apps: App[];
  unnamed: boolean;
  route: string;
  headers: Record<string, string>;
  refuse(status: number): void;
  token: string;
  mcp: boolean;
  maxMessageBytes: number;
}

export function serveApiRequest(req: http.IncomingMessage, res: http.ServerResponse, r: ApiRequest): void {
  const { app, route, headers, refuse } = r;
  const failed = (err: unknown) => {
    if (!res.headersSent) refuse(500);
    else res.end();
    console.error(`live-interface: ${route} failed: ${(err as Error).stack ?? String(err)}`);
  };
  if (route === "mcp") {
    if (!r.mcp) {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain" });
      return void res.end("MCP is off: start the server with `live-interface serve --mcp` (or serve(…, { mcp: true })).\n");
    }
    const apps = app ? [app] : r.unnamed ? r.apps : [];
    if (apps.length === 0) return refuse(404);
    return void mcpBundle().serveMcp(req, res, apps, VERSION, headers).catch(failed);
  }
  if (!app) return refuse(404);
  const allowed = route === "api/predict" ? "POST" : "GET";
  if (req.method !== allowed && !(allowed === "GET" && req.method === "HEAD")) {
    res.writeHead(405, { ...headers, Allow: allowed, "Content-Type": "text/plain" });
    return void res.end(`${route} takes ${allowed} requests.\n`);
  }
  if (route === "api/info") return serveInfo(res, app, headers);
  if (route === "api/predict") return void servePredict(req, res, app, headers, r.maxMessageBytes).catch(failed);
  if (route === "api") {
    // The page's addresses are relative to it: it needs its closing slash.
    res.writeHead(301, { ...headers, Location: `api/${new URL(req.url ?? "/", "http://x").search}` });
    return void res.end();
  }
  const path = new URL(req.url ?? "/", "http://x").pathname;
  const page = apiPage({ app, token: r.token, mcp: r.mcp, depth: path.split("/").length - 2, single: r.apps.length === 1 });
  res.writeHead(page.status, { ...headers, "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": page.csp });
  res.end(page.html);
}
