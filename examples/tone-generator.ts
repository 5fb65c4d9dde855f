// Audio synthesis: an async generator yields PCM chunks and the page plays them back to back.
// Moving a slider starts a new generator at once (live); Stop silences it.
import * as li from "live-interface";

const RATE = 48000;
const CHUNK = 1024; // frames per yield, about 21 ms
const LEAD_MS = 500; // how far ahead of real time the generator runs: a cushion against hiccups (a new run replaces what is queued, so it adds no delay to changes)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default new li.Interface({
  fn: async function* (frequency, volume, { signal, session }) {
    // The phase lives on in the session, so a slider move does not click.
    let phase = (session.data.phase as number | undefined) ?? 0;
    const start = Date.now();
    let frames = 0;
    while (!signal.aborted) {
      const ahead = (frames / RATE) * 1000 - (Date.now() - start);
      if (ahead > LEAD_MS) {
        await sleep(ahead - LEAD_MS / 2);
        continue;
      }
      const data = new Float32Array(CHUNK);
      const step = (2 * Math.PI * frequency) / RATE;
      for (let i = 0; i < CHUNK; i++) data[i] = volume * Math.sin((phase += step));
      phase %= 2 * Math.PI;
      session.data.phase = phase;
      frames += CHUNK;
      yield { sampleRate: RATE, channels: 1, data };
    }
  },
  inputs: [
    new li.Slider({ label: "frequency (Hz)", minimum: 110, maximum: 880, step: 1, value: 440 }),
    new li.Slider({ label: "volume", minimum: 0, maximum: 1, step: 0.05, value: 0.3 }),
  ],
  outputs: new li.Audio({ label: "tone", streaming: true, autoplay: true }),
  live: true,
  title: "Tone generator",
  description: "Streamed audio synthesis: a generator yields samples and the page plays them gaplessly. Move the sliders; press Stop to silence it.",
});
