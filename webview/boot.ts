// What the host page tells the UI at start (the <script id="li-boot" type="application/json"> block).

export interface Boot {
  /** "ws": browser mode, talk to `url`; "vscode": inside a VS Code webview, talk via postMessage. */
  transport: "ws" | "vscode";
  url?: string;
  /** VS Code: the module this panel shows (remembered for restoring the panel after a reload). */
  file?: string;
  /** VS Code: the host offers a direct channel (a WebSocket, host/direct-channel.ts) and the CSP allows it. */
  channel?: boolean;
  /** Link back to the gallery when the server hosts several apps. */
  gallery?: string;
  /** Browser mode: the interface's API page (linked from its footer). */
  apiPage?: string;
  /** This page is a capture page: it shows the streaming inputs of a session whose UI is elsewhere. */
  capture?: boolean;
  /** Where this page can open a capture page for its own session (`&session=<id>` is appended). */
  captureUrl?: string;
  /** Inline in a VS Code notebook's output (the renderer makes the App, not a page of its own). */
  surface?: "notebook";
  /** VS Code: where camera and microphone inputs record from (setting liveInterface.captureSource). */
  captureSource?: CaptureMode;
}

/**
 * "webview": the page's own devices; "auto": those, and where they are refused, the capture page
 * (VS Code); "browser": always the capture page; "ffmpeg": the VS Code host records with ffmpeg;
 * "clip": only files played as live streams.
 */
export type CaptureMode = "auto" | "webview" | "browser" | "ffmpeg" | "clip";

export function readBoot(): Boot {
  const text = document.getElementById("li-boot")?.textContent;
  if (!text) throw new Error("the page has no #li-boot configuration");
  const boot = JSON.parse(text) as Partial<Boot>;
  if (boot.transport !== "ws" && boot.transport !== "vscode") throw new Error(`unknown transport ${String(boot.transport)}`);
  return boot as Boot;
}
