// The capture page (DESIGN.md §5, source "browser"): a page that records from *its* browser's camera
// or microphone and streams into a session whose UI is open elsewhere (a VS Code panel that is
// refused the devices, another tab, another device). Its socket is tokened like every other request,
// names the session it feeds, and may only send stream chunks.
import type { RawData, WebSocket } from "ws";
import { encodeFrame } from "../protocol/framing";
import { readWsMessage } from "./ws-message";
import type { ServerMessage } from "../protocol/messages";
import type { Session } from "../runtime/session";

/** The sessions of a server by id, so a capture socket can find the one it feeds. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  add(session: Session): void {
    this.sessions.set(session.id, session);
  }
  delete(session: Session): void {
    this.sessions.delete(session.id);
  }
  get(id: string | null): Session | undefined {
    return id ? this.sessions.get(id) : undefined;
  }
}

/** Serves one capture socket: the target's config goes out, stream chunks come in, nothing else. */
export function serveCapture(ws: WebSocket, target: Session): void {
  const send = (msg: ServerMessage) => ws.readyState === ws.OPEN && ws.send(encodeFrame(msg));
  const config = target.currentConfig;
  if (!config) {
    send({ type: "load-error", error: { kind: "load", message: "the interface is not loaded" } });
    return void ws.close();
  }
  send({ type: "config", config, session: target.id });
  target.notify({ type: "capture", state: "connected" });
  ws.on("close", () => target.notify({ type: "capture", state: "closed" }));
  target.onClose(() => ws.close(1000, "the interface page closed"));
  ws.on("message", (data: RawData, isBinary: boolean) => {
    let msg: unknown;
    try {
      msg = readWsMessage(data, isBinary);
    } catch (err) {
      return send({ type: "error", error: { kind: "protocol", message: `Refused a malformed message: ${(err as Error).message}` } });
    }
    const type = (msg as { type?: unknown })?.type;
    if (type !== "stream" && type !== "stream-end") {
      return send({ type: "error", error: { kind: "protocol", message: "A capture page may only send stream chunks" } });
    }
    target.handle(msg);
  });
}
