import { audioChunkProblem, emptyAudio, encodedProblem, isEncoded } from "../../protocol/media";
import type { AudioChunk, EncodedMedia, Wire } from "../../protocol/messages";
import { copyOut } from "../transfer";
import { microphoneRequestProblem, sampleRateProblem, type MicrophoneRequest } from "../../protocol/devices";
import { Component, ValueError, type ComponentOptions } from "./component";

export type { AudioChunk } from "../../protocol/messages";

export interface AudioOptions extends ComponentOptions<AudioChunk> {
  /** Where input audio comes from (default both): a file, or the microphone. */
  sources?: ("microphone" | "upload")[];
  /**
   * Input, in a live interface: while the microphone records, fn runs every `streamEvery` s with the
   * audio since the last run. Output: each chunk a generator yields is queued and played gaplessly.
   */
  streaming?: boolean;
  /** Output: play as soon as audio arrives. */
  autoplay?: boolean;
  /** Seconds between chunks sent to fn while streaming (overrides the Interface's `streamEvery`). */
  streamEvery?: number;
  /**
   * Input: fn receives audio at this rate (Hz), e.g. 16000 for speech models. The page records at it
   * (the browser resamples the microphone); uploads are resampled to it.
   */
  sampleRate?: number;
  /** What to ask of the microphone: `{ channels, echoCancellation, noiseSuppression, autoGainControl }`. */
  microphone?: MicrophoneRequest;
}

/**
 * Audio as raw samples. fn receives an AudioChunk { sampleRate, channels, data } (no samples when
 * there is none yet); it may return one, or encoded bytes { mime: "audio/wav", bytes }.
 */
export class Audio extends Component<AudioChunk, AudioChunk | EncodedMedia | null | undefined> {
  readonly type = "audio";
  constructor(readonly options: AudioOptions = {}) {
    super(options);
    const problem = sampleRateProblem(options.sampleRate) ?? (options.microphone === undefined ? undefined : microphoneRequestProblem(options.microphone));
    if (problem) throw new TypeError(`Audio "${options.label ?? ""}": expects ${problem}`);
  }
  preprocess(wire: Wire): AudioChunk {
    if (wire === null || wire === undefined) return emptyAudio();
    const problem = audioChunkProblem(wire);
    if (problem) this.fail(problem, wire);
    const c = wire as AudioChunk;
    const rate = this.options.sampleRate;
    return rate && rate !== c.sampleRate ? resample(c, rate) : { sampleRate: c.sampleRate, channels: c.channels, data: c.data };
  }
  postprocess(value: AudioChunk | EncodedMedia | null | undefined): Wire {
    if (value === null || value === undefined) return null;
    if (isEncoded(value)) {
      const problem = encodedProblem(value, "audio");
      if (problem) throw new ValueError(`Audio "${this.label ?? ""}": expected ${problem}`);
      return { mime: value.mime, bytes: copyOut(value.bytes, Uint8Array) };
    }
    const problem = audioChunkProblem(value);
    if (problem) this.fail(problem, value);
    // A copy: a synthesizer often reuses its buffer for the next chunk.
    return { sampleRate: value.sampleRate, channels: value.channels, data: copyOut(value.data, Float32Array) };
  }
  defaultValue(): AudioChunk {
    return emptyAudio();
  }
  protected override props(): Record<string, unknown> {
    const { sources, streaming, autoplay, streamEvery, sampleRate, microphone } = this.options;
    return { sources: sources ?? ["upload", "microphone"], streaming: !!streaming, autoplay: !!autoplay, streamEvery, ...(sampleRate ? { sampleRate } : {}), ...(microphone ? { microphone } : {}) };
  }
}

/**
 * `chunk` at `rate` Hz. Going down, each output sample is the mean of the input samples it covers (a
 * simple low-pass, so high sounds do not fold into the band a speech model listens to); going up,
 * samples are interpolated linearly.
 */
function resample(chunk: AudioChunk, rate: number): AudioChunk {
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
