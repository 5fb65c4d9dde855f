// The key-press latency probe shared by the browser-mode and VS Code benches: the time from a key
// press on a focused slider to the output DOM showing fn's new result, measured inside the page.
import type { Frame, Keyboard, Locator, Page } from "playwright-core";

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
export const median = (xs: number[]) => percentile(xs, 50);
export const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Installs a probe in the document: keydown time -> the time the output element's text next changes.
 * `shadowHost`: the UI sits in that element's shadow root (a notebook's inline output).
 */
export async function installProbe(target: Page | Frame, outputSelector: string, shadowHost?: string): Promise<void> {
  await target.evaluate(
    ([sel, host]) => {
      const w = window as unknown as { __lat: number[]; __pressAt: number; __want: string };
      w.__lat = [];
      w.__pressAt = 0;
      w.__want = "";
      const root: Document | ShadowRoot = host ? document.querySelector(host)!.shadowRoot! : document;
      document.addEventListener("keydown", (e) => (w.__pressAt = e.timeStamp), true);
      new MutationObserver(() => {
        // (No named helper functions in here: tsx would wrap them in a __name() the page does not have.)
        if (w.__pressAt && (root.querySelector(sel)!.textContent ?? "").trim() === w.__want) {
          w.__lat.push(performance.now() - w.__pressAt);
          w.__pressAt = 0;
        }
      }).observe(host ? root : document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    },
    [outputSelector, shadowHost] as const,
  );
}

/** Presses ArrowRight on the focused slider `n` times; each time waits for the doubled value. */
export async function pressLatencies(target: Page | Frame, keyboard: Keyboard, sliderSelector: string, n: number): Promise<number[]> {
  const slider = target.locator(sliderSelector);
  await slider.focus();
  for (let i = 0; i < n; i++) {
    const next = Number(await slider.inputValue()) + 1;
    await target.evaluate((want) => ((window as unknown as { __want: string }).__want = want), String(next * 2));
    await keyboard.press("ArrowRight");
    await target.waitForFunction(() => (window as unknown as { __pressAt: number }).__pressAt === 0, undefined, { timeout: 5000 });
    await target.waitForTimeout(30); // let the page settle so samples do not overlap
  }
  return target.evaluate(() => (window as unknown as { __lat: number[] }).__lat.splice(0));
}

/** Marks the element Playwright's getByLabel finds (inputs and outputs are named by their label); returns a CSS selector for it. */
export async function labelled(target: Page | Frame | Locator, label: string, attr: string): Promise<string> {
  await target.getByLabel(label, { exact: true }).evaluate((el, a) => el.setAttribute(a, ""), attr);
  return `[${attr}]`;
}
