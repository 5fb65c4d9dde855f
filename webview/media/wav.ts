// 16-bit PCM WAV from raw samples, for the <audio> element of a non-streaming audio value (an upload
// or a recording shown whole). Streams never go through this: the worklet plays their samples.
import type { AudioChunk } from "../../src/protocol/messages";
import { encodeWav } from "../../src/protocol/wav";

export function wavBlob(chunk: AudioChunk): Blob {
  return new Blob([encodeWav(chunk)], { type: "audio/wav" });
}

/** An uploaded audio file decoded to samples (at most 2 channels, interleaved). */
export async function decodeAudioFile(file: Blob): Promise<AudioChunk> {
  const bytes = await file.arrayBuffer();
  // Decoding resamples to the context's rate: a WAV keeps its own (read from its header).
  const ctx = new OfflineAudioContext(1, 1, wavRate(bytes) ?? 48000);
  const audio = await ctx.decodeAudioData(bytes);
  const channels = Math.min(2, audio.numberOfChannels);
  const data = new Float32Array(audio.length * channels);
  for (let c = 0; c < channels; c++) {
    const ch = audio.getChannelData(c);
    for (let i = 0; i < audio.length; i++) data[i * channels + c] = ch[i]!;
  }
  return { sampleRate: audio.sampleRate, channels, data };
}

function wavRate(bytes: ArrayBuffer): number | undefined {
  if (bytes.byteLength < 44) return undefined;
  const v = new DataView(bytes);
  const tag = (o: number) => String.fromCharCode(v.getUint8(o), v.getUint8(o + 1), v.getUint8(o + 2), v.getUint8(o + 3));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") return undefined;
  const rate = v.getUint32(24, true);
  return rate >= 3000 && rate <= 384000 ? rate : undefined;
}
