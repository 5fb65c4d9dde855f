// A second window of a running code-server in Chromium with no DevTools client attached to its page
// (bench/detached-chromium.ts), for the webview rows whose bytes cross the workbench's page. Playwright's
// session on the page reports every WebSocket frame it receives, bytes included: a webview's 1 MiB
// stream moved at 57 MB/s that way against 130 MB/s detached (one window, one after the other,
// 2026-12-01).
// It is driven as a user drives it, by key events (DevTools Input) and typed text. code-server
// serves webviews from the workbench's own origin, so a webview's document is reachable from the
// workbench page through its two iframes (VS Code's host frame, then the content frame).
import { launchDetached, type DetachedTab, type Evaluator } from "./detached-chromium";
import { focusQuickInputRow, quickInputLabels } from "../test/vscode/workbench";
import { until } from "../test/helpers/browser";

export interface DetachedWorkbench {
  /** Opens a workspace file through Quick Open (Ctrl+P). */
  openFile(name: string): Promise<void>;
  /** Runs a command through the command palette (F1) by its full title. */
  runCommand(title: string): Promise<void>;
  /**
   * The one webview whose document contains `selector`, once it does. Its scripts run in the
   * workbench's page with `document` the webview's (the other globals are the workbench's).
   */
  webview(selector: string, timeoutMs?: number): Promise<Evaluator>;
  /** Closes its Chromium (a second browser, not the Playwright one). */
  close(): Promise<void>;
}

/** DevTools key codes of the keys the palette needs. */
const KEYS: Record<string, { code: string; keyCode: number; text?: string }> = {
  F1: { code: "F1", keyCode: 112 },
  Enter: { code: "Enter", keyCode: 13, text: "\r" },
  ArrowDown: { code: "ArrowDown", keyCode: 40 },
  p: { code: "KeyP", keyCode: 80 },
};
const CTRL = 2;

async function press(tab: DetachedTab, key: string, modifiers = 0): Promise<void> {
  const { code, keyCode, text } = KEYS[key]!;
  const common = { key, code, windowsVirtualKeyCode: keyCode, modifiers };
  // A key that types text goes down as "keyDown" with it; the others (and chords) as "rawKeyDown".
  await tab.send("Input.dispatchKeyEvent", { ...common, type: text && !modifiers ? "keyDown" : "rawKeyDown", text });
  await tab.send("Input.dispatchKeyEvent", { ...common, type: "keyUp" });
}

/** `url`: the code-server window's address (with its ?folder=); `chromiumArgs`: more flags for the browser. */
export async function openDetachedWorkbench(url: string, chromiumArgs: string[] = []): Promise<DetachedWorkbench> {
  const browser = await launchDetached(chromiumArgs);
  try {
    const tab = await browser.open(url);
    const check = (expression: string) => () => tab.evaluate<boolean>(expression).catch(() => false);
    // The extension host has connected once the explorer lists the folder (as openWorkbench waits).
    await until("the workbench shows the explorer", check(`!!document.querySelector(".explorer-folders-view .monaco-list-row")`), 60000);

    /** Types into the quick input `open` opens and presses Enter once the focused row is `want`. */
    const quickInput = async (open: () => Promise<void>, text: string, want: string) => {
      await open();
      await until("the quick input has focus", check(`document.activeElement === document.querySelector(".quick-input-widget .quick-input-box input")`));
      await tab.send("Input.insertText", { text });
      await until(`the quick input lists ${want}`, check(`${quickInputLabels("")}.includes(${JSON.stringify(want)})`), 20000);
      await focusQuickInputRow(want, (e) => tab.evaluate<string[]>(e), () => press(tab, "ArrowDown"));
      await press(tab, "Enter");
    };
    const webviewDocument = (selector: string) =>
      `[...window.document.querySelectorAll("iframe.webview")].map((f) => f.contentDocument?.querySelector("iframe")?.contentDocument).filter((d) => d?.querySelector(${JSON.stringify(selector)}))`;
    return {
      openFile: async (name) => {
        await quickInput(() => press(tab, "p", CTRL), name, name);
        await until(`${name} is the active editor`, check(`!!document.querySelector('.tabs-container .tab.active[aria-label^=${JSON.stringify(name)}]')`), 20000);
      },
      // F1 opens the palette with its ">" already typed.
      runCommand: (title) => quickInput(() => press(tab, "F1"), title, title),
      webview: async (selector, timeoutMs = 60000) => {
        await until(`one webview contains ${selector}`, check(`${webviewDocument(selector)}.length === 1`), timeoutMs);
        return { evaluate: (expression) => tab.evaluate(`(() => { const document = ${webviewDocument(selector)}[0]; return ${expression}; })()`) };
      },
      close: () => browser.close(),
    };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
