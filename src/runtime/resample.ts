// Audio at another sample rate: for fn (an input's `sampleRate`) and for the voice activity detector.
import type { AudioChunk } from "../protocol/messages";

/**
 * `chunk` at `rate` Hz. Going down, each output sample is the mean of the input samples it covers (a
 * simple low-pass, so high sounds do not fold into the band a speech model listens to); going up,
 * samples are interpolated linearly.
 */
export function resample(chunk: AudioChunk, rate: number): AudioChunk {
  const { channels, data } = chunk;
  const frames = data.length / channels;
  const outFrames = Math.round((frames * rate) / chunk.sampleRate);
  const out = new Float32Array(outFrames * channels);
  const step = chunk.sampleRate / rate;
  const at = (f: number, ch: number) => data[Math.min(f, frames - 1) * channels + ch]!;
  for (let f = 0; f < outFrames; f++) {
    const start = f * step;
    for (let ch = 0; ch < channels; ch++) {
      if (step > 1) {
        const from = Math.floor(start);
        const to = Math.max(from + 1, Math.min(frames, Math.floor(start + step)));
        let sum = 0;
        for (let i = from; i < to; i++) sum += at(i, ch);
        out[f * channels + ch] = sum / (to - from);
      } else {
        const i = Math.floor(start);
        out[f * channels + ch] = at(i, ch) + (at(i + 1, ch) - at(i, ch)) * (start - i);
      }
    }
  }
  return { sampleRate: rate, channels, data: out };
}
