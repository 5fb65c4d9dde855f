// Voice turns, offline: say a sentence and pause. fn gets the whole sentence once the pause is
// heard (the microphone's `turns`, a WebRTC voice activity detector in the host), PocketSphinx
// writes down what it heard (./recognizers/pocketsphinx.ts), and the answer is spoken back by
// espeak-ng, streamed as audio. Speak while it answers and the answer stops (barge-in).
import { spawn } from "node:child_process";
import * as li from "live-interface";
import { pocketsphinx, RATE, type Recognizer } from "./recognizers/pocketsphinx";

interface Chat {
  recognizer: Recognizer;
  lines: string[];
}

/** This session's recognizer and conversation; the recognizer stops when the session ends. */
function chatOf(session: li.SessionInfo): Chat {
  let chat = session.data.chat as Chat | undefined;
  if (!chat) {
    chat = session.data.chat = { recognizer: pocketsphinx(), lines: [] };
    session.onClose(() => chat!.recognizer.close());
  }
  return chat;
}

/** What PocketSphinx makes of one utterance (it writes a line once it hears the pause after it). */
async function transcribe(recognizer: Recognizer, samples: Float32Array): Promise<string> {
  const before = recognizer.lines.length;
  recognizer.write(samples, RATE);
  recognizer.write(new Float32Array(RATE), RATE); // a second of silence: the utterance is over
  // The first time, PocketSphinx loads its model (a second or two) before it hears anything.
  for (let waited = 0; recognizer.lines.length === before && waited < 10000; waited += 250) await recognizer.next(250);
  return recognizer.lines.slice(before).join(" ");
}

function answer(heard: string): string {
  if (!heard) return "Sorry, I did not catch that.";
  if (/\b(hello|hi|hey)\b/.test(heard)) return "Hello! Say a sentence, pause, and I will answer.";
  if (/\btime\b/.test(heard)) return `It is ${new Date().toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" })}.`;
  if (/\b(day|date|today)\b/.test(heard)) return `Today is ${new Date().toLocaleDateString("en-US", { weekday: "long", month: "long", day: "numeric" })}.`;
  return `You said: ${heard}.`;
}

/** `text` spoken by espeak-ng, as samples; undefined when espeak-ng is not installed. */
function speak(text: string, signal: AbortSignal): Promise<li.AudioChunk | undefined> {
  return new Promise((resolve) => {
    const proc = spawn("espeak-ng", ["--stdout", "-s", "165", text], { stdio: ["ignore", "pipe", "ignore"] });
    signal.addEventListener("abort", () => proc.kill(), { once: true });
    const parts: Buffer[] = [];
    proc.stdout.on("data", (b: Buffer) => parts.push(b));
    proc.on("error", () => resolve(undefined));
    proc.on("close", () => {
      // A WAV of 16-bit mono samples: its rate in the header, the samples after "data" and its size.
      const wav = Buffer.concat(parts);
      const data = wav.indexOf("data");
      if (data < 0) return resolve(undefined);
      const pcm = wav.subarray(data + 8, data + 8 + Math.floor((wav.length - data - 8) / 2) * 2);
      const samples = new Float32Array(pcm.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2) / 32768;
      resolve({ sampleRate: wav.readUInt32LE(24), channels: 1, data: samples });
    });
  });
}

export default new li.Interface({
  fn: async function* (utterance, { session, signal }) {
    if (utterance.data.length === 0) {
      yield ["(press Start recording, say a sentence and pause)", null];
      return;
    }
    const chat = chatOf(session);
    const heard = await transcribe(chat.recognizer, utterance.data);
    const reply = answer(heard);
    chat.lines.push(`You: ${heard || "…"} (${(utterance.data.length / RATE).toFixed(1)} s)`, `Me: ${reply}`);
    yield [chat.lines.slice(-12).join("\n"), null];
    const voice = await speak(reply, signal);
    if (!voice) return;
    // In pieces of a quarter second: the page starts playing the first while the rest arrive.
    const piece = Math.round(voice.sampleRate / 4);
    for (let at = 0; at < voice.data.length && !signal.aborted; at += piece) {
      yield ["", { ...voice, data: voice.data.subarray(at, at + piece) }];
    }
  },
  inputs: new li.Audio({
    label: "microphone",
    sources: ["microphone"],
    streaming: true,
    sampleRate: RATE, // PocketSphinx wants 16 kHz
    turns: { minSilence: 0.6, minSpeech: 0.25, padding: 0.2 },
  }),
  outputs: [new li.Textbox({ label: "conversation", lines: 8 }), new li.Audio({ label: "answer", streaming: true, autoplay: true })],
  live: true,
  timeLimit: 300,
  title: "Voice chat",
  description:
    "Press Start recording, say a sentence and pause: the whole sentence is recognized offline (PocketSphinx) and answered aloud (espeak-ng). Speak while it answers to interrupt it. `apt install pocketsphinx pocketsphinx-en-us espeak-ng`",
});
