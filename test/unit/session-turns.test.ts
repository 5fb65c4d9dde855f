// Voice turns in a session: one run per utterance (in line, none lost), barge-in, the states the
// page is told. Runs are driven by hand (fake executor); the detector is the real WebRTC VAD, fed
// bursts of a 150 Hz buzz (voice to it) and silence.
import * as assert from "node:assert/strict";
import * as li from "../../src/index";
import type { AudioChunk, ServerMessage } from "../../src/protocol/messages";
import { Session } from "../../src/runtime/session";
import { fakeExecutor } from "../helpers/fake-executor";
import { until } from "../helpers/wait";

const RATE = 48000;

/** Mono audio at RATE: [seconds, voice?] pieces (voice: a 150 Hz sawtooth buzz). */
function audio(...pieces: [seconds: number, voice: boolean][]): AudioChunk {
  const data = new Float32Array(pieces.reduce((n, [s]) => n + Math.round(s * RATE), 0));
  let at = 0;
  for (const [seconds, voice] of pieces) {
    const n = Math.round(seconds * RATE);
    if (voice) for (let i = 0; i < n; i++) data[at + i] = 0.4 * (2 * (((i * 150) / RATE) % 1) - 1);
    at += n;
  }
  return { sampleRate: RATE, channels: 1, data };
}

/** Streams `chunk` into input 0 in 0.1 s pieces, as a page does. */
function feed(session: Session, chunk: AudioChunk): void {
  const piece = RATE / 10;
  for (let at = 0; at < chunk.data.length; at += piece) session.handle({ type: "stream", index: 0, value: { ...chunk, data: chunk.data.slice(at, at + piece) } });
}

const seconds = (v: unknown) => (v as AudioChunk).data.length / RATE;

/** An utterance's length: its sound and padding, and up to 0.2 s more (the detector's hangover after voice). */
function within(actual: number, expected: number, what: string): void {
  assert.ok(actual >= expected - 0.03 && actual <= expected + 0.2, `${what}: ${actual.toFixed(3)} s, expected ${expected} s`);
}

function setup(turns: li.TurnOptions = {}, outputs: li.Audio | li.Textbox = new li.Textbox({ label: "reply" })) {
  const mic = new li.Audio({ label: "mic", sources: ["microphone"], streaming: true, turns });
  const { executor, runs } = fakeExecutor({ inputs: [mic.spec(0, "mic")], outputs: [outputs.spec(1, "reply")] });
  const sent: ServerMessage[] = [];
  const session = new Session(executor, (m) => sent.push(m));
  const turnStates = () => sent.filter((m) => m.type === "turn").map((m) => (m.type === "turn" ? `${m.state}${m.bargeIn ? "!" : ""}` : ""));
  return { session, runs, sent, turnStates };
}

describe("voice turns in a session", () => {
  it("fn runs once per utterance, with that utterance; the chunks alone run nothing", async () => {
    const { session, runs, turnStates } = setup();
    await until("fn(initial values) runs on load", () => runs.length === 1);
    assert.equal(seconds(runs[0]!.values[0]), 0, "no utterance yet: no samples");
    runs[0]!.handlers.end({});
    feed(session, audio([0.5, false], [0.8, true], [1, false]));
    await until("the first utterance runs fn", () => runs.length === 2);
    within(seconds(runs[1]!.values[0]), 1.2, "the first utterance, padded");
    runs[1]!.handlers.end({});
    feed(session, audio([0.5, true], [1, false]));
    await until("the second utterance runs fn", () => runs.length === 3);
    within(seconds(runs[2]!.values[0]), 0.9, "the second utterance");
    runs[2]!.handlers.end({});
    session.handle({ type: "stream-end", index: 0 });
    await until("the page hears the input is idle", () => turnStates().at(-1) === "idle");
    assert.equal(runs.length, 3);
    const states = turnStates().join(" ");
    assert.match(states, /^listening speaking thinking listening speaking thinking listening idle$/, states);
    session.close();
  });

  it("utterances heard while fn is busy wait in line, one run each, in order", async () => {
    const { session, runs } = setup({ bargeIn: false });
    await until("fn(initial values) runs on load", () => runs.length === 1);
    runs[0]!.handlers.end({});
    feed(session, audio([0.3, false], [0.4, true], [1, false]));
    await until("the first utterance runs fn", () => runs.length === 2);
    feed(session, audio([0.6, true], [1, false], [1.0, true], [1, false]));
    // The detector judges chunks as they come (it started with the first one): both turns are heard by now.
    assert.equal(runs.length, 2, "the run in flight is not cut short (bargeIn: false)");
    assert.equal(runs[1]!.aborted, false);
    runs[1]!.handlers.end({});
    await until("the second utterance's run", () => runs.length === 3);
    runs[2]!.handlers.end({});
    await until("the third utterance's run", () => runs.length === 4);
    [0.8, 1.0, 1.4].forEach((expected, i) => within(seconds(runs[i + 1]!.values[0]), expected, `utterance ${i + 1}`));
    session.close();
  });

  it("barge-in: speech over a reply in flight cancels it, the page is told to silence it, and what it still sends is dropped", async () => {
    const { session, runs, sent, turnStates } = setup({}, new li.Audio({ label: "reply", streaming: true, autoplay: true }));
    await until("fn(initial values) runs on load", () => runs.length === 1);
    runs[0]!.handlers.end({});
    feed(session, audio([0.3, false], [0.6, true], [1, false]));
    await until("the utterance runs fn", () => runs.length === 2);
    const reply = runs[1]!;
    reply.handlers.output({ values: [audio([10, true])] });
    assert.equal(turnStates().at(-1), "replying");
    feed(session, audio([0.5, true]));
    await until("speech over the reply cancels it", () => reply.aborted);
    assert.equal(turnStates().at(-1), "speaking!", "the page is told to silence the reply");
    const outputs = sent.filter((m) => m.type === "output").length;
    reply.handlers.output({ values: [audio([1, true])] });
    assert.equal(sent.filter((m) => m.type === "output").length, outputs, "the cancelled reply's later output is dropped");
    reply.handlers.end({ aborted: true });
    const end = sent.find((m) => m.type === "run-end" && m.run === reply.id);
    assert.deepEqual(end, { type: "run-end", run: reply.id, aborted: true });
    feed(session, audio([1, false]));
    await until("the new utterance gets its run", () => runs.length === 3);
    assert.ok(seconds(runs[2]!.values[0]) > 0.5);
    session.close();
  });

  it("barge-in also silences a reply whose run ended while its audio still plays; a finished text reply is not interrupted", async () => {
    const playing = setup({}, new li.Audio({ label: "reply", streaming: true, autoplay: true }));
    await until("fn(initial values) runs on load", () => playing.runs.length === 1);
    playing.runs[0]!.handlers.end({});
    feed(playing.session, audio([0.3, false], [0.6, true], [1, false]));
    await until("the utterance runs fn", () => playing.runs.length === 2);
    playing.runs[1]!.handlers.output({ values: [audio([20, true])] }); // 20 s to play
    playing.runs[1]!.handlers.end({});
    feed(playing.session, audio([0.5, true]));
    await until("speech over the playing reply silences it", () => playing.turnStates().includes("speaking!"));
    playing.session.close();

    const text = setup();
    await until("fn(initial values) runs on load", () => text.runs.length === 1);
    text.runs[0]!.handlers.end({});
    feed(text.session, audio([0.3, false], [0.6, true], [1, false]));
    await until("the utterance runs fn", () => text.runs.length === 2);
    text.runs[1]!.handlers.output({ values: ["a reply"] });
    text.runs[1]!.handlers.end({});
    feed(text.session, audio([0.5, true], [1, false]));
    await until("the next utterance runs fn", () => text.runs.length === 3);
    assert.ok(!text.turnStates().some((s) => s.endsWith("!")), `no barge-in: ${text.turnStates().join(" ")}`);
    text.session.close();
  });

  it("Stop recording while speaking: the speech so far is a turn", async () => {
    const { session, runs, turnStates } = setup();
    await until("fn(initial values) runs on load", () => runs.length === 1);
    runs[0]!.handlers.end({});
    feed(session, audio([0.3, false], [1.0, true]));
    await until("speech is heard", () => turnStates().includes("speaking"));
    session.handle({ type: "stream-end", index: 0 });
    await until("the speech so far runs fn", () => runs.length === 2);
    within(seconds(runs[1]!.values[0]), 1.2, "the speech so far, padded before");
    session.close();
  });

  it("options changed by a reload of the module take effect on the next chunk", async () => {
    const { session, runs } = setup({ minSilence: 0.6 });
    await until("fn(initial values) runs on load", () => runs.length === 1);
    runs[0]!.handlers.end({});
    const twoBursts = () => audio([0.3, false], [0.5, true], [0.4, false], [0.5, true], [1, false]);
    feed(session, twoBursts());
    await until("the two bursts make one turn (their 0.4 s pause is under minSilence)", () => runs.length === 2);
    runs[1]!.handlers.end({});
    const spec = session.currentConfig!.inputs[0]!;
    assert.ok(spec.type === "audio" && spec.props.turns);
    spec.props.turns = { ...spec.props.turns, minSilence: 0.2 };
    feed(session, twoBursts());
    await until("now the pause ends a turn", () => runs.length === 3);
    runs[2]!.handlers.end({});
    await until("and the second burst is a turn of its own", () => runs.length === 4);
    session.close();
  });

  it("a turn input needs a live interface and a streaming microphone, and its options are checked where it is declared", () => {
    assert.throws(() => new li.Audio({ label: "mic", turns: true }), /Audio "mic": turns need a streaming microphone/);
    assert.throws(() => new li.Audio({ label: "mic", sources: ["microphone"], streaming: true, turns: { padding: 5 } }), /Audio "mic": turns.padding must be a number of seconds from 0 to 2, got 5/);
    const mic = new li.Audio({ label: "mic", sources: ["microphone"], streaming: true, turns: true });
    assert.throws(() => new li.Interface({ fn: () => "", inputs: mic, outputs: "text" }), /"mic" takes voice turns, which need a live interface/);
    const spec = mic.spec(0, "mic");
    assert.equal(spec.props.streamEvery, 0.1, "the microphone sends every 0.1 s, so a pause is heard at once");
    assert.deepEqual(spec.props.turns, { minSilence: 0.6, minSpeech: 0.25, padding: 0.2, maxSpeech: 30, bargeIn: true, aggressiveness: 3 });
  });
});
