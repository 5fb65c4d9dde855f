import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium, openPage } from "../helpers/browser";
import { tempModules } from "../helpers/modules";
import { serveCli, type RunningServer } from "../helpers/serve";

const moduleText = (greeting: string) => `import * as li from "live-interface";
import { punctuate } from "./punctuate";
export default new li.Interface({
  fn: (name) => punctuate(\`${greeting}, \${name}\`),
  inputs: [new li.Textbox({ label: "name", value: "Ada" })],
  outputs: new li.Textbox({ label: "greeting" }),
  live: true,
});
`;

describe("browser mode: a module outside the repo, reloaded on save", function () {
  this.timeout(60000);
  let browser: Browser;
  let server: RunningServer;
  let dir: string;
  before(async () => {
    dir = tempModules({ "hello.ts": moduleText("Hello"), "punctuate.ts": `export const punctuate = (s: string) => s + "!";\n` });
    server = await serveCli([path.join(dir, "hello.ts")]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("saving the module or a file it imports redraws the page, keeping what the user typed", async () => {
    const { page, problems } = await openPage(browser, server.url);
    const greeting = page.getByLabel("greeting", { exact: true });
    await page.waitForFunction(() => document.querySelector("#app")?.textContent?.includes("Hello, Ada!"));
    await page.getByLabel("name", { exact: true }).fill("Grace");
    await page.waitForFunction(() => document.querySelector("#app")?.textContent?.includes("Hello, Grace!"));
    fs.writeFileSync(path.join(dir, "hello.ts"), moduleText("Good morning"));
    await page.waitForFunction(() => document.querySelector("#app")?.textContent?.includes("Good morning, Grace!"), undefined, { timeout: 10000 });
    assert.equal(await page.getByLabel("name", { exact: true }).inputValue(), "Grace");
    fs.writeFileSync(path.join(dir, "punctuate.ts"), `export const punctuate = (s: string) => s + "?";\n`);
    await page.waitForFunction(() => document.querySelector("#app")?.textContent?.includes("Good morning, Grace?"), undefined, { timeout: 10000 });
    // A syntax error shows in place of the interface; fixing it brings the interface back.
    fs.writeFileSync(path.join(dir, "hello.ts"), moduleText("Oops").replace("fn: (name) =>", "fn: (name) => =>"));
    await page.locator(".li-load-error").waitFor({ timeout: 10000 });
    assert.match((await page.locator(".li-load-error").textContent())!, /hello\.ts:4:\d+/);
    fs.writeFileSync(path.join(dir, "hello.ts"), moduleText("Back"));
    await greeting.waitFor({ timeout: 10000 });
    await page.waitForFunction(() => document.querySelector("#app")?.textContent?.includes("Back, Grace?"), undefined, { timeout: 10000 });
    assert.deepEqual(problems, []);
  });
});
