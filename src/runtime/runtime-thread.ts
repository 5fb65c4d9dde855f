// A runtime worker thread, as the module runtime (module-worker.ts) and the notebook kernel
// (notebook/kernel.ts) both start it: its output arena, its console, its heap limit; and whether it
// still answers (a fn in a loop that never awaits holds its thread, which then answers no ping).
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { FromRuntime, ToRuntime } from "../protocol/messages";
import { withArena } from "./arena-reader";

export interface ThreadOptions {
  /** Megabytes of JavaScript heap the thread may use (default: Node's own limit). */
  memoryLimitMb?: number;
  /** The thread's console output (default: the host's stdout/stderr). */
  onLog?: (text: string, stream: "stdout" | "stderr") => void;
}

/** A runtime thread's script beside the bundle; from sources (tests run through tsx), the built one. */
export const runtimeScript = (name: "worker.js" | "notebook-worker.js"): string | undefined =>
  [path.join(__dirname, name), path.resolve(__dirname, "../../dist", name)].find((f) => fs.existsSync(f));

/** Starts `file` (dist/worker.js or dist/notebook-worker.js). Its large outputs arrive in memory it shares with this thread (output-arena.ts). */
export function spawnRuntimeThread(file: string, options: ThreadOptions): Worker {
  const worker = withArena(
    (memory) =>
      new Worker(file, {
        ...(options.memoryLimitMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: options.memoryLimitMb } }),
        stdout: !!options.onLog,
        stderr: !!options.onLog,
        workerData: { liveInterfaceRuntime: true, arena: memory },
      }),
  );
  if (options.onLog) {
    worker.stdout.on("data", (b: Buffer) => options.onLog!(b.toString(), "stdout"));
    worker.stderr.on("data", (b: Buffer) => options.onLog!(b.toString(), "stderr"));
  }
  return worker;
}

/** Asks a runtime thread whether it answers (both runtime workers answer `ping` with `pong`, worker-runs.ts). */
export class ThreadPing {
  private next = 0;

  constructor(private readonly thread: Worker) {}

  /** Resolves true when the thread answers within `ms`. */
  answers(ms = 1000): Promise<boolean> {
    const id = ++this.next;
    return new Promise((resolve) => {
      const onPong = (msg: FromRuntime) => msg.type === "pong" && msg.id === id && done(true);
      const done = (alive: boolean) => {
        clearTimeout(timer);
        this.thread.off("message", onPong);
        resolve(alive);
      };
      const timer = setTimeout(() => done(false), ms);
      this.thread.on("message", onPong);
      this.thread.postMessage({ type: "ping", id } satisfies ToRuntime);
    });
  }
}
