import { audioChunkProblem, emptyAudio, encodedProblem, isEncoded } from "../../protocol/media";
import type { AudioChunk, EncodedMedia, Wire } from "../../protocol/messages";
import { resample } from "../resample";
import { turnSettings, type TurnOptions, type TurnSettings } from "../turns/turn-options";
import { OutputCopies } from "../transfer";
import { microphoneRequestProblem, sampleRateProblem, type MicrophoneRequest } from "../../protocol/devices";
import type { AudioProps } from "../../protocol/components";
import { Component, ValueError, type ComponentOptions } from "./component";

export type { AudioChunk } from "../../protocol/messages";
export type { TurnOptions } from "../turns/turn-options";

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
  /**
   * Streaming microphone input: voice turns. fn runs once each time the speaker pauses, with the whole
   * utterance; speaking while a reply runs or plays stops it (barge-in). `true` for the defaults, or
   * `{ minSilence, minSpeech, padding, maxSpeech, bargeIn, aggressiveness }` (see docs/streaming.md).
   */
  turns?: boolean | TurnOptions;
}

/**
 * Audio as raw samples. fn receives an AudioChunk { sampleRate, channels, data } (no samples when
 * there is none yet); it may return one, or encoded bytes { mime: "audio/wav", bytes }.
 */
export class Audio extends Component<AudioChunk, AudioChunk | EncodedMedia | null | undefined, "audio"> {
  readonly type = "audio";
  /** The voice turn options, checked and completed (undefined: no turns). */
  private readonly turns: TurnSettings | undefined;

  constructor(readonly options: AudioOptions = {}) {
    super(options);
    const what = `Audio${options.label ? ` "${options.label}"` : ""}`;
    const problem = sampleRateProblem(options.sampleRate) ?? (options.microphone === undefined ? undefined : microphoneRequestProblem(options.microphone));
    if (problem) throw new TypeError(`${what}: expects ${problem}`);
    this.turns = options.turns === undefined ? undefined : turnSettings(options.turns, what);
    if (this.turns && (options.streaming !== true || !options.sources?.includes("microphone"))) {
      throw new TypeError(`${what}: turns need a streaming microphone: { sources: ["microphone"], streaming: true, turns: ... }`);
    }
  }
  preprocess(wire: Wire): AudioChunk {
    if (wire === null || wire === undefined) return emptyAudio();
    const problem = audioChunkProblem(wire);
    if (problem) this.fail(problem, wire);
    const c = wire as AudioChunk;
    const rate = this.options.sampleRate;
    return rate && rate !== c.sampleRate ? resample(c, rate) : { sampleRate: c.sampleRate, channels: c.channels, data: c.data };
  }
  postprocess(value: AudioChunk | EncodedMedia | null | undefined, copies = new OutputCopies()): Wire {
    if (value === null || value === undefined) return null;
    if (isEncoded(value)) {
      const problem = encodedProblem(value, "audio");
      if (problem) throw new ValueError(`Audio "${this.label ?? ""}": expected ${problem}`);
      return { mime: value.mime, bytes: copies.copy(value.bytes, Uint8Array) };
    }
    const problem = audioChunkProblem(value);
    if (problem) this.fail(problem, value);
    // A copy: a synthesizer often reuses its buffer for the next chunk.
    return { sampleRate: value.sampleRate, channels: value.channels, data: copies.copy(value.data, Float32Array) };
  }
  defaultValue(): AudioChunk {
    return emptyAudio();
  }
  protected props(): AudioProps {
    const { sources, streaming, autoplay, sampleRate } = this.options;
    // With turns the microphone sends every 0.1 s, so that the end of a turn is heard at once, and
    // cancels echo unless told otherwise: the page's own replies must not sound like the speaker.
    const streamEvery = this.options.streamEvery ?? (this.turns ? 0.1 : undefined);
    const microphone = this.turns ? { echoCancellation: true, ...this.options.microphone } : this.options.microphone;
    return {
      sources: sources ?? ["upload", "microphone"],
      streaming: !!streaming,
      autoplay: !!autoplay,
      streamEvery,
      ...(sampleRate ? { sampleRate } : {}),
      ...(microphone ? { microphone } : {}),
      ...(this.turns ? { turns: this.turns } : {}),
    };
  }
}
