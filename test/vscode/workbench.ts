// A user's VS Code: a fresh code-server with the packaged extension (.vsix) installed the way users
// install it, and its workbench open in headless Chromium. Used by the palette journey test and by
// the VS Code part of `npm run bench`. Everything goes through the UI: quick open, the command
// palette, key presses in the webview.
import { execFileSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import { REPO_ROOT } from "./build-suites";
import { CHROMIUM_ARGS, inWebview, serverEnv, startCodeServer, stopCodeServer, toolPaths } from "./run-in-code-server";
import { userSettings } from "./settings";

export const VSIX = path.join(REPO_ROOT, "live-interface.vsix");

/** Builds the .vsix as `npm run package` does (the extension must be built already); returns its path. */
export function packageVsix(): string {
  execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "package-vsix.mjs")], { cwd: REPO_ROOT, stdio: "pipe" });
  return VSIX;
}

export interface Workbench {
  page: Page;
  /** The opened workspace folder (a copy of the fixture). */
  workspace: string;
  /** Opens a workspace file through Quick Open (Ctrl+P), as a user would. */
  openFile(name: string): Promise<void>;
  /**
   * Runs a command through the command palette (F1) by its full title, e.g. "Live Interface: Open
   * Live Interface"; resolves with the Date.now() at which Enter was pressed. Fails when the palette
   * does not list it within `timeoutMs` (20 s). With `enterAt` (a Date.now()), Enter waits until then.
   */
  runCommand(title: string, timeoutMs?: number, enterAt?: number): Promise<number>;
  /** The webview frame whose document contains `selector` (waits for exactly one). */
  webview(selector: string, timeoutMs?: number): Promise<Frame>;
  /** Reloads the page as a user's Reload Window does: a new window and extension host, the same browser profile. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/**
 * An expression for the labels of the quick input's rows (`rows`: more of the rows' selector, e.g.
 * ".focused"). A row's aria-label is its label, then ", "-separated extras ("recently used", a path...).
 */
export const quickInputLabels = (rows: string) => `[...document.querySelectorAll(".quick-input-list .monaco-list-row${rows}")].map((r) => (r.getAttribute("aria-label") ?? "").split(", ")[0])`;

/**
 * Goes down the quick input's list (`down`: one ArrowDown) until its focused row is `want`, which it
 * lists: the row may not be the first ("Markdown: Open as Preview" ranks above "Markdown: Open
 * Preview"), and a user goes down to it. `labels` evaluates a quickInputLabels expression.
 */
export async function focusQuickInputRow(want: string, labels: (expression: string) => Promise<string[]>, down: () => Promise<void>): Promise<void> {
  for (let n = 0; (await labels(quickInputLabels(".focused")))[0] !== want; n++) {
    if (n > 10) throw new Error(`the quick input lists ${want} but does not focus it`);
    await down();
  }
}

/** What the user would see when a wait fails: notifications, the active tab, and a screenshot's path. */
async function describeWorkbench(page: Page): Promise<string> {
  const shot = path.join(os.tmpdir(), `li-workbench-${Date.now()}.png`);
  await page.screenshot({ path: shot }).catch(() => undefined);
  const notes = await page.locator(".notifications-toasts .notification-list-item-message").allTextContents().catch(() => []);
  const tab = await page.locator(".tabs-container .tab.active").getAttribute("aria-label", { timeout: 1000 }).catch(() => null);
  return `workbench: active tab ${JSON.stringify(tab)}; notifications ${JSON.stringify(notes)}; screenshot ${shot}`;
}

/**
 * Installs `vsix` into a fresh code-server profile (`code-server --install-extension`), starts it on
 * a free port and opens a copy of `fixture` in Chromium; resolves once the workbench is up and the
 * extension host has connected.
 */
/** `chromiumArgs`: more flags for the browser, e.g. a fake camera fed from a file (test/helpers/fake-media.ts). */
export async function openWorkbench(vsix: string, fixture: string, chromiumArgs: string[] = []): Promise<Workbench> {
  const { codeServer, node24Bin, chromium: chromiumPath } = toolPaths();
  if (!fs.existsSync(codeServer)) throw new Error(`code-server not found at ${codeServer}: run bash scripts/setup-test-tools.sh`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "li-workbench-"));
  const userData = path.join(tmp, "user-data");
  const extensions = path.join(tmp, "extensions");
  const workspace = path.join(tmp, "workspace");
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  fs.cpSync(fixture, workspace, { recursive: true });
  fs.writeFileSync(path.join(userData, "User", "settings.json"), JSON.stringify(userSettings("trusted"), null, 2));
  const env = serverEnv(node24Bin, { EXTENSIONS_GALLERY: "{}" });
  const config = path.join(tmp, "config.yaml");
  fs.writeFileSync(config, "");
  const common = ["--config", config, "--user-data-dir", userData, "--extensions-dir", extensions];
  execFileSync(codeServer, [...common, "--install-extension", vsix], { env, stdio: "pipe" });

  let proc: ChildProcess | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    if (proc) await stopCodeServer(proc);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const never = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("code-server did not start within 60 s")), 60000).unref());
    never.catch(() => undefined);
    const server = await startCodeServer(
      codeServer,
      [...common, "--bind-addr", "127.0.0.1:0", "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-getting-started-override", "--disable-workspace-trust"],
      env,
      () => undefined,
      never,
    );
    proc = server.proc;
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...CHROMIUM_ARGS, ...chromiumArgs] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator(".monaco-workbench .statusbar").waitFor({ timeout: 60000 });
    // The extension host is connected once the remote indicator and the explorer have settled.
    await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 60000 });

    /**
     * Types into a quick input and presses Enter once the focused row is `want` (the list filters as
     * we type). On a loaded machine Quick Open once listed no file for 20 s (the workbench's search,
     * not ours): as a user would, it closes the box and asks again, up to 3 times (a caller with a
     * short timeout, which asks again itself, gets one try).
     */
    const quickInput = async (open: string, text: string, want: string, timeoutMs = 20000, enterAt = 0): Promise<number> => {
      const input = page.locator(".quick-input-widget .quick-input-box input");
      const tries = timeoutMs >= 5000 ? 3 : 1;
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press(open);
        await input.waitFor({ state: "visible" });
        await input.fill(text);
        const listed = await page.waitForFunction(`${quickInputLabels("")}.includes(${JSON.stringify(want)})`, undefined, { timeout: timeoutMs }).then(
          () => true,
          () => false,
        );
        if (listed) break;
        const shown = (await page.evaluate(quickInputLabels(""))) as string[];
        if (attempt === tries) throw new Error(`the quick input never listed ${JSON.stringify(want)} for ${JSON.stringify(text)} (${tries} tries); it showed ${JSON.stringify(shown)}${tries > 1 ? `; ${await describeWorkbench(page)}` : ""}`);
        console.error(`      (quick input: ${JSON.stringify(want)} not listed after ${timeoutMs} ms, it showed ${JSON.stringify(shown.slice(0, 5))}: asking again)`);
        await page.keyboard.press("Escape");
      }
      await focusQuickInputRow(want, (e) => page.evaluate(e) as Promise<string[]>, () => page.keyboard.press("ArrowDown"));
      if (enterAt > Date.now()) await page.waitForTimeout(enterAt - Date.now());
      const at = Date.now();
      await page.keyboard.press("Enter");
      return at;
    };
    return {
      page,
      workspace,
      openFile: async (name) => {
        await quickInput("Control+P", name, name);
        await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: 20000 });
      },
      // (F1 opens the palette with its ">" prefix, which `fill` replaces: so it is typed again.)
      runCommand: (title, timeoutMs, enterAt) => quickInput("F1", `>${title}`, title, timeoutMs, enterAt),
      // A browser profile's first webview registers code-server's webview service worker first: 2-15 s
      // here, more on a loaded CI machine; so the wait is generous (a wait, not a goal).
      webview: async (selector, timeoutMs = 60000) => {
        try {
          return await inWebview(page, selector, timeoutMs, async (f) => f);
        } catch (e) {
          throw new Error(`${(e as Error).message}\n${await describeWorkbench(page)}`);
        }
      },
      reload: async () => {
        await page.reload();
        // Not the explorer's rows as above: the side bar comes back with the view it showed.
        await page.locator(".monaco-workbench .statusbar").waitFor({ timeout: 60000 });
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
