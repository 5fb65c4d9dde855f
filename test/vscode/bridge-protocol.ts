// The contract between the code-server runner (Node side, drives Chromium with Playwright) and the
// suites running inside the VS Code extension host. Imported by both sides; types and constants only.

/** Environment variables the runner gives code-server, which passes them on to the extension host. */
export const ENV = {
  /** Base URL of the runner's bridge server (absent under @vscode/test-electron). */
  bridge: "LIVE_INTERFACE_TEST_BRIDGE",
  /** Comma-separated suite names (file names without .test.js) to run; all when absent. */
  suites: "LIVE_INTERFACE_TEST_SUITES",
  /** A mocha grep applied inside the extension host. */
  grep: "LIVE_INTERFACE_TEST_GREP",
  /** "trusted" or "untrusted": how the runner opened the workspace. */
  trust: "LIVE_INTERFACE_TEST_TRUST",
} as const;

/**
 * Prefix the suite entry puts on every console line of the extension host (only under the
 * code-server runner). The workbench forwards those lines to the runner mixed with its own log;
 * the prefix tells them apart.
 */
export const OUTPUT_TAG = "[li-test] ";

/** Evaluate `fn(arg)` in the one webview whose document contains `selector`. */
export interface EvalRequest {
  /** CSS selector that identifies the target webview: its document must contain a match. */
  selector: string;
  /** Source of a self-contained function `(arg) => value | Promise<value>`. */
  fn: string;
  /** JSON-serialisable argument for `fn`. */
  arg?: unknown;
  /** How long to wait for a webview containing `selector` to appear (default 10 s). */
  timeoutMs?: number;
}

/**
 * Operate an element of the webview that contains `selector` the way a user would (real key presses
 * and typing through the browser, not synthetic DOM events). The element is found by its accessible
 * name (`label`, exact), as a screen reader would, or by a CSS selector (`css`), inside the first
 * element matching `selector` (shadow roots included).
 */
export interface ActRequest {
  selector: string;
  target: { label: string } | { css: string };
  /** "press": each key in turn on the focused element; "fill": replace its text; "click";
   *  "text": read its trimmed textContent (the reply's value). */
  action: "press" | "fill" | "click" | "text";
  keys?: string[];
  text?: string;
  timeoutMs?: number;
}

/** Save a screenshot of the whole workbench page as `<artifacts dir>/<name>.png`. */
export interface ScreenshotRequest {
  name: string;
}

export type BridgeResponse<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

/** Paths under the bridge base URL. */
export const ROUTES = { eval: "/eval", act: "/act", screenshot: "/screenshot" } as const;
