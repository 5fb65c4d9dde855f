// Browser mode when the page's socket is cut and comes back (a proxy's idle timeout, a dropped
// network): the page reconnects by itself, and nothing the user typed is lost or overwritten, also
// what was typed while it was disconnected. A TCP forwarder we can cut stands between page and server.
import * as assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchChromium, shownText, until } from "../helpers/browser";
import { cuttableProxy, type CuttableProxy } from "../helpers/cuttable-proxy";
import { fixture, serveCli, type RunningServer } from "../helpers/serve";

/** What the tip fixture's fn returns. */
const each = (bill: number, tip: number, people: number) => `${bill} + ${tip}% / ${people} = ${Math.round((bill * (100 + tip)) / people) / 100}`;

describe("browser mode: the socket drops and comes back", function () {
  this.timeout(120000);
  let server: RunningServer;
  let proxy: CuttableProxy;
  let browser: Browser;
  before(async () => {
    proxy = await cuttableProxy(() => Number(new URL(server.url).port));
    // The page reaches the server through the forwarder, as through a reverse proxy: its address is allowed.
    server = await serveCli([fixture("tip.ts"), "--allow-host", `127.0.0.1:${proxy.port}`]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
  });

  it("reconnects by itself; what was typed before and during the outage stays, and fn runs with it (12 cuts)", async () => {
    const url = new URL(server.url);
    url.port = String(proxy.port);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(url.toString());
    const bill = page.getByLabel("bill", { exact: true });
    await until("the first result", async () => (await shownText(page, "each")) === each(50, 10, 1));
    // A value set before any cut: the new session starts from 1 person, the page must keep 2.
    await page.getByLabel("people", { exact: true }).press("ArrowRight");
    await until("the result for 2 people", async () => (await shownText(page, "each")) === each(50, 10, 2));

    const banner = page.locator(".li-banner-disconnected");
    const log: string[] = [];
    let lost = 0;
    for (let round = 0; round < 12; round++) {
      const typed = String(310 + round * 7);
      proxy.cut();
      // Type at once (before the page knows), or while it shows the banner, or as it comes back.
      if (round % 3 !== 0) await banner.waitFor();
      if (round % 3 === 2) await page.waitForTimeout((round * 53) % 300); // pacing only: no assertion follows it
      await bill.click();
      await page.keyboard.press("Control+A");
      const seen: string[] = [];
      for (const key of typed) {
        await page.keyboard.press(key);
        seen.push(await bill.inputValue());
      }
      await page.keyboard.press("Tab");
      const prefixes = [...typed].map((_, i) => typed.slice(0, i + 1));
      const want = each(Number(typed), 10, 2);
      await until(`round ${round}: the page reconnected and shows fn(${typed}, 10, 2)`, async () => (await banner.count()) === 0 && (await shownText(page, "each")) === want, 30000);
      const final = await bill.inputValue();
      const ok = final === typed && seen.join() === prefixes.join();
      if (!ok) lost++;
      log.push(`${typed}: ${seen.join(" → ")}${ok ? "" : ` LOST (field ${final})`}`);
    }
    console.log(`      12 cuts, typing during each: ${log.join("; ")}`);
    assert.equal(lost, 0, `typed values lost: ${log.join("; ")}`);
    assert.equal(await page.getByLabel("people", { exact: true }).inputValue(), "2", "a value set before the cuts stays");
    assert.deepEqual(problems, []);
    await page.close();
  });
});
