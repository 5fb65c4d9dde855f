// Suite side of the webview bridge: lets a suite running in the extension host look inside a
// webview's DOM. The extension host cannot reach a webview's document (it only exchanges messages
// with it), but the code-server runner drives the workbench page with Playwright and sees every
// webview iframe; it serves a small HTTP API on 127.0.0.1 whose URL it passes to the extension host
// in LIVE_INTERFACE_TEST_BRIDGE. Under @vscode/test-electron there is no runner page: the bridge is
// absent and suites that need it should skip (see bridgeAvailable()).
import * as http from "node:http";
import { ENV, ROUTES, type ActRequest, type BridgeResponse, type EvalRequest, type ScreenshotRequest } from "../bridge-protocol";

/** True when the suite runs under the code-server runner, which answers webview DOM requests. */
export function bridgeAvailable(): boolean {
  return !!process.env[ENV.bridge];
}

function post<T>(route: string, body: unknown, timeoutMs: number): Promise<T> {
  const base = process.env[ENV.bridge];
  if (!base) {
    return Promise.reject(new Error("no webview bridge: run this suite with test/vscode/run-in-code-server.ts (use bridgeAvailable() to skip)"));
  }
  const data = Buffer.from(JSON.stringify(body));
  return new Promise<T>((resolve, reject) => {
    const req = http.request(
      `${base}${route}`,
      { method: "POST", headers: { "content-type": "application/json", "content-length": data.length }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          try {
            const reply = JSON.parse(Buffer.concat(chunks).toString("utf8")) as BridgeResponse<T>;
            if (reply.ok) resolve(reply.value);
            else reject(new Error(`webview bridge: ${reply.error}`));
          } catch (e) {
            reject(new Error(`webview bridge: bad reply (HTTP ${res.statusCode}): ${String(e)}`));
          }
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`webview bridge: no reply within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(data);
  });
}

export interface WebviewEvalOptions {
  /** How long the runner waits for a webview containing the selector (default 10 s). */
  timeoutMs?: number;
}

/**
 * Runs `fn(arg)` inside the document of the webview that contains `selector` and returns its
 * (JSON-serialisable, possibly awaited) result. Waits until exactly one webview contains a match.
 * `fn` is sent as source text: it must not use variables from the suite, only `arg`, and it runs
 * in the webview (use `document`, `window`, ...).
 *
 *   const text = await evalInWebview("#t", () => document.querySelector("#t")?.textContent);
 */
export function evalInWebview<R, A = undefined>(
  selector: string,
  fn: (arg: A) => R | Promise<R>,
  arg?: A,
  options: WebviewEvalOptions = {},
): Promise<Awaited<R>> {
  const timeoutMs = options.timeoutMs ?? 10000;
  const request: EvalRequest = { selector, fn: fn.toString(), arg, timeoutMs };
  return post<Awaited<R>>(ROUTES.eval, request, timeoutMs + 10000);
}

/** The trimmed textContent of the first element matching `selector` in the webview containing it. */
export function webviewText(selector: string, options?: WebviewEvalOptions): Promise<string> {
  return evalInWebview(selector, (sel) => (document.querySelector(sel)?.textContent ?? "").trim(), selector, options);
}

/**
 * Operates an element of the webview containing `selector` as a user would: real key presses,
 * typing or a click through the browser. `target` finds the element by accessible name or CSS.
 *
 *   await actInWebview("#app[data-module='calc.ts']", { label: "a" }, "press", { keys: ["ArrowRight"] });
 */
export function actInWebview(
  selector: string,
  target: ActRequest["target"],
  action: ActRequest["action"],
  options: { keys?: string[]; text?: string; timeoutMs?: number } = {},
): Promise<string | null> {
  const request: ActRequest = { selector, target, action, ...options };
  return post<string | null>(ROUTES.act, request, (options.timeoutMs ?? 10000) + 10000);
}

/** The trimmed text of the element named `label` in the webview containing `selector`. */
export async function textByLabel(selector: string, label: string): Promise<string> {
  return (await actInWebview(selector, { label }, "text")) ?? "";
}

/** Saves a screenshot of the workbench as <artifacts>/<name>.png (runner's artifactsDir); returns its path. */
export function screenshot(name: string): Promise<string> {
  const request: ScreenshotRequest = { name };
  return post<string>(ROUTES.screenshot, request, 30000);
}
