// The "browser" capture source in VS Code (DESIGN.md §5): desktop VS Code refuses webviews the camera
// and microphone, so a panel (or an inline notebook interface) can ask to record in the user's browser
// instead. The local server serves a capture page per session; what the page records streams into that
// session, and the outputs show where the session's UI is.
import * as vscode from "vscode";
import type { ServerMessage } from "../protocol/messages";
import type { Executor } from "../runtime/executor";
import type { Session } from "../runtime/session";
import { localServer } from "./local-server";

let pages = 0;

/**
 * Serves a capture page for `session` (the panel's) and returns its URL; `detach` stops serving it.
 * `name` is for the page's title and path only.
 */
export async function serveCapturePage(name: string, executor: Executor, session: Session): Promise<{ url: string; detach(): void }> {
  const { server } = await localServer();
  return server.attach(`${name.replace(/[^\w.-]+/g, "-")}-${++pages}`, executor, session);
}

export interface CaptureRequest {
  /** Names the page (its title and path) and the question. */
  name: string;
  /** Where the UI is, for the question: "panel", "notebook". */
  where: string;
  executor: Executor;
  session: Session;
  /** To the session's UI: how it went. */
  send(msg: ServerMessage): void;
  /** False once the session the user asked from is gone (the page reloaded meanwhile). */
  current(): boolean;
  log(text: string): void;
}

/** After the user agrees, serves a capture page for the session and opens it in their browser; it stops with the session. */
export async function recordInBrowser(r: CaptureRequest): Promise<void> {
  const agree = "Open in Browser";
  const choice = await vscode.window.showInformationMessage(
    `Record in your browser for ${r.name}?`,
    {
      modal: true,
      detail:
        `This ${r.where} cannot use the camera or microphone. A page opens in your browser, records there and streams into this ${r.where}. ` +
        "It is served only on 127.0.0.1, with a secret token in its address.",
    },
    agree,
  );
  if (!r.current()) return;
  if (choice !== agree) return r.send({ type: "capture", state: "declined" });
  try {
    const page = await serveCapturePage(r.name, r.executor, r.session);
    r.session.onClose(() => page.detach());
    r.log(`capture page: ${page.url.replace(/token=[^&]+/, "token=…")}`);
    // A string, not a Uri: Uri.toString() would percent-encode the query's = and &.
    const opened = await vscode.env.openExternal(page.url as unknown as vscode.Uri);
    r.send({ type: "capture", state: "opened", url: page.url, message: opened ? undefined : "VS Code did not open a browser." });
  } catch (err) {
    r.send({ type: "capture", state: "failed", message: (err as Error).message });
  }
}
