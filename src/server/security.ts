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

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? null;
}

// The Host header check (DNS rebinding) is host-names.ts.

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
