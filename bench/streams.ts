// The streaming part of `npm run bench`, browser mode: the webcam flip example at 640x480 with
// streamEvery 1/30 as the user sees it (bench/screen-streams.ts: distinct frames on screen, capture ->
// display, beside the floor), and the tone generator (first chunk in the page -> first sound,
// underruns = gaps while it plays).
// Real Chromium with a fake camera and microphone fed from files (test/helpers/fake-media.ts).
import * as fs from "node:fs";
import type { Frame, Locator, Page } from "playwright-core";
import { launchChromium } from "../test/helpers/browser";
import { fakeMediaFlags } from "../test/helpers/fake-media";
import { example, serveCli } from "../test/helpers/serve";
import { median, percentile, round2 } from "./latency";
import { benchScreenStreams, type ScreenStreamBench } from "./screen-streams";

export interface StreamBench {
  webcam_640x480_flip_on_screen: ScreenStreamBench;
  streamed_audio: { method: string; first_sound_ms: number; underruns: number; played_s: number; runs: { first_sound_ms: number; underruns: number; played_s: number }[] };
}

/**
 * In a page (or a VS Code webview's frame, or a notebook's inline output) showing the webcam flip: Start recording, then the output
 * frames drawn over `seconds` once past start-up, and the capture -> display latencies the page
 * measured per frame (data-stream-latencies). Recording stops after. The app's own counts, through
 * Playwright: the notebook's figure; bench/screen-meter.ts measures the screen.
 */
export async function webcamFlipRun(target: Page | Frame | Locator, seconds: number): Promise<{ fps: number; p50: number; p95: number }> {
  // By keyboard: in a notebook, a click would first scroll the output's page out of line with the cell list.
  await target.getByRole("button", { name: "Start recording camera" }).press("Enter");
  const canvas = target.getByLabel("mirrored", { exact: true });
  const frames = async () => Number(await canvas.getAttribute("data-frames"));
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  while ((await frames()) < 5) await wait(50); // past start-up
  const before = await frames();
  const t0 = Date.now();
  await wait(seconds * 1000);
  const fps = ((await frames()) - before) / ((Date.now() - t0) / 1000);
  const lat = ((await target.locator(".li-interface").getAttribute("data-stream-latencies")) ?? "").split(",").map(Number).filter((x) => x > 0);
  await target.getByRole("button", { name: "Stop recording camera" }).press("Enter");
  return { fps: round2(fps), p50: round2(percentile(lat, 50)), p95: round2(percentile(lat, 95)) };
}

export async function benchStreams(runs: number, seconds: { webcam: number; audio: number }): Promise<StreamBench> {
  const webcam = await benchScreenStreams(runs, seconds.webcam);
  const media = fakeMediaFlags();
  const browser = await launchChromium(media.flags);
  const server = await serveCli([example("tone-generator.ts")]);
  try {
    const audio: StreamBench["streamed_audio"]["runs"] = [];
    for (let r = 0; r < runs; r++) {
      const tone = await browser.newPage();
      await tone.goto(server.app("tone-generator"));
      const player = tone.locator(".li-player");
      const stats = () => player.evaluate((e) => ({ ...(e as HTMLElement).dataset }));
      while (Number((await stats()).played ?? 0) === 0) await tone.waitForTimeout(20);
      await tone.waitForTimeout(seconds.audio * 1000);
      const s = await stats();
      audio.push({ first_sound_ms: round2(Number(s.firstSoundMs)), underruns: Number(s.underruns ?? 0), played_s: round2(Number(s.played) / 48000) });
      await tone.close();
    }
    return {
      webcam_640x480_flip_on_screen: webcam,
      streamed_audio: {
        method: `${runs} runs of the tone generator: first chunk in the page -> first sound (worklet), underruns over ${seconds.audio} s of playing; medians (underruns: the largest)`,
        first_sound_ms: round2(median(audio.map((a) => a.first_sound_ms))),
        underruns: Math.max(...audio.map((a) => a.underruns)),
        played_s: round2(median(audio.map((a) => a.played_s))),
        runs: audio,
      },
    };
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(media.dir, { recursive: true, force: true });
  }
}
