// The "browser" capture source in VS Code (DESIGN.md §5): desktop VS Code refuses webviews the camera
// and microphone, so a panel can ask to record in the user's browser instead. One local server
// (127.0.0.1, tokened, started on first use) serves a capture page per panel session; what the page
// records streams into that session, and the outputs show in the panel.
import * as vscode from "vscode";
import type { Executor } from "../runtime/executor";
import type { Session } from "../runtime/session";
import { LiveServer } from "../server/server";

let server: Promise<LiveServer> | undefined;
let pages = 0;

function captureServer(): Promise<LiveServer> {
  const port = vscode.workspace.getConfiguration("liveInterface").get<number>("serverPort", 0);
  if (server) return server;
  server = (async () => {
    const s = new LiveServer([], { port });
    const local = await s.listen();
    // In a remote window (Remote-SSH, code-server...) the browser reaches this port through VS Code's
    // port forwarding, which gives it another address: the server must accept that Host too.
    const forwarded = await vscode.env.asExternalUri(vscode.Uri.parse(new URL(local).origin));
    if (forwarded.authority !== new URL(local).host) s.allowForwardedHost(forwarded.authority);
    return s;
  })();
  // A failed start (the port in use) is not kept: the next try may pick another setting.
  server.catch(() => (server = undefined));
  return server;
}

/**
 * Serves a capture page for `session` (the panel's) and returns its URL; `detach` stops serving it.
 * `name` is for the page's title and path only.
 */
export async function serveCapturePage(name: string, executor: Executor, session: Session): Promise<{ url: string; detach(): void }> {
  const s = await captureServer();
  return s.attach(`${name.replace(/[^\w.-]+/g, "-")}-${++pages}`, executor, session);
}

export async function closeCaptureServer(): Promise<void> {
  const s = await server?.catch(() => undefined);
  server = undefined;
  await s?.close();
}
