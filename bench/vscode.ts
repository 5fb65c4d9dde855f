// The VS Code part of `npm run bench`: the packaged extension in a fresh code-server, driven through
// the UI in headless Chromium (see test/vscode/workbench.ts). Measures "Open Live Interface" →
// interactive panel, save → preview reloaded, the live key-press latency inside the webview, and the
// same key presses and webcam flip inline in a notebook (the panel's webcam: bench/screen-vscode.ts);
// then, in a second window with no DevTools client on its page (bench/detached-workbench.ts), 1 MiB
// frames through the webview: image round trips, a generator's stream, and the socket's ceiling.
import type { Frame, Keyboard } from "playwright-core";
import * as fs from "node:fs";
import * as path from "node:path";
import { toolPaths } from "../test/vscode/run-in-code-server";
import { openWorkbench, packageVsix, type Workbench } from "../test/vscode/workbench";
import { fakeMediaFlags } from "../test/helpers/fake-media";
import { webcamFlipRun } from "./streams";
import { ceiling, CEILING_BYTES, drawingFloor, imageRoundTrips, imageSummary, medianCeiling, streamRuns, STREAMED_FRAMES, streamRate } from "./throughput";
import { openDetachedWorkbench } from "./detached-workbench";
import { startFloor } from "./floor";
import { untilQuiet } from "./quiet";
import { installProbe, labelled, median, percentile, pressLatencies, round2 } from "./latency";

export interface VsCodeBench {
  /**
   * first: the first panel in a fresh browser profile, during start-up; first_bare_webview: the
   * floor, VS Code's own Markdown preview in the same position (bareWebviewFirst); first_asked_at:
   * when each was asked for, in ms after the workbench showed (ours waits for the floor's moment);
   * first_of_later_session: the first after Reload Window (a new extension host; the profile keeps
   * code-server's webview service worker), once our CodeLens shows.
   */
  open_panel_ms: { first: number; first_bare_webview: number; first_asked_at: { ours: number; bare_webview: number }; first_of_later_session: number; warm_median: number; warm: number[]; asked_which_module: number };
  save_to_preview_reloaded_ms: { median: number; samples: number[] };
  webview_keypress_ms: { p50: number; p95: number; rounds: { p50: number; p95: number }[] };
  /** bench/throughput.ts's image round trips (1 MiB each way), inside the panel's webview (detached window). */
  webview_image_round_trip_ms: { p50: number; p95: number; decode_ms: number; mb_s_each_way: number };
  /** bench/throughput.ts's stream (a generator's 64 outputs of 1 MiB) to the panel's webview (detached window). */
  webview_stream_to_page: { frames: number; run_ms: number[]; mb_s: number };
  /**
   * The stream's floor: a bare page in the panel's own frame (its thread and heap) taking 64 MiB in
   * 1 MiB messages from the bare floor server through the same proxy, drawing the newest at each
   * animation frame as ours does (bench/throughput.ts, drawingFloor); median of 3, MB/s.
   */
  webview_floor_stream_drawn_mb_s: number;
  /**
   * The floor of both: Chromium's WebSocket in the workbench's page (which the webview's frames share
   * in code-server) through code-server's port proxy, as the panel's direct channel goes, to the
   * bare floor server; 64 MiB in 1 MiB messages each way, median of 3.
   */
  webview_ws_ceiling_mb_s: { to_page: number; from_page: number };
  /**
   * The same key presses and the webcam flip as cells' interfaces inline in a notebook (bench.linb);
   * the webcam as the page counts its draws (the panel's on screen: bench/screen-vscode.ts).
   */
  notebook_inline: {
    run_all_to_interactive_ms: number;
    keypress_ms: { p50: number; p95: number; rounds: { p50: number; p95: number }[] };
    webcam_640x480_flip: { fps: number; capture_to_display_ms: { p50: number; p95: number } };
  };
}

const FIXTURE = path.join(__dirname, "fixtures", "vscode-workspace");

/** Undefined (with the reason on stderr) when code-server is not installed. */
export async function benchVsCode(samples: { opens: number; saves: number; rounds: number; presses: number; trips: number; streams: number; webcamSeconds: number }): Promise<VsCodeBench | undefined> {
  if (!fs.existsSync(toolPaths().codeServer)) {
    console.error("bench: code-server is not installed (bash scripts/setup-test-tools.sh): skipping the VS Code part");
    return undefined;
  }
  const media = fakeMediaFlags();
  // The workspace: the fixture with the webcam flip example beside it (openWorkbench copies it again).
  const workspace = path.join(media.dir, "workspace");
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  fs.copyFileSync(path.join(__dirname, "..", "examples", "webcam-flip.ts"), path.join(workspace, "webcam-flip.ts"));
  fs.copyFileSync(path.join(__dirname, "fixtures", "frames-out.ts"), path.join(workspace, "frames-out.ts"));
  const vsix = packageVsix();
  const bareFirst = await bareWebviewFirst(vsix, workspace);
  const bench = await openWorkbench(vsix, workspace, media.flags);
  try {
    const { page } = bench;
    /** Times the command asked which module although double.ts was the active editor (should be 0). */
    let askedWhichModule = 0;
    /** Palette command → the panel's output shows fn's first result. */
    const openPanel = async (enterAt?: number): Promise<{ ms: number; frame: Frame; at: number }> => {
      const t0 = await bench.runCommand("Live Interface: Open Live Interface", undefined, enterAt);
      const shown = bench.webview('#app[data-surface="panel"][data-module="double.ts"] .li-interface');
      let done = false;
      void shown.then(
        () => (done = true),
        () => (done = true),
      );
      // If the extension did not see the active editor it asks which module: answer, and count it.
      const asked = page.locator('.quick-input-widget input[placeholder="Which interface module should open?"]');
      while (!done) {
        if (await asked.isVisible()) {
          askedWhichModule++;
          await page.keyboard.type("double.ts");
          await page.keyboard.press("Enter");
        }
        await page.waitForTimeout(50);
      }
      const frame = await shown;
      const output = frame.getByLabel("double", { exact: true });
      while (((await output.textContent()) ?? "").trim() !== "0") await page.waitForTimeout(5);
      return { ms: Date.now() - t0, frame, at: t0 };
    };
    // The same files as the floor's, double.ts active, and the command at the floor's moment after
    // the workbench showed: a few seconds into start-up the machine is still busy with it (the
    // extension host, tsserver), which slows a first webview by seconds (one-off runs, 2026-12-01:
    // ours asked for at +1.6 to +2.7 s took 5.0–6.1 s, at +4.9 to +5.1 s 3.0 s).
    const startedAt = Date.now();
    await bench.openFile("bare-webview.md");
    await bench.openFile("double.ts");
    const firstPanel = await openPanel(startedAt + bareFirst.askedAt);
    const first = firstPanel.ms;
    const firstAskedAt = firstPanel.at - startedAt;
    const warm: number[] = [];
    let frame: Frame | undefined;
    for (let i = 0; i < samples.opens; i++) {
      await bench.runCommand("View: Close All Editors");
      await bench.openFile("double.ts");
      const opened = await openPanel();
      warm.push(opened.ms);
      frame = opened.frame;
    }
    // The first panel of a later session: Reload Window starts a new window and extension host (ours
    // activates again); the browser profile keeps code-server's webview service worker. Timed from
    // when the user sees our CodeLens over the module (the extension is active), as a user would run
    // the command; the window's own start-up before it is VS Code's.
    await bench.runCommand("View: Close All Editors");
    await bench.reload();
    // The window may bring back editors its saved state still had (it is saved as the page unloads).
    if (await page.locator(".tabs-container .tab").first().isVisible({ timeout: 3000 }).catch(() => false)) await bench.runCommand("View: Close All Editors");
    await bench.openFile("double.ts");
    await page.locator(".codelens-decoration", { hasText: "Open Live Interface" }).waitFor({ timeout: 60000 });
    const laterSession = await openPanel();
    frame = laterSession.frame;

    // Live key presses inside the webview, by the same method as browser mode.
    const rounds: { p50: number; p95: number }[] = [];
    const out = await labelled(frame, "double", "data-bench-out");
    const slider = await labelled(frame, "x", "data-bench-in");
    await installProbe(frame, out);
    for (let r = 0; r < samples.rounds; r++) {
      const lat = await pressLatencies(frame, page.keyboard as Keyboard, slider, samples.presses);
      rounds.push({ p50: percentile(lat, 50), p95: percentile(lat, 95) });
    }

    // The same inline in a notebook: Run All, the slider's key presses, the webcam flip.
    await bench.runCommand("View: Close All Editors");
    const { ranAt, frame: notebook } = await runAllToFirstOutput(bench);
    const runAllMs = Date.now() - ranAt;
    const inlineRounds: { p50: number; p95: number }[] = [];
    await installProbe(notebook, await labelled(notebook.locator(DOUBLE), "double", "data-bench-out"), DOUBLE);
    const inlineSlider = await labelled(notebook.locator(DOUBLE), "x", "data-bench-in");
    for (let r = 0; r < samples.rounds; r++) {
      const lat = await pressLatencies(notebook, page.keyboard as Keyboard, inlineSlider, samples.presses);
      inlineRounds.push({ p50: percentile(lat, 50), p95: percentile(lat, 95) });
    }
    const inlineWebcam = await webcamFlipRun(notebook.locator('.li-notebook-output[data-title="Webcam flip"]'), samples.webcamSeconds);
    // Keys go to the notebook's page now (its last was Enter on Stop): the workbench takes them again.
    await page.locator('.tabs-container .tab.active[aria-label^="bench.linb"]').click();

    // Save → preview reloaded: type in the editor, Ctrl+S, until the preview shows the new interface
    // with fn's result.
    await bench.runCommand("View: Close All Editors");
    await bench.openFile("greet.ts");
    await bench.runCommand("Live Interface: Show in Live Interface Preview");
    const preview = await bench.webview('#app[data-surface="preview"][data-module="greet.ts"] .li-interface');
    await preview.waitForFunction(() => document.querySelector(".li-interface")?.textContent?.includes("Hello, world!"), undefined, { timeout: 30000 });
    const saves: number[] = [];
    for (let i = 0; i < samples.saves; i++) {
      await bench.openFile("greet.ts"); // focus the editor again
      await page.keyboard.press("Control+End");
      // A line that changes fn's output: the reloaded module's own (the page keeps its view when the
      // controls stay the same, so only the output tells the reload apart).
      await page.keyboard.type(`\nsaves.saved = ${i};\n`);
      const t0 = Date.now();
      await page.keyboard.press("Control+S");
      await preview.waitForFunction((n) => !!document.querySelector(".li-interface")?.textContent?.includes(`Hello, world! (save ${n})`), i, { timeout: 30000, polling: 5 }).catch(async (err: Error) => {
        // Seen once in ~130 saves, not reproduced: say what the preview and the file held then.
        const shown = await preview.evaluate(() => document.querySelector(".li-interface")?.textContent?.slice(0, 300)).catch(() => "(no preview)");
        const file = fs.readFileSync(path.join(bench.workspace, "greet.ts"), "utf8");
        throw new Error(`save ${i}: the preview never showed it (${err.message}); it showed ${JSON.stringify(shown)}; the file ends ${JSON.stringify(file.slice(-80))}`);
      });
      saves.push(Date.now() - t0);
      await page.waitForTimeout(300);
    }
    await bench.runCommand("View: Close All Editors");
    const bytes = await webviewBytes(page.url(), samples);
    const m = (k: "p50" | "p95", of = rounds) => round2(median(of.map((r) => r[k])));
    return {
      open_panel_ms: { first, first_bare_webview: bareFirst.ms, first_asked_at: { ours: firstAskedAt, bare_webview: bareFirst.askedAt }, first_of_later_session: laterSession.ms, warm_median: median(warm), warm, asked_which_module: askedWhichModule },
      save_to_preview_reloaded_ms: { median: median(saves), samples: saves },
      webview_keypress_ms: { p50: m("p50"), p95: m("p95"), rounds },
      ...bytes,
      notebook_inline: {
        run_all_to_interactive_ms: runAllMs,
        keypress_ms: { p50: m("p50", inlineRounds), p95: m("p95", inlineRounds), rounds: inlineRounds },
        webcam_640x480_flip: { fps: inlineWebcam.fps, capture_to_display_ms: { p50: inlineWebcam.p50, p95: inlineWebcam.p95 } },
      },
    };
  } finally {
    await bench.close();
    fs.rmSync(media.dir, { recursive: true, force: true });
  }
}

/**
 * 1 MiB frames through a panel's webview, by bench/throughput.ts's methods, in a second window of the
 * code-server at `url` with no DevTools client on its page (the first window is left idle): image
 * round trips in the echo-image.ts panel, then the frames-out.ts panel's stream, then the ceiling.
 */
async function webviewBytes(url: string, samples: { trips: number; streams: number }): Promise<Pick<VsCodeBench, "webview_image_round_trip_ms" | "webview_stream_to_page" | "webview_floor_stream_drawn_mb_s" | "webview_ws_ceiling_mb_s">> {
  const floor = await startFloor();
  const detached = await openDetachedWorkbench(url);
  try {
    const panel = async (module: string) => {
      await detached.openFile(module);
      await detached.runCommand("Live Interface: Open Live Interface");
      const view = await detached.webview(`#app[data-surface="panel"][data-module="${module}"] canvas[aria-label="out"]`);
      console.error(`bench: ${module} panel: waited ${await untilQuiet()} ms for the machine to settle`);
      return view;
    };
    const image = imageSummary(await imageRoundTrips(await panel("echo-image.ts"), samples.trips));
    await detached.runCommand("View: Close All Editors");
    const stream = await panel("frames-out.ts");
    // code-server forwards a local port at /proxy/<port>/ of its own origin (asExternalUri gives the panel that).
    const proxied = `ws://${new URL(url).host}/proxy/${new URL(floor.url).port}`;
    // Three rounds, each ours then the floors: drift on a noisy machine reaches all of them alike.
    const runs: number[] = [];
    const drawn: number[] = [];
    const ceilings = [];
    for (let i = 0; i < 3; i++) {
      runs.push(...(await streamRuns(stream, Math.ceil(samples.streams / 3))));
      drawn.push(await drawingFloor(stream, CEILING_BYTES, proxied));
      ceilings.push(await ceiling(stream, CEILING_BYTES, proxied));
    }
    return {
      webview_image_round_trip_ms: { ...image.round_trip_ms, decode_ms: image.decode_ms, mb_s_each_way: image.mb_s_each_way },
      webview_stream_to_page: { frames: STREAMED_FRAMES, run_ms: runs.map(round2), mb_s: streamRate(runs) },
      webview_floor_stream_drawn_mb_s: round2(median(drawn)),
      webview_ws_ceiling_mb_s: medianCeiling(ceilings),
    };
  } finally {
    await detached.close();
    floor.close();
  }
}

/**
 * The floor of a first panel: the same start-up as ours (a fresh code-server and browser profile,
 * `double.ts` opened: its TypeScript server starts and our extension activates), then
 * `bare-webview.md` and VS Code's own "Markdown: Open Preview", until the preview shows its heading:
 * the same first webview of the profile, not ours. `askedAt`: when its command ran, in ms after the
 * workbench showed.
 */
/** Where `bench.linb` shows its Double interface inline. */
export const DOUBLE = '.li-notebook-output[data-title="Double"]';

/**
 * Opens `bench.linb` and runs all its cells (answering VS Code's kernel picker with ours, where it
 * asks) until the Double output shows fn's first result: when Run All was pressed, and that output's frame.
 */
export async function runAllToFirstOutput(bench: Workbench): Promise<{ ranAt: number; frame: Frame }> {
  const { page } = bench;
  await bench.openFile("bench.linb");
  await page.locator(".code-cell-row").first().waitFor({ timeout: 30000 }); // the notebook has loaded
  const ranAt = await bench.runCommand("Notebook: Run All");
  const pickKernel = page.locator('.quick-input-widget .monaco-list-row:has-text("Live Interface (TypeScript)")');
  const inline = bench.webview(DOUBLE);
  let shown = false;
  void inline.finally(() => (shown = true));
  while (!shown) {
    if (await pickKernel.isVisible()) await pickKernel.click();
    await page.waitForTimeout(20);
  }
  const frame = await inline;
  const out = frame.locator(DOUBLE).getByLabel("double", { exact: true });
  const end = Date.now() + 60000;
  while (((await out.textContent()) ?? "").trim() !== "0") {
    if (Date.now() > end) throw new Error("timed out waiting for fn's first output inline");
    await page.waitForTimeout(5);
  }
  return { ranAt, frame };
}

export async function bareWebviewFirst(vsix: string, workspace: string): Promise<{ ms: number; askedAt: number }> {
  const bare = await openWorkbench(vsix, workspace);
  const startedAt = Date.now();
  try {
    await bare.openFile("double.ts");
    await bare.openFile("bare-webview.md");
    // Timed from the Enter on its command, as ours. Ours is listed at once; the preview's only once
    // the Markdown extension is up, so it is asked for again each second until then.
    const since = Date.now();
    let t0: number | undefined;
    while (t0 === undefined) {
      t0 = await bare.runCommand("Markdown: Open Preview", 1000).catch(async (e) => {
        if (Date.now() - since > 60000) throw e;
        await bare.page.keyboard.press("Escape");
        return undefined;
      });
    }
    await bare.webview("h1");
    return { ms: Date.now() - t0, askedAt: t0 - startedAt };
  } finally {
    await bare.close();
  }
}
