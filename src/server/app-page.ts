// Browser mode's page for one app (or its capture page): its Content-Security-Policy, and every address
// in it relative to the page itself, so that it works under any path prefix a proxy or a forwarder
// adds (a --root-path, code-server's /proxy/<port>/) without knowing it.
import { randomBytes } from "node:crypto";
import { renderPage } from "./page";

export interface AppPage {
  /** The app's name: its URL segment. */
  name: string;
  title: string;
  token: string;
  /** The path of the request as the server routes it ("/", "/app/<name>/", "/capture/<name>/"). */
  path: string;
  /** The session a capture page feeds; undefined for the app's own page. */
  capture?: string;
  /** The server has several apps: the page links back to the gallery. */
  inGallery: boolean;
}

/** The page's HTML and the CSP to send with it. */
export function appPage(p: AppPage): { html: string; csp: string } {
  const nonce = randomBytes(16).toString("base64");
  const name = encodeURIComponent(p.name);
  // "../../" from /app/<name>/ back to the server's root (behind a proxy: the root path).
  const root = "../".repeat(p.path.split("/").length - 2) || "./";
  const wsUrl = p.capture
    ? `${root}ws-capture/${name}?token=${p.token}&session=${encodeURIComponent(p.capture)}`
    : `${root}ws/${name}?token=${p.token}`;
  const csp = [
    "default-src 'none'",
    // 'self' for the audio worklet module: addModule cannot carry a nonce, and behind a forwarder
    // its exact URL is not known here. This server serves no other scripts than its own bundle.
    `script-src 'nonce-${nonce}' 'self'`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    // 'self' covers ws: on this page's own host and port (CSP3).
    "connect-src 'self'",
  ].join("; ");
  const html = renderPage({
    title: p.title,
    nonce,
    csp,
    scriptUrl: `${root}assets/app.js?token=${p.token}`,
    styleUrl: `${root}assets/app.css?token=${p.token}`,
    boot: {
      transport: "ws",
      url: wsUrl,
      gallery: p.inGallery && !p.capture ? `${root}?token=${p.token}` : undefined,
      // The app's API page, beside its own page (/app/<name>/api/, or /api/ for the only app).
      apiPage: p.capture ? undefined : `api/?token=${p.token}`,
      capture: p.capture ? true : undefined,
      // Where a page of this app can send a capture page for its own session.
      captureUrl: p.capture ? undefined : `${root}capture/${name}/?token=${p.token}`,
    },
  });
  return { html, csp };
}
