// The extension host's one local server (127.0.0.1, tokened, started on first use): it serves capture
// pages to the user's browser (capture-pages.ts) and takes the webviews' direct channels
// (direct-channel.ts). It stops with the extension.
import * as vscode from "vscode";
import { LiveServer } from "../server/server";

export interface LocalServer {
  server: LiveServer;
  /** The server's root as the webview and the user's browser reach it, ending in "/" (see below). */
  base: string;
}

let started: Promise<LocalServer> | undefined;

/** `log`: told where the server listens once it does, and how long that took. */
export function localServer(log?: (text: string) => void): Promise<LocalServer> {
  if (started) return started;
  const port = vscode.workspace.getConfiguration("liveInterface").get<number>("serverPort", 0);
  started = (async () => {
    const t0 = Date.now();
    const server = new LiveServer([], { port });
    const local = new URL(await server.listen());
    const listenedAt = Date.now();
    // In a remote window (Remote-SSH, code-server...) the browser reaches this port through VS Code's
    // port forwarding, which gives it another address (maybe with a path, code-server's /proxy/<port>/):
    // the server must accept that Host too.
    const forwarded = new URL((await vscode.env.asExternalUri(vscode.Uri.parse(local.origin))).toString(true));
    if (forwarded.host !== local.host) server.allowForwardedHost(forwarded.host);
    log?.(`local server (capture pages, direct channels): ${local.host}, reached at ${forwarded.origin} (listening after ${listenedAt - t0} ms, address after ${Date.now() - listenedAt} ms more)`);
    return { server, base: forwarded.href.endsWith("/") ? forwarded.href : `${forwarded.href}/` };
  })();
  // A failed start (the port in use) is not kept: the next try may pick another setting.
  started.catch(() => (started = undefined));
  return started;
}

export async function closeLocalServer(): Promise<void> {
  const s = await started?.catch(() => undefined);
  started = undefined;
  await s?.server.close();
}
