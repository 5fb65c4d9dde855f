// The turn detector with the real WebRTC voice activity detector (WebAssembly), on audio whose
// content the test knows: silence, noise, a hum, steady test tones, bursts of a 150 Hz buzz (a
// sawtooth, like the vocal folds' pulses: voice to this detector, which makes exact timings
// testable) and sentences spoken by espeak-ng.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { AudioChunk } from "../../src/protocol/messages";
import { TurnDetector } from "../../src/runtime/turns/turn-detector";
import { TURN_DEFAULTS, turnSettings, type TurnSettings } from "../../src/runtime/turns/turn-options";
import { WebRtcVad } from "../../src/runtime/turns/webrtc-vad";
import { readWav, spokenWav } from "../helpers/speech";

const RATE = 48000;

/** Pieces of mono audio at RATE: seconds of silence (0), a tone (Hz), noise, or a 150 Hz buzz (voice). */
function audio(...pieces: [seconds: number, what: number | "noise" | "buzz", amplitude?: number][]): AudioChunk {
  const total = pieces.reduce((n, [s]) => n + Math.round(s * RATE), 0);
  const data = new Float32Array(total);
  let at = 0;
  let seed = 1;
  for (const [seconds, what, amplitude = 0.4] of pieces) {
    const n = Math.round(seconds * RATE);
    for (let i = 0; i < n; i++) {
      if (what === "noise") data[at + i] = amplitude * (((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
      else if (what === "buzz") data[at + i] = amplitude * (2 * ((i * 150) / RATE - Math.floor((i * 150) / RATE)) - 1);
      else if (what > 0) data[at + i] = amplitude * Math.sin((2 * Math.PI * what * i) / RATE);
    }
    at += n;
  }
  return { sampleRate: RATE, channels: 1, data };
}

interface Heard {
  starts: number;
  dropped: number;
  turns: AudioChunk[];
  /** Where each speech start and turn happened, in seconds of audio fed. */
  log: string[];
}

/** Feeds `chunk` to a fresh detector in pieces of `piece` seconds (or sizes from `sizes`), then ends it. */
async function detect(chunk: AudioChunk, settings: Partial<TurnSettings> = {}, piece: number | (() => number) = 0.1, end = true): Promise<Heard> {
  const s = { ...TURN_DEFAULTS, ...settings };
  const heard: Heard = { starts: 0, dropped: 0, turns: [], log: [] };
  let fed = 0;
  const at = () => (fed / chunk.sampleRate).toFixed(2);
  const detector = new TurnDetector(s, WebRtcVad.create(s.aggressiveness), {
    speechStart: () => (heard.starts++, heard.log.push(`start@${at()}`)),
    turn: (u) => (heard.turns.push(u), heard.log.push(`turn@${at()}:${seconds(u).toFixed(2)}`)),
    dropped: () => heard.dropped++,
    failed: (err) => assert.fail(err),
  });
  await detector.ready;
  const frames = chunk.data.length / chunk.channels;
  while (fed < frames) {
    const n = Math.max(1, Math.round((typeof piece === "number" ? piece : piece()) * chunk.sampleRate));
    const to = Math.min(frames, fed + n);
    detector.push({ ...chunk, data: chunk.data.slice(fed * chunk.channels, to * chunk.channels) });
    fed = to;
  }
  if (end) detector.end();
  detector.close();
  return heard;
}

const seconds = (c: AudioChunk) => c.data.length / c.channels / c.sampleRate;

/** Asserts `actual` is within [expected - below, expected + above]. */
function near(actual: number, expected: number, what: string, below = 0.05, above = 0.2): void {
  assert.ok(actual >= expected - below && actual <= expected + above, `${what}: ${actual.toFixed(3)} s, expected ${expected} s (-${below} / +${above})`);
}

describe("voice turns: the turn detector (WebRTC VAD)", () => {
  it("silence, quiet noise, a mains hum and steady test tones hold no speech", async () => {
    for (const [name, chunk] of [
      ["silence", audio([5, 0])],
      ["quiet noise", audio([5, "noise", 0.02])],
      ["100 Hz hum", audio([1, 0], [4, 100, 0.3], [1, 0])],
      ["440 Hz tone", audio([1, 0], [4, 440], [1, 0])],
      ["1 kHz tone", audio([1, 0], [4, 1000], [1, 0])],
    ] as const) {
      const heard = await detect(chunk);
      assert.equal(heard.starts, 0, `${name}: ${heard.log.join(" ")}`);
      assert.equal(heard.turns.length, 0, name);
    }
  });

  it("bursts of voice: a sound shorter than minSpeech is dropped, a pause shorter than minSilence stays inside, each turn is padded", async () => {
    const chunk = audio([0.5, 0], [0.1, "buzz"], [1, 0], [0.8, "buzz"], [0.3, 0], [0.5, "buzz"], [1.5, 0], [1.2, "buzz"], [1, 0]);
    const heard = await detect(chunk);
    assert.equal(heard.turns.length, 2, heard.log.join(" "));
    assert.equal(heard.starts, 2);
    assert.ok(heard.dropped >= 1, "the 0.1 s click was dropped");
    // 0.8 + 0.3 + 0.5 s of sound, and 0.2 s of padding on each side; the detector's own hangover may add a frame or three.
    near(seconds(heard.turns[0]!), 2.0, "first turn");
    near(seconds(heard.turns[1]!), 1.6, "second turn");
    // The padding before the sound is silence, and the buzz begins right after it.
    const first = heard.turns[0]!.data;
    const onset = first.findIndex((v) => Math.abs(v) > 0.01) / RATE;
    near(onset, 0.2, "padding before the speech", 0.035, 0.035);
  });

  it("minSilence, minSpeech and padding change where turns fall", async () => {
    const chunk = audio([0.5, 0], [0.8, "buzz"], [0.3, 0], [0.5, "buzz"], [1.5, 0]);
    // The detector's own hangover (about 0.1 s of voice after the sound) shortens the pause it hears.
    const split = await detect(chunk, { minSilence: 0.1 });
    assert.equal(split.turns.length, 2, `a 0.3 s pause ends a turn when minSilence is 0.1 s: ${split.log.join(" ")}`);
    const strict = await detect(chunk, { minSpeech: 0.9 });
    assert.equal(strict.turns.length, 1, "0.8 + 0.5 s of voice reach a minSpeech of 0.9 s together");
    const tooShort = await detect(audio([0.5, 0], [0.5, "buzz"], [1.5, 0]), { minSpeech: 0.9 });
    assert.equal(tooShort.turns.length, 0, "0.5 s of voice is under a minSpeech of 0.9 s");
    const unpadded = await detect(chunk, { padding: 0 });
    near(seconds(unpadded.turns[0]!), 1.6, "no padding");
  });

  it("the turn comes out the same whatever the chunk sizes", async () => {
    const chunk = audio([0.5, 0], [0.8, "buzz"], [0.3, 0], [0.5, "buzz"], [1.5, 0], [1.2, "buzz"], [1, 0]);
    const even = await detect(chunk, {}, 0.1);
    let seed = 7;
    const odd = await detect(chunk, {}, () => ((seed = (seed * 48271) % 2147483647) % 997) / 10000 + 0.001);
    assert.deepEqual(
      odd.turns.map((t) => t.data.length),
      even.turns.map((t) => t.data.length),
    );
    assert.deepEqual(odd.turns[1]!.data, even.turns[1]!.data);
  });

  it("the recording's end ends the speech under way; maxSpeech cuts a long one", async () => {
    const cut = await detect(audio([0.5, 0], [1.5, "buzz"]));
    assert.equal(cut.turns.length, 1, "Stop recording while speaking: the speech is a turn");
    near(seconds(cut.turns[0]!), 1.7, "cut by the end");
    const unended = await detect(audio([0.5, 0], [1.5, "buzz"]), {}, 0.1, false);
    assert.equal(unended.turns.length, 0, "still speaking: no turn yet");
    // Cut where maxSpeech is reached (to the next 30 ms frame), and the speech goes on in the next turn, no sample twice.
    const long = await detect(audio([0.2, 0], [3.5, "buzz"], [1, 0]), { maxSpeech: 1 });
    assert.equal(long.starts, 1, "one speech");
    assert.deepEqual(long.turns.slice(0, 3).map(seconds), [1.02, 1.02, 1.02], long.log.join(" "));
    near(long.turns.map(seconds).reduce((a, b) => a + b), 3.9, "all of it");
  });

  it("three spoken sentences with pauses: three turns in order, each as long as its sentence", async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "li-turns-"));
    try {
      const said = ["Hello there.", "What is the weather like today?", "Please tell me a long story about a friendly dragon."];
      // espeak-ng's own rate (22050 Hz, which the detector resamples), made stereo: turns keep both.
      const spoken = spokenWav(dir, "three", [{ silence: 0.5 }, { say: said[0]! }, { silence: 1 }, { say: said[1]! }, { silence: 1 }, { say: said[2]! }, { silence: 1.5 }], 22050);
      const mono = readWav(spoken.file);
      const stereo = new Float32Array(mono.data.length * 2);
      mono.data.forEach((v, i) => ((stereo[2 * i] = v), (stereo[2 * i + 1] = 0.5 * v)));
      const heard = await detect({ sampleRate: 22050, channels: 2, data: stereo });
      assert.equal(heard.turns.length, 3, heard.log.join(" "));
      console.log(`      sentences ${spoken.sentences.map((x) => x.toFixed(2)).join(", ")} s; turns ${heard.turns.map((t) => seconds(t).toFixed(2)).join(", ")} s`);
      heard.turns.forEach((t, i) => {
        assert.equal(t.sampleRate, 22050);
        assert.equal(t.channels, 2);
        // espeak's file has a little silence at both ends, which the detector does not count as speech.
        near(seconds(t), spoken.sentences[i]!, `sentence ${i + 1}`, 0.35, 0.45);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("options are checked, naming the input and the option", () => {
    assert.deepEqual(turnSettings(true, "Audio"), TURN_DEFAULTS);
    assert.equal(turnSettings(false, "Audio"), undefined);
    assert.throws(() => turnSettings({ minSilence: -1 }, 'Audio "mic"'), /Audio "mic": turns.minSilence must be a number of seconds from 0.03 to 10, got -1/);
    assert.throws(() => turnSettings({ silence: 1 } as never, "Audio"), /turns has no option "silence"/);
    assert.throws(() => turnSettings({ aggressiveness: 5 as never }, "Audio"), /aggressiveness must be 0, 1, 2 or 3/);
    assert.throws(() => turnSettings({ maxSpeech: 120 }, "Audio"), /maxSpeech must be a number of seconds from 1 to 60/);
  });
});
