import * as assert from "node:assert/strict";
import { chromium, type Browser, type Page } from "playwright-core";
import { serveCli, type RunningServer } from "./serve";
import { until } from "./wait";

export { until };

/** The flags Debian's Chromium needs here: headless as root, and no calls out to a closed network. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: [...CHROMIUM_FLAGS, ...extraArgs] });
}

/** Opens a page and fails the test on any page error or CSP violation. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  await page.locator("#app[data-state]").waitFor();
  return { page, problems };
}

/** Grey levels (the green channel) of an output canvas at points given as fractions of its size. */
export function pixels(page: Page, label: string, points: [number, number][]): Promise<number[]> {
  return page.getByLabel(label, { exact: true }).evaluate((canvas, pts) => {
    const c = canvas as HTMLCanvasElement;
    const g = c.getContext("2d")!;
    return pts.map(([fx, fy]) => g.getImageData(Math.floor(fx * c.width), Math.floor(fy * c.height), 1, 1).data[1]!);
  }, points);
}

/** The text an output shows (outputs are found by their label, as a screen reader would). */
export const shownText = async (page: Page, label: string) => ((await page.getByLabel(label, { exact: true }).textContent()) ?? "").trim();

export const showsText = (page: Page, label: string, text: string) =>
  until(`"${label}" shows ${JSON.stringify(text)}`, async () => (await shownText(page, label)) === text);

/**
 * For a mocha suite: serves `args` with the CLI and starts Chromium before it, closes both after it,
 * and fails any test whose pages logged errors or CSP violations.
 */
export function useServedApps(args: string[], options: { chromiumArgs?: string[] } = {}) {
  let browser: Browser;
  let server: RunningServer;
  // Each page's list keeps filling while the test runs: checked after it, not when the page opened.
  let pages: string[][] = [];
  before(async () => {
    server = await serveCli(args);
    browser = await launchChromium(options.chromiumArgs);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    const problems = pages.flat();
    pages = [];
    assert.deepEqual(problems, [], "no page errors or CSP violations");
  });
  return {
    open: async (name: string) => {
      const r = await openPage(browser, server.app(name));
      pages.push(r.problems);
      return r.page;
    },
    /** The running server (after `before`). */
    server: () => server,
  };
}
