import * as path from "node:path";
import type { InterfaceConfig, UserError } from "../protocol/messages";
import { compileModule, filesOf, type CompiledModule } from "./compile";
import { FileWatch } from "./file-watch";
import { esbuildTranspiler, type Transpile } from "./transpile";
import type { Executor, RunHandle, RunHandlers, RunInput } from "./executor";
import { WORKER_FILE } from "./module-worker";
import { RunDispatch, type LoadedModule } from "./run-dispatch";
import { WorkerPool, type PoolLimits } from "./worker-pool";

export interface SupervisorOptions {
  /** Seconds a run may go without producing anything before it is cut (default 30). */
  timeout?: number;
  /** How TypeScript becomes JavaScript (default: esbuild). */
  transpile?: Transpile;
  /** Reload when the module or a file it imports changes (default false). */
  watch?: boolean;
  /**
   * Keep a spare worker started (its runtime code loaded, no module yet), so a reload or a restart
   * only has to load the module: saves the worker's start-up (~100-400 ms here) on every save.
   * Costs one idle worker thread per module (default false).
   */
  warmSpare?: boolean;
  /**
   * Megabytes of JavaScript heap the module's runtime may use (default 2048). A fn that grows past it
   * ends its runtime, which restarts, instead of taking the host process down with it. Typed arrays
   * (frames, audio) live outside this heap.
   */
  memoryLimitMb?: number;
  /** Runs at once for interfaces whose concurrencyLimit is "default" or unset (default 1, `serve --concurrency`). */
  concurrency?: number;
  /** Extra text for the worker's console output (default: the host's stdout/stderr). */
  onLog?: (text: string, stream: "stdout" | "stderr") => void;
}

/**
 * Runs a user module in worker threads and keeps them alive: compiles it, loads it into the pool's
 * threads (worker-pool.ts), reloads it when it changes. The runs of every session wait in one line
 * for a place to run (run-dispatch.ts). A crash replaces the thread; a fn that stops answering (an
 * endless loop) is cut after `timeout` by replacing its thread, while the other runs go on.
 */
export class Supervisor implements Executor, LoadedModule {
  config: InterfaceConfig | undefined;
  loadError: UserError | undefined;
  ready: Promise<void>;
  private loading: Promise<void> = Promise.resolve();
  private closed = false;
  private compiled: CompiledModule | undefined;
  private readonly pool: WorkerPool;
  /** The runs: their line, their threads, their ends. */
  private readonly runs: RunDispatch;
  private readonly listeners = new Set<() => void>();
  private readonly transpile: Transpile;
  /** With `watch`: the module's files, reloaded when one changes. */
  private readonly watch = new FileWatch(() => void this.reload());

  constructor(readonly file: string, private readonly options: SupervisorOptions = {}) {
    this.file = path.resolve(file);
    const timeoutMs = (options.timeout ?? 30) * 1000;
    this.transpile = options.transpile ?? esbuildTranspiler();
    // A module whose top level never finishes gets a load error, not a restart loop: at least 10 s,
    // so that a short run timeout (1 s) does not fail a module that loads slowly on a busy machine.
    this.pool = new WorkerPool(
      { loadMs: Math.max(timeoutMs, 10000), memoryLimitMb: options.memoryLimitMb ?? 2048, onLog: options.onLog, warmSpare: options.warmSpare && !!WORKER_FILE },
      { onRun: (msg, from) => this.runs.onRunMessage(msg, from), onDeath: (why, from) => this.runs.onDeath(why, from), onReady: () => this.runs.pump() },
    );
    this.runs = new RunDispatch(this, this.pool, timeoutMs);
    this.ready = this.reload();
  }

  /** The load under way, or the last: runs wait for it (RunDispatch). */
  get loaded(): Promise<void> {
    return this.loading;
  }

  get disposed(): boolean {
    return this.closed;
  }

  /** Worker threads running now (loaded or loading). */
  get threads(): number {
    return this.pool.size;
  }

  /** Files the module was built from: watch these to reload on save. */
  get files(): string[] {
    return this.compiled ? filesOf(this.compiled) : [this.file];
  }

  /** Recompiles the module and restarts the runtime with it. */
  reload(): Promise<void> {
    // Runs wait for this: assigned before the first await so a run requested meanwhile waits too.
    return (this.loading = this.compileAndStart());
  }

  private async compileAndStart(): Promise<void> {
    const compiled = await compileModule(this.file, this.transpile);
    if ("error" in compiled) {
      this.runs.stopRuns("the module was changed and no longer compiles");
      this.pool.stop();
      this.config = undefined;
      this.loadError = compiled.error;
    } else {
      this.compiled = compiled;
      await this.start("the module was reloaded");
    }
    if (this.options.watch && !this.disposed) this.watch.watch(this.files);
    for (const l of this.listeners) l();
  }

  /** (Re)starts the pool with the compiled module; the runs it ran end with `reason`, the waiting ones stay in line. */
  private async start(reason: string): Promise<void> {
    this.runs.stopRuns(reason);
    if (this.disposed || !this.compiled) return;
    if (!WORKER_FILE) {
      this.config = undefined;
      this.loadError = { kind: "runtime", message: "dist/worker.js is missing: run `npm run build`" };
      return;
    }
    const result = await this.pool.start(this.compiled);
    if ("config" in result) {
      this.config = result.config;
      this.loadError = undefined;
    } else {
      this.config = undefined;
      this.loadError = result.error;
      this.pool.stop();
    }
    this.runs.pump();
  }

  onReload(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  run(session: string, input: RunInput, handlers: RunHandlers, transfer: ArrayBuffer[] = [], options: { compact?: boolean } = {}): RunHandle {
    return this.runs.run(session, input, handlers, transfer, options);
  }

  closeSession(session: string): void {
    this.runs.closeSession(session);
  }

  async dispose(): Promise<void> {
    this.closed = true;
    this.watch.close();
    this.runs.dispose("the interface was closed");
    this.pool.dispose();
    this.listeners.clear();
  }

  /** The interface's limits: its concurrencyLimit (or the server's) and its threads. */
  limits(): PoolLimits & { batch: number } {
    const own = this.config?.concurrencyLimit;
    const concurrency = typeof own === "number" ? own : (this.options.concurrency ?? 1);
    return { concurrency, workers: Math.min(concurrency, this.config?.workers ?? concurrency), batch: this.config?.batch ? (this.config.maxBatchSize ?? 4) : 1 };
  }
}
