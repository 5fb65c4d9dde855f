// 16-bit PCM WAV from raw samples, for the <audio> element of a non-streaming audio value (an upload
// or a recording shown whole). Streams never go through this: the worklet plays their samples.
import type { AudioChunk } from "../../src/protocol/messages";

export function wavBlob(chunk: AudioChunk): Blob {
  const { sampleRate, channels, data } = chunk;
  const buffer = new ArrayBuffer(44 + data.length * 2);
  const v = new DataView(buffer);
  const text = (offset: number, s: string) => [...s].forEach((ch, i) => v.setUint8(offset + i, ch.charCodeAt(0)));
  text(0, "RIFF");
  v.setUint32(4, 36 + data.length * 2, true);
  text(8, "WAVEfmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  text(36, "data");
  v.setUint32(40, data.length * 2, true);
  for (let i = 0; i < data.length; i++) v.setInt16(44 + i * 2, Math.max(-1, Math.min(1, data[i]!)) * 0x7fff, true);
  return new Blob([buffer], { type: "audio/wav" });
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
