import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { shownText as text, until, useServedApps } from "../helpers/browser";
import { watchMessages } from "../helpers/page-messages";
import { example, fixture } from "../helpers/serve";

describe("browser mode: non-live Submit/Clear and the four interface types", function () {
  this.timeout(60000);
  const { open } = useServedApps([fixture("greeter.ts"), example("clock.ts"), example("guestbook.ts"), example("scratchpad.ts"), example("calculator.ts"), example("progress.ts")]);

  it("non-live: nothing runs until Submit; Clear resets inputs and outputs", async () => {
    const page = await open("greeter");
    const received = await watchMessages(page);
    await page.getByLabel("name", { exact: true }).fill("Ada");
    await page.getByLabel("excited", { exact: true }).check();
    assert.equal(await text(page, "greeting"), "", "no run without Submit");
    await page.getByRole("button", { name: "Submit" }).click();
    await until("greeting", async () => (await text(page, "greeting")) === "Hello Ada!");
    // Each change went to the host as it was made, before Submit, on the same socket: had a change
    // started a run, its run-start would have come before Submit's run ended.
    await until("Submit's run ended", async () => received.some((m) => m.type === "run-end"));
    assert.equal(received.filter((m) => m.type === "run-start").length, 1, `one run, Submit's: ${JSON.stringify(received.map((m) => m.type))}`);
    await page.getByRole("button", { name: "Clear" }).click();
    await until("cleared", async () => (await text(page, "greeting")) === "");
    assert.equal(await page.getByLabel("name", { exact: true }).inputValue(), "World");
    await page.getByRole("button", { name: "Submit" }).click();
    await until("greeting after clear", async () => (await text(page, "greeting")) === "Hello World.");
    await page.close();
  });

  it("standard: inputs and outputs side by side; an example row fills the inputs", async () => {
    const page = await open("calculator");
    await until("first result", async () => (await text(page, "result")) === "6");
    await page.getByRole("row", { name: /12.*multiply.*3/ }).click();
    await until("example result", async () => (await text(page, "result")) === "36");
    assert.equal(await page.getByLabel("a", { exact: true }).inputValue(), "12");
    await page.close();
  });

  it("output-only (live): runs on load with no inputs", async () => {
    const page = await open("clock");
    await until("time shown", async () => /UTC/.test(await text(page, "time")));
    assert.equal(await page.locator('[data-role="input"]').count(), 0);
    await page.close();
  });

  it("input-only: Submit runs fn, which has only an effect; an error shows", async () => {
    const page = await open("guestbook");
    assert.equal(await page.locator('[data-role="output"]').count(), 0);
    await page.getByRole("button", { name: "Submit" }).click();
    await page.locator(".li-error").waitFor();
    assert.match((await page.locator(".li-error").textContent())!, /Please enter your name/);
    const marker = `tester-${Date.now()}`;
    await page.getByLabel("name", { exact: true }).fill(marker);
    await page.getByRole("button", { name: "Submit" }).click();
    const book = path.join(os.tmpdir(), "live-interface-guestbook.txt");
    await until("entry written", async () => fs.existsSync(book) && fs.readFileSync(book, "utf8").includes(marker));
    await page.close();
  });

  it("unified: fn's result replaces the input itself", async () => {
    const page = await open("scratchpad");
    const pad = page.getByLabel("scratchpad", { exact: true });
    await pad.fill("  hello   world  \n\nsecond line");
    await page.getByRole("button", { name: "Submit" }).click();
    await until("tidied", async () => (await pad.inputValue()) === "Hello world.\nSecond line.");
    await page.close();
  });

  it("progress shows as a bar, and Stop aborts the run", async () => {
    const page = await open("progress");
    await page.getByRole("button", { name: "Submit" }).click();
    const bar = page.locator(".li-progress");
    await bar.waitFor();
    await until("progress text", async () => /step \d+ of 10/.test((await bar.textContent()) ?? ""));
    await page.getByRole("button", { name: "Stop" }).click();
    await until("idle", async () => (await page.locator("#app").getAttribute("data-state")) === "idle");
    assert.equal(await text(page, "result"), "", "a stopped run shows no result");
    await page.close();
  });
});
