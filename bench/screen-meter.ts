// What a user sees of a video stream: distinct frames drawn on screen per second, and each frame's
// capture -> display time, on the page's own clock, with no DevTools domain tapping the traffic.
//
// The fake camera plays a file whose every frame carries its number in its pixels (stampedY4m: a row
// of black/white blocks). A script in the page (METER) watches two things and nothing of ours:
//   capture: the camera <video> the page shows; requestVideoFrameCallback tells each frame as the
//            page gets it (metadata.captureTime where Chromium gives it, else the callback's time),
//            and the frame's number is read from the video's pixels;
//   display: after every animation frame's paint, the number is read back from the output canvas;
//            a number not seen before is a distinct frame displayed (at that frame's time).
// Works in a tab and in a VS Code webview's frame alike (there the script is evaluated in the
// workbench's page with the webview's `document`: it uses that document's window, clock and frames).
import { percentile, round2 } from "./latency";
import { greyY4m } from "../test/helpers/fake-media";

/** Blocks in the stamp: 12 bits of frame number, then a white and a black block to check the read. */
const BITS = 12;
const BLOCK = 16;
/** Frames in the file (the fake camera loops it): 5 s at 30 fps, numbers unique within a loop. */
export const STAMPED_FRAMES = 150;

/**
 * A Y4M file whose frame n shows n in binary as 16x16 blocks along the top (most significant bit
 * first, from x = 16), followed by a white and a black check block, over a picture bright on the
 * left half and dark on the right (grey only: U = V = 128).
 */
export function stampedY4m(file: string, width = 640, height = 480, fps = 30, frames = STAMPED_FRAMES): string {
  const base = Buffer.alloc(width * height);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) base[r * width + c] = c < width / 2 ? 200 : 50;
  return greyY4m(file, width, height, fps, frames, (f) => {
    const y = Buffer.from(base);
    const bits = [...Array(BITS)].map((_, i) => (f >> (BITS - 1 - i)) & 1).concat([1, 0]);
    bits.forEach((bit, i) => {
      for (let r = 0; r < BLOCK; r++) y.fill(bit ? 235 : 16, r * width + BLOCK * (i + 1), r * width + BLOCK * (i + 2));
    });
    return y;
  });
}

export interface ScreenSample {
  /** Distinct frames displayed in each whole second from the first displayed frame. */
  perSecond: number[];
  /** Distinct frames displayed per second over the whole measurement. */
  fps: number;
  /** Capture -> display of each distinct frame displayed (ms). */
  latency: { p50: number; p95: number };
  /** How the capture time was taken: "captureTime" (the camera's) or "presented" (the page's callback). */
  clock: string;
  /** Camera frames the page got per second (the source's own rate, for reference). */
  cameraFps: number;
}

/**
 * Installs the meter in the page whose `document` has the camera `<video>` (first matching `video`)
 * and the output `canvas`; `mirrored`: the output is flipped left to right. Returns at once.
 * (A string: tsx would wrap named helpers in a __name() the page does not have.)
 */
export function installMeter(video: string, canvas: string, mirrored: boolean, timing?: string): string {
  return `(() => {
    const BITS = ${BITS}, BLOCK = ${BLOCK}, MIRRORED = ${mirrored};
    // The page's own window (in a VS Code webview reached from the workbench, the webview's frame):
    // its animation frames, timers and clock.
    const W = document.defaultView;
    const m = (W.__screenMeter = { captures: new Map(), shown: [], camera: [], clock: "presented", stopped: false, fn: new Map(), hops: [] });
    // Where fn says which frame it took and when (bench/fixtures/flip-timed.ts): kept by frame number
    // with the time its text reached the page.
    const timing = ${JSON.stringify(timing ?? null)};
    const watchTiming = () => {
      const e = timing && document.querySelector(timing);
      if (!timing) return;
      if (!e) return void W.setTimeout(watchTiming, 5);
      new W.MutationObserver(() => {
        try {
          const t = JSON.parse(e.value ?? e.textContent);
          if (t.id >= 0) m.fn.set(t.id, { start: t.start - W.performance.timeOrigin, end: t.end - W.performance.timeOrigin, arrived: W.performance.now() });
        } catch {}
      }).observe(e, { subtree: true, childList: true, characterData: true, attributes: true });
    };
    watchTiming();
    // The number in a row of RGBA pixels (row 8 of the stamp), or -1 when the check blocks do not read.
    const decode = (row, width, mirrored) => {
      const at = (i) => { const x = BLOCK * (i + 1) + BLOCK / 2; return row[4 * (mirrored ? width - 1 - x : x)] > 128 ? 1 : 0; };
      if (at(BITS) !== 1 || at(BITS + 1) !== 0) return -1;
      let n = 0;
      for (let i = 0; i < BITS; i++) n = (n << 1) | at(i);
      return n;
    };
    const scratch = document.createElement("canvas");
    const sg = scratch.getContext("2d", { willReadFrequently: true });
    let lastCaptured = -1;
    const watchVideo = (v) => {
      const seen = (now, meta) => {
        if (m.stopped) return;
        const width = v.videoWidth;
        if (width) {
          if (scratch.width !== width) { scratch.width = width; scratch.height = 1; }
          sg.drawImage(v, 0, 8, width, 1, 0, 0, width, 1);
          const n = decode(sg.getImageData(0, 0, width, 1).data, width, false);
          const t = meta && meta.captureTime ? ((m.clock = "captureTime"), meta.captureTime) : W.performance.now();
          if (n >= 0 && n !== lastCaptured) {
            lastCaptured = n;
            m.captures.set(n, t);
            m.camera.push(t);
          }
        }
        v.requestVideoFrameCallback(seen);
      };
      v.requestVideoFrameCallback(seen);
    };
    const findVideo = () => {
      const v = [...document.querySelectorAll(${JSON.stringify(video)})].find((e) => !e.hidden && e.srcObject);
      if (v) watchVideo(v); else W.setTimeout(findVideo, 5);
    };
    findVideo();
    let last = -1;
    const frame = () => {
      if (m.stopped) return;
      W.requestAnimationFrame(frame);
      // After this frame's paint: what the canvas now shows.
      W.setTimeout(() => {
        const c = document.querySelector(${JSON.stringify(canvas)});
        if (!c || !c.width) return;
        const g = c.getContext("2d");
        const n = decode(g.getImageData(0, 8, c.width, 1).data, c.width, MIRRORED);
        if (n < 0 || n === last) return;
        last = n;
        const t = W.performance.now();
        const captured = m.captures.get(n);
        m.captures.delete(n); // the file loops: the same number comes again 5 s later
        m.shown.push([t, captured === undefined ? -1 : t - captured]);
        const f = m.fn.get(n);
        m.fn.delete(n);
        if (f && captured !== undefined) m.hops.push([f.start - captured, f.end - f.start, f.arrived - f.end, t - f.arrived]);
      }, 0);
    };
    W.requestAnimationFrame(frame);
  })()`;
}

/** Stops the meter; what it saw from the first displayed frame to now (the last partial second dropped). */
export const readMeter = `(() => {
  const m = document.defaultView.__screenMeter;
  m.stopped = true;
  return { shown: m.shown, camera: m.camera, clock: m.clock, now: document.defaultView.performance.now(), hops: m.hops };
})()`;

/** The hops of a frame's way, in order, as the meter records them (with a timed fn). */
export const HOPS = ["capture -> fn starts (page grab + send, socket, server, worker, I420 -> RGBA)", "fn", "fn ends -> output in the page (RGBA -> I420, worker, server, socket)", "in the page -> on screen (next animation frame, decode, draw)"];

export interface MeterReading {
  shown: [number, number][];
  camera: number[];
  clock: string;
  now: number;
  hops?: number[][];
}

/** Median ms of each hop (HOPS) over the frames displayed. */
export function hopMedians(raw: MeterReading): Record<string, number> {
  return Object.fromEntries(HOPS.map((name, i) => [name, round2(percentile((raw.hops ?? []).map((h) => h[i]!), 50))]));
}

export function summarize(raw: MeterReading, skipSeconds = 0): ScreenSample {
  const t0 = (raw.shown[0]?.[0] ?? raw.now) + skipSeconds * 1000;
  const shown = raw.shown.filter(([t]) => t >= t0);
  const seconds = Math.floor((raw.now - t0) / 1000);
  const perSecond = [...Array(Math.max(0, seconds))].map((_, s) => shown.filter(([t]) => t >= t0 + s * 1000 && t < t0 + (s + 1) * 1000).length);
  const lat = shown.map(([, l]) => l).filter((l) => l >= 0);
  const camera = raw.camera.filter((t) => t >= t0 && t < t0 + seconds * 1000);
  return {
    perSecond,
    fps: round2(perSecond.reduce((a, b) => a + b, 0) / Math.max(1, seconds)),
    latency: { p50: round2(percentile(lat, 50)), p95: round2(percentile(lat, 95)) },
    clock: raw.clock,
    cameraFps: round2(camera.length / Math.max(1, seconds)),
  };
}
