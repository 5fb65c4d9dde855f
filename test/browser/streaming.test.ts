// Streaming in real Chromium with a fake camera and microphone fed from files this test generates
// (test/helpers/fake-media.ts): a camera frame bright on the left, dark on the right with a dark
// corner square; a 440 Hz tone. Numbers measured here are printed (fps, first sound, underruns).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import type { Page } from "playwright-core";
import { launchChromium, openPage, pixels, shownText, until, useServedApps } from "../helpers/browser";
import { asymmetricY4m, bmp, fakeMediaFlags, toneWav } from "../helpers/fake-media";
import { watchMessages } from "../helpers/page-messages";
import { example, fixture, serveCli } from "../helpers/serve";

const media = fakeMediaFlags();
const numberShown = async (page: Page, label: string) => Number(await shownText(page, label));
const dataset = (page: Page, selector: string) => page.locator(selector).evaluate((e) => ({ ...(e as HTMLElement).dataset }));
/** The capture-to-display latencies the page lists (ms; updated every 250 ms). */
const latencyList = async (page: Page) => ((await page.locator(".li-interface").getAttribute("data-stream-latencies")) ?? "").split(",").filter(Boolean).map(Number);
/** A streaming camera input's frames sent and the "runs" output, read at one moment. */
const sentAndRuns = (page: Page) =>
  page.evaluate(() => ({
    sent: Number(document.querySelector<HTMLElement>("[data-type=image][data-role=input]")?.dataset.framesSent ?? 0),
    runs: Number(document.querySelector('[data-role=output] [aria-label="runs"]')?.textContent ?? 0),
  }));

// The media files serve every suite below: removed once all have run.
after(() => fs.rmSync(media.dir, { recursive: true, force: true }));

describe("browser mode: streaming camera, microphone and audio output", function () {
  this.timeout(90000);
  const { open } = useServedApps(
    [example("webcam-flip.ts"), example("mic-level.ts"), example("tone-generator.ts"), fixture("frames-rate.ts"), fixture("frames-slow.ts"), fixture("mic-probe.ts"), fixture("media-still.ts"), fixture("frames-burst.ts"), fixture("tone-manual.ts")],
    { chromiumArgs: media.flags },
  );

  it("webcam flip: the output is the camera frame mirrored, streamed at a sane frame rate", async () => {
    const page = await open("webcam-flip");
    const start = page.getByRole("button", { name: "Start recording camera" });
    await start.press("Enter"); // keyboard operable
    await page.locator(".li-recorder[data-recording=true]").waitFor();
    assert.match(await page.getByRole("timer").textContent() ?? "", /^\d+ s left$/, "a countdown is visible");
    const canvas = page.getByLabel("mirrored", { exact: true });
    await until("a frame is shown", async () => Number(await canvas.getAttribute("data-frames")) >= 3);
    // Mirrored: the left half is dark, the right half bright, and the dark corner square moved right.
    const [left, right, cornerTopRight, belowCorner, bottomRight] = await pixels(page, "mirrored", [[0.25, 0.5], [0.75, 0.5], [0.97, 0.03], [0.75, 0.03], [0.97, 0.97]]);
    assert.ok(left! < 60 && right! > 190, `left ${left} dark, right ${right} bright`);
    assert.ok(cornerTopRight! < 60 && belowCorner! > 190 && bottomRight! > 190, `corner square at the top right (${cornerTopRight}, ${belowCorner}, ${bottomRight}): mirrored, not turned upside down`);
    // Frames keep flowing: 20 more are drawn, and the page lists the latencies it measured.
    const t0 = Date.now();
    const before = Number(await canvas.getAttribute("data-frames"));
    await until("20 more frames are shown, their latencies listed", async () => Number(await canvas.getAttribute("data-frames")) >= before + 20 && (await latencyList(page)).length >= 5, 60000);
    const fps = ((Number(await canvas.getAttribute("data-frames")) - before) * 1000) / (Date.now() - t0);
    const latencies = (await latencyList(page)).sort((x, y) => x - y);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
    console.log(`      webcam flip 640x480, streamEvery 1/30: ${fps.toFixed(1)} output frames/s; capture to display p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms (${latencies.length} frames)`);
    assert.ok(latencies.length >= 5 && pct(0.5) > 0, "capture-to-display latency is measured");
    assert.ok(pct(0.95) < 3000, `frames are shown soon after capture, not from a backlog (p95 ${pct(0.95)} ms)`);
    // The goal is 30 fps (npm run bench measures it); here only that frames keep flowing (above), as CPU load varies.
    await page.getByRole("button", { name: "Stop recording camera" }).click();
    await page.locator(".li-recorder[data-recording=false]").waitFor();
    await page.close();
  });

  it("frames: the page sends a frame every streamEvery (0.25 s), and a fast fn runs once per frame", async () => {
    const page = await open("frames-rate");
    await page.getByRole("button", { name: "Start recording camera" }).click();
    await until("fn ran", async () => (await numberShown(page, "runs")) >= 1);
    // Frames sent and runs shown, read together. The clock is read before the first count and after
    // the last, so the page's span between them is within the measured one.
    const t0 = Date.now();
    const c0 = await sentAndRuns(page);
    await until("10 more runs are shown", async () => (await sentAndRuns(page)).runs >= c0.runs + 10, 60000);
    const c1 = await sentAndRuns(page);
    const seconds = (Date.now() - t0) / 1000;
    await page.getByRole("button", { name: "Stop recording camera" }).click();
    const [sent, runs] = [c1.sent - c0.sent, c1.runs - c0.runs];
    console.log(`      streamEvery 0.25 s: ${(sent / seconds).toFixed(2)} frames/s sent, ${runs} runs for ${sent} frames`);
    assert.ok(sent / seconds <= 4.7, `never faster than streamEvery (${(sent / seconds).toFixed(2)} frames/s)`);
    // Each run takes a frame sent before it (+1: one sent just before the first count, shown after it).
    assert.ok(runs <= sent + 1, `no more runs than frames (${runs} runs, ${sent} frames)`);
    // A fast fn takes (nearly) every frame; on a loaded machine the host may replace one waiting frame by a newer one.
    assert.ok(runs >= sent * 0.6, `about one run per frame (${runs} runs, ${sent} frames)`);
    await page.close();
  });

  it("frames: a fn slower than streamEvery gets the newest frame each time, never a backlog", async () => {
    const page = await open("frames-slow");
    const received = await watchMessages(page);
    // The frame each stream run took: its run-start's seq (the page numbers the frames it sends 1, 2, ...).
    const taken = (from = 0) => received.slice(from).flatMap((m) => (m.type === "run-start" && m.seq !== undefined ? [m.seq] : []));
    await page.getByRole("button", { name: "Start recording camera" }).click();
    await until("fn ran", async () => (await numberShown(page, "runs")) >= 1);
    const t0 = Date.now();
    const r0 = await numberShown(page, "runs");
    // Frames sent while fn was busy are replaced by newer ones: wait until a run is seen to take a frame
    // more than one past the previous run's, and for 8 runs.
    const skipped = (seqs: number[]) => seqs.some((seq, i) => i > 0 && seq > seqs[i - 1]! + 1);
    await until("8 more runs, one of them past frames sent while fn was busy", async () => (await numberShown(page, "runs")) >= r0 + 8 && skipped(taken()), 60000);
    const runs = (await numberShown(page, "runs")) - r0;
    const seconds = (Date.now() - t0) / 1000;
    const seqs = taken();
    assert.ok(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!), `each run took a newer frame than the last: ${seqs.join(", ")}`);
    assert.ok(runs <= seconds / 0.3 + 1, `fn ran at its own pace, one run per 300 ms at most (${runs} runs in ${seconds.toFixed(1)} s)`);
    // Stop: the page sends nothing more once the recorder says why it stopped (its camera is closed).
    const atStop = received.length;
    await page.getByRole("button", { name: "Stop recording camera" }).click();
    await page.locator(".li-recorder[data-stop-reason=stopped]").waitFor();
    const sent = Number(await page.locator("[data-type=image][data-role=input]").getAttribute("data-frames-sent"));
    // The newest frame is taken last (latest wins): once its run has ended, the stream is over.
    await until(`the run of the last frame (${sent}) ended`, async () => {
      const start = received.find((m) => m.type === "run-start" && m.seq === sent);
      return !!start && received.some((m) => m.type === "run-end" && m.run === (start as { run: string }).run);
    }, 30000);
    const after = taken(atStop);
    console.log(`      fn 300 ms, streamEvery 0.05 s: ${sent} frames sent, ${seqs.length} runs took frames ${seqs.join(", ")}; after Stop: ${after.join(", ")}`);
    // At most the run in flight and the one pending when Stop was pressed: not one run per frame sent.
    assert.ok(after.length <= 2, `no backlog after the stream stopped (runs took frames ${after.join(", ")} of ${sent})`);
    await page.close();
  });

  it("microphone: a slow fn receives every sample recorded, the tone's frequency intact; the time limit stops the stream", async () => {
    const page = await open("mic-probe");
    const input = page.locator("[data-type=audio][data-role=input]");
    await page.getByRole("button", { name: "Start recording mic" }).click();
    await page.locator(".li-recorder[data-recording=true]").waitFor();
    const t0 = Date.now();
    // timeLimit 2 s: the stream stops by itself and says so.
    await page.locator(".li-recorder[data-recording=false]").waitFor({ timeout: 6000 });
    const elapsed = (Date.now() - t0) / 1000;
    assert.match((await page.getByRole("status").first().textContent()) ?? "", /time limit of 2 s was reached/);
    assert.equal(await page.locator(".li-countdown").textContent(), "", "the countdown is gone");
    const sent = Number(await input.getAttribute("data-samples-sent"));
    const captured = Number(await input.getAttribute("data-samples-captured"));
    assert.equal(sent, captured, "the page sent every sample it captured");
    await until("fn received every sample", async () => (await numberShown(page, "samples")) === sent, 5000);
    const runs = await numberShown(page, "runs");
    console.log(`      mic: ${sent} samples in ${elapsed.toFixed(2)} s (${(sent / 48000).toFixed(2)} s of audio), ${runs} runs of a 350 ms fn`);
    assert.ok(Math.abs(sent / 48000 - 2) < 0.3, `about 2 s of audio at 48 kHz (${sent} samples)`);
    assert.ok(runs < 20, `fewer runs than ticks: chunks accumulated while fn was busy (${runs} runs)`);
    const frequency = await numberShown(page, "frequency");
    assert.ok(Math.abs(frequency - 440) < 10, `the 440 Hz tone survived the trip: ${frequency} Hz`);
    // The user can start again.
    await page.getByRole("button", { name: "Start recording mic" }).click();
    await page.locator(".li-recorder[data-recording=true]").waitFor();
    await page.getByRole("button", { name: "Stop recording mic" }).click();
    await page.locator(".li-recorder[data-recording=false]").waitFor();
    await page.close();
  });

  it("clip source: a video file streams like the camera (no permission needed)", async () => {
    const page = await open("webcam-flip");
    // A WebM made in the page: left half red, right half blue (the fake camera's frames are grey).
    const webm = await page.evaluate(`(async () => {
      const c = document.createElement("canvas"); c.width = 320; c.height = 240;
      const g = c.getContext("2d");
      const rec = new MediaRecorder(c.captureStream(30), { mimeType: "video/webm" });
      const parts = [];
      rec.ondataavailable = (e) => parts.push(e.data);
      rec.start();
      const end = performance.now() + 1500;
      await new Promise((done) => { (function draw() {
        g.fillStyle = "#f00"; g.fillRect(0, 0, 160, 240); g.fillStyle = "#00f"; g.fillRect(160, 0, 160, 240);
        g.fillStyle = "#" + (Math.floor(performance.now()) % 2 ? "00f" : "00e"); g.fillRect(300, 0, 1, 1);
        if (performance.now() < end) requestAnimationFrame(draw); else done();
      })(); });
      rec.stop();
      await new Promise((r) => (rec.onstop = r));
      return Array.from(new Uint8Array(await new Blob(parts).arrayBuffer()));
    })()`);
    await page.getByLabel("Stream a video file into camera instead of the camera").setInputFiles({ name: "clip.webm", mimeType: "video/webm", buffer: Buffer.from(webm as number[]) });
    assert.match((await page.locator(".li-source").textContent()) ?? "", /Source: video file clip\.webm/);
    await page.getByRole("button", { name: "Start recording camera" }).click();
    const canvas = page.getByLabel("mirrored", { exact: true });
    await until("a frame of the clip is shown", async () => Number(await canvas.getAttribute("data-frames")) >= 3);
    const rgb = (point: [number, number]) =>
      canvas.evaluate((el, [fx, fy]) => {
        const c = el as HTMLCanvasElement;
        return Array.from(c.getContext("2d")!.getImageData(Math.floor(fx * c.width), Math.floor(fy * c.height), 1, 1).data.slice(0, 3));
      }, point);
    const [left, right] = [await rgb([0.25, 0.5]), await rgb([0.75, 0.5])];
    assert.ok(left[2]! > 150 && left[0]! < 100, `mirrored clip: blue on the left (${left})`);
    assert.ok(right[0]! > 150 && right[2]! < 100, `mirrored clip: red on the right (${right})`);
    await page.getByRole("button", { name: "Stop recording camera" }).click();
    await page.close();
  });

  it("clip source: an audio file streams like the microphone (no permission needed)", async () => {
    const page = await open("mic-probe");
    const source = page.locator("[data-type=audio][data-role=input] .li-source");
    assert.equal(await source.getAttribute("data-source"), "device");
    await page.getByLabel("Stream an audio file into mic instead of the microphone").setInputFiles(toneWav(`${media.dir}/clip.wav`, 660, 5, 48000, 0.5));
    assert.match((await source.textContent()) ?? "", /Source: audio file clip\.wav/);
    await page.getByRole("button", { name: "Start recording mic" }).click();
    await page.locator(".li-recorder[data-recording=false][data-stop-reason=time-limit]").waitFor({ timeout: 8000 });
    const sent = Number(await page.locator("[data-type=audio][data-role=input]").getAttribute("data-samples-sent"));
    await until("fn received every sample", async () => (await numberShown(page, "samples")) === sent, 8000).catch(async (e) => {
      throw new Error(`${(e as Error).message}: fn got ${await numberShown(page, "samples")} of ${sent} samples sent, in ${await numberShown(page, "runs")} runs; page says: ${await page.locator("#app").innerText()}`);
    });
    const frequency = await numberShown(page, "frequency");
    console.log(`      audio clip: ${sent} samples, ${frequency} Hz`);
    assert.ok(Math.abs(frequency - 660) < 15, `the clip's 660 Hz tone reached fn, not the microphone's 440 Hz: ${frequency} Hz`);
    await page.close();
  });

  it("mic level meter: the level follows the microphone", async () => {
    const page = await open("mic-level");
    // The live run on load answers with silence; the page may show its empty value until it does.
    await until("silence before recording", async () => (await numberShown(page, "level (dBFS)")) === -90);
    await page.getByRole("button", { name: "Start recording microphone" }).click();
    // The tone's RMS is 0.4/√2: about -11 dBFS.
    await until("the meter shows the tone", async () => Math.abs((await numberShown(page, "level (dBFS)")) + 11) < 2);
    assert.match(await shownText(page, "meter"), /^█{20,}░*$/);
    await page.getByRole("button", { name: "Stop recording microphone" }).click();
    await page.close();
  });

  it("streamed images: a generator's frames replace each other, drawn at most once per animation frame", async () => {
    const page = await open("frames-burst");
    const canvas = page.getByLabel("frames", { exact: true });
    await until("the first frame is drawn", async () => (await pixels(page, "frames", [[0.5, 0.5]]))[0] === 1);
    const before = Number(await canvas.getAttribute("data-frames"));
    // Count the page's animation frames while 150 frames stream in.
    await page.evaluate("window.__raf = 0; (function f() { window.__raf++; requestAnimationFrame(f); })()");
    await page.getByLabel("n", { exact: true }).fill("150");
    await until("the last frame is shown", async () => (await pixels(page, "frames", [[0.5, 0.5]]))[0] === 150);
    await page.locator("#app[data-state=idle]").waitFor();
    const draws = Number(await canvas.getAttribute("data-frames")) - before;
    const animationFrames = Number(await page.evaluate("window.__raf"));
    console.log(`      150 yielded frames: ${draws} draws in ${animationFrames} animation frames`);
    assert.ok(draws <= animationFrames, `at most one draw per animation frame (${draws} draws, ${animationFrames} frames)`);
    assert.ok(draws < 150, "frames that arrive within one animation frame are drawn once");
    const sweep = await page.locator("[data-role=output][data-type=image]").evaluate((e) => getComputedStyle(e, "::after").display);
    assert.equal(sweep, "none", "no loading indicator over streamed images");
    await page.close();
  });

  it("non-streaming inputs: an uploaded picture and sound, or one photo, reach fn and come back", async () => {
    const page = await open("media-still");
    const picture = bmp(4, 3, (x, y) => (x === 0 && y === 0 ? [255, 0, 0] : [0, 0, 255]));
    await page.getByLabel("Upload an image for picture").setInputFiles({ name: "p.bmp", mimeType: "image/bmp", buffer: picture });
    await page.getByLabel("Upload audio for sound").setInputFiles(toneWav(`${media.dir}/short.wav`, 440, 0.5, 22050, 0.5));
    await page.locator(".li-media canvas[data-frames]").first().waitFor(); // the picture is shown
    await page.locator("[data-type=audio][data-role=input] audio[src]").waitFor({ state: "attached" }); // the sound is decoded and is the input's value
    await page.getByRole("button", { name: "Submit" }).click();
    await until("fn described the picture", async () => (await shownText(page, "picture info")) === "4x3 top-left 255,0,0 bottom-right 0,0,255");
    assert.match(await shownText(page, "sound info"), /^22050 Hz, 1 ch, 11025 frames, peak 0\.5\d$/);
    assert.ok(await page.getByLabel("same sound", { exact: true }).evaluate((a) => (a as HTMLAudioElement).src.startsWith("blob:")), "the sound output is playable");
    const [topLeft] = await pixels(page, "same picture", [[0, 0]]);
    assert.equal(topLeft, 0, "the picture output is drawn (green channel of red is 0)");
    // One photo from the camera: the fake camera's 640x480 frame, bright on the left.
    const shown = page.locator("[data-role=input][data-type=image] canvas");
    const drawn = Number(await shown.getAttribute("data-frames"));
    await page.getByRole("button", { name: "Take a photo for picture" }).click();
    await until("the photo is shown", async () => Number(await shown.getAttribute("data-frames")) > drawn);
    await page.getByRole("button", { name: "Submit" }).click();
    await until("fn got the photo", async () => (await shownText(page, "picture info")).startsWith("640x480"));
    assert.equal(await shownText(page, "picture info"), "640x480 top-left 0,0,0 bottom-right 0,0,0");
    await page.close();
  });

  it("an upload over the size cap is refused in the page with the reason; the interface keeps working", async () => {
    const page = await open("media-still");
    const big = bmp(2100, 2100, () => [0, 0, 255]); // 2100x2100 RGBA is 17.6 MB, over the 16 MiB cap
    await page.getByLabel("Upload an image for picture").setInputFiles({ name: "big.bmp", mimeType: "image/bmp", buffer: big });
    const status = page.locator("[data-type=image][data-role=input] .li-upload-status");
    await until("the upload is refused", async () => /^Not used: big\.bmp: it must be a frame of at most 16 MiB \(this one is 2100x2100, 17640000 bytes\)$/.test((await status.textContent()) ?? ""));
    await page.getByLabel("Upload an image for picture").setInputFiles({ name: "small.bmp", mimeType: "image/bmp", buffer: bmp(4, 3, () => [255, 0, 0]) });
    await until("the refusal is cleared", async () => (await status.textContent()) === "");
    await page.getByRole("button", { name: "Submit" }).click();
    await until("fn got the small picture", async () => (await shownText(page, "picture info")).startsWith("4x3"));
    await page.close();
  });

  it("streamed audio output without autoplay waits for Play", async () => {
    const page = await open("tone-manual");
    const player = ".li-player";
    await until("the chunks arrived", async () => Number((await dataset(page, player)).received) === 48000);
    // The player holds the sound for Play: its audio context is suspended, which it says by offering
    // Play (hidden while the sound could play). Then nothing has played, nor can it.
    await page.getByRole("button", { name: "Play tone" }).waitFor();
    const held = await dataset(page, player);
    assert.equal(Number(held.played), 0, "nothing plays by itself");
    assert.equal(held.firstSoundMs, undefined, "no first sound before Play");
    await page.getByRole("button", { name: "Play tone" }).click();
    await until("it plays after Play", async () => Number((await dataset(page, player)).played) >= 24000);
    await page.close();
  });

  it("streamed audio output: plays gaplessly from the worklet, starts fast, and Stop ends the generator (live mode)", async () => {
    const page = await open("tone-generator");
    const received = await watchMessages(page);
    const player = ".li-player";
    await until("the tone plays", async () => Number((await dataset(page, player)).played) > 48000 * 0.5);
    // A slider move starts a new generator; its first chunk replaces the old one's rest. Its first
    // sound is reported anew (the old stream's report is removed first).
    await page.locator(player).evaluate((box) => box.removeAttribute("data-first-sound-ms"));
    const slider = page.getByLabel("frequency (Hz)", { exact: true });
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await until("the new stream sounds", async () => (await dataset(page, player)).firstSoundMs !== undefined);
    // 2 s of the new stream played. The clock is read before the first count and after the last.
    const t0 = Date.now();
    const a = await dataset(page, player);
    await until("2 s more of the tone played", async () => Number((await dataset(page, player)).played) >= Number(a.played) + 96000, 30000);
    const b = await dataset(page, player);
    const seconds = (Date.now() - t0) / 1000;
    const playedRate = (Number(b.played) - Number(a.played)) / seconds;
    console.log(`      tone: first sound ${b.firstSoundMs} ms after the first chunk; ${Math.round(playedRate)} frames/s played; underruns ${b.underruns} (${b.starvedFrames} starved frames)`);
    // No gap. On a machine loaded far past its cores (other suites running), a stall of the page longer
    // than the generator's 0.5 s lead may starve one render quantum: one underrun is tolerated then.
    const load = os.loadavg()[0]! / os.cpus().length;
    const underruns = Number(b.underruns) - Number(a.underruns);
    assert.ok(underruns === 0 || (load > 2.5 && underruns <= 1), `no underrun while streaming (${underruns}, load ${load.toFixed(1)} per core)`);
    // In real time: never faster (played audio follows the audio clock), and not slower, which the
    // underruns above would show. The goals (first sound, gaps) are npm run bench's.
    assert.ok(playedRate < 48000 * 1.1, `plays in real time (${Math.round(playedRate)} frames/s)`);
    assert.ok(Number(b.firstSoundMs) >= 0 && Number(b.firstSoundMs) < 5000, `first sound ${b.firstSoundMs} ms after the first chunk arrived`);
    // Stop ends the generator in live mode: the run ends, nothing more arrives, the sound stops.
    const streaming = received.filter((m) => m.type === "run-start").pop() as { run: string };
    // The player's reports (one per 0.1 s of its audio clock), from now on.
    await page.locator(player).evaluate((box) => {
      const reports: { played: number; queuedMs: number; received: number }[] = ((window as unknown as { __reports: unknown }).__reports = []);
      new MutationObserver(() => reports.push({ played: Number(box.dataset.played), queuedMs: Number(box.dataset.queuedMs), received: Number(box.dataset.received) })).observe(box, { attributes: true, attributeFilter: ["data-played"] });
    });
    const reports = () => page.evaluate(() => (window as unknown as { __reports: { played: number; queuedMs: number; received: number }[] }).__reports);
    await page.getByRole("button", { name: "Stop" }).click();
    await page.locator("#app[data-state=idle]").waitFor();
    // The stopped run's end: every chunk of it came before it (one socket, in order).
    const end = received.findIndex((m) => m.type === "run-end" && m.run === streaming.run);
    assert.ok(end >= 0 && (received[end] as { aborted?: boolean }).aborted === true, "the run ended, stopped");
    assert.equal(await page.getByRole("button", { name: "Stop" }).isVisible(), false);
    // The sound stops: once two reports in a row find the queue empty and nothing played between
    // them, three more (0.3 s of the audio clock) find nothing more played or received.
    const fromIdle = (await reports()).length;
    const quietAt = (r: Awaited<ReturnType<typeof reports>>) => r.findIndex((x, i) => i > fromIdle && x.queuedMs === 0 && r[i - 1]!.queuedMs === 0 && x.played === r[i - 1]!.played);
    await until("the player is quiet, then three more reports", async () => {
      const r = await reports();
      const q = quietAt(r);
      return q >= 0 && r.length > q + 3;
    }, 20000);
    const r = await reports();
    const quiet = r.slice(quietAt(r));
    assert.deepEqual(new Set(quiet.map((x) => x.played)).size, 1, `silence after Stop: played ${quiet.map((x) => x.played).join(", ")}`);
    assert.deepEqual(new Set(quiet.map((x) => x.received)).size, 1, `no chunk arrives after Stop: received ${quiet.map((x) => x.received).join(", ")}`);
    // And none from the host: a later change starts a new run; up to its start, nothing came after
    // the stopped run's end.
    const later = received.length;
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await until("a later change starts a new run", async () => received.slice(later).some((m) => m.type === "run-start"));
    const next = received.findIndex((m, i) => i > end && m.type === "run-start");
    assert.deepEqual(received.slice(end + 1, next).filter((m) => m.type === "output"), [], "no output between the stopped run's end and the next run");
    await page.close();
  });
});

describe("browser mode: a camera the browser refuses (as desktop VS Code webviews do)", function () {
  this.timeout(60000);
  const { open } = useServedApps([example("webcam-flip.ts")], { chromiumArgs: ["--use-fake-device-for-media-stream", "--deny-permission-prompts"] });

  it("says why recording could not start, and stays usable", async () => {
    const page = await open("webcam-flip");
    await page.getByRole("button", { name: "Start recording camera" }).click();
    await until("the status explains", async () => /^Could not start: .+/.test((await page.locator(".li-record-status").textContent()) ?? ""));
    assert.equal(await page.locator(".li-recorder").getAttribute("data-recording"), "false");
    assert.equal(await page.getByRole("button", { name: "Start recording camera" }).isEnabled(), true);
    await page.close();
  });
});

describe("browser mode: a small camera (160x120) streams at the camera's rate", function () {
  this.timeout(60000);
  const small = asymmetricY4m(`${media.dir}/small.y4m`, 160, 120, 30, 30);
  const { open } = useServedApps([example("webcam-flip.ts")], {
    chromiumArgs: ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${small}`],
  });

  it("where bytes are few, the frame rate follows streamEvery (1/30 s) up to the camera's 30 fps", async () => {
    const page = await open("webcam-flip");
    await page.getByRole("button", { name: "Start recording camera" }).click();
    const canvas = page.getByLabel("mirrored", { exact: true });
    await until("frames are shown", async () => Number(await canvas.getAttribute("data-frames")) >= 10);
    // 45 more frames drawn (1.5 s at the camera's rate): the rate is printed, its goal is npm run bench's.
    const t0 = Date.now();
    const before = Number(await canvas.getAttribute("data-frames"));
    await until("45 more frames are shown", async () => Number(await canvas.getAttribute("data-frames")) >= before + 45, 60000);
    const fps = ((Number(await canvas.getAttribute("data-frames")) - before) * 1000) / (Date.now() - t0);
    const latencies = (await latencyList(page)).sort((x, y) => x - y);
    const p95 = latencies[Math.floor(0.95 * (latencies.length - 1))];
    console.log(`      webcam flip 160x120: ${fps.toFixed(1)} output frames/s; capture to display p50 ${latencies[latencies.length >> 1]} ms, p95 ${p95} ms`);
    // Not drawn more often than the camera makes frames (30 fps; room for timer jitter over 45 frames,
    // and the measured span is the longer one).
    assert.ok(fps <= 40, `no faster than the camera (${fps.toFixed(1)} fps)`);
    assert.deepEqual(await pixels(page, "mirrored", [[0.25, 0.5], [0.75, 0.5]]).then((v) => v.map((x) => (x > 128 ? "bright" : "dark"))), ["dark", "bright"]);
    await page.close();
  });
});

describe("browser mode: the capture page feeds a session whose UI is open elsewhere", function () {
  this.timeout(120000); // two browsers and a server

  it("a page refused the camera shows the mirror of frames recorded in another browser's capture page; the capture socket is tokened", async () => {
    const server = await serveCli([example("webcam-flip.ts")]);
    // The UI: a browser that refuses the camera (like a desktop VS Code webview).
    const refusing = await launchChromium(["--use-fake-device-for-media-stream", "--deny-permission-prompts"]);
    // The capture page: another browser, with a camera.
    const withCamera = await launchChromium(media.flags);
    try {
      const { page: ui, problems } = await openPage(refusing, server.url);
      const link = ui.getByRole("link", { name: "Record from another page" });
      // Relative to the page (which may sit behind a forwarder's path prefix).
      const href = new URL((await link.getAttribute("href"))!, ui.url()).href;
      assert.match(href.slice(new URL(server.url).origin.length), /^\/capture\/webcam-flip\/\?token=[\w-]+&session=[\w-]+$/);
      const { page: capture, problems: captureProblems } = await openPage(withCamera, href);
      await capture.getByRole("heading", { name: "Capture for Webcam flip" }).waitFor();
      // The UI says that another page records into it.
      await ui.locator('.li-capture-link[data-state="connected"]').waitFor();
      assert.equal(await capture.getByLabel("mirrored", { exact: true }).count(), 0, "the capture page shows only the streaming input");
      await capture.getByRole("button", { name: "Start recording camera" }).click();
      const canvas = ui.getByLabel("mirrored", { exact: true });
      await until("the UI shows frames recorded elsewhere", async () => Number(await canvas.getAttribute("data-frames")) >= 3);
      assert.deepEqual((await pixels(ui, "mirrored", [[0.25, 0.5], [0.75, 0.5]])).map((x) => (x > 128 ? "bright" : "dark")), ["dark", "bright"]);
      // A synthetic click: under heavy load a real one can wait long for the busy page to take input.
      await capture.getByRole("button", { name: "Stop recording camera" }).dispatchEvent("click");
      assert.deepEqual([...problems, ...captureProblems], []);
      await capture.close();
      await ui.locator('.li-capture-link[data-state="closed"]').waitFor();
      // Without the token, or for a session that does not exist, the capture socket is refused.
      const session = new URL(href, server.url).searchParams.get("session")!;
      const port = new URL(server.url).port;
      const status = (path: string) =>
        new Promise<number>((resolve) => {
          const req = http.request({ host: "127.0.0.1", port, path, headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==" } });
          req.on("upgrade", (res, socket) => (socket.destroy(), resolve(res.statusCode ?? 0)));
          req.on("response", (res) => resolve(res.statusCode ?? 0));
          req.on("error", () => resolve(-1));
          req.end();
        });
      const token = new URL(server.url).searchParams.get("token")!;
      assert.equal(await status(`/ws-capture/webcam-flip?session=${session}`), 401);
      assert.equal(await status(`/ws-capture/webcam-flip?token=${token}&session=nope`), 404);
      assert.equal(await status(`/ws-capture/webcam-flip?token=${token}&session=${session}`), 101);
    } finally {
      await refusing.close();
      await withCamera.close();
      await server.close();
    }
  });
});
