// The webcam flip as the user sees it, browser mode: distinct frames on screen per second from the
// first drawn frame, and capture -> display (bench/screen-meter.ts), beside its floor in the same run
// (a bare page flipping the camera itself). Each run is a fresh window of a Chromium with no DevTools
// client on its pages (bench/detached-chromium.ts); floor and ours alternate.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { launchDetached, type DetachedChromium, type Evaluator } from "./detached-chromium";
import { startFloor } from "./floor";
import { median, round2 } from "./latency";
import { hopMedians, HOPS, installMeter, readMeter, stampedY4m, summarize, type MeterReading, type ScreenSample } from "./screen-meter";
import { until } from "../test/helpers/browser";
import { example, serveCli } from "../test/helpers/serve";

export interface ScreenStreamBench {
  method: string;
  ours: ScreenSummary;
  floor: ScreenSummary;
  /** bench/fixtures/flip-timed.ts (the same flip, fn saying which frame it took and when): median ms per hop. */
  hops_ms: Record<string, number>;
}

export interface ScreenSummary {
  /** Median over runs of the whole window's distinct fps, of its first second, of its worst second. */
  fps: number;
  first_second_fps: number;
  worst_second_fps: number;
  capture_to_display_ms: { p50: number; p95: number };
  runs: ScreenSample[];
}

/** Chromium flags for a fake 640x480 30 fps camera playing the stamped file (and the usual fake mic). */
export function stampedCameraFlags(): { flags: string[]; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "li-screen-"));
  const video = stampedY4m(path.join(dir, "stamped.y4m"));
  return {
    dir,
    flags: ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`, "--autoplay-policy=no-user-gesture-required"],
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Presses the button named `name` in `target` (a script click: the page's own handler runs). */
export async function pressButton(target: Evaluator, name: string): Promise<void> {
  const q = `[...document.querySelectorAll("vscode-button, button")].find((b) => (b.getAttribute("aria-label") || b.textContent.trim()) === ${JSON.stringify(name)})`;
  await until(`the button "${name}"`, () => target.evaluate(`!!${q}`).then(Boolean, () => false), 60000);
  await target.evaluate(`${q}.click()`);
}

/**
 * The webcam flip in `target` (a page, or a VS Code webview's frame): the meter installed, Start
 * recording, `seconds` of frames measured from the first one drawn, Stop recording.
 */
export async function measureFlip(target: Evaluator, seconds: number, timing?: string): Promise<{ sample: ScreenSample; reading: MeterReading }> {
  await until("the webcam flip's output", () => target.evaluate(`!!document.querySelector('canvas[aria-label="mirrored"]')`).then(Boolean, () => false), 60000);
  await target.evaluate(installMeter("video.li-camera", 'canvas[aria-label="mirrored"]', true, timing));
  await pressButton(target, "Start recording camera");
  await until("the first frame drawn", () => target.evaluate(`document.defaultView.__screenMeter.shown.length > 0`).then(Boolean), 60000);
  await wait(seconds * 1000);
  const reading = (await target.evaluate(readMeter)) as MeterReading;
  await pressButton(target, "Stop recording camera");
  return { sample: summarize(reading), reading };
}

/** The floor: the bare page flipping the camera itself (floor-server.ts, /camera-filter), in a new window of `browser`. */
export async function measureFloor(browser: DetachedChromium, floorUrl: string, seconds: number): Promise<ScreenSample> {
  const bare = await browser.open(`${floorUrl}camera-filter`);
  try {
    await until("the floor's first frame", () => bare.evaluate(`!!document.querySelector("canvas").width`).then(Boolean), 60000);
    await bare.evaluate(installMeter("video", 'canvas[aria-label="mirrored"]', true));
    await until("the floor's meter sees a frame", () => bare.evaluate(`document.defaultView.__screenMeter.shown.length > 0`).then(Boolean), 60000);
    await wait(seconds * 1000);
    return summarize((await bare.evaluate(readMeter)) as MeterReading);
  } finally {
    await bare.close();
  }
}

/** Median over runs of each hop's median. */
export function medianHops(runs: Record<string, number>[]): Record<string, number> {
  return Object.fromEntries(HOPS.map((name) => [name, round2(median(runs.map((r) => r[name]!)))]));
}

export function summarizeRuns(runs: ScreenSample[]): ScreenSummary {
  return {
    fps: round2(median(runs.map((r) => r.fps))),
    first_second_fps: median(runs.map((r) => r.perSecond[0] ?? 0)),
    worst_second_fps: median(runs.map((r) => Math.min(...r.perSecond))),
    capture_to_display_ms: { p50: round2(median(runs.map((r) => r.latency.p50))), p95: round2(median(runs.map((r) => r.latency.p95))) },
    runs,
  };
}

export async function benchScreenStreams(runs: number, seconds: number): Promise<ScreenStreamBench> {
  const media = stampedCameraFlags();
  const browser = await launchDetached(media.flags);
  const server = await serveCli([example("webcam-flip.ts"), path.join(__dirname, "fixtures", "flip-timed.ts")]);
  const floorServer = await startFloor();
  try {
    const ours: ScreenSample[] = [];
    const floor: ScreenSample[] = [];
    const hops: Record<string, number>[] = [];
    for (let r = 0; r < runs; r++) {
      floor.push(await measureFloor(browser, floorServer.url, seconds));

      const page = await browser.open(server.app("webcam-flip"));
      ours.push((await measureFlip(page, seconds)).sample);
      await page.close();

      const timed = await browser.open(server.app("flip-timed"));
      hops.push(hopMedians((await measureFlip(timed, seconds, '[aria-label="timing"]')).reading));
      await timed.close();
    }
    return {
      method: `${runs} runs, alternating, each a fresh window of a Chromium with no DevTools client on its pages; fake 640x480 30 fps camera playing a file whose frames carry their number in their pixels; distinct numbers read back from the output canvas after each paint, per whole second from the first frame drawn (${seconds} s); capture -> display from the camera <video>'s frame callback to that paint, page clock. Floor: a bare page flipping the camera's frames itself (same loop as the example). Medians of runs.`,
      ours: summarizeRuns(ours),
      floor: summarizeRuns(floor),
      hops_ms: medianHops(hops),
    };
  } finally {
    floorServer.close();
    await server.close();
    await browser.close();
    fs.rmSync(media.dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 3);
  const seconds = Number(process.argv[3] ?? 8);
  void benchScreenStreams(runs, seconds).then((r) => console.log(JSON.stringify(r, (k, v) => (k === "runs" ? v.map((x: ScreenSample) => ({ ...x })) : v), 1)));
}
