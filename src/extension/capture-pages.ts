// The "browser" capture source in VS Code (DESIGN.md §5): desktop VS Code refuses webviews the camera
// and microphone, so a panel can ask to record in the user's browser instead. The local server
// serves a capture page per panel session; what the page records streams into that session, and the
// outputs show in the panel.
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
