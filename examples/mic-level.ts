// Microphone level meter: while recording, fn gets the audio since its last run (every 0.1 s; no
// sample is lost even when fn is slower) and shows its loudness. li.State keeps a running total.
// li.Microphone records raw sound (the browser's echo cancellation and noise suppression off, as
// asked here); with several microphones, pick one under the meter, even while recording.
import * as li from "live-interface";

/** Seconds of audio heard so far in this session (the same State as input and output). */
const heard = new li.State({ value: 0 });

export default new li.Interface({
  fn: (audio, before: number) => {
    let sum = 0;
    for (const x of audio.data) sum += x * x;
    const rms = Math.sqrt(sum / Math.max(1, audio.data.length));
    const db = audio.data.length ? Math.max(-90, 20 * Math.log10(rms || 1e-9)) : -90;
    const seconds = before + audio.data.length / audio.channels / audio.sampleRate;
    const bars = Math.round(Math.max(0, (db + 60) / 60) * 30);
    return [Math.round(db * 10) / 10, "█".repeat(bars) + "░".repeat(30 - bars), Math.round(seconds * 100) / 100, seconds] as const;
  },
  inputs: [new li.Microphone({ label: "microphone", echoCancellation: false, noiseSuppression: false, streaming: true }), heard],
  outputs: [new li.Number({ label: "level (dBFS)" }), new li.Textbox({ label: "meter" }), new li.Number({ label: "seconds heard" }), heard],
  live: true,
  streamEvery: 0.1,
  title: "Microphone level meter",
  description: "Press Start recording and speak: the level follows your voice ten times a second. With several microphones, choose one below, even while recording.",
});
