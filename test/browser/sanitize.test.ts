// HTML and Markdown output is sanitized in the page: nothing in it can run, and nothing breaks the
// CSP (which would block inline script anyway: the test looks at the DOM, so it fails without the
// sanitizer even though the CSP would still hold).
import * as assert from "node:assert/strict";
import { useServedApps } from "../helpers/browser";
import { fixture } from "../helpers/serve";

describe("HTML and Markdown output: sanitized", function () {
  this.timeout(60000);
  const { open } = useServedApps([fixture("hostile.ts"), fixture("greeter.ts")]);

  it("drops script, event handlers, javascript: links, frames and forms; keeps the text, styling and safe links", async () => {
    const page = await open("hostile");
    const outputs = page.locator('[data-role="output"]');
    await page.getByText("a fine link").first().waitFor();
    const found = await outputs.evaluateAll((roots) => {
      const all = roots.flatMap((r) => [...r.querySelectorAll("*")]);
      return {
        scripts: all.filter((e) => e.tagName.toLowerCase() === "script").length,
        handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}.${a.name}`)),
        jsLinks: all.flatMap((e) => [...e.attributes].filter((a) => /^\s*javascript:/i.test(a.value)).map((a) => `${e.tagName}.${a.name}`)),
        embeds: all.filter((e) => ["iframe", "object", "embed", "form"].includes(e.tagName.toLowerCase())).length,
        safeLinks: all.filter((e) => e.tagName === "A" && (e.getAttribute("href") ?? "").startsWith("https://example.com/")).map((e) => `${e.getAttribute("target")} ${e.getAttribute("rel")}`),
        bold: all.filter((e) => ["B", "STRONG"].includes(e.tagName)).length,
      };
    });
    assert.deepEqual(found.scripts, 0, "no script elements");
    assert.deepEqual(found.handlers, [], "no event handler attributes");
    assert.deepEqual(found.jsLinks, [], "no javascript: URLs");
    assert.equal(found.embeds, 0, "no frames, objects or forms");
    assert.ok(found.safeLinks.length >= 3 && found.safeLinks.every((l) => l === "_blank noopener noreferrer"), `safe links kept, opening apart: ${found.safeLinks}`);
    assert.ok(found.bold >= 3, "formatting kept");
    // Clicking what is left runs nothing either.
    for (const text of ["click me", "safe text"]) {
      const el = page.getByText(text).first();
      if (await el.count()) await el.click({ modifiers: [] }).catch(() => undefined);
    }
    assert.equal(await page.evaluate(() => (window as { pwned?: unknown }).pwned), undefined, "nothing ran");
    await page.close();
  });
});
