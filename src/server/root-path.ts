// The root path (Gradio's root_path): the path under which a reverse proxy serves the app to browsers,
// e.g. /apps/demo for https://apps.example.com/apps/demo/. A proxy may pass that prefix on to the
// server (nginx `proxy_pass http://backend;`) or strip it (`proxy_pass http://backend/;`, as Gradio's
// guide does): both reach the same page here. The page itself addresses everything relative to its
// own URL, so the prefix only matters for routing a request that still carries it, for the URL
// printed, and for a redirect from /apps/demo to /apps/demo/ (relative links need the slash).

export interface RootPath {
  /** "" (no root path) or a path like "/apps/demo": starts with a slash, never ends with one. */
  path: string;
  /** The public origin when the root path was given as a full URL ("https://apps.example.com"). */
  origin?: string;
}

/** Segments of a root path: letters, digits and - . _ ~ (no encoding needed, nothing to normalize). */
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

/**
 * Reads a root path as a user gives it: "/apps/demo", "/apps/demo/", "/" (none), or a full URL
 * "https://apps.example.com/apps/demo" (its origin is then the address printed for browsers).
 * Returns a message saying what is wrong instead when it is neither.
 */
export function parseRootPath(value: string): RootPath | string {
  const wrong = `must be a path like /apps/demo (letters, digits and - . _ ~ between slashes) or a full URL like https://apps.example.com/apps/demo, not "${value}"`;
  let origin: string | undefined;
  let path = value.trim();
  if (/^https?:\/\//i.test(path)) {
    let url: URL;
    try {
      url = new URL(path);
    } catch {
      return wrong;
    }
    if (url.search || url.hash || url.username || url.password) return wrong;
    origin = url.origin;
    // The path as written, not url.pathname: URL would quietly resolve "..".
    path = /^https?:\/\/[^/?#]*(.*)$/i.exec(path)![1]!;
  }
  if (path !== "" && !path.startsWith("/")) return wrong;
  const segments = path.split("/").slice(1);
  while (segments.length > 0 && segments.at(-1) === "") segments.pop();
  if (segments.some((s) => !SEGMENT.test(s) || s === "." || s === "..")) return wrong;
  return { path: segments.map((s) => `/${s}`).join(""), ...(origin ? { origin } : {}) };
}

/** Paths this server answers (after the root path): "/", the assets, the sockets, app and capture pages. */
const ROUTE = /^\/(?:$|assets\/|ws(?:$|[/?])|ws-capture\/|ws-channel\/|app\/|capture\/)/;

/**
 * A request's path as the server routes it: without the root path when the request still carries it
 * (the proxy passed the prefix on) and what follows it is one of the server's paths; otherwise as it
 * came (the proxy stripped the prefix, or there is none). `undefined`: exactly the root path without
 * its closing slash, which is answered with a redirect to it with the slash.
 */
export function serverPath(pathname: string, rootPath: string): string | undefined {
  if (!rootPath || !pathname.startsWith(rootPath)) return pathname;
  const rest = pathname.slice(rootPath.length);
  if (rest === "") return ROUTE.test(pathname) ? pathname : undefined;
  return ROUTE.test(rest) ? rest : pathname;
}
