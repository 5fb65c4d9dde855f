// The worker threads that run one module's fn: as many as its runs at once call for (the interface's
// concurrencyLimit, spread over `workers` threads), each loading the module once. A thread is added
// only when a run needs room and the limits allow it, never as a side effect; one that dies or hangs
// is replaced.
import type { Worker } from "node:worker_threads";
import type { CompiledModule } from "./compile";
import { ModuleWorker, WORKER_FILE, type LoadResult, type RunMessage } from "./module-worker";
import { spawnRuntimeThread, type ThreadOptions } from "./runtime-thread";

export interface PoolLimits {
  /** Runs (or batches) executing at once, across the pool. */
  concurrency: number;
  /** Threads at most. */
  workers: number;
}

export interface PoolEvents {
  onRun(msg: RunMessage, from: ModuleWorker): void;
  /** A thread ended by itself: its runs must end (the pool has dropped it already). */
  onDeath(why: string, from: ModuleWorker): void;
  /** A thread finished loading: runs waiting for room may go. */
  onReady(): void;
}

/** Runs one thread may execute at once. */
export const slotsPerThread = (limits: PoolLimits) => Math.ceil(limits.concurrency / limits.workers);

export class WorkerPool {
  /** Threads with the module loaded. */
  private ready: ModuleWorker[] = [];
  /** Threads loading it. */
  private loading = new Set<ModuleWorker>();
  /** Runs (or batches) executing per thread. */
  private readonly busy = new Map<ModuleWorker, number>();
  private compiled: CompiledModule | undefined;
  /** A thread started ahead, its runtime loaded but no module yet (SupervisorOptions.warmSpare). */
  private spare: Worker | undefined;

  constructor(
    private readonly options: ThreadOptions & { loadMs: number; warmSpare?: boolean },
    private readonly events: PoolEvents,
  ) {
    if (options.warmSpare) this.spare = this.spawnSpare();
  }

  get size(): number {
    return this.ready.length + this.loading.size;
  }

  /** Every thread: to tell them all something (a session closed). */
  get all(): ModuleWorker[] {
    return [...this.ready, ...this.loading];
  }

  /**
   * Loads `compiled` into a first thread, ending every other (their runs are the caller's to end);
   * resolves with the module's config or its load error.
   */
  async start(compiled: CompiledModule): Promise<LoadResult> {
    this.stop();
    this.compiled = compiled;
    const first = this.add();
    const result = await first.loaded;
    if (this.compiled !== compiled) return result; // started again meanwhile
    this.settle(first, result);
    return result;
  }

  /** Ends every thread (the spare stays for the next start). */
  stop(): void {
    for (const w of this.all) w.terminate();
    this.ready = [];
    this.loading.clear();
    this.busy.clear();
    this.compiled = undefined;
  }

  dispose(): void {
    this.stop();
    void this.spare?.terminate();
    this.spare = undefined;
  }

  /**
   * A thread with room for one more run under `limits`, or undefined (then, if the limits allow one
   * more thread, it is started and onReady tells when it can take runs). `ahead`: runs each thread
   * may hold beyond what it executes (they wait in it, so a quick fn's next run is already there).
   */
  room(limits: PoolLimits, ahead = 0): ModuleWorker | undefined {
    let running = 0;
    for (const n of this.busy.values()) running += n;
    const perThread = slotsPerThread(limits);
    if (running < limits.concurrency) {
      const free = this.ready.find((w) => (this.busy.get(w) ?? 0) < perThread);
      if (free) return free;
      if (this.compiled && this.size < limits.workers && this.loading.size === 0) this.add();
    }
    return ahead > 0 ? this.ready.find((w) => (this.busy.get(w) ?? 0) < perThread + ahead) : undefined;
  }

  /** A run (or batch) starts on `worker` / has ended there. */
  /** Gives how many it held before. */
  took(worker: ModuleWorker): number {
    const before = this.busy.get(worker) ?? 0;
    this.busy.set(worker, before + 1);
    return before;
  }
  freed(worker: ModuleWorker): void {
    const n = this.busy.get(worker);
    if (n !== undefined) this.busy.set(worker, Math.max(0, n - 1));
  }

  /** Ends `worker` (a fn holds it) and drops it; a thread is started in its place when it was the last. */
  discard(worker: ModuleWorker): void {
    worker.terminate();
    this.drop(worker);
  }

  private drop(worker: ModuleWorker): void {
    this.ready = this.ready.filter((w) => w !== worker);
    this.loading.delete(worker);
    this.busy.delete(worker);
    // The interface stays ready for the next run: at least one thread has the module loaded.
    if (this.compiled && this.size === 0) this.add();
  }

  private add(): ModuleWorker {
    const thread = this.spare ?? spawnRuntimeThread(WORKER_FILE!, this.options);
    this.spare = undefined;
    const worker = new ModuleWorker(thread, this.compiled!, this.options.loadMs, this.options.memoryLimitMb ?? 2048, this.events.onRun, (why, from) => {
      this.drop(from);
      this.events.onDeath(why, from);
    });
    this.loading.add(worker);
    const compiled = this.compiled;
    void worker.loaded.then((result) => {
      if (this.compiled === compiled && this.loading.has(worker)) this.settle(worker, result);
    });
    return worker;
  }

  /** A thread has loaded (or failed to): it takes runs, or goes. The next spare starts then, not competing with the load. */
  private settle(worker: ModuleWorker, result: LoadResult): void {
    if (!this.loading.delete(worker)) return;
    if ("error" in result) worker.terminate();
    else {
      this.ready.push(worker);
      this.busy.set(worker, 0);
    }
    if (this.options.warmSpare && !this.spare) this.spare = this.spawnSpare();
    if ("config" in result) this.events.onReady();
  }

  private spawnSpare(): Worker {
    const thread = spawnRuntimeThread(WORKER_FILE!, this.options);
    // A spare that dies before it is used is simply not there any more.
    const gone = () => {
      if (this.spare === thread) this.spare = undefined;
    };
    thread.once("error", gone);
    thread.once("exit", gone);
    return thread;
  }
}
