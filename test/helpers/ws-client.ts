// A bare protocol client for tests: a real WebSocket to the server, speaking the UI's messages
// (framing.ts), recording everything the server sends.
import WebSocket from "ws";
import { encodeFrame } from "../../src/protocol/framing";
import { decodeMessages } from "../../src/protocol/outbox";
import type { ClientMessage, ServerMessage } from "../../src/protocol/messages";

export interface WsClient {
  ws: WebSocket;
  received: ServerMessage[];
  send(msg: ClientMessage): void;
  /** Resolves with the first message (received from now on, or already, when `since` is 0) that matches. */
  next<T extends ServerMessage>(match: (m: ServerMessage) => m is T, ms?: number, since?: number): Promise<T>;
  close(): void;
}

/** Connects to `/ws/<app>` of the server whose URL (with its token) is `url`. */
export async function connectWs(url: string, app?: string): Promise<WsClient> {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/ws${app ? `/${app}` : ""}?token=${u.searchParams.get("token")}`);
  const received: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on("message", (data: Buffer) => {
    received.push(...decodeMessages(data));
    for (const w of [...waiters]) w();
  });
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  return {
    ws,
    received,
    send: (msg) => ws.send(encodeFrame(msg)),
    next: (match, ms = 20000, since = received.length) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = received.slice(since).find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found as never);
          return true;
        };
        const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`no matching message in ${ms} ms; last: ${JSON.stringify(received.slice(-3))}`))), ms);
        if (!check()) waiters.add(check);
      }),
    close: () => ws.close(),
  };
}

export const isType =
  <K extends ServerMessage["type"]>(type: K) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: K }> =>
    m.type === type;
