// Real-time speech recognition, offline: the microphone streams into fn every half second, fn feeds
// the samples to a local recognizer (PocketSphinx, see ./recognizers/pocketsphinx.ts), and the
// transcript grows by a line each time the speaker pauses. Swap in another Recognizer to use
// another engine.
import * as li from "live-interface";
import { pocketsphinx, RATE, type Recognizer } from "./recognizers/pocketsphinx";

/** This session's recognizer, started on the first chunk and stopped when the session ends. */
function recognizerOf(session: li.SessionInfo): Recognizer {
  let r = session.data.recognizer as Recognizer | undefined;
  if (!r) {
    r = session.data.recognizer = pocketsphinx();
    session.onClose(() => r!.close());
  }
  return r;
}

export default new li.Interface({
  fn: async (audio, { session }) => {
    if (audio.data.length === 0 && !session.data.recognizer) return "(press Start recording and speak)";
    const recognizer = recognizerOf(session);
    // The first channel only: the recognizer wants mono.
    const mono = audio.channels === 1 ? audio.data : audio.data.filter((_, i) => i % audio.channels === 0);
    if (mono.length) recognizer.write(mono, audio.sampleRate);
    // An utterance that ends in this chunk shows now rather than at the next one.
    await recognizer.next(250);
    return recognizer.lines.length ? recognizer.lines.join("\n") : "(listening…)";
  },
  // Resampled to the recognizer's rate before fn sees it.
  inputs: new li.Audio({ label: "microphone", sources: ["microphone"], streaming: true, sampleRate: RATE }),
  outputs: new li.Textbox({ label: "transcript", lines: 6 }),
  live: true,
  streamEvery: 0.5,
  timeLimit: 300,
  title: "Speech recognition",
  description: "Press Start recording and speak: the transcript grows by a line at each pause. Recognized offline by PocketSphinx (`apt install pocketsphinx pocketsphinx-en-us`).",
});
