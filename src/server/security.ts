import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** 128 bits, URL-safe: unguessable, so another local user or a web page cannot reach the server. */
export function newToken(): string {
  return randomBytes(16).toString("base64url");
}

export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
const isWildcard = (host: string) => host === "0.0.0.0" || host === "::" || host === "[::]";

/**
 * Host header check against DNS rebinding: a page on evil.example that resolves to 127.0.0.1 sends
 * `Host: evil.example`, which is refused. Bound to a wildcard address (an explicit opt-in), any Host
 * is accepted and the token alone guards the server.
 */
export function hostAllowed(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (!hostHeader) return false;
  if (isWildcard(boundHost)) return true;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.toLowerCase());
  if (!m) return false;
  const [, name, p] = m;
  if (Number(p ?? 80) !== port) return false;
  return name === boundHost.toLowerCase() || (LOOPBACK.has(name!) && LOOPBACK.has(boundHost));
}

/**
 * Cross-site WebSocket check: a browser always sends Origin; it must be this server's own (a host
 * that `hostKnown` accepts, and the one the request was sent to).
 */
export function originAllowed(req: IncomingMessage, hostKnown: (host: string) => boolean): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser (the Node client): the token decides
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && hostKnown(url.host) && url.host === req.headers.host;
  } catch {
    return false;
  }
}
