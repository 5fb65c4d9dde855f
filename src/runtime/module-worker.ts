// One runtime worker thread with the user's module loaded (worker.ts): what it is running, its
// messages, and its end. The pool (worker-pool.ts) keeps as many as the interface may use.
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { FromRuntime, InterfaceConfig, ToRuntime, UserError } from "../protocol/messages";
import type { CompiledModule } from "./compile";
import { withArena } from "./arena-reader";

/** A run's report from the worker. */
export type RunMessage = Extract<FromRuntime, { run: string }>;

export interface ThreadOptions {
  /** Megabytes of JavaScript heap the module may use (default 2048). */
  memoryLimitMb?: number;
  /** The worker's console output (default: the host's stdout/stderr). */
  onLog?: (text: string, stream: "stdout" | "stderr") => void;
}

export type LoadResult = { config: InterfaceConfig } | { error: UserError };

// dist/worker.js beside the bundle; from sources (tests run through tsx), the built one.
export const WORKER_FILE = [path.join(__dirname, "worker.js"), path.resolve(__dirname, "../../dist/worker.js")].find((f) => fs.existsSync(f));

/** A runtime thread, its code loaded, no module yet. Its large outputs arrive in memory it shares with this thread (output-arena.ts). */
export function spawnRuntimeThread(options: ThreadOptions): Worker {
  const worker = withArena(
    (memory) =>
      new Worker(WORKER_FILE!, {
        resourceLimits: { maxOldGenerationSizeMb: options.memoryLimitMb ?? 2048 },
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

let pings = 0;

export class ModuleWorker {
  /** Runs sent to this worker and not ended. */
  readonly runs = new Set<string>();
  /** The module's load: its config, or why it did not load. */
  readonly loaded: Promise<LoadResult>;
  private gone = false;

  /**
   * Loads `compiled` into `thread`. `onRun` gets each run's messages; `onDeath` the reason, once, if the
   * thread ends by itself after loading (a crash, process.exit in fn, out of memory). A load that
   * takes longer than `loadMs` fails.
   */
  constructor(
    private readonly thread: Worker,
    compiled: CompiledModule,
    loadMs: number,
    memoryLimitMb: number,
    onRun: (msg: RunMessage, from: ModuleWorker) => void,
    private readonly onDeath: (why: string, from: ModuleWorker) => void,
  ) {
    let settle: (result: LoadResult) => void = () => {};
    let settled = false;
    this.loaded = new Promise((resolve) => (settle = (r) => ((settled = true), resolve(r))));
    const timer = setTimeout(() => {
      settle({ error: { kind: "load", message: `the module took longer than ${loadMs / 1000} s to load` } });
      this.terminate();
    }, loadMs);
    thread.on("message", (msg: FromRuntime) => {
      if (msg.type === "loaded") clearTimeout(timer), settle({ config: msg.config });
      else if (msg.type === "load-error") clearTimeout(timer), settle({ error: msg.error });
      else if (msg.type !== "pong") onRun(msg, this);
    });
    const died = (why: string) => {
      clearTimeout(timer);
      if (this.gone) return;
      this.gone = true;
      if (!settled) return settle({ error: { kind: "load", message: `the module stopped its runtime while loading: ${why}` } });
      this.onDeath(why, this);
    };
    thread.on("error", (err) =>
      died(
        (err as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `fn ran out of memory (the runtime may use ${memoryLimitMb} MB) and the runtime was restarted`
          : `the runtime crashed: ${err.message}`,
      ),
    );
    thread.on("exit", (code) => died(`the runtime exited with code ${code} (did fn call process.exit?)`));
    thread.postMessage({ type: "load", ...compiled } satisfies ToRuntime);
  }

  post(msg: ToRuntime, transfer: ArrayBuffer[] = []): void {
    if (!this.gone) this.thread.postMessage(msg, transfer);
  }

  /** Resolves true when the thread answers within `ms` (it is not held by a fn's synchronous loop). */
  answers(ms = 1000): Promise<boolean> {
    if (this.gone) return Promise.resolve(false);
    const id = ++pings;
    return new Promise((resolve) => {
      const onPong = (msg: FromRuntime) => msg.type === "pong" && msg.id === id && done(true);
      const done = (alive: boolean) => {
        clearTimeout(timer);
        this.thread.off("message", onPong);
        resolve(alive);
      };
      const timer = setTimeout(() => done(false), ms);
      this.thread.on("message", onPong);
      this.post({ type: "ping", id });
    });
  }

  /** Ends the thread; no death is reported for it. */
  terminate(): void {
    this.gone = true;
    void this.thread.terminate();
  }
}
