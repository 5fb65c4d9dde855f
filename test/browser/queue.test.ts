// Many people on one interface (browser mode): runs wait in one line, first come first served, and
// each page and client is told its place; a full line refuses at once; leaving moves the others up.
import * as assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { Client, RemoteError, type JobStatus } from "../../src/client/index";
import { shownText, until, useServedApps } from "../helpers/browser";
import { fixture } from "../helpers/serve";

describe("browser mode: a shared interface's line (concurrencyLimit 1, maxQueueSize 3)", function () {
  this.timeout(90000);
  const { open, server } = useServedApps([fixture("slow-line.ts"), fixture("greeter.ts")]);

  it("pages opened at once each run in turn; one that waits shows its place, then its result", async () => {
    const pages: Page[] = [];
    for (let i = 0; i < 4; i++) pages.push(await open("slow-line"));
    await until("each page shows fn(its initial value)", async () => (await Promise.all(pages.map((p) => shownText(p, "greeting")))).every((t) => /^guest #\d+$/.test(t)), 30000);
    // Four people type at about the same time: the last one waits behind the others' runs.
    for (const [i, page] of pages.entries()) await page.getByLabel("name", { exact: true }).fill(`person ${i}`);
    const last = pages.at(-1)!;
    const queue = last.locator(".li-queue");
    await until("the last page shows its place in line", async () => /^Queued \d of \d( · .*)?$/.test((await queue.textContent()) ?? ""), 20000);
    console.log(`      the 4th page said: ${await queue.textContent()}`);
    await last.screenshot({ path: "test-results/queue-place.png" });
    const shown = () => Promise.all(pages.map((p) => shownText(p, "greeting")));
    await until("every page shows its own result", async () => (await shown()).every((t, i) => t.startsWith(`person ${i} #`)), 30000);
    assert.ok(await queue.isHidden(), "the place is gone once it ran");
    const numbers = (await shown()).map((t) => Number(t.split("#")[1]));
    assert.deepEqual([...numbers].sort((a, b) => a - b), numbers, `run in the order they typed: ${numbers}`);
    for (const p of pages) await p.close();
  });

  it("typing while one's run waits in line makes no new run: it starts with the newest value, in its place", async () => {
    const [first, second] = [await open("slow-line"), await open("slow-line")];
    const shown = (p: Page) => shownText(p, "greeting");
    await until("both pages show fn(their initial value)", async () => /^guest #\d+$/.test(await shown(first)) && /^guest #\d+$/.test(await shown(second)), 20000);
    const before = Number((await shown(second)).split("#")[1]);
    await first.getByLabel("name", { exact: true }).fill("first");
    await until("the first page's run has started", async () => (await first.locator("#app").getAttribute("data-state")) === "running");
    const field = second.getByLabel("name", { exact: true });
    await field.click();
    await field.fill("");
    for (const key of "late") await second.keyboard.press(key); // each key a change while the run waits
    await until("the second page shows its result", async () => (await shown(second)).startsWith("late #"), 20000);
    const after = Number((await shown(second)).split("#")[1]);
    assert.equal(after, before + 2, `one run for the first page, then one for all the second page's keys (#${before} -> #${after})`);
    assert.match(await shown(first), /^first #\d+$/);
    await first.close();
    await second.close();
  });

  it("a client is told its place as it waits; a full line refuses at once with the reason; leaving moves the others up", async () => {
    const url = server().app("slow-line");
    const clients = await Promise.all(Array.from({ length: 5 }, () => Client.connect(url)));
    const running = clients[0]!.submit("a");
    await until("a runs", () => running.status.stage === "running");
    // b, c, d wait (3 is the most); e is refused.
    const jobs = ["b", "c", "d"].map((name, i) => clients[i + 1]!.submit(name));
    const statuses: JobStatus[][] = jobs.map(() => []);
    jobs.forEach((job, i) => job.onStatus((s) => statuses[i]!.push(s)));
    await until("d is told it is 3rd of 3", () => jobs[2]!.status.stage === "queued" && jobs[2]!.status.position === 3, 10000);
    await assert.rejects(clients[4]!.predict("e"), (err: Error) => err instanceof RemoteError && /queue is full \(3 waiting\)/.test(err.message));
    await jobs[0]!.return!(); // b leaves the line
    await until("d moves up", () => jobs[2]!.status.stage !== "queued" || jobs[2]!.status.position! < 3, 10000);
    const results = [];
    for (const job of [running, jobs[1]!, jobs[2]!]) for await (const out of job) results.push(out);
    assert.deepEqual(results.map((r) => String(r).split(" #")[0]), ["a", "c", "d"], "in arrival order, b gone");
    const seen = statuses[2]!.map((s) => (s.stage === "queued" ? `queued ${s.position}/${s.queueSize}` : s.stage));
    console.log(`      d's statuses: ${seen.join(" → ")}`);
    assert.equal(seen.at(-1), "done");
    assert.ok(seen.includes("running"), "it heard when it started");
    for (const c of clients) c.close();
  });
});
