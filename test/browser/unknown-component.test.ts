// The page picks each component's view from the component registry (webview/views/index.ts): a type
// it does not know is a clear error in that component's place, not a guess (it used to be shown as
// JSON, silently); the other components and the runs go on.
import * as assert from "node:assert/strict";
import { showsText, useServedApps } from "../helpers/browser";
import { fixture } from "../helpers/serve";

describe("a component of an unknown type", function () {
  this.timeout(60000);
  const { open } = useServedApps([fixture("unknown-component.ts")]);

  it("is an error where it would be, naming its type; the interface still runs, with its value", async () => {
    const page = await open("unknown-component");
    const points = page.locator('[data-role="input"][data-type="sparkline"]');
    const alert = points.getByRole("alert");
    await alert.waitFor();
    assert.equal((await points.locator(".li-label").textContent())?.trim(), "points", "under its label");
    assert.match((await alert.textContent()) ?? "", /Cannot show this component.*no component of type "sparkline"/s);
    await showsText(page, "count", "3");
    await page.getByLabel("name", { exact: true }).fill("Ada");
    await showsText(page, "greeting", "Hello Ada");
    await showsText(page, "count", "3");
    await page.close();
  });
});
