import { audioChunkProblem, emptyAudio, encodedProblem, isEncoded } from "../../protocol/media";
import type { AudioChunk, EncodedMedia, Wire } from "../../protocol/messages";
import { markTransferable } from "../transfer";
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
}

/**
 * Audio as raw samples. fn receives an AudioChunk { sampleRate, channels, data } (no samples when
 * there is none yet); it may return one, or encoded bytes { mime: "audio/wav", bytes }.
 */
export class Audio extends Component<AudioChunk, AudioChunk | EncodedMedia | null | undefined> {
  readonly type = "audio";
  constructor(readonly options: AudioOptions = {}) {
    super(options);
  }
  preprocess(wire: Wire): AudioChunk {
    if (wire === null || wire === undefined) return emptyAudio();
    const problem = audioChunkProblem(wire);
    if (problem) this.fail(problem, wire);
    const c = wire as AudioChunk;
    return { sampleRate: c.sampleRate, channels: c.channels, data: c.data };
  }
  postprocess(value: AudioChunk | EncodedMedia | null | undefined): Wire {
    if (value === null || value === undefined) return null;
    if (isEncoded(value)) {
      const problem = encodedProblem(value, "audio");
      if (problem) throw new ValueError(`Audio "${this.label ?? ""}": expected ${problem}`);
      return { mime: value.mime, bytes: markTransferable(value.bytes.slice()) };
    }
    const problem = audioChunkProblem(value);
    if (problem) this.fail(problem, value);
    // A copy: a synthesizer often reuses its buffer for the next chunk.
    return { sampleRate: value.sampleRate, channels: value.channels, data: markTransferable(value.data.slice()) };
  }
  defaultValue(): AudioChunk {
    return emptyAudio();
  }
  protected override props(): Record<string, unknown> {
    const { sources, streaming, autoplay, streamEvery } = this.options;
    return { sources: sources ?? ["upload", "microphone"], streaming: !!streaming, autoplay: !!autoplay, streamEvery };
  }
}
