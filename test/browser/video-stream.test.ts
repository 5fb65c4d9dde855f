// Streamed Video output in real Chromium: a generator's frames play at their timestamps (read back
// from the pixels drawn: each frame carries its index), in order and none skipped, at 30 a second
// although the generator is much faster; Pause holds the picture (and the generator), Play resumes;
// Save downloads a WebM of what was shown; webcam frames through fn play as one video.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import type { Page } from "playwright-core";
import { until, useServedApps } from "../helpers/browser";
import { fakeMediaFlags } from "../helpers/fake-media";
import { example, fixture } from "../helpers/serve";

const media = fakeMediaFlags();
after(() => fs.rmSync(media.dir, { recursive: true, force: true }));

interface Sample {
  t: number;
  index: number;
}

/**
 * Reads the frame index stamped in the canvas (test/fixtures/video-frames.ts) at every animation
 * frame from now on, into window.__samples; the counters of the player beside each reading.
 */
async function startSampling(page: Page, label: string): Promise<void> {
  await page.locator(`canvas[aria-label=${JSON.stringify(label)}]`).waitFor({ state: "attached" });
  // A string, not a function: tsx would wrap a named helper in a __name() the page does not have.
  await page.evaluate(`(() => {
    const c = document.querySelector('canvas[aria-label=${JSON.stringify(label)}]');
    const g = c.getContext("2d", { willReadFrequently: true });
    const samples = (window.__samples = []);
    const read = (t) => {
      if (c.width >= 320) {
        const row = g.getImageData(0, 16, 320, 1).data;
        let index = 0;
        for (let bit = 0; bit < 10; bit++) if (row[(bit * 32 + 16) * 4 + 1] > 128) index |= 1 << bit;
        const d = c.dataset;
        samples.push({ t, index, received: Number(d.received ?? 0), consumed: Number(d.frames ?? 0) + Number(d.skipped ?? 0) });
      }
      requestAnimationFrame(read);
    };
    requestAnimationFrame(read);
  })()`);
}

/** The indices the canvas showed, each once, in the order shown. */
const shownOrder = (all: Sample[]) => all.map((s) => s.index).filter((v, i, a) => i === 0 || v !== a[i - 1]);

/** Frames drawn per second from frame `from` to frame `to` by the page's clock, and the median time a frame stayed. */
function rate(all: Sample[], from: number, to: number): { fps: number; median: number } {
  const at = (i: number) => all.find((s) => s.index === i)!.t;
  const shownFor = Array.from({ length: to - from }, (_, k) => at(from + k + 1) - at(from + k)).sort((x, y) => x - y);
  return { fps: ((to - from) * 1000) / (at(to) - at(from)), median: shownFor[Math.floor(shownFor.length / 2)]! };
}

const samples = (page: Page) => page.evaluate(() => (window as unknown as { __samples: (Sample & { received: number; consumed: number })[] }).__samples);
const lastIndex = async (page: Page) => (await samples(page)).at(-1)?.index ?? -1;
const state = (page: Page, label: string) => page.getByLabel(label, { exact: true }).getAttribute("data-state");

describe("browser mode: streamed Video output", function () {
  this.timeout(120000);
  const { open } = useServedApps([fixture("video-frames.ts"), fixture("video-realtime.ts"), fixture("video-encoded.ts"), example("video-animation.ts"), example("webcam-video.ts")], { chromiumArgs: media.flags });

  it("plays a fast generator's frames at their timestamps, in order, none skipped; Pause holds the picture and the generator, Play resumes", async () => {
    const page = await open("video-frames");
    await startSampling(page, "video");
    await page.getByRole("button", { name: "Submit" }).click();
    await until("frame 60 is shown", async () => (await lastIndex(page)) >= 60, 30000);

    await page.getByRole("button", { name: "Pause video" }).click();
    await until("the player is paused", async () => (await state(page, "video")) === "paused");
    const pausedAt = (await samples(page)).length;
    const held = await lastIndex(page);
    await until("30 animation frames drawn while paused", async () => (await samples(page)).length >= pausedAt + 30);
    const whilePaused = (await samples(page)).slice(pausedAt);
    assert.deepEqual([...new Set(whilePaused.map((s) => s.index))], [held], "the picture holds while paused");
    // The generator (150 frames, made at once) waits for the page: at most 30 frames beyond what it showed.
    const ahead = Math.max(...(await samples(page)).map((s) => s.received - s.consumed));
    assert.ok(ahead <= 30, `the page never holds more than 30 unshown frames (held ${ahead})`);

    await page.getByRole("button", { name: "Play video" }).click();
    await until("play resumes", async () => (await lastIndex(page)) > held);
    await until("the last frame (149) is shown", async () => (await lastIndex(page)) === 149, 30000);
    await until("the player ended", async () => (await state(page, "video")) === "ended");

    const all = await samples(page);
    const order = shownOrder(all);
    const first = order[0]!;
    assert.deepEqual(order, Array.from({ length: 150 - first }, (_, i) => first + i), "every frame shown once, in order, none skipped");
    // The rate while playing, from frame 10 to frame 55 (before the pause); and the time each frame
    // stayed on screen (its median: a stall of the busy page aside).
    const { fps, median } = rate(all, 10, 55);
    const aheadMax = Math.max(...all.map((s) => s.received - s.consumed));
    const stalls = await page.getByLabel("video", { exact: true }).getAttribute("data-stalls");
    console.log(`      streamed video 320x240, generator unpaced: ${fps.toFixed(1)} frames/s drawn, each shown ${median.toFixed(1)} ms (median; timestamps at 30 fps); at most ${aheadMax} frames buffered ahead of the screen; page stalls ${stalls ?? 0}`);
    // Timing goals are the bench's; here what holds on a busy machine too: frames came in a burst
    // (all 150 at once) yet none was shown before its time, nor faster than the timestamps' 30 fps.
    assert.ok(median > 30, `no frame is shown for less than its 1/30 s (median ${median.toFixed(1)} ms)`);
    assert.ok(fps < 33, `played at its timestamps, not as fast as frames came (${fps.toFixed(1)} fps)`);
    await page.close();
  });

  it("a generator keeping to real time (30 fps) is never held back: its frames arrive ahead of the screen, each shown at its time", async () => {
    const page = await open("video-realtime");
    await startSampling(page, "video");
    await page.getByRole("button", { name: "Submit" }).click();
    await until("the last frame (119) is shown", async () => (await lastIndex(page)) === 119, 30000);
    const all = await samples(page);
    const order = shownOrder(all);
    assert.deepEqual(order, Array.from({ length: 120 - order[0]! }, (_, i) => order[0]! + i), "every frame shown once, in order");
    const { fps, median } = rate(all, 10, 110);
    const canvas = page.getByLabel("video", { exact: true });
    const [underruns, stalls] = [await canvas.getAttribute("data-underruns"), await canvas.getAttribute("data-stalls")];
    console.log(`      streamed video, generator at 30 fps real time: ${fps.toFixed(1)} frames/s drawn, each shown ${median.toFixed(1)} ms (median); underruns ${underruns ?? 0}, page stalls ${stalls ?? 0}`);
    assert.ok(median > 30, `no frame is shown for less than its 1/30 s (median ${median.toFixed(1)} ms)`);
    // Held to a round trip per frame, the page would never hold more than one frame it has not shown;
    // its jitter buffer (150 ms) holds several. (The rate itself is a timing goal: the bench's.)
    const ahead = Math.max(...all.map((s) => s.received - s.consumed));
    assert.ok(ahead >= 3, `frames arrive ahead of the screen, not one per round trip (at most ${ahead} ahead)`);
    await page.close();
  });

  it("encoded pictures with timestamps play too, each at its time", async () => {
    const page = await open("video-encoded");
    const canvas = page.getByLabel("pictures", { exact: true });
    await until("the player ended", async () => (await canvas.getAttribute("data-state")) === "ended", 30000);
    assert.equal(await canvas.getAttribute("data-frames"), "10", "all 10 drawn");
    assert.equal(await canvas.getAttribute("data-media-time"), "0.900", "the last at its timestamp");
    const grey = await canvas.evaluate((c) => (c as HTMLCanvasElement).getContext("2d")!.getImageData(32, 24, 1, 1).data[1]);
    assert.equal(grey, 200, "the last picture stays");
    await page.close();
  });

  it("Save downloads what was shown as a WebM file", async () => {
    const page = await open("video-animation");
    const canvas = page.getByLabel("animation", { exact: true });
    // The animation starts with the page (live); a recording has data once a second of it was shown.
    await until("40 frames are shown", async () => Number(await canvas.getAttribute("data-frames")) >= 40, 30000);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Save animation as a video file" }).click()]);
    assert.equal(download.suggestedFilename(), "animation.webm");
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    assert.ok(bytes.length > 1000, `a WebM of more than 1000 bytes (${bytes.length})`);
    assert.deepEqual([...bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3], "it starts with the EBML header");
    assert.ok(bytes.includes(Buffer.from("webm")), "its DocType is webm");
    assert.match((await page.locator("[data-type=video] [role=status]").textContent()) ?? "", /^Saved \d+ KiB of WebM/);
    await page.close();
  });

  it("webcam to video: camera frames through fn play as one video", async () => {
    const page = await open("webcam-video");
    await page.getByRole("button", { name: "Start recording camera" }).click();
    const canvas = page.getByLabel("thermal video", { exact: true });
    await until("5 frames are shown", async () => Number(await canvas.getAttribute("data-frames")) >= 5, 30000);
    const t0 = Date.now();
    const before = Number(await canvas.getAttribute("data-frames"));
    await until("30 more frames are shown", async () => Number(await canvas.getAttribute("data-frames")) >= before + 30, 60000);
    const fps = ((Number(await canvas.getAttribute("data-frames")) - before) * 1000) / (Date.now() - t0);
    // The fake camera is bright on the left, dark on the right: yellow and blue in false colour.
    const [left, right] = await canvas.evaluate((c) => {
      const e = c as HTMLCanvasElement;
      const g = e.getContext("2d")!;
      return [0.25, 0.75].map((fx) => [...g.getImageData(Math.floor(fx * e.width), Math.floor(e.height / 2), 1, 1).data.slice(0, 3)]);
    });
    const d = await canvas.evaluate((c) => ({ ...(c as HTMLElement).dataset }));
    console.log(`      webcam to video 640x480: ${fps.toFixed(1)} frames/s shown (underruns ${d.underruns ?? 0}, skipped ${d.skipped ?? 0}); left ${left}, right ${right}`);
    assert.ok(left![0]! > 200 && left![2]! < 60, `the bright half is yellow (${left})`);
    assert.ok(right![2]! > 180 && right![0]! < 80, `the dark half is blue (${right})`);
    await page.getByRole("button", { name: "Stop recording camera" }).click();
    await page.close();
  });
});
