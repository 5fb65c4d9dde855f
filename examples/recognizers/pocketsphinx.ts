// An offline speech recognizer behind a small interface, so another engine can take its place:
// CMU PocketSphinx (Debian: `apt install pocketsphinx pocketsphinx-en-us`), one process per session.
// It reads 16 kHz 16-bit PCM on its stdin and prints one line of text per utterance, once the
// speaker pauses. No network: the acoustic model, language model and dictionary are local files.
import { spawn } from "node:child_process";
import * as fs from "node:fs";

export interface Recognizer {
  /** Feeds mono samples (floats in [-1, 1]) at `sampleRate` (PocketSphinx wants 16000). */
  write(samples: Float32Array, sampleRate: number): void;
  /** The utterances recognized so far, oldest first. */
  readonly lines: readonly string[];
  /** Resolves when the next utterance is recognized, or after `ms`. */
  next(ms: number): Promise<void>;
  close(): void;
}

const PROGRAM = "pocketsphinx_continuous";
const MODEL = "/usr/share/pocketsphinx/model/en-us";
export const RATE = 16000;

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
  return {
    lines,
    write(samples, sampleRate) {
      if (failed) throw failed;
      if (sampleRate !== RATE) throw new Error(`PocketSphinx's model wants ${RATE} Hz audio, not ${sampleRate} Hz (declare the input with sampleRate: ${RATE})`);
      const pcm = Int16Array.from(samples, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
      proc.stdin.write(Buffer.from(pcm.buffer));
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
