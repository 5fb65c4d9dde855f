import { audioChunkProblem, concatAudio, emptyAudio } from "../protocol/media";
import { MAX_MEDIA_BYTES, type AudioChunk } from "../protocol/messages";

/**
 * The audio a streaming microphone input sent since fn last took it. Chunks pile up while fn is busy
 * and fn gets them all, joined, at its next run: no sample is lost however slow fn is (up to
 * MAX_MEDIA_BYTES waiting, about 87 s of 48 kHz mono; past that the oldest audio is dropped).
 */
export class AudioAccumulator {
  private chunks: AudioChunk[] = [];
  private bytes = 0;
  private format: { sampleRate: number; channels: number } | undefined;
  /** Samples dropped because fn fell too far behind (reported once per take). */
  dropped = 0;

  /** Adds a chunk; returns a problem text (and keeps nothing) when it is not valid audio. */
  push(chunk: unknown): string | undefined {
    const problem = audioChunkProblem(chunk);
    if (problem) return `expected ${problem}`;
    const c = chunk as AudioChunk;
    if (this.format && this.chunks.length > 0 && (c.sampleRate !== this.format.sampleRate || c.channels !== this.format.channels)) {
      // A new recording with another format: what is still waiting belongs to the old one; fn gets it next time.
      return `expected ${this.format.sampleRate} Hz x ${this.format.channels} like the chunks before, got ${c.sampleRate} Hz x ${c.channels}`;
    }
    this.format = { sampleRate: c.sampleRate, channels: c.channels };
    this.chunks.push(c);
    this.bytes += c.data.byteLength;
    while (this.bytes > MAX_MEDIA_BYTES && this.chunks.length > 1) {
      const old = this.chunks.shift()!;
      this.bytes -= old.data.byteLength;
      this.dropped += old.data.length;
    }
    return undefined;
  }

  /** Samples waiting (all channels counted). */
  get pending(): number {
    return this.bytes / 4;
  }

  /** Everything since the last take, as one new chunk (empty when nothing came); the buffer empties. */
  take(): AudioChunk {
    const out = this.chunks.length ? concatAudio(this.chunks) : emptyAudio(this.format?.sampleRate, this.format?.channels);
    this.chunks = [];
    this.bytes = 0;
    return out;
  }
}
