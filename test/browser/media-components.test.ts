// Gallery and Video in real Chromium: pictures from raw frames and from a file fn names, with
// captions; an uploaded video (made here by ffmpeg) reaches fn and plays back decoded.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { until, useServedApps } from "../helpers/browser";
import { fakeMediaFlags } from "../helpers/fake-media";
import { fixture } from "../helpers/serve";

describe("Gallery and Video components", function () {
  this.timeout(60000);
  const media = fakeMediaFlags();
  after(() => fs.rmSync(media.dir, { recursive: true, force: true }));
  const { open } = useServedApps([fixture("media-out.ts"), fixture("greeter.ts")], { chromiumArgs: media.flags });

  it("Gallery: captioned pictures from frames and from a file; the count follows a slider", async () => {
    const page = await open("media-out");
    const figures = page.getByRole("list", { name: "pictures" }).locator("figure");
    await until("four pictures", async () => (await figures.count()) === 4);
    assert.deepEqual(await figures.locator("figcaption").allTextContents(), ["colour 1", "colour 2", "colour 3", "from a file"]);
    const green = await figures.nth(1).locator("canvas").evaluate((c) => [...(c as HTMLCanvasElement).getContext("2d")!.getImageData(5, 5, 1, 1).data]);
    assert.deepEqual(green, [0, 160, 0, 255]);
    await until("the file's picture decoded", async () => (await figures.nth(3).locator("img").evaluate((i) => (i as HTMLImageElement).naturalWidth)) === 2);
    await page.getByLabel("count", { exact: true }).focus();
    await page.keyboard.press("ArrowRight");
    await until("five pictures", async () => (await figures.count()) === 5);
    await page.close();
  });

  it("Video: an uploaded clip reaches fn and plays back, decoded by the browser", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "li-video-"));
    const clip = path.join(dir, "clip.webm");
    execFileSync("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-t", "1", "-c:v", "libvpx", clip]);
    try {
      const page = await open("media-out");
      await page.getByLabel("Upload a video for clip").setInputFiles(clip);
      const played = page.getByLabel("played back", { exact: true });
      await until("the clip came back and decoded", async () => (await played.evaluate((v) => (v as HTMLVideoElement).videoWidth)) === 64, 20000);
      assert.equal(await played.evaluate((v) => (v as HTMLVideoElement).videoHeight), 48);
      await page.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Video: a recording from the camera (MediaRecorder) reaches fn and plays back", async () => {
    const page = await open("media-out");
    const record = page.getByRole("button", { name: "Record a video for clip" });
    // The recording is stopped once it holds a frame: the recorder is asked for what it has so far
    // (requestData) until that is not empty (Chromium's WebM writer starts with the first frame).
    await page.evaluate(() => {
      const w = window as unknown as { __recorder?: MediaRecorder; __recorded: number };
      w.__recorded = 0;
      const start = MediaRecorder.prototype.start;
      MediaRecorder.prototype.start = function (this: MediaRecorder, ...args: [number?]) {
        w.__recorder = this;
        this.addEventListener("dataavailable", (e) => (w.__recorded += e.data.size));
        return start.apply(this, args);
      };
    });
    await record.click();
    const holdsAFrame = () =>
      page.evaluate(() => {
        const w = window as unknown as { __recorder?: MediaRecorder; __recorded: number };
        if (w.__recorder?.state === "recording") w.__recorder.requestData();
        return w.__recorded > 0;
      });
    await until("the recording holds a frame", holdsAFrame, 20000);
    await record.click(); // stop and use it
    const played = page.getByLabel("played back", { exact: true });
    await until("the recording came back and decoded", async () => (await played.evaluate((v) => (v as HTMLVideoElement).videoWidth)) === 640, 20000);
    await page.close();
  });
});
