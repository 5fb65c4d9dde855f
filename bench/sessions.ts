// Many sessions at once, browser mode: `sessions` tabs of one Chromium each stream the webcam flip
// example (streamEvery 1/30) from the fake camera into one server, all recording together; each
// tab's output frame rate is counted over the same window. One runtime worker serves them all, as
// `live-interface serve` does. The floor: as many tabs of the bare streaming page (bench/floor-server.ts
// /camera: each camera frame to a bare echo server and back, drawn), in the same browser. The two
// take turns, in rounds whose order alternates: on these machines one round's ratio ranges 0.64-1.19
// (2026-12-01, 10 rounds), so the figure is the median of the rounds' ratios.
// The tabs run with no DevTools client attached (bench/detached-chromium.ts): Playwright's session on
// each page costs the browser process per WebSocket frame, and it cost ours more than the floor
// (4 alternating rounds of 20 tabs: ours 0.54 of the floor through Playwright, 0.78 detached).
import * as fs from "node:fs";
import { fakeMediaFlags } from "../test/helpers/fake-media";
import { example, serveCli } from "../test/helpers/serve";
import { launchDetached, type DetachedTab } from "./detached-chromium";
import { startFloor } from "./floor";
import { median, round2 } from "./latency";

interface Rates {
  min: number;
  median: number;
  max: number;
  per_session: number[];
}

export interface SessionsBench {
  method: string;
  camera: string;
  sessions: number;
  /** Over every tab of every round. */
  ours_fps: Rates;
  floor_fps: Rates;
  /** Each round's median per-session fps, ours and the floor's, and their ratio. */
  rounds: { ours: number; floor: number; ratio: number }[];
  ratio_median: number;
}

/**
 * Presses Start recording (a click event: no DevTools input here) once the interface is shown, and
 * resolves when it records. (A string: tsx would wrap a function in a __name() the page lacks.)
 */
const START_RECORDING = `new Promise((resolve, reject) => {
  const deadline = performance.now() + 60000;
  const tick = setInterval(() => {
    const recorder = document.querySelector(".li-recorder");
    if (recorder?.dataset.recording === "true") return clearInterval(tick), resolve();
    if (performance.now() > deadline) return clearInterval(tick), reject(new Error("Start recording did not start: " + recorder?.textContent));
    const status = recorder?.querySelector(".li-record-status")?.textContent;
    if (!status) recorder?.querySelector("[aria-label='Start recording camera']")?.click();
  }, 100);
})`;

const ratesOf = (fps: number[]): Rates => ({ min: Math.min(...fps), median: round2(median(fps)), max: Math.max(...fps), per_session: fps });

/** Opens `n` tabs with `open`, waits until each has drawn 5 frames, then counts frames over `seconds`. */
async function frameRates(n: number, seconds: number, open: () => Promise<DetachedTab>, frames: (page: DetachedTab) => Promise<number>): Promise<Rates> {
  const pages: DetachedTab[] = [];
  try {
    for (let i = 0; i < n; i++) pages.push(await open());
    const deadline = Date.now() + 60000;
    for (const [i, page] of pages.entries()) {
      while ((await frames(page)) < 5) {
        if (Date.now() > deadline) throw new Error(`sessions: tab ${i + 1} of ${n} drew ${await frames(page)} frames in a minute`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const before = await Promise.all(pages.map(frames));
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const after = await Promise.all(pages.map(frames));
    const elapsed = (Date.now() - t0) / 1000;
    return ratesOf(after.map((count, i) => round2((count - before[i]!) / elapsed)));
  } finally {
    for (const page of pages) await page.close();
  }
}

export async function benchSessions(sessions: number, seconds: number, camera: { width: number; height: number }, rounds: number): Promise<SessionsBench> {
  const media = fakeMediaFlags(camera);
  const browser = await launchDetached(media.flags);
  const server = await serveCli([example("webcam-flip.ts")]);
  const floor = await startFloor();
  try {
    const measure = {
      floor: () =>
        frameRates(
          sessions,
          seconds,
          () => browser.open(`${floor.url}camera`),
          (page) => page.evaluate<number>(`Number(document.body.dataset.frames ?? 0)`),
        ),
      ours: () =>
        frameRates(
          sessions,
          seconds,
          async () => {
            const page = await browser.open(server.url);
            await page.evaluate(START_RECORDING);
            return page;
          },
          (page) => page.evaluate<number>(`Number(document.querySelector('canvas[aria-label="mirrored"]').dataset.frames ?? 0)`),
        ),
    };
    const measured: Record<"ours" | "floor", Rates>[] = [];
    for (let r = 0; r < rounds; r++) {
      const round = {} as Record<"ours" | "floor", Rates>;
      for (const side of r % 2 === 0 ? (["floor", "ours"] as const) : (["ours", "floor"] as const)) round[side] = await measure[side]();
      measured.push(round);
    }
    const perRound = measured.map(({ ours, floor }) => ({ ours: ours.median, floor: floor.median, ratio: round2(ours.median / floor.median) }));
    return {
      method: `${sessions} tabs of one Chromium (no DevTools client attached), each recording the webcam flip example (streamEvery 1/30) into one server, all at once; output frames drawn per tab over the same ${seconds} s. Floor: as many bare tabs sending each camera frame to a bare echo server and drawing it, in the same browser; ${rounds} round(s), ours and the floor taking turns (the order alternates)`,
      camera: `${camera.width}x${camera.height} fake camera at 30 fps`,
      sessions,
      ours_fps: ratesOf(measured.flatMap((m) => m.ours.per_session)),
      floor_fps: ratesOf(measured.flatMap((m) => m.floor.per_session)),
      rounds: perRound,
      ratio_median: round2(median(perRound.map((r) => r.ratio))),
    };
  } finally {
    await browser.close();
    await server.close();
    floor.close();
    fs.rmSync(media.dir, { recursive: true, force: true });
  }
}
