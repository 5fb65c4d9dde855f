// Voice turns for real: espeak-ng speaks sentences with pauses into a WAV file, Chromium's fake
// microphone plays it (in a loop), the page streams it, the host's WebRTC VAD finds the turns, and fn
// runs once per sentence; speaking over a long reply cancels it and silences what the page queued.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { launchChromium, openPage, shownText, until } from "../helpers/browser";
import { example, fixture, serveCli } from "../helpers/serve";
import { spokenWav, type Segment } from "../helpers/speech";

const SAID = ["Hello there.", "What is the weather like today?", "Please tell me a long story about a friendly dragon."];
const shots = path.resolve(__dirname, "../../test-results/voice-turns");

/** Serves `module`, opens it in Chromium whose microphone plays `segments`, and runs `body`. */
async function withSpeech(module: string, segments: Segment[], body: (page: Page, sentences: number[]) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "li-voice-"));
  const spoken = spokenWav(dir, "mic", segments);
  const server = await serveCli([module]);
  const browser = await launchChromium([
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${spoken.file}`,
    "--autoplay-policy=no-user-gesture-required",
  ]);
  try {
    const { page, problems } = await openPage(browser, server.url);
    await page.getByRole("button", { name: "Start recording microphone" }).click();
    await body(page, spoken.sentences);
    await page.getByRole("button", { name: "Stop recording microphone" }).click();
    await until("the input says it is idle", async () => (await page.locator(".li-turn-state").getAttribute("data-state")) === "idle");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("voice turns (real Chromium, espeak-ng through the fake microphone)", function () {
  this.timeout(120000);
  before(() => fs.mkdirSync(shots, { recursive: true }));

  it("three sentences with pauses: one fn call per sentence, with the whole sentence", async () => {
    const segments: Segment[] = [{ silence: 0.5 }, { say: SAID[0]! }, { silence: 1 }, { say: SAID[1]! }, { silence: 1 }, { say: SAID[2]! }, { silence: 2 }];
    await withSpeech(fixture("voice-calls.ts"), segments, async (page, sentences) => {
      const state = page.locator(".li-turn-state");
      await until("the input listens", async () => (await state.textContent()) === "Listening…");
      const calls = async () => (await shownText(page, "calls")).split(" ").filter(Boolean).map(Number);
      // The file plays in a loop: the fourth call is the first sentence again. Four calls show that
      // each sentence made exactly one, and that the pauses and the file's end made none.
      await until("fn was called for each sentence and the loop began again", async () => (await calls()).length >= 4, 60000);
      const got = await calls();
      console.log(`      sentences ${sentences.map((s) => s.toFixed(2)).join(", ")} s; fn called with ${got.join(", ")} s`);
      // Where in the file the microphone started is Chromium's business: find the first sentence.
      const first = got.findIndex((s) => near(s, sentences[0]!));
      assert.ok(first >= 0 && first <= 1, `the first sentence is among the first calls: ${got.join(", ")}`);
      const cycle = got.slice(first, first + 3);
      cycle.forEach((s, i) => assert.ok(near(s, sentences[i]!), `call ${first + i + 1} (${s} s) is sentence ${i + 1} (${sentences[i]!.toFixed(2)} s), whole`));
    });
  });

  it("barge-in: speaking over a long reply cancels its run and silences what the page had queued", async () => {
    // The first sentence gets 20 s of reply; the second begins 2.5 s after the first ends.
    const segments: Segment[] = [{ silence: 0.5 }, { say: SAID[0]! }, { silence: 2.5 }, { say: SAID[2]! }, { silence: 3 }];
    await withSpeech(fixture("voice-barge-in.ts"), segments, async (page) => {
      const state = page.locator(".li-turn-state");
      const player = page.locator(".li-player");
      const queuedMs = async () => Number(await player.getAttribute("data-queued-ms"));
      await until("the long reply plays", async () => (await queuedMs()) > 10000 && (await state.getAttribute("data-state")) === "replying", 30000);
      await page.screenshot({ path: path.join(shots, "replying.png") });
      await until("the speaker begins again", async () => (await state.getAttribute("data-state")) === "speaking", 15000);
      // While the second sentence is still spoken (its turn has not ended): the reply is silent already.
      await until("the queued reply is dropped", async () => (await queuedMs()) === 0, 1500);
      const played = Number(await player.getAttribute("data-played"));
      assert.match((await player.getByRole("status").textContent()) ?? "", /Stopped/);
      assert.ok(played < 6 * 48000, `only what played before the barge-in was heard: ${(played / 48000).toFixed(2)} s of 20`);
      await page.screenshot({ path: path.join(shots, "barge-in.png") });
      await until("the second sentence gets its reply", async () => (await shownText(page, "log")).includes("reply 2"), 15000);
      const text = await shownText(page, "log");
      assert.match(text, /reply 1 cancelled/, `fn's signal fired for the cut reply: ${JSON.stringify(text)}`);
      console.log(`      barge-in: ${(played / 48000).toFixed(2)} s of the 20 s reply played; fn: ${JSON.stringify(text)}`);
    });
  });

  it("example voice chat: each spoken sentence is recognized offline, once, and answered aloud", async () => {
    // PocketSphinx hears espeak-ng's voice poorly (test/browser/speech.test.ts checks its words): here
    // each sentence must make one exchange, with the sentence's length, and an answer that plays.
    const segments: Segment[] = [{ silence: 0.5 }, { say: "the quick brown fox jumps over the lazy dog." }, { silence: 1.5 }, { say: "hello there" }, { silence: 6 }];
    await withSpeech(example("voice-chat.ts"), segments, async (page, sentences) => {
      const said = async () => (await shownText(page, "conversation")).split("\n").filter((l) => l.startsWith("You:"));
      await until("both sentences were answered", async () => (await said()).length >= 2, 60000);
      const conversation = await shownText(page, "conversation");
      console.log(`      ${JSON.stringify(conversation)}`);
      const exchanges = (await said()).slice(0, 2).map((line) => /^You: (.*) \(([\d.]+) s\)$/.exec(line));
      exchanges.forEach((m, i) => {
        assert.ok(m, `a "You:" line per sentence: ${conversation}`);
        assert.ok(near(Number(m[2]), sentences[i]!), `sentence ${i + 1} whole: ${m[2]} s for ${sentences[i]!.toFixed(2)} s`);
        assert.notEqual(m[1], "…", `PocketSphinx wrote something for sentence ${i + 1}`);
      });
      assert.equal((conversation.match(/^Me: /gm) ?? []).length, (await said()).length, "an answer for each");
      await until("the answer is heard", async () => Number(await page.locator(".li-player").getAttribute("data-played")) > 0, 20000);
      await page.screenshot({ path: path.join(shots, "voice-chat.png") });
    });
  });
});

/** An utterance is a whole sentence: its length as spoken, give or take the padding and the detector's hangover. */
function near(utterance: number, sentence: number): boolean {
  return utterance >= sentence - 0.4 && utterance <= sentence + 0.6;
}
