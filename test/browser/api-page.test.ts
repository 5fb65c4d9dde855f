// The API page ("Use via API" in an interface's footer): it renders in Chromium with the schema and
// snippets holding the page's real URL and token, and the snippets, run as shown, work.
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { useServedApps } from "../helpers/browser";
import { example } from "../helpers/serve";

const run = promisify(execFile);

describe("browser mode: the API page", function () {
  this.timeout(60000);
  const { open, server } = useServedApps([example("calculator.ts"), example("text-generator.ts"), example("webcam-flip.ts")]);

  /** The interface's page, then its API page through the footer's link. */
  async function apiPageOf(name: string, shot?: string): Promise<Page> {
    const page = await open(name);
    const link = page.getByRole("link", { name: "Use via API" });
    if (shot) await page.screenshot({ path: shot, fullPage: true });
    await link.click();
    await page.locator('#api[aria-busy="false"]').waitFor();
    return page;
  }
  const snippet = (page: Page, id: string) => page.locator(`[data-snippet="${id}"] pre`).innerText();

  it("is linked from the footer and shows the inputs, outputs and endpoints", async () => {
    const page = await apiPageOf("calculator", "test-results/api-footer.png");
    const token = new URL(server().url).searchParams.get("token")!;
    assert.equal(new URL(page.url()).pathname, "/app/calculator/api/");
    assert.equal(await page.locator("h1").innerText(), "Calculator: API");
    const inputs = await page.locator("table", { hasText: "Inputs" }).locator("tbody tr").allInnerTexts();
    assert.deepEqual(inputs.map((r) => r.split("\t").slice(0, 3)), [
      ["a", "slider", "A whole number from 0 to 100"],
      ["operation", "radio", 'One of "add", "subtract", "multiply", "divide" (or null)'],
      ["b", "number", "A number"],
    ]);
    const outputs = await page.locator("table", { hasText: "Outputs" }).locator("tbody tr").allInnerTexts();
    assert.deepEqual(outputs, ["result\tnumber\tnumber or null"]);
    // The token shows as dots until asked for; the URL is the page's own.
    const curl = await snippet(page, "curl");
    assert.ok(!curl.includes(token), "the token is hidden at first");
    assert.ok(curl.includes(`${new URL(page.url()).origin}/app/calculator/api/predict?token=••••••••`), curl);
    await page.getByLabel("Show the token in the snippets").check();
    assert.ok((await snippet(page, "curl")).includes(`predict?token=${token}`));
    await page.screenshot({ path: "test-results/api-page.png", fullPage: true });
  });

  it("its curl snippet, run as shown, answers with fn's outputs", async () => {
    const page = await apiPageOf("calculator");
    await page.getByLabel("Show the token in the snippets").check();
    const curl = await snippet(page, "curl");
    const { stdout } = await run("bash", ["-c", curl]);
    assert.deepEqual(JSON.parse(stdout), { outputs: { result: 36 } }, "the first example: 12 multiply 3");
    const events = await snippet(page, "curl-events");
    const { stdout: streamed } = await run("bash", ["-c", events]);
    assert.match(streamed, /^event: output\ndata: \{"outputs":\{"result":36\}\}\n\nevent: done\n/m);
  });

  it("its Node client snippet, run as shown in a project that has live-interface, prints the outputs", async () => {
    const page = await apiPageOf("text-generator");
    await page.getByLabel("Show the token in the snippets").check();
    const code = await snippet(page, "node");
    assert.match(code, /client\.submit\("the river", 30, 7\)/, "a generator: submit, with the initial values");
    // A project with the package installed: node_modules/live-interface is this repository (built).
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "li-api-snippet-"));
    fs.mkdirSync(path.join(project, "node_modules"));
    fs.symlinkSync(path.resolve(__dirname, "../.."), path.join(project, "node_modules", "live-interface"), "dir");
    fs.writeFileSync(path.join(project, "example.mjs"), code);
    try {
      const { stdout } = await run(process.execPath, ["example.mjs"], { cwd: project });
      const lines = stdout.trim().split("\n");
      assert.equal(lines.length, 31, "the prompt, then one line per word");
      assert.match(lines.at(-1)!, /^the river( \S+){30}$/);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it("an interface with an image input offers a multipart snippet", async () => {
    const page = await apiPageOf("webcam-flip");
    const files = await snippet(page, "curl-files");
    assert.match(files, /-F 'camera=@picture\.png'/);
  });
});
