// One runtime worker thread with the user's module loaded (worker.ts): what it is running, its
// messages, and its end. The pool (worker-pool.ts) keeps as many as the interface may use.
import type { Worker } from "node:worker_threads";
import type { FromRuntime, InterfaceConfig, ToRuntime, UserError } from "../protocol/messages";
import type { CompiledModule } from "./compile";
import { runtimeScript, ThreadPing } from "./runtime-thread";

/** A run's report from the worker. */
export type RunMessage = Extract<FromRuntime, { run: string }>;

export type LoadResult = { config: InterfaceConfig } | { error: UserError };

export const WORKER_FILE = runtimeScript("worker.js");

export class ModuleWorker {
  /** Runs sent to this worker and not ended. */
  readonly runs = new Set<string>();
  /** The module's load: its config, or why it did not load. */
  readonly loaded: Promise<LoadResult>;
  private gone = false;
  private readonly ping: ThreadPing;

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
    this.ping = new ThreadPing(thread);
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
    return this.gone ? Promise.resolve(false) : this.ping.answers(ms);
  }

  /** Ends the thread; no death is reported for it. */
  terminate(): void {
    this.gone = true;
    void this.thread.terminate();
  }
}
