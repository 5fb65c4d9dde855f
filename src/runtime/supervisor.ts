import * as fs from "node:fs";
import * as path from "node:path";
import type { InterfaceConfig, ToRuntime, UserError } from "../protocol/messages";
import { compileModule, filesOf, type CompiledModule } from "./compile";
import { esbuildTranspiler, type Transpile } from "./transpile";
import { relayRunMessage, takeInput, type Executor, type RunHandle, type RunHandlers, type RunInput } from "./executor";
import { WORKER_FILE, type ModuleWorker, type RunMessage } from "./module-worker";
import { releaseShared } from "./output-arena";
import { RunQueue } from "./run-queue";
import { Watchdog } from "./watchdog";
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

/** A run, from its request to its end. */
interface Run {
  id: string;
  session: string;
  input: RunInput;
  transfer: ArrayBuffer[];
  compact?: boolean;
  handlers: RunHandlers;
  /** waiting: for its turn (in the line, or for the module to load); sent: to `worker`. */
  state: "waiting" | "sent" | "ended";
  worker?: ModuleWorker;
  /** Aborted before it was sent: it ends as aborted instead. */
  aborted?: boolean;
  /** The runs sent in one call with this one (batch), sharing one place to run; and when they went. */
  group?: { open: number; sentAt: number };
  tell(status: { position: number; size: number; eta?: number }): void;
}

/**
 * Runs a user module in worker threads and keeps them alive: the runs of every session wait in one
 * line (run-queue.ts) for a place to run (the interface's concurrencyLimit), on threads of the pool
 * (worker-pool.ts). A crash replaces the thread; a fn that stops answering (an endless loop) is cut
 * after `timeout` by replacing its thread, while the other runs go on.
 */
export class Supervisor implements Executor {
  config: InterfaceConfig | undefined;
  loadError: UserError | undefined;
  ready: Promise<void>;
  private compiled: CompiledModule | undefined;
  private readonly runs = new Map<string, Run>();
  private readonly queue = new RunQueue<Run>(() => ({ maxSize: this.config?.maxQueueSize, slots: this.limits().concurrency }));
  private readonly pool: WorkerPool;
  private readonly watchdog: Watchdog;
  private readonly listeners = new Set<() => void>();
  private nextRun = 0;
  private loaded: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly transpile: Transpile;
  private watchers: fs.FSWatcher[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(readonly file: string, private readonly options: SupervisorOptions = {}) {
    this.file = path.resolve(file);
    const timeoutMs = (options.timeout ?? 30) * 1000;
    this.transpile = options.transpile ?? esbuildTranspiler();
    this.watchdog = new Watchdog(timeoutMs, (id) => void this.onTimeout(id));
    // A module whose top level never finishes gets a load error, not a restart loop: at least 10 s,
    // so that a short run timeout (1 s) does not fail a module that loads slowly on a busy machine.
    this.pool = new WorkerPool(
      { loadMs: Math.max(timeoutMs, 10000), memoryLimitMb: options.memoryLimitMb, onLog: options.onLog, warmSpare: options.warmSpare && !!WORKER_FILE },
      { onRun: (msg, from) => this.onRunMessage(msg, from), onDeath: (why, from) => this.onDeath(why, from), onReady: () => this.pump() },
    );
    this.ready = this.reload();
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
    return (this.loaded = this.compileAndStart());
  }

  private async compileAndStart(): Promise<void> {
    const compiled = await compileModule(this.file, this.transpile);
    if ("error" in compiled) {
      this.stopRuns("the module was changed and no longer compiles");
      this.pool.stop();
      this.config = undefined;
      this.loadError = compiled.error;
    } else {
      this.compiled = compiled;
      await this.start("the module was reloaded");
    }
    if (this.options.watch) this.watchFiles();
    for (const l of this.listeners) l();
  }

  /** (Re)starts the pool with the compiled module; the runs it ran end with `reason`, the waiting ones stay in line. */
  private async start(reason: string): Promise<void> {
    this.stopRuns(reason);
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
    this.pump();
  }

  /**
   * Watches the folders of the module's files (editors often save by replacing a file, which ends a
   * watch on the file itself) and reloads shortly after one of the files changes.
   */
  private watchFiles(): void {
    for (const w of this.watchers) w.close();
    if (this.disposed) return (this.watchers = []), undefined;
    const files = new Set(this.files);
    const folders = new Set([...files].map((f) => path.dirname(f)));
    this.watchers = [...folders].map((folder) =>
      fs.watch(folder, (_event, name) => {
        if (!name || !files.has(path.join(folder, name.toString()))) return;
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => void this.reload(), 50);
      }),
    );
  }

  onReload(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  run(session: string, input: RunInput, handlers: RunHandlers, transfer: ArrayBuffer[] = [], options: { compact?: boolean } = {}): RunHandle {
    const run: Run = {
      id: `r${++this.nextRun}`,
      session,
      input,
      transfer,
      compact: options.compact,
      handlers,
      state: "waiting",
      tell: (status) => handlers.queued?.(status),
    };
    this.runs.set(run.id, run);
    // It joins the line once the module has loaded (a reload meanwhile: the new one).
    void this.loaded.then(() => {
      if (run.state !== "waiting") return;
      if (run.aborted) return this.end(run, { aborted: true });
      if (!this.config) return this.end(run, { error: this.loadError ?? { kind: "runtime", message: "the module is not loaded" } });
      const refused = this.queue.add(run);
      if (refused) return this.end(run, { error: { kind: "queue", message: refused } });
      this.pump();
    });
    return {
      id: run.id,
      waiting: () => run.state === "waiting",
      abort: () => {
        if (run.state === "sent") run.worker?.post({ type: "abort", run: run.id });
        else if (run.state === "waiting") {
          run.aborted = true;
          // Out of the line at once (in line or not yet: then it ends when it would have joined).
          if (this.queue.remove(run)) this.end(run, { aborted: true });
        }
      },
    };
  }

  closeSession(session: string): void {
    for (const run of [...this.runs.values()]) if (run.session === session && run.state === "waiting" && this.queue.remove(run)) this.end(run, { aborted: true });
    for (const worker of this.pool.all) worker.post({ type: "close-session", session });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.reloadTimer);
    for (const w of this.watchers) w.close();
    this.stopRuns("the interface was closed");
    for (const run of this.queue.clear()) this.end(run, { error: { kind: "runtime", message: "Stopped: the interface was closed." } });
    this.pool.dispose();
    this.listeners.clear();
  }

  /** The interface's limits: its concurrencyLimit (or the server's) and its threads. */
  private limits(): PoolLimits & { batch: number } {
    const own = this.config?.concurrencyLimit;
    const concurrency = typeof own === "number" ? own : (this.options.concurrency ?? 1);
    return { concurrency, workers: Math.min(concurrency, this.config?.workers ?? concurrency), batch: this.config?.batch ? (this.config.maxBatchSize ?? 4) : 1 };
  }

  /** Sends waiting runs to threads with room, first come first served. */
  private pump(): void {
    if (!this.config || this.disposed) return;
    while (this.queue.size > 0) {
      const limits = this.limits();
      const worker = this.pool.room(limits);
      if (!worker) return;
      this.send(worker, this.queue.take(limits.batch));
    }
  }

  private send(worker: ModuleWorker, runs: Run[]): void {
    this.pool.took(worker);
    const group = { open: runs.length, sentAt: Date.now() };
    const sent: { run: string; session: string; values: unknown[]; transfer: ArrayBuffer[]; compact?: boolean }[] = [];
    for (const run of runs) {
      let input;
      try {
        input = takeInput(run.input, run.transfer, run.compact);
      } catch (err) {
        group.open--;
        this.end(run, { error: { kind: "runtime", message: `the run's input could not be read: ${(err as Error).message}` } });
        continue;
      }
      Object.assign(run, { state: "sent", worker, group });
      sent.push({ run: run.id, session: run.session, values: input.values, transfer: input.transfer ?? [], compact: input.compact });
      this.watchdog.arm(run.id);
    }
    if (sent.length === 0) return this.pool.freed(worker);
    if (sent.length === 1 && !this.config?.batch) {
      const [one] = sent;
      return worker.post({ type: "run", run: one!.run, session: one!.session, values: one!.values, compact: one!.compact } satisfies ToRuntime, one!.transfer);
    }
    worker.post({ type: "run-batch", runs: sent.map(({ run, session, values }) => ({ run, session, values })) } satisfies ToRuntime, sent.flatMap((s) => s.transfer));
  }

  private onRunMessage(msg: RunMessage, from: ModuleWorker): void {
    const run = this.runs.get(msg.run);
    // A run already ended here (timed out, its thread replaced): what it still sends is stale.
    if (!run || run.worker !== from || run.state !== "sent") return releaseShared(msg);
    if (msg.type === "started") return run.handlers.started?.();
    relayRunMessage(msg, run.handlers, () => this.watchdog.arm(run.id), (outcome) => this.end(run, outcome));
  }

  /** A run ends (once): its handlers hear it, and its place to run goes to the next in line. */
  private end(run: Run, outcome: { error?: UserError; aborted?: boolean }): void {
    if (run.state === "ended") return;
    const sent = run.state === "sent";
    run.state = "ended";
    this.runs.delete(run.id);
    this.watchdog.clear(run.id);
    run.handlers.end(outcome);
    if (sent && run.group && --run.group.open === 0) {
      this.queue.ran(Date.now() - run.group.sentAt);
      if (run.worker) this.pool.freed(run.worker);
      this.pump();
    }
  }

  /** Every run sent to a thread ends with `reason` (the module reloaded, closed). */
  private stopRuns(reason: string): void {
    for (const run of [...this.runs.values()]) if (run.state === "sent") this.end(run, { error: { kind: "runtime", message: `Stopped: ${reason}.` } });
  }

  /** A thread ended by itself (the pool starts another when needed): its runs end with why. */
  private onDeath(why: string, from: ModuleWorker): void {
    for (const run of [...this.runs.values()]) if (run.worker === from && run.state === "sent") this.end(run, { error: { kind: "runtime", message: `Stopped: ${why}.` } });
    this.pump();
  }

  /**
   * A run went quiet for the run timeout. If its thread still answers, fn is merely waiting (a slow
   * await): abort just that run. If it does not, fn holds the thread (an endless loop): the thread is
   * replaced, and what else ran on it ends too; runs on other threads go on.
   */
  private async onTimeout(id: string): Promise<void> {
    const run = this.runs.get(id);
    const worker = run?.worker;
    if (!run || !worker || run.state !== "sent") return;
    const seconds = this.watchdog.ms / 1000;
    const alive = await worker.answers(1000);
    if (run.state !== "sent") return;
    if (alive) {
      worker.post({ type: "abort", run: id });
      return this.end(run, { error: { kind: "timeout", message: `fn produced nothing for ${seconds} s and was stopped.` } });
    }
    // The thread goes first, so that the place this run frees is not given to it again.
    this.pool.discard(worker);
    this.end(run, { error: { kind: "timeout", message: `fn ran longer than ${seconds} s without returning (an endless loop?). It was stopped and its runtime restarted.` } });
    this.onDeath("another run on its runtime hung, and the runtime was restarted", worker);
  }
}
