// Choosing the camera and microphone, in real Chromium with two fake cameras
// (--use-fake-device-for-media-stream=device-count=2: fake_device_0 draws in colour, fake_device_1
// is a grey depth camera) and three fake microphones playing a 440 Hz tone: the constraints of
// li.Webcam / li.Microphone reach the device, the picker lists the devices by name, a device chosen
// while recording takes over without stopping the recording, the choice is remembered across a
// reload (and by the capture page), and a refused or vanished device is said in words.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, shownText, until } from "../helpers/browser";
import { toneWav } from "../helpers/fake-media";
import { fixture, serveCli, type RunningServer } from "../helpers/serve";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "li-devices-"));
const tone = toneWav(path.join(dir, "tone.wav"));
/** Two fake cameras, the microphones playing the tone; the browser asks nobody (granted). */
const TWO_CAMERAS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream=device-count=2", `--use-file-for-fake-audio-capture=${tone}`, "--autoplay-policy=no-user-gesture-required"];
/** One fake camera, and permission is the page's to ask for (Playwright's context answers). */
const ONE_CAMERA_ASKING = ["--use-fake-device-for-media-stream=device-count=1"];

const recording = (page: Page, label: string) => page.locator(".li-recorder").filter({ has: page.getByRole("button", { name: new RegExp(`recording ${label}$`) }) });
const number = async (page: Page, label: string) => Number(await shownText(page, label));

/** Counts, in the page, every time a recorder says it stopped recording from now on. */
const watchStops = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { stops: number };
    w.stops = 0;
    const observer = new MutationObserver((records) => {
      for (const r of records) if ((r.target as HTMLElement).dataset.recording === "false") w.stops++;
    });
    for (const el of document.querySelectorAll(".li-recorder")) observer.observe(el, { attributes: true, attributeFilter: ["data-recording"] });
  });
const stops = (page: Page) => page.evaluate(() => (window as unknown as { stops: number }).stops);

describe("browser mode: choosing the camera and microphone", function () {
  this.timeout(120000);
  let server: RunningServer;
  let two: Browser;
  let asking: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  before(async () => {
    server = await serveCli([fixture("camera-pick.ts"), fixture("mic-pick.ts")]);
    [two, asking] = await Promise.all([launchChromium(TWO_CAMERAS), launchChromium(ONE_CAMERA_ASKING)]);
  });
  after(async () => {
    await Promise.all([two?.close(), asking?.close()]);
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    assert.deepEqual(problems.splice(0), [], "no page errors or CSP violations");
  });

  /** A fresh context (its own storage) of `browser`, and a page of it at `url`. */
  async function open(browser: Browser, url: string, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => void (m.type() === "error" && problems.push(`console: ${m.text()}`)));
    await page.goto(url);
    await page.locator("#app[data-state]").waitFor();
    return page;
  }

  it("Webcam({ width: 320, height: 240 }): fn gets 320x240 frames; the other camera chosen while recording takes over; remembered across a reload and by the capture page", async () => {
    const page = await open(two, server.app("camera-pick"));
    const picker = page.getByLabel("Camera for camera");
    // The browser names the cameras already (granted without asking): both are listed.
    await until("both cameras are listed", async () => (await picker.locator("option").count()) === 2);
    assert.deepEqual(await picker.locator("option").allTextContents(), ["fake_device_0", "fake_device_1"]);

    await page.getByRole("button", { name: "Start recording camera" }).click();
    await until("fn gets colour frames", async () => (await shownText(page, "kind")) === "colour", 30000);
    assert.equal(await shownText(page, "size"), "320x240", "the Webcam's size reached the camera");
    assert.equal(await page.locator(".li-device-picker").getAttribute("data-active"), "fake_device_0");

    // The other camera, while recording: fn's frames come from it, and the recording never stopped.
    await watchStops(page);
    await picker.selectOption({ label: "fake_device_1" });
    await until("fn gets the grey camera's frames", async () => (await shownText(page, "kind")) === "grey", 30000);
    const runs = await number(page, "runs");
    await until("frames keep coming from it", async () => (await number(page, "runs")) >= runs + 3, 30000);
    assert.equal(await shownText(page, "size"), "320x240", "the new camera was asked the same size");
    assert.equal(await stops(page), 0, "the recording did not stop");
    assert.equal(await recording(page, "camera").getAttribute("data-recording"), "true");
    assert.equal(await page.locator(".li-device-picker").getAttribute("data-active"), "fake_device_1");
    await page.getByRole("button", { name: "Stop recording camera" }).click();
    await recording(page, "camera").and(page.locator("[data-recording=false]")).waitFor();

    // Reloaded: the choice is shown and used.
    await page.reload();
    await page.locator("#app[data-state]").waitFor();
    await until("the choice is remembered", async () => (await picker.locator("option:checked").textContent()) === "fake_device_1");
    await page.getByRole("button", { name: "Start recording camera" }).click();
    await until("fn gets the chosen camera's frames", async () => (await shownText(page, "kind")) === "grey", 30000);
    await page.getByRole("button", { name: "Stop recording camera" }).click();

    // The capture page of this session (same site) remembers it too, and streams from it into the session.
    const href = new URL((await page.getByRole("link", { name: "Record from another page" }).getAttribute("href"))!, page.url()).href;
    const capture = await page.context().newPage();
    capture.on("pageerror", (e) => problems.push(`capture pageerror: ${e.message}`));
    await capture.goto(href);
    const capturePicker = capture.getByLabel("Camera for camera");
    await until("the capture page lists the cameras, the chosen one selected", async () => (await capturePicker.locator("option:checked").textContent().catch(() => "")) === "fake_device_1");
    await capturePicker.selectOption({ label: "fake_device_0" });
    await capture.getByRole("button", { name: "Start recording camera" }).click();
    await until("the session's page shows fn's results of the capture page's colour camera", async () => (await shownText(page, "kind")) === "colour", 30000);
    await capture.getByRole("button", { name: "Stop recording camera" }).click();
  });

  it("Microphone({ sampleRate: 16000, channels: 2 }): fn gets 16 kHz stereo with the tone at 440 Hz; another microphone chosen while recording takes over", async () => {
    const page = await open(two, server.app("mic-pick"));
    const picker = page.getByLabel("Microphone for mic");
    await until("the microphones are listed", async () => (await picker.locator("option").count()) >= 2);
    await page.getByRole("button", { name: "Start recording mic" }).click();
    await until("fn hears", async () => (await shownText(page, "format")) !== "", 30000);
    assert.equal(await shownText(page, "format"), "16000 Hz x 2", "the page recorded at the Microphone's rate and channels");
    // Measured on a chunk from the second second on (the first may begin before the device sounds).
    await until("1.5 s of audio is heard", async () => (await number(page, "frames")) >= 24000, 30000);
    const f = await number(page, "frequency");
    console.log(`      the 440 Hz tone measured ${f} Hz inside fn (16 kHz stereo)`);
    assert.ok(Math.abs(f - 440) <= 8, `the 440 Hz tone measured ${f} Hz inside fn`);

    const before = await page.locator(".li-device-picker").getAttribute("data-active");
    const other = (await picker.locator("option").allTextContents()).find((label) => label !== before)!;
    await watchStops(page);
    await picker.selectOption({ label: other });
    await until("the other microphone records", async () => (await page.locator(".li-device-picker").getAttribute("data-active")) === other, 30000);
    const frames = await number(page, "frames");
    await until("samples keep coming from it (1 s more)", async () => (await number(page, "frames")) >= frames + 16000, 30000);
    assert.equal(await stops(page), 0, "the recording did not stop");
    assert.equal(await shownText(page, "format"), "16000 Hz x 2");
    await page.getByRole("button", { name: "Stop recording mic" }).click();

    await page.reload();
    await page.locator("#app[data-state]").waitFor();
    await until("the choice is remembered", async () => (await picker.locator("option:checked").textContent()) === other);
  });

  it("labels come with the first grant; a refused camera says what to do; a chosen camera that is gone is replaced by the default, and said", async () => {
    // A choice made where two cameras exist...
    const chooser = await open(two, server.app("camera-pick"));
    await until("both cameras are listed", async () => (await chooser.getByLabel("Camera for camera").locator("option").count()) === 2);
    await chooser.getByLabel("Camera for camera").selectOption({ label: "fake_device_1" });
    const remembered = await chooser.context().storageState();

    // ...carried to a browser with one camera, which asks before it names any.
    const page = await open(asking, server.app("camera-pick"), { storageState: remembered });
    const picker = page.locator(".li-device-picker");
    assert.equal(await picker.isHidden(), true, "no list before the browser names the cameras");
    await page.getByRole("button", { name: "Start recording camera" }).click();
    const status = page.locator(".li-record-status");
    await until("the refusal is said", async () => /^Could not start: the camera is not allowed/.test((await status.textContent()) ?? ""));
    assert.match((await status.textContent())!, /allow it for this page in the browser's site settings\. You can stream a video file \(choose one below\) instead\.$/);

    await page.context().grantPermissions(["camera"], { origin: new URL(server.url).origin });
    await page.getByRole("button", { name: "Start recording camera" }).click();
    await until("fn gets frames from the camera there is", async () => (await shownText(page, "kind")) === "colour", 30000);
    assert.equal(await picker.isVisible(), true, "the list appears once the browser names the cameras");
    assert.deepEqual(await page.getByLabel("Camera for camera").locator("option").allTextContents(), ["fake_device_0"]);
    assert.equal(await page.locator(".li-device-status").textContent(), "The camera chosen before (fake_device_1) is not connected: recording from fake_device_0.");

    // The camera's track ends (what unplugging it does; a fake camera cannot be unplugged): the recording stops and says why.
    await page.locator("video.li-camera").evaluate((v) => (v as HTMLVideoElement).srcObject && ((v as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]!.dispatchEvent(new Event("ended")));
    await recording(page, "camera").and(page.locator("[data-recording=false]")).waitFor();
    assert.equal(await status.textContent(), "Stopped: the camera (fake_device_0) was disconnected");
  });
});
