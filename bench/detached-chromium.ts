// Chromium whose pages run with no DevTools client attached, as a user's browser does. Playwright
// keeps a DevTools session on every page it opens, and that session reports each WebSocket frame to
// the browser process with its bytes (in a trace of 10 streaming tabs, a 38.9 KB message per 28.8 KB
// frame): a cost per frame that no user pays. Here the browser is started with a DevTools port, a
// browser-level session only opens and closes windows, and a page is reached for a moment at a time
// (one Runtime.evaluate on a fresh connection), so nothing reports its traffic in between.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import WebSocket from "ws";
import { CHROMIUM_FLAGS, until } from "../test/helpers/browser";

/** A page to run a script in: a detached tab, a webview in one, or Playwright's Page or Frame. */
export interface Evaluator {
  evaluate(expression: string): Promise<unknown>;
}

export interface DetachedTab {
  /** Evaluates `expression` in the page (a promise is awaited) and returns its value as JSON. */
  evaluate<T>(expression: string): Promise<T>;
  /** Sends one DevTools command to the page on a fresh connection (e.g. Input.dispatchKeyEvent). */
  send<T>(method: string, params?: object): Promise<T>;
  close(): Promise<void>;
}

export interface DetachedChromium {
  /** A new window (each one visible, as each user's would be) showing `url`, once it has loaded. */
  open(url: string): Promise<DetachedTab>;
  close(): Promise<void>;
}

/** One DevTools connection: commands by id, answered in order of their replies. */
class Connection {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const m = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const w = m.id === undefined ? undefined : this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id!);
      if (m.error) w.reject(new Error(m.error.message));
      else w.resolve(m.result);
    });
    ws.on("close", () => {
      for (const w of this.waiting.values()) w.reject(new Error("the DevTools connection closed"));
      this.waiting.clear();
    });
  }
  static async open(url: string): Promise<Connection> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 2 ** 20 });
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    return new Connection(ws);
  }
  send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }
  close(): void {
    this.ws.close();
  }
}

/** Debian's Chromium, headless, with the same flags as the tests' and `extraArgs`. */
export async function launchDetached(extraArgs: string[] = []): Promise<DetachedChromium> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "li-detached-chromium-"));
  const args = [
    ...CHROMIUM_FLAGS,
    ...extraArgs,
    // As Playwright's launch does: every window counts as in front, none is throttled as hidden.
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--mute-audio",
    "--headless",
    "--remote-debugging-port=0",
    `--user-data-dir=${profile}`,
    "about:blank",
  ];
  const proc = spawn(process.env.CHROMIUM ?? "/usr/bin/chromium", args, { stdio: ["ignore", "ignore", "pipe"] });
  // If the bench itself dies, Chromium goes with it (as Playwright's browsers do).
  const killOnExit = () => proc.kill();
  process.once("exit", killOnExit);
  const exited = new Promise<void>((resolve) => proc.once("exit", () => (process.off("exit", killOnExit), resolve())));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = "";
    proc.stderr!.on("data", (d: Buffer) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    proc.once("exit", (code) => reject(new Error(`Chromium exited with ${code}: ${err.slice(-2000)}`)));
  });
  const origin = new URL(endpoint).host;
  const browser = await Connection.open(endpoint);

  const send = async <T>(targetId: string, method: string, params?: object): Promise<T> => {
    const page = await Connection.open(`ws://${origin}/devtools/page/${targetId}`);
    try {
      return await page.send<T>(method, params);
    } finally {
      page.close();
    }
  };
  const evaluate = async <T>(targetId: string, expression: string): Promise<T> => {
    const r = await send<{ result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(targetId, "Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value as T;
  };

  return {
    async open(url) {
      const { targetId } = await browser.send<{ targetId: string }>("Target.createTarget", { url, newWindow: true });
      // Loaded: the new document (not the first about:blank) has finished loading. While it
      // navigates, an evaluation can lose its context: that is a retry, not an error.
      const loaded = () => evaluate<boolean>(targetId, `location.href !== "about:blank" && document.readyState === "complete"`).catch(() => false);
      await until(`${url} has loaded`, loaded, 120000);
      return {
        evaluate: (expression) => evaluate(targetId, expression),
        send: (method, params) => send(targetId, method, params),
        close: () => browser.send("Target.closeTarget", { targetId }).then(() => undefined),
      };
    },
    async close() {
      await browser.send("Browser.close").catch(() => proc.kill());
      browser.close();
      await exited;
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
