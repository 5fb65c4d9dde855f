// WAV, the one audio file format the host and the page both read and write without a codec: 16-bit
// PCM out (the page's <audio> element, the HTTP API's and MCP's audio outputs), PCM or float in (audio
// sent to the HTTP API).
import type { AudioChunk } from "./messages";

/** 16-bit PCM WAV bytes of `chunk` (samples clipped to [-1, 1]). */
export function encodeWav(chunk: AudioChunk): Uint8Array<ArrayBuffer> {
  const { sampleRate, channels, data } = chunk;
  const bytes = new Uint8Array(44 + data.length * 2);
  const v = new DataView(bytes.buffer);
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
  return bytes;
}

/**
 * The samples of a WAV file: PCM of 8, 16, 24 or 32 bits, or 32-bit float, interleaved as they are.
 * A string says what is wrong with the bytes instead.
 */
export function decodeWav(bytes: Uint8Array): AudioChunk | string {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => (o + 4 <= bytes.length ? String.fromCharCode(...bytes.subarray(o, o + 4)) : "");
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") return "a WAV file (RIFF/WAVE): other audio formats are not decoded here";
  let format: { code: number; channels: number; rate: number; bits: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = tag(at);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt " && size >= 16) {
      let code = v.getUint16(body, true);
      if (code === 0xfffe && size >= 26) code = v.getUint16(body + 24, true); // WAVE_FORMAT_EXTENSIBLE: its sub-format
      format = { code, channels: v.getUint16(body + 2, true), rate: v.getUint32(body + 4, true), bits: v.getUint16(body + 14, true) };
    } else if (id === "data") {
      if (!format) return "a WAV file whose format chunk comes before its data";
      const { code, channels, rate, bits } = format;
      const float = code === 3 && bits === 32;
      if (!(float || (code === 1 && [8, 16, 24, 32].includes(bits)))) return `PCM or 32-bit float WAV (this one has format ${code}, ${bits} bits)`;
      const width = bits / 8;
      const end = Math.min(bytes.length, body + size);
      const count = Math.floor((end - body) / width / channels) * channels;
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const o = body + i * width;
        if (float) data[i] = v.getFloat32(o, true);
        else if (bits === 8) data[i] = (v.getUint8(o) - 128) / 128;
        else if (bits === 16) data[i] = v.getInt16(o, true) / 0x8000;
        else if (bits === 24) data[i] = (((v.getUint8(o + 2) << 24) | (v.getUint8(o + 1) << 16) | (v.getUint8(o) << 8)) >> 8) / 0x800000;
        else data[i] = v.getInt32(o, true) / 0x80000000;
      }
      return { sampleRate: rate, channels, data };
    }
    at = body + size + (size % 2);
  }
  return "a WAV file with a data chunk";
}
