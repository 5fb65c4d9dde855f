// The speech recognition example, for real: espeak-ng speaks a sentence into a WAV file, Chromium's
// fake microphone plays it, the page streams it to fn, and PocketSphinx (offline) writes what it
// heard. Synthetic speech is not recognized word for word: the test asks for several of the words.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { launchChromium, openPage, until } from "../helpers/browser";
import { asymmetricY4m } from "../helpers/fake-media";
import { example, serveCli } from "../helpers/serve";

const SENTENCE = "the quick brown fox jumps over the lazy dog.";
/** Words to listen for ("the" would come from anything). */
const WORDS = ["quick", "brown", "fox", "jumps", "over", "lazy", "dog"];

describe("example: real-time speech recognition (PocketSphinx, offline)", function () {
  this.timeout(90000);

  it("the transcript grows with words the fake microphone spoke", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "li-speech-"));
    const spoken = path.join(dir, "spoken.wav");
    const wav = path.join(dir, "speech.wav");
    execFileSync("espeak-ng", ["-s", "130", "-w", spoken, SENTENCE]);
    // A pause after the sentence, so the recognizer ends the utterance (the file plays in a loop).
    execFileSync("sox", [spoken, "-r", "48000", wav, "pad", "0.3", "1.5"]);
    const server = await serveCli([example("speech-recognition.ts")]);
    const browser = await launchChromium([
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${asymmetricY4m(path.join(dir, "camera.y4m"), 64, 48, 30, 1)}`,
      `--use-file-for-fake-audio-capture=${wav}`,
    ]);
    try {
      const { page, problems } = await openPage(browser, server.url);
      const transcript = page.getByLabel("transcript", { exact: true });
      const text = async () => ((await transcript.inputValue().catch(() => transcript.textContent())) ?? "").toLowerCase();
      await until("the page is ready", async () => (await text()).includes("press start recording"));
      await page.getByRole("button", { name: "Start recording microphone" }).click();
      const heard = () => text().then((t) => WORDS.filter((w) => new RegExp(`\\b${w}\\b`).test(t)));
      await until("PocketSphinx recognized several of the spoken words", async () => (await heard()).length >= 3, 45000).catch(async (e) => {
        throw new Error(`${e.message}; the transcript shows ${JSON.stringify(await text())}`);
      });
      console.log(`      transcript: ${JSON.stringify(await text())} (heard: ${(await heard()).join(", ")})`);
      const shots = path.resolve(__dirname, "../../test-results/examples");
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, "speech-recognition-transcript.png") });
      await page.getByRole("button", { name: "Stop recording microphone" }).click();
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
