// The bytes part of `npm run bench`: how fast 1 MiB frames cross between the UI and the runtime.
//   ours:    bench/fixtures/echo-image.ts (fn returns its image) with a 512x512 picture (1 MiB of
//            RGBA) uploaded into the page again and again; each round trip is the time from the
//            file input's change to the output canvas having drawn the frame that came back: decode,
//            up the WebSocket, the server, the worker, fn, and back down, as a user's upload goes.
//   floor:   the same 1 MiB sent from a bare page to a bare ws server that echoes it (no framing,
//            no worker), one at a time as ours goes, and drawn at the next animation frame as ours;
//   stream:  bench/fixtures/frames-out.ts, a generator yielding 64 frames of 1 MiB of RGBA as fast
//            as it can: from Submit to the run's end in the page (every output taken, in order),
//            ours streaming to the page as a generator's outputs go;
//   ceiling: Chromium's WebSocket itself with 1 MiB messages streamed one way (a few in flight),
//            which bounds any protocol over it on this machine.
import * as path from "node:path";
import { launchDetached, type Evaluator } from "./detached-chromium";
import { startFloor } from "./floor";
import { median, percentile, round2 } from "./latency";
import { serveCli } from "../test/helpers/serve";

const SIDE = 512;
const BYTES = SIDE * SIDE * 4;
const MB = 2 ** 20;

export interface RoundTrips {
  /** Change event -> the returned frame drawn, per upload (ms). */
  trips: number[];
  /** The page decoding the same picture alone (ms): part of each trip. */
  decode: number[];
}

export interface ThroughputBench {
  method: string;
  frame_bytes: number;
  ours: { round_trip_ms: { p50: number; p95: number }; decode_ms: number; mb_s_each_way: number };
  /** A generator's 64 outputs of 1 MiB: Submit -> the run's end in the page, per round, and MB/s at the median. */
  ours_stream_to_page: { frames: number; run_ms: number[]; mb_s: number };
  floor: { round_trip_ms: { p50: number; p95: number }; mb_s_each_way: number };
  /** The stream's floor: a bare page drawing the newest 1 MiB message per animation frame (drawingFloor), median MB/s. */
  floor_stream_drawn_mb_s: number;
  chromium_ws_ceiling_mb_s: { to_page: number; from_page: number };
}

/**
 * Uploads two 512x512 pictures in turn into the Image input labelled "in" and times each until the
 * output "out" has drawn the frame fn sent back, `n` times after one warm-up (JIT, buffers). Runs in
 * the page or a webview's frame alike.
 * (A string, not a function: tsx would wrap named helpers in a __name() the page does not have.)
 */
export async function imageRoundTrips(target: Evaluator, n: number): Promise<RoundTrips> {
  const all = (await target.evaluate(`(async () => {
    const input = document.querySelector('input[type=file][aria-label="Upload an image for in"]');
    const canvas = document.querySelector('canvas[aria-label="out"]');
    const files = [];
    for (const shade of [60, 200]) {
      const c = new OffscreenCanvas(${SIDE}, ${SIDE});
      const g = c.getContext("2d");
      g.fillStyle = "rgb(" + shade + ",90,30)";
      g.fillRect(0, 0, ${SIDE}, ${SIDE});
      files.push(new File([await c.convertToBlob({ type: "image/png" })], shade + ".png", { type: "image/png" }));
    }
    const trips = [], decode = [];
    for (let i = 0; i < ${n + 1}; i++) {
      const before = Number(canvas.dataset.frames || 0);
      const drawn = new Promise((resolve) => {
        const obs = new MutationObserver(() => { if (Number(canvas.dataset.frames) > before) { obs.disconnect(); resolve(); } });
        obs.observe(canvas, { attributes: true });
      });
      const dt = new DataTransfer();
      dt.items.add(files[i % 2]);
      input.files = dt.files;
      const t0 = performance.now();
      input.dispatchEvent(new Event("change", { bubbles: true }));
      await drawn;
      trips.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 30));
      // The page's own decode of the same file (createImageBitmap + getImageData, as the input does).
      const d0 = performance.now();
      const bitmap = await createImageBitmap(files[i % 2]);
      const oc = new OffscreenCanvas(bitmap.width, bitmap.height);
      const og = oc.getContext("2d");
      og.drawImage(bitmap, 0, 0);
      og.getImageData(0, 0, oc.width, oc.height);
      bitmap.close();
      decode.push(performance.now() - d0);
    }
    return { trips, decode };
  })()`)) as RoundTrips;
  return { trips: all.trips.slice(1), decode: all.decode.slice(1) };
}

/** The bare page's 1 MiB echo round trips, one at a time, each drawn at the next animation frame; `n` after one warm-up. */
async function floorRoundTrips(page: Evaluator, n: number): Promise<number[]> {
  const trips = (await page.evaluate(`(async () => {
    const ws = new WebSocket("ws://" + location.host + "/echo");
    ws.binaryType = "arraybuffer";
    await new Promise((r) => (ws.onopen = r));
    const g = document.body.appendChild(Object.assign(document.createElement("canvas"), { width: ${SIDE}, height: ${SIDE} })).getContext("2d");
    const trips = [];
    for (let i = 0; i < ${n + 1}; i++) {
      const data = new Uint8Array(${BYTES}).fill(i);
      const t0 = performance.now();
      const back = await new Promise((r) => { ws.onmessage = (e) => r(e.data); ws.send(data); });
      // Drawn at the next animation frame, as our output canvas draws.
      await new Promise((r) => requestAnimationFrame(() => { g.putImageData(new ImageData(new Uint8ClampedArray(back), ${SIDE}, ${SIDE}), 0, 0); r(); }));
      trips.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 30));
    }
    ws.close();
    return trips;
  })()`)) as number[];
  return trips.slice(1);
}

/**
 * Chromium's WebSocket one way, 1 MiB messages, `total` bytes: MB/s to the page and from it. `floor`:
 * the floor server's ws:// base when it is not the page's own host (e.g. through a proxy).
 */
export async function ceiling(page: Evaluator, total: number, floor?: string): Promise<{ to_page: number; from_page: number }> {
  return (await page.evaluate(`(async () => {
    const open = async (path) => {
      const ws = new WebSocket(${floor ? JSON.stringify(floor) : `"ws://" + location.host`} + path);
      ws.binaryType = "arraybuffer";
      await new Promise((r) => (ws.onopen = r));
      return ws;
    };
    const down = await open("/source");
    let got = 0;
    const t0 = performance.now();
    await new Promise((r) => { down.onmessage = (e) => { got += e.data.byteLength; if (got >= ${total}) r(); }; down.send("${MB} ${total}"); });
    const toPage = ${total} / ${MB} / ((performance.now() - t0) / 1000);
    down.close();
    const up = await open("/sink");
    const chunk = new Uint8Array(${MB});
    let sent = 0;
    const t1 = performance.now();
    await new Promise((r) => {
      up.onmessage = r;
      const pump = () => {
        while (sent < ${total} && up.bufferedAmount < 4 * ${MB}) { up.send(chunk); sent += ${MB}; }
        if (sent < ${total}) setTimeout(pump, 0); else up.send("end");
      };
      pump();
    });
    const fromPage = ${total} / ${MB} / ((performance.now() - t1) / 1000);
    up.close();
    return { to_page: toPage, from_page: fromPage };
  })()`)) as { to_page: number; from_page: number };
}

/**
 * The stream's floor: a bare page (no framework, no framing) taking `total` bytes in 1 MiB WebSocket
 * messages from the floor server and drawing the newest at each animation frame, as our output
 * canvas does. It runs in the window of the evaluator's document (a webview's frame, in VS Code), so
 * its socket shares that frame's thread and heap as ours does. `floor` as in ceiling. MB/s.
 */
export async function drawingFloor(page: Evaluator, total: number, floor?: string): Promise<number> {
  return (await page.evaluate(`(async () => {
    const win = document.defaultView;
    const ws = new win.WebSocket(${floor ? JSON.stringify(floor) : `"ws://" + win.location.host`} + "/source");
    ws.binaryType = "arraybuffer";
    await new Promise((r) => (ws.onopen = r));
    const canvas = document.body.appendChild(Object.assign(document.createElement("canvas"), { width: ${SIDE}, height: ${SIDE} }));
    const g = canvas.getContext("2d");
    let newest, scheduled = false, got = 0;
    const t0 = performance.now();
    await new Promise((r) => {
      ws.onmessage = (e) => {
        got += e.data.byteLength;
        newest = e.data;
        if (!scheduled) {
          scheduled = true;
          win.requestAnimationFrame(() => { scheduled = false; g.putImageData(new ImageData(new Uint8ClampedArray(newest), ${SIDE}, ${SIDE}), 0, 0); });
        }
        if (got >= ${total}) r();
      };
      ws.send("${MB} ${total}");
    });
    const mbs = ${total} / ${MB} / ((performance.now() - t0) / 1000);
    ws.close();
    canvas.remove();
    return mbs;
  })()`)) as number;
}

/** The median of several ceiling runs, each way. */
export const medianCeiling = (runs: { to_page: number; from_page: number }[]) => ({ to_page: round2(median(runs.map((c) => c.to_page))), from_page: round2(median(runs.map((c) => c.from_page))) });

/** How much each ceiling run carries each way. */
export const CEILING_BYTES = 64 * MB;

export const STREAMED_FRAMES = 64;

/** MB/s of a stream's runs at their median. */
export const streamRate = (runs: number[]) => round2((STREAMED_FRAMES * BYTES) / MB / (median(runs) / 1000));

/**
 * Submit on the frames-out fixture, `n` times after one warm-up: ms from the click until the run
 * has ended in the page, which is after its last output arrived (a run's messages keep their order).
 */
export async function streamRuns(page: Evaluator, n: number): Promise<number[]> {
  const runs = (await page.evaluate(`(async () => {
    const app = document.getElementById("app");
    const submit = [...document.querySelectorAll("vscode-button")].find((b) => b.textContent.trim() === "Submit");
    const runs = [];
    for (let i = 0; i < ${n + 1}; i++) {
      const ended = new Promise((resolve) => {
        let started = false;
        const obs = new MutationObserver(() => {
          if (app.dataset.state === "running") started = true;
          else if (started) { obs.disconnect(); resolve(); }
        });
        obs.observe(app, { attributes: true, attributeFilter: ["data-state"] });
      });
      const t0 = performance.now();
      submit.click();
      await ended;
      runs.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    return runs;
  })()`)) as number[];
  return runs.slice(1);
}

/** Round trips as percentiles, and MiB each way per second when one MiB goes up and comes back at the median. */
const roundTrips = (ms: number[]) => ({ round_trip_ms: { p50: round2(median(ms)), p95: round2(percentile(ms, 95)) }, mb_s_each_way: round2(BYTES / MB / (median(ms) / 1000)) });

/** What a series of image round trips (ours) comes to. */
export const imageSummary = (t: RoundTrips) => ({ ...roundTrips(t.trips), decode_ms: round2(median(t.decode)) });

/**
 * Three tabs with no DevTools client attached (bench/detached-chromium.ts): ours showing the echo
 * fixture, ours showing the frames-out fixture, and the bare page, once each has its output canvas
 * or open socket. Through Playwright, its
 * session on the page copied each 1 MiB frame to the browser process: Chromium's own ceiling measured
 * 83 / 78 MB/s that way against 539 / 332 MB/s detached (2026-12-01, one run each).
 */
async function openTabs(ours: string, stream: string, bare: string): Promise<{ ours: Evaluator; stream: Evaluator; bare: Evaluator; close(): Promise<void> }> {
  const ready = `new Promise((r) => { const t = setInterval(() => { if (document.querySelector('canvas[aria-label="out"], body[data-ready]')) clearInterval(t), r(); }, 20); })`;
  const browser = await launchDetached();
  const tabs = { ours: await browser.open(ours), stream: await browser.open(stream), bare: await browser.open(bare) };
  for (const tab of Object.values(tabs)) await tab.evaluate(ready);
  return { ...tabs, close: () => browser.close() };
}

export async function benchThroughput(rounds: number, trips: number): Promise<ThroughputBench> {
  const server = await serveCli([path.join(__dirname, "fixtures/echo-image.ts"), path.join(__dirname, "fixtures/frames-out.ts")]);
  const floor = await startFloor();
  const tabs = await openTabs(server.app("echo-image"), server.app("frames-out"), floor.url);
  try {
    const { ours, stream, bare } = tabs;
    const streamed: number[] = [];
    const oursRt: number[] = [];
    const decode: number[] = [];
    const floorRt: number[] = [];
    const ceilings: { to_page: number; from_page: number }[] = [];
    const drawn: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first, so drift on a noisy machine hits both alike.
      for (const which of r % 2 === 0 ? ["floor", "ours"] : ["ours", "floor"]) {
        if (which === "ours") {
          const t = await imageRoundTrips(ours, trips);
          oursRt.push(...t.trips);
          decode.push(...t.decode);
        } else floorRt.push(...(await floorRoundTrips(bare, trips)));
      }
      ceilings.push(await ceiling(bare, CEILING_BYTES));
      streamed.push(...(await streamRuns(stream, 1)));
      drawn.push(await drawingFloor(bare, CEILING_BYTES));
    }
    return {
      method: `Tabs with no DevTools client attached; ${rounds} rounds x ${trips} round trips of a ${SIDE}x${SIDE} RGBA frame (1 MiB each way), one at a time; MB/s each way = 1 MiB / p50 round trip. Stream: a generator's ${STREAMED_FRAMES} outputs of 1 MiB, Submit -> the run's end in the page, once per round after a warm-up; its floor: a bare page drawing the newest message per animation frame, once per round. Ceiling: 64 MiB streamed in 1 MiB messages, each way, once per round (median)`,
      frame_bytes: BYTES,
      ours: imageSummary({ trips: oursRt, decode }),
      ours_stream_to_page: { frames: STREAMED_FRAMES, run_ms: streamed.map(round2), mb_s: streamRate(streamed) },
      floor: roundTrips(floorRt),
      floor_stream_drawn_mb_s: round2(median(drawn)),
      chromium_ws_ceiling_mb_s: medianCeiling(ceilings),
    };
  } finally {
    await tabs.close();
    await server.close();
    floor.close();
  }
}
