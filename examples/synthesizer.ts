// Audio synthesis: pick a waveform, a frequency and a duration; a generator makes the sound in
// chunks of ~20 ms and the page plays them back to back as they arrive (no waiting for the whole
// sound). Changing a slider starts the new sound at once.
import * as li from "live-interface";

const RATE = 48000;
const CHUNK = 960; // 20 ms
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const WAVES = {
  sine: (phase: number) => Math.sin(2 * Math.PI * phase),
  square: (phase: number) => (phase < 0.5 ? 1 : -1),
  sawtooth: (phase: number) => 2 * phase - 1,
  triangle: (phase: number) => 1 - 4 * Math.abs(phase - 0.5),
};

export default new li.Interface({
  fn: async function* (waveform, frequency, duration, { signal }) {
    const wave = WAVES[waveform as keyof typeof WAVES] ?? WAVES.sine;
    const total = Math.round(duration * RATE);
    const start = Date.now();
    let phase = 0;
    for (let done = 0; done < total && !signal.aborted; done += CHUNK) {
      const n = Math.min(CHUNK, total - done);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        // A 10 ms fade in and out, so the sound starts and ends without a click.
        const t = done + i;
        const fade = Math.min(1, t / (0.01 * RATE), (total - t) / (0.01 * RATE));
        data[i] = 0.3 * fade * wave(phase);
        phase = (phase + frequency / RATE) % 1;
      }
      yield { sampleRate: RATE, channels: 1, data };
      // Stay at most 0.3 s ahead of real time: the rest is made while it plays.
      const ahead = ((done + n) / RATE) * 1000 - (Date.now() - start);
      if (ahead > 300) await sleep(ahead - 300);
    }
  },
  inputs: [
    new li.Radio({ label: "waveform", choices: ["sine", "square", "sawtooth", "triangle"], value: "sine" }),
    new li.Slider({ label: "frequency (Hz)", minimum: 55, maximum: 1760, step: 1, value: 330 }),
    new li.Slider({ label: "duration (s)", minimum: 0.2, maximum: 10, step: 0.1, value: 2 }),
  ],
  outputs: new li.Audio({ label: "sound", streaming: true, autoplay: true }),
  live: true,
  title: "Synthesizer",
  description: "A waveform at a frequency for a duration, streamed as it is made: the sound starts within a chunk.",
});
