// An offline speech recognizer behind a small interface, so another engine can take its place:
// CMU PocketSphinx (Debian: `apt install pocketsphinx pocketsphinx-en-us`), one process per session.
// It reads 16 kHz 16-bit PCM on its stdin and prints one line of text per utterance, once the
// speaker pauses. No network: the acoustic model, language model and dictionary are local files.
import { spawn } from "node:child_process";
import * as fs from "node:fs";

export interface Recognizer {
  /** Feeds mono samples (floats in [-1, 1]) recorded at `sampleRate`. */
  write(samples: Float32Array, sampleRate: number): void;
  /** The utterances recognized so far, oldest first. */
  readonly lines: readonly string[];
  /** Resolves when the next utterance is recognized, or after `ms`. */
  next(ms: number): Promise<void>;
  close(): void;
}

const PROGRAM = "pocketsphinx_continuous";
const MODEL = "/usr/share/pocketsphinx/model/en-us";
const RATE = 16000;

export function pocketsphinx(): Recognizer {
  if (!fs.existsSync(`${MODEL}/en-us.lm.bin`)) {
    throw new Error("PocketSphinx and its English model are not installed: apt install pocketsphinx pocketsphinx-en-us");
  }
  const args = ["-infile", "/dev/stdin", "-hmm", `${MODEL}/en-us`, "-lm", `${MODEL}/en-us.lm.bin`, "-dict", `${MODEL}/cmudict-en-us.dict`, "-logfn", "/dev/null"];
  // Through `cat`: the program opens /dev/stdin by name, which works on a pipe but not on the
  // socket Node gives a child as its stdin.
  const proc = spawn("sh", ["-c", `cat | exec ${PROGRAM} "$@"`, "sh", ...args], { stdio: ["pipe", "pipe", "ignore"] });
  const lines: string[] = [];
  let waiting: (() => void)[] = [];
  let failed: Error | undefined;
  let pending = "";
  proc.stdout.on("data", (data: Buffer) => {
    pending += data.toString();
    const done = pending.split("\n");
    pending = done.pop()!;
    lines.push(...done.map((l) => l.trim()).filter(Boolean));
    for (const w of waiting.splice(0)) w();
  });
  proc.on("error", (err) => (failed = new Error(`${PROGRAM} could not start: ${err.message}`)));
  proc.stdin.on("error", () => undefined); // the process ended: reported through `failed`
  let phase = 0; // where the next output sample falls in the input, carried across chunks
  return {
    lines,
    write(samples, sampleRate) {
      if (failed) throw failed;
      // Resampled to 16 kHz by averaging the input samples each output sample covers.
      const step = sampleRate / RATE;
      const out = new Int16Array(Math.floor((samples.length - phase) / step) + 1);
      let n = 0;
      for (let at = phase; at + step <= samples.length + 1e-9; at += step) {
        let sum = 0;
        let count = 0;
        for (let i = Math.floor(at); i < Math.min(samples.length, Math.floor(at + step)); i++, count++) sum += samples[i]!;
        const v = count ? sum / count : 0;
        out[n++] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
        phase = at + step - samples.length;
      }
      proc.stdin.write(Buffer.from(out.buffer, 0, n * 2));
    },
    next: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        waiting.push(() => (clearTimeout(timer), resolve()));
      }),
    close() {
      waiting = [];
      proc.stdin.end();
      proc.kill();
    },
  };
}
