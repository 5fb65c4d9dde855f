import * as assert from "node:assert/strict";
import { shownText as shown, showsText, until, useServedApps } from "../helpers/browser";
import { example, fixture } from "../helpers/serve";

describe("browser mode: live interfaces in Chromium", function () {
  this.timeout(60000);
  const { open } = useServedApps([example("calculator.ts"), fixture("burst.ts"), fixture("abortable.ts"), fixture("faults.ts"), "--timeout", "1"]);

  it("has no submit button in live mode, and each change updates the output", async () => {
    const page = await open("calculator");
    await showsText(page, "result", "6"); // live: fn(initial values) is shown on load
    assert.equal(await page.getByRole("button", { name: "Submit" }).count(), 0);
    const slider = page.getByLabel("a", { exact: true });
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await showsText(page, "result", "7");
    await page.getByRole("radio", { name: "multiply" }).check();
    await showsText(page, "result", "10");
    await page.getByLabel("b", { exact: true }).fill("10");
    await showsText(page, "result", "50");
    await page.close();
  });

  it("a burst of 100 changes to a 20 ms fn ends showing fn(final value), coalescing the rest", async () => {
    const page = await open("burst");
    const slider = page.getByLabel("x", { exact: true });
    // One change per task, as fast as the page can: the UI sends each one, so the host's
    // always-last scheduling (not the UI's same-task batching) is what keeps up.
    await slider.evaluate(
      (el: HTMLInputElement) =>
        new Promise<void>((resolve) => {
          let v = 1;
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            el.value = String(v);
            el.dispatchEvent(new Event("input", { bubbles: true }));
            if (++v <= 100) channel.port2.postMessage(0);
            else resolve();
          };
          channel.port2.postMessage(0);
        }),
    );
    await showsText(page, "double", "200");
    const runs = Number(await shown(page, "runs"));
    assert.ok(runs < 100, `runs were coalesced (always-last): ${runs} runs for 100 changes`);
    // No stale result afterwards: every text "double" shows from now on is recorded, then one more
    // change is made; once its result shows, any older run's result would have shown before it.
    await page.getByLabel("double", { exact: true }).evaluate((el) => {
      const texts: string[] = ((window as unknown as { __shown: string[] }).__shown = []);
      new MutationObserver(() => texts.push((el.textContent ?? "").trim())).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await slider.evaluate((el: HTMLInputElement) => {
      el.value = "101";
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await showsText(page, "double", "202");
    const since = await page.evaluate(() => (window as unknown as { __shown: string[] }).__shown);
    assert.deepEqual([...new Set(since)].filter((t) => t !== "200"), ["202"], `no stale result arrived before the next one: ${JSON.stringify(since)}`);
    assert.equal(Number(await shown(page, "runs")), runs + 1, "the later change ran once");
    await page.close();
  });

  it("a newer change aborts the in-flight run's signal", async () => {
    const page = await open("abortable");
    await showsText(page, "echo", "echo:"); // the run on load has finished
    const box = page.getByLabel("text", { exact: true });
    // "first" is in flight (it takes 400 ms) once its run has started: the page shows it running
    // (caught by an observer, however briefly it shows). The worker calls fn as the run arrives,
    // before it reads the abort that "second" sends.
    await page.locator("#app").evaluate((app) => {
      const w = window as unknown as { __ran: boolean };
      w.__ran = false;
      new MutationObserver(() => (w.__ran ||= app.dataset.state === "running")).observe(app, { attributes: true, attributeFilter: ["data-state"] });
    });
    await box.fill("first");
    await until("the run of \"first\" started", () => page.evaluate(() => (window as unknown as { __ran: boolean }).__ran));
    await box.fill("second");
    await showsText(page, "echo", "echo: second");
    assert.equal((await shown(page, "aborted runs"))?.trim(), "1");
    await page.close();
  });

  it("a throwing fn shows its message and file:line on the outputs; the page keeps working", async () => {
    const page = await open("faults");
    const box = page.getByLabel("command", { exact: true });
    await box.fill("throw");
    const error = page.locator(".li-error");
    await error.waitFor();
    assert.match((await error.textContent())!, /you asked for it/);
    assert.match((await error.textContent())!, /faults\.ts:6:\d+/);
    await box.fill("fine");
    await showsText(page, "shout", "FINE");
    assert.equal(await error.isVisible(), false, "the error goes away with the next result");
    await page.close();
  });

  it("a looping fn is cut after the timeout with a clear message; the page keeps working", async () => {
    const page = await open("faults");
    const box = page.getByLabel("command", { exact: true });
    await box.fill("loop");
    const error = page.locator(".li-error");
    await error.waitFor({ timeout: 10000 });
    assert.match((await error.textContent())!, /longer than 1 s .*restarted/);
    await box.fill("again");
    await showsText(page, "shout", "AGAIN");
    await page.close();
  });
});
