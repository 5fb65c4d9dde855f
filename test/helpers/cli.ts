import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

export const CLI = path.resolve(__dirname, "../../dist/cli.js");

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Waits for a process to end (its output streams closed too); fails after `ms`, killing it. */
export function finished(child: ChildProcess, ms = 20000): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the process did not end within ${ms / 1000} s:\n${stdout}${stderr}`));
    }, ms);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `live-interface <args>` to its end. */
export function runCli(args: string[], ms?: number): Promise<Finished> {
  return finished(spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] }), ms);
}

export interface Watched {
  /** Everything printed so far, stdout and stderr interleaved as they came. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output, once it is printed; rejects when the process ends first or after `ms`. */
  until(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
}

/** Collects a process's output (pipes, as given) and lets a test wait for a line in it. */
export function watch(child: ChildProcess, streams = [child.stdout, child.stderr]): Watched {
  let output = "";
  const waiters = new Set<() => void>();
  for (const s of streams) s?.on("data", (d: Buffer) => ((output += d.toString()), waiters.forEach((w) => w())));
  let ended = false;
  child.once("close", () => ((ended = true), waiters.forEach((w) => w())));
  return {
    output: () => output,
    until: (pattern, ms = 20000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(output);
          if (m || ended) {
            waiters.delete(check);
            clearTimeout(timer);
            if (m) resolve(m);
            else reject(new Error(`ended without printing ${pattern}:\n${output}`));
          }
        };
        const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`${pattern} not printed within ${ms / 1000} s:\n${output}`))), ms);
        waiters.add(check);
        check();
      }),
  };
}

/** Starts `live-interface <args>` and waits for its first URL line (or the first match of `line`: its group 1, else all of it). */
export async function startCli(args: string[], line = /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/m): Promise<{ child: ChildProcess; out: Watched; url: URL }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const out = watch(child);
  const m = await out.until(line);
  return { child, out, url: new URL(m[1] ?? m[0]) };
}
