// The soak of `npm run bench`: the webcam flip example streaming from Chromium's fake camera for a
// long time (default 10 minutes, SOAK_SECONDS to change; 15 s with --quick). Samples the resident
// memory of the server process (which holds the runtime worker) and the page's JS heap every 10 s,
// and counts the frames shown: growth beyond start-up would be a leak, and a stalled count a
// dropped session.
import * as fs from "node:fs";
import { launchChromium } from "../test/helpers/browser";
import { fakeMediaFlags } from "../test/helpers/fake-media";
import { rssMb } from "../test/helpers/process";
import { example, serveCli } from "../test/helpers/serve";
import { round2 } from "./latency";

export interface SoakBench {
  method: string;
  seconds: number;
  /** Server process RSS (MB): after the first minute (or a quarter of a short run), at the end, and the growth between. */
  server_rss_mb: { warm: number; end: number; growth: number };
  page_js_heap_mb: { warm: number; end: number; growth: number };
  frames_shown: number;
  fps: number;
  /** Longest time (s) between two samples in which no new frame was shown (0 if none). */
  longest_stall_s: number;
}

export async function benchSoak(seconds: number): Promise<SoakBench> {
  const media = fakeMediaFlags();
  const browser = await launchChromium(media.flags);
  const server = await serveCli([example("webcam-flip.ts")]);
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const heapMb = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      return (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0) / 2 ** 20;
    };
    await page.goto(server.url);
    await page.getByRole("button", { name: "Start recording camera" }).click();
    const canvas = page.getByLabel("mirrored", { exact: true });
    const frames = async () => Number(await canvas.getAttribute("data-frames"));
    // The example's time limit is 60 s: the soak presses Start again whenever it stopped.
    const keepRecording = async () => {
      if ((await page.locator(".li-recorder").getAttribute("data-recording")) === "false") await page.getByRole("button", { name: "Start recording camera" }).click();
    };
    const step = Math.min(10, seconds / 4);
    const samples: { t: number; rss: number; heap: number; frames: number }[] = [];
    const t0 = Date.now();
    const warmAt = Math.min(60, seconds / 4);
    while ((Date.now() - t0) / 1000 < seconds) {
      await page.waitForTimeout(step * 1000);
      await keepRecording();
      await cdp.send("HeapProfiler.collectGarbage").catch(() => undefined);
      samples.push({ t: (Date.now() - t0) / 1000, rss: rssMb(server.process.pid!), heap: await heapMb(), frames: await frames() });
    }
    const warm = samples.find((s) => s.t >= warmAt) ?? samples[0]!;
    const end = samples.at(-1)!;
    let stall = 0;
    for (let i = 1; i < samples.length; i++) if (samples[i]!.frames === samples[i - 1]!.frames) stall = Math.max(stall, samples[i]!.t - samples[i - 1]!.t);
    return {
      method: `webcam flip (640x480 fake camera, streamEvery 1/30) recording for ${seconds} s in Chromium, restarted at its 60 s time limit; samples every ${step} s after a forced GC in the page`,
      seconds,
      server_rss_mb: { warm: round2(warm.rss), end: round2(end.rss), growth: round2(end.rss - warm.rss) },
      page_js_heap_mb: { warm: round2(warm.heap), end: round2(end.heap), growth: round2(end.heap - warm.heap) },
      frames_shown: end.frames,
      fps: round2(end.frames / end.t),
      longest_stall_s: round2(stall),
    };
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(media.dir, { recursive: true, force: true });
  }
}
