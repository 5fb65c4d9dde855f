// Nothing a user types is lost, in a real VS Code (code-server with the packaged .vsix, driven through
// its UI): typing into a field right after the panel is shown again, and into the preview while its
// module is saved and reloaded. Each key is read back from the field as it lands.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Frame, Page } from "playwright-core";
import { REPO_ROOT } from "./build-suites";
import { openWorkbench, packageVsix, type Workbench } from "./workbench";

/**
 * The tip fixture with two constants first, which the preview test edits in the editor: TITLE (a new
 * title: the page keeps its controls) and MAX, the people slider's maximum (new controls: the page
 * is drawn anew). The title shows both, so the page tells which module version it shows. Loading it
 * takes 600 ms.
 */
const MODULE = [
  'const TITLE = "Tip";',
  "const MAX = 10;",
  // Loading takes a while (as a module loading a model does): a reload lands while the test types.
  "for (const end = Date.now() + 600; Date.now() < end; );",
  fs
    .readFileSync(path.join(REPO_ROOT, "test", "fixtures", "tip.ts"), "utf8")
    .replace('title: "Tip"', "title: `${TITLE} (max ${MAX})`")
    .replace("maximum: 10", "maximum: MAX"),
].join("\n");
const each = (bill: number, tip: number, people: number) => `${bill} + ${tip}% / ${people} = ${Math.round((bill * (100 + tip)) / people) / 100}`;

/** A pause of `ms` that imitates a person starting to type some time after the field appeared (no assertion follows it). */
const pause = (page: Page, ms: number) => page.waitForTimeout(ms);

/**
 * Clicks the field, selects its text (Ctrl+A) and types `text` key by key (`gapMs` apart), reading
 * the field after each; `afterKey` (given the count typed) may stop it early. Then Tab. Gives what was read.
 */
async function typeInto(page: Page, frame: Frame, label: string, text: string, gapMs = 0, afterKey?: (n: number) => Promise<boolean>): Promise<string[]> {
  const field = frame.getByLabel(label, { exact: true });
  await field.click();
  await page.keyboard.press("Control+A");
  const seen: string[] = [];
  for (const key of text) {
    if (gapMs && seen.length > 0) await page.waitForTimeout(gapMs); // a person's pace; nothing is asserted on it
    await page.keyboard.press(key);
    seen.push(await field.inputValue());
    if (afterKey && !(await afterKey(seen.length))) break;
  }
  await page.keyboard.press("Tab");
  return seen;
}

/** Waits until `read` gives `want` (the output of the run with the typed value). */
async function shows(read: () => Promise<string | null>, want: string, ms = 30000): Promise<void> {
  const end = Date.now() + ms;
  let last: string | null = null;
  while (Date.now() < end) {
    last = ((await read().catch(() => null)) ?? "").trim();
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`expected ${JSON.stringify(want)}, still ${JSON.stringify(last)} after ${ms} ms`);
}

const prefixes = (text: string) => [...text].map((_, i) => text.slice(0, i + 1));

describe("no keystroke lost in VS Code (code-server)", function () {
  this.timeout(400000);
  let bench: Workbench | undefined;
  before(async function () {
    this.timeout(180000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "li-typing-"));
    fs.writeFileSync(path.join(dir, "tip.ts"), MODULE);
    fs.mkdirSync(path.join(dir, ".vscode"));
    fs.writeFileSync(path.join(dir, ".vscode", "settings.json"), JSON.stringify({ "workbench.editor.restoreEditors": false }));
    bench = await openWorkbench(packageVsix(), dir);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  after(async () => bench?.close());

  it("the panel: typing right after it is shown again (hidden and shown 13 times) loses nothing", async () => {
    const { page } = bench!;
    await bench!.openFile("tip.ts");
    await bench!.runCommand("Live Interface: Open Live Interface");
    const PANEL = '#app[data-surface="panel"][data-module="tip.ts"] .li-interface';
    const log: string[] = [];
    let lost = 0;
    for (let round = 0; round < 13; round++) {
      // Hide the panel (its tab group shows the module's editor), then show it: VS Code builds its page anew.
      // (Quick Open, which waits for the module's tab to be the active one: a click on its tab was
      // once lost on a loaded machine.)
      await bench!.openFile("tip.ts");
      await page.locator('.tabs-container .tab[aria-label^="Live: tip.ts"]').click();
      const frame = await bench!.webview(PANEL, 30000);
      await frame.getByLabel("bill", { exact: true }).waitFor();
      await pause(page, (round * 47) % 600);
      const typed = String(300 + round * 7);
      const seen = await typeInto(page, frame, "bill", typed);
      const ran = await shows(() => frame.getByLabel("each", { exact: true }).textContent(), each(Number(typed), 10, 1), 15000).then(
        () => "",
        (e: Error) => ` fn did not run with it: ${e.message}`,
      );
      const ok = seen.join() === prefixes(typed).join() && !ran;
      if (!ok) lost++;
      log.push(`${typed}: ${seen.join(" → ")}${ok ? "" : ` LOST${ran}`}`);
    }
    console.log(`      panel shown 13 times, typed at once: ${log.join("; ")}`);
    assert.equal(lost, 0, log.join("; "));
  });

  it("the preview: typing while its module is saved and reloaded (12 saves) loses nothing, and fn runs with what the field shows", async () => {
    const { page } = bench!;
    await bench!.runCommand("View: Close All Editors");
    await bench!.openFile("tip.ts");
    await bench!.runCommand("Live Interface: Show in Live Interface Preview");
    const PREVIEW = '#app[data-surface="preview"][data-module="tip.ts"] .li-interface';
    let frame = await bench!.webview(PREVIEW, 30000);
    await shows(() => frame.getByLabel("each", { exact: true }).textContent(), each(50, 10, 1));
    const log: string[] = [];
    let lost = 0;
    let title = "Tip";
    let max = "10";
    let midway = 0;
    const titleNow = () => frame.evaluate(() => document.querySelector(".li-title")?.textContent ?? "").catch(() => "");
    for (let round = 0; round < 12; round++) {
      // In the editor: a new title (the page keeps its controls) or a new maximum (drawn anew)...
      await bench!.openFile("tip.ts");
      await page.locator(".monaco-editor .view-lines").first().click();
      await page.keyboard.press("Control+Home");
      if (round % 2 === 1) await page.keyboard.press("ArrowDown");
      await page.keyboard.press("End");
      await page.keyboard.press("ArrowLeft"); // before the ";"
      if (round % 2 === 0) {
        await page.keyboard.press("ArrowLeft"); // before the closing quote
        await page.keyboard.type("!");
        title += "!";
      } else {
        await page.keyboard.type("0");
        max += "0";
      }
      const want = `${title} (max ${max})`;
      // ...saved; then type into the preview at once, as a person does (a key every 60 ms), until the
      // reloaded page is there and two keys more: the reload lands while the keys do.
      await page.keyboard.press("Control+S");
      let first = "";
      let landedAt = 0;
      const keys = Array.from({ length: 15 }, (_, i) => String(((round + i) % 9) + 1)).join(""); // another number each round
      const seen = await typeInto(page, frame, "bill", keys, 60, async (n) => {
        const now = await titleNow();
        if (n === 1) first = now;
        if (!landedAt && now === want) landedAt = n;
        return !landedAt || n < landedAt + 2;
      });
      const typed = keys.slice(0, seen.length);
      if (first !== want && landedAt > 0) midway++;
      await shows(titleNow, want, 15000).catch(() => undefined); // (what it shows is checked below)
      const ran = await shows(() => frame.getByLabel("each", { exact: true }).textContent(), each(Number(typed), 10, 1), 15000).then(
        () => "",
        (e: Error) => ` fn did not run with it: ${e.message}`,
      );
      const final = await frame.getByLabel("bill", { exact: true }).inputValue();
      const ok = seen.join() === prefixes(typed).join() && final === typed && !ran;
      if (!ok) lost++;
      log.push(`${typed}: ${seen.join(" → ")}${ok ? "" : ` LOST (field ${final})${ran}`}`);
    }
    console.log(`      preview saved 12 times, ${midway} reloads landed while typing: ${log.join("; ")}`);
    assert.equal(lost, 0, log.join("; "));
    assert.ok(midway > 0, "no reload landed while the keys did: the test proved nothing");
  });
});
