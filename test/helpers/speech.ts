// Spoken audio for the voice turn tests: espeak-ng says the sentences, sox joins them with pauses of
// known lengths (both installed by scripts/setup-test-tools.sh), and readWav reads the result back.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { AudioChunk } from "../../src/protocol/messages";

/** A sentence espeak-ng says (at `speed` words a minute, default 150), or seconds of silence. */
export type Segment = { say: string; speed?: number } | { silence: number };

export interface Spoken {
  file: string;
  /** Seconds of the whole file. */
  seconds: number;
  /** Seconds of each sentence as espeak-ng spoke it (its own short lead-in and tail included). */
  sentences: number[];
}

/** A mono WAV at `rate` of `segments` in order, written in `dir`. */
export function spokenWav(dir: string, name: string, segments: Segment[], rate = 48000): Spoken {
  const parts: string[] = [];
  const sentences: number[] = [];
  segments.forEach((s, i) => {
    const part = path.join(dir, `${name}-${i}.wav`);
    if ("say" in s) {
      const raw = path.join(dir, `${name}-${i}-raw.wav`);
      execFileSync("espeak-ng", ["-s", String(s.speed ?? 150), "-w", raw, s.say]);
      execFileSync("sox", [raw, "-r", String(rate), "-c", "1", "-b", "16", part]);
      sentences.push(soxSeconds(part));
    } else {
      execFileSync("sox", ["-n", "-r", String(rate), "-c", "1", "-b", "16", part, "trim", "0", String(s.silence)]);
    }
    parts.push(part);
  });
  const file = path.join(dir, `${name}.wav`);
  execFileSync("sox", [...parts, file]);
  return { file, seconds: soxSeconds(file), sentences };
}

function soxSeconds(file: string): number {
  return Number(execFileSync("soxi", ["-D", file]).toString().trim());
}

/** A 16-bit PCM WAV file as an AudioChunk. */
export function readWav(file: string): AudioChunk {
  const buf = fs.readFileSync(file);
  if (buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") throw new Error(`${file} is not a WAV file`);
  let at = 12;
  let format: { channels: number; rate: number; bits: number } | undefined;
  while (at + 8 <= buf.length) {
    const id = buf.toString("ascii", at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (id === "fmt ") format = { channels: buf.readUInt16LE(at + 10), rate: buf.readUInt32LE(at + 12), bits: buf.readUInt16LE(at + 22) };
    if (id === "data") {
      if (!format || format.bits !== 16) throw new Error(`${file}: only 16-bit PCM is read here`);
      const n = Math.min(size, buf.length - at - 8) / 2;
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = buf.readInt16LE(at + 8 + i * 2) / 32768;
      return { sampleRate: format.rate, channels: format.channels, data };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`${file} has no data chunk`);
}
