// How fast the first results come in VS Code (code-server), split into hops: "Open Live Interface"
// -> fn's first output in the panel, in a fresh browser profile (a new code-server, a new profile:
// VS Code's first webview there registers its service worker) and again (warm); and a notebook's
// Run All -> its first inline interface showing fn's output. Each in `runs` fresh workbenches.
//
// Hops, panel: command -> panel created -> its page set (our Output channel's account) -> the
// webview's document starts (its performance.timeOrigin) -> our script runs -> the page settles on
// its link to the host -> first config -> first output (the page's milestones, webview/timeline.ts).
// Notebook: Run All -> the cells have run (the last cell's status) -> the renderer's script ->
// settled -> config -> output.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Frame } from "playwright-core";
import { median, round2 } from "./latency";
import { toolPaths } from "../test/vscode/run-in-code-server";
import { openWorkbench, packageVsix, type Workbench } from "../test/vscode/workbench";
import { bareWebviewFirst, DOUBLE, runAllToFirstOutput } from "./vscode";

const FIXTURE = path.join(__dirname, "fixtures", "vscode-workspace");

export interface OpenSplit {
  total_ms: number;
  hops_ms: Record<string, number>;
}

export interface VsCodeOpenBench {
  method: string;
  panel_first: { median: OpenSplit; runs: OpenSplit[] };
  /** The floor of the first panel: VS Code's Markdown preview as a fresh profile's first webview (ms, each run). */
  first_webview_floor_ms: { median: number; runs: number[] };
  panel_again: { median: OpenSplit; runs: OpenSplit[] };
  notebook_run_all: { median: OpenSplit; runs: OpenSplit[] };
  /** Run All again: the kernel and renderer running, as for a later cell's interface. */
  notebook_run_all_again: { median: OpenSplit; runs: OpenSplit[] };
}

/** The page's milestones (ms from its document's start) and that start, epoch ms. */
const MILESTONES = `(() => JSON.stringify({
  origin: performance.timeOrigin,
  marks: Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("li:")).map((m) => [m.name.slice(3), m.startTime])),
}))()`;

async function milestones(frame: Frame): Promise<{ origin: number; marks: Record<string, number> }> {
  return JSON.parse((await frame.evaluate(MILESTONES)) as string);
}

/** Our Output channel's lines so far (code-server keeps them under the profile's logs). */
function outputLines(bench: Workbench): string[] {
  const find = (dir: string): string[] =>
    fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? find(path.join(dir, e.name)) : e.name.includes("Live Interface") ? [path.join(dir, e.name)] : [])) : [];
  return find(path.join(bench.workspace, "..", "user-data", "logs")).flatMap((f) => fs.readFileSync(f, "utf8").split("\n"));
}

/** The last "panel: created A ms after the command, its page set after B ms" line: [A, B]. */
function panelLine(bench: Workbench): [number, number] {
  const line = outputLines(bench).filter((l) => l.includes("panel: created")).pop() ?? "";
  const m = /created (\d+) ms after the command, its page set after (\d+) ms/.exec(line);
  return m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
}

const until = async (what: string, check: () => Promise<boolean>, ms = 60000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

async function openPanel(bench: Workbench): Promise<OpenSplit> {
  const t0 = await bench.runCommand("Live Interface: Open Live Interface");
  const frame = await bench.webview('#app[data-surface="panel"][data-module="double.ts"] .li-interface');
  const out = frame.getByLabel("double", { exact: true });
  await until("fn's first output", async () => ((await out.textContent()) ?? "").trim() === "0");
  const total = Date.now() - t0;
  const { origin, marks } = await milestones(frame);
  const [created, pageSet] = panelLine(bench);
  const doc = origin - t0;
  return {
    total_ms: total,
    hops_ms: {
      "command -> panel created": created,
      "panel created -> its page set (the channel's server ready)": pageSet - created,
      "page set -> webview document starts (VS Code)": round2(doc - pageSet),
      "document -> our script runs (app.js loaded)": round2(marks.script!),
      "script -> settled on its link (channel handshake)": round2(marks.settled! - marks.script!),
      "settled -> first config": round2(marks.config! - marks.settled!),
      "config -> first output": round2(marks.output! - marks.config!),
    },
  };
}

async function runAll(bench: Workbench): Promise<OpenSplit> {
  const { ranAt: t0, frame } = await runAllToFirstOutput(bench);
  const total = Date.now() - t0;
  const { origin, marks } = await milestones(frame);
  const cells = await cellsMs(bench);
  const script = origin + (marks.script ?? marks["channel-asked"]!) - t0;
  return {
    total_ms: total,
    hops_ms: {
      "Run All -> the first two cells have run (their status)": round2(cells),
      "cells run -> renderer's script for the output": round2(script - cells),
      "script -> settled on its link (channel handshake)": round2(marks.settled! - (marks.script ?? marks["channel-asked"]!)),
      "settled -> first config": round2(marks.config! - marks.settled!),
      "config -> first output": round2(marks.output! - marks.config!),
    },
  };
}

/** The first two cells' run times, as their status bars show them ("0.6s"): the second shows the interface. */
async function cellsMs(bench: Workbench): Promise<number> {
  const times = (await bench.page.locator(".cell-statusbar-container").allTextContents()).map((t) => /([\d.]+)s/.exec(t)).filter(Boolean).map((m) => Number(m![1]) * 1000);
  return times.slice(0, 2).reduce((a, b) => a + b, 0);
}

/**
 * Run All again in the notebook `runAll` opened: the kernel and renderer run already, as for a later
 * cell. Its new output (the old one marked) showing fn's first output, after the cells have run.
 */
async function runAllAgain(bench: Workbench): Promise<OpenSplit> {
  const frame = await bench.webview(DOUBLE);
  await frame.evaluate((sel) => document.querySelector(sel)?.setAttribute("data-bench-old", ""), DOUBLE);
  const t0 = await bench.runCommand("Notebook: Run All");
  const fresh = `${DOUBLE}:not([data-bench-old])`;
  await until("the new output shows fn's first output", async () =>
    ((await frame.locator(fresh).getByLabel("double", { exact: true }).textContent({ timeout: 100 }).catch(() => "")) ?? "").trim() === "0",
  );
  const total = Date.now() - t0;
  const cells = await cellsMs(bench);
  return { total_ms: total, hops_ms: { "Run All -> the first two cells have run (their status)": round2(cells), "cells run -> the new output shows fn's first output": round2(total - cells) } };
}

function medianSplit(runs: OpenSplit[]): OpenSplit {
  const keys = Object.keys(runs[0]?.hops_ms ?? {});
  return { total_ms: median(runs.map((r) => r.total_ms)), hops_ms: Object.fromEntries(keys.map((k) => [k, round2(median(runs.map((r) => r.hops_ms[k]!)))])) };
}

/** Undefined (with the reason on stderr) when code-server is not installed. */
export async function benchVsCodeOpen(runs: number): Promise<VsCodeOpenBench | undefined> {
  if (!fs.existsSync(toolPaths().codeServer)) {
    console.error("bench: code-server is not installed (bash scripts/setup-test-tools.sh): skipping the VS Code open part");
    return undefined;
  }
  const vsix = packageVsix();
  const first: OpenSplit[] = [];
  const again: OpenSplit[] = [];
  const notebook: OpenSplit[] = [];
  const notebookAgain: OpenSplit[] = [];
  const floor: number[] = [];
  for (let r = 0; r < runs; r++) {
    const bench = await openWorkbench(vsix, FIXTURE);
    try {
      await bench.openFile("double.ts");
      // As a user would: the module open a moment (its CodeLens shown) before the command.
      await bench.page.locator(".codelens-decoration", { hasText: "Open Live Interface" }).waitFor({ timeout: 60000 });
      first.push(await openPanel(bench));
      await bench.runCommand("View: Close All Editors");
      await bench.openFile("double.ts");
      again.push(await openPanel(bench));
      await bench.runCommand("View: Close All Editors");
    } finally {
      await bench.close();
    }
    // The floor: VS Code's own Markdown preview as a fresh profile's first webview.
    floor.push((await bareWebviewFirst(vsix, FIXTURE)).ms);
    // The notebook in a fresh workbench of its own: its kernel and renderer start from nothing.
    const nb = await openWorkbench(vsix, FIXTURE);
    try {
      notebook.push(await runAll(nb));
      notebookAgain.push(await runAllAgain(nb));
    } finally {
      await nb.close();
    }
  }
  return {
    method: `${runs} fresh code-server workbenches (new browser profile each) driven through the UI by Playwright: the first panel of double.ts once its CodeLens shows, the same panel again after closing it, and in another fresh workbench bench.linb's Run All; the click's time to fn's first output shown, split by our Output channel's account and the page's milestones; medians`,
    panel_first: { median: medianSplit(first), runs: first },
    first_webview_floor_ms: { median: median(floor), runs: floor },
    panel_again: { median: medianSplit(again), runs: again },
    notebook_run_all: { median: medianSplit(notebook), runs: notebook },
    notebook_run_all_again: { median: medianSplit(notebookAgain), runs: notebookAgain },
  };
}

if (require.main === module) {
  void benchVsCodeOpen(Number(process.argv[2] ?? 3)).then((r) => console.log(JSON.stringify(r, null, 1)));
}
