// The File component in real Chromium: uploads reach fn as bytes, downloads come back as links with
// their names, files over the cap are refused in the page, and a path outside the module's folder
// and the temporary folder (absolute, climbing with .., or a symbolic link leading out) is refused.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Locator, Page } from "playwright-core";
import { until, useServedApps } from "../helpers/browser";
import { fixture } from "../helpers/serve";

async function setRequest(page: Page, text: string) {
  const box = page.getByLabel("request", { exact: true });
  await box.fill(text);
}

/** Clicks a download link as a user would and reads what the browser saved. */
async function downloaded(page: Page, link: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return fs.readFileSync((await download.path())!, "utf8");
}

const errorShown = (page: Page) => page.locator(".li-error").allTextContents().then((t) => t.join(""));

describe("File: uploads and downloads", function () {
  this.timeout(60000);
  const { open } = useServedApps([fixture("files.ts"), fixture("greeter.ts")]);

  it("uploads reach fn; fn's files come back as downloads with their names and contents", async () => {
    const page = await open("files");
    await page.getByLabel("Upload files for files").setInputFiles([
      { name: "a.txt", mimeType: "text/plain", buffer: Buffer.from("alpha") },
      { name: "b.csv", mimeType: "text/csv", buffer: Buffer.from("x,y\n1,2") },
    ]);
    await until("fn summarized both", async () => ((await page.getByLabel("summary", { exact: true }).textContent()) ?? "").includes("b.csv"));
    const summary = JSON.parse((await page.getByLabel("summary", { exact: true }).textContent()) ?? "null");
    assert.deepEqual(summary, [{ name: "a.txt", bytes: 5, text: "alpha" }, { name: "b.csv", bytes: 7, text: "x,y\n1,2" }]);
    await setRequest(page, "report");
    const link = page.locator("a.li-download");
    await until("a download", async () => (await link.count()) === 1 && (await link.getAttribute("download")) === "li-test-report.txt");
    assert.equal(await downloaded(page, link), "report: a.txt, b.csv");
    await setRequest(page, "inline");
    await until("an inline download", async () => (await link.getAttribute("download")) === "hello.txt");
    assert.equal(await downloaded(page, link), "hello");
    await page.close();
  });

  it("a path outside the module's folder and the temporary folder is refused, however it is written", async () => {
    const link = path.join(os.tmpdir(), `li-link-out-${process.pid}`);
    fs.rmSync(link, { force: true });
    fs.symlinkSync("/etc/hostname", link);
    try {
      const page = await open("files");
      for (const p of ["/etc/hostname", "../../../../../../etc/hostname", link]) {
        await setRequest(page, p);
        await until(`${p} refused`, async () => /files are only served from the module's folder .* or the temporary folder/.test(await errorShown(page)));
        const offered = await page.locator("a.li-download").evaluateAll((as) => as.map((a) => a.getAttribute("download")));
        assert.ok(!offered.includes("hostname") && !offered.includes(path.basename(link)), `nothing of it offered (${offered})`);
        await setRequest(page, "inline"); // clears the error before the next attempt
        await until("back to normal", async () => (await errorShown(page)) === "");
      }
      await page.close();
    } finally {
      fs.rmSync(link, { force: true });
    }
  });

  it("an upload over the 16 MiB cap is refused in the page with the reason", async () => {
    const page = await open("files");
    await page.getByLabel("Upload files for files").setInputFiles({ name: "big.txt", mimeType: "text/plain", buffer: Buffer.alloc(17 * 2 ** 20, 97) });
    await until("refused", async () => (await page.locator(".li-upload-status").textContent()) === "Not used: big.txt is 17.0 MiB; files may be at most 16.0 MiB.");
    await page.close();
  });
});
