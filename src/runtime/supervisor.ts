import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { FromRuntime, InterfaceConfig, ToRuntime, UserError, Wire } from "../protocol/messages";
import { compileModule, filesOf, type CompiledModule } from "./compile";
import { esbuildTranspiler, type Transpile } from "./transpile";
import { relayRunMessage, type Executor, type RunHandle, type RunHandlers } from "./executor";
import { releaseShared, withArena } from "./output-arena";

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
  /** Extra text for the worker's console output (default: the host's stdout/stderr). */
  onLog?: (text: string, stream: "stdout" | "stderr") => void;
}

/**
 * A worker that has neither answered a ping nor started a run for this long is held by one fn (an
 * endless loop, or long synchronous work). Runs of other sessions waiting behind it then move to a
 * fresh worker.
 */
const BLOCKED_MS = 500;
const HEARTBEAT_MS = 200;

interface ActiveRun {
  handlers: RunHandlers;
  timer?: NodeJS.Timeout;
  /** The worker the run was sent to. */
  worker: Worker;
  session: string;
  /** Until the worker starts the run: its inputs, so that it can be sent to another worker. */
  queued?: Wire[];
  compact?: boolean;
}

// dist/worker.js beside the bundle; from sources (tests run through tsx), the built one.
const WORKER_FILE = [path.join(__dirname, "worker.js"), path.resolve(__dirname, "../../dist/worker.js")].find((f) => fs.existsSync(f));

/**
 * Runs a user module in a worker thread and keeps it alive: a crash restarts it, and a fn that stops
 * answering (an endless loop) is cut after `timeout` by terminating and restarting the worker.
 */
export class Supervisor implements Executor {
  config: InterfaceConfig | undefined;
  loadError: UserError | undefined;
  ready: Promise<void>;
  private worker: Worker | undefined;
  private spare: Worker | undefined;
  private compiled: CompiledModule | undefined;
  private readonly active = new Map<string, ActiveRun>();
  /** Workers replaced while a fn held them: each goes once its started runs end (or are cut). */
  private readonly retired = new Set<Worker>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** The heartbeat's unanswered ping: its id and when it was sent. */
  private heartbeatPing: { id: number; at: number } | undefined;
  /** When the current worker last started a run (a queue of short runs keeps this recent). */
  private lastStartedAt = 0;
  private readonly listeners = new Set<() => void>();
  private nextRun = 0;
  private nextPing = 0;
  private loaded: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly timeoutMs: number;
  private readonly transpile: Transpile;
  private watchers: fs.FSWatcher[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(readonly file: string, private readonly options: SupervisorOptions = {}) {
    this.file = path.resolve(file);
    this.timeoutMs = (options.timeout ?? 30) * 1000;
    this.transpile = options.transpile ?? esbuildTranspiler();
    // Started before compiling, so the first load overlaps the worker's start-up too.
    if (options.warmSpare && WORKER_FILE) this.spare = this.spawnWorker();
    this.ready = this.reload();
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
      this.stopWorker("the module was changed and no longer compiles");
      this.config = undefined;
      this.loadError = compiled.error;
    } else {
      this.compiled = compiled;
      await this.startWorker("the module was reloaded", false);
    }
    if (this.options.watch) this.watchFiles();
    for (const l of this.listeners) l();
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

  run(session: string, values: Wire[], handlers: RunHandlers, transfer: ArrayBuffer[] = [], options: { compact?: boolean } = {}): RunHandle {
    const id = `r${++this.nextRun}`;
    let abortedEarly = false;
    // Queued until the module has loaded; a (re)start only ends the runs already in the worker.
    void this.loaded.then(() => {
      if (abortedEarly) return handlers.end({ aborted: true });
      const worker = this.worker;
      if (!worker || !this.config) return handlers.end({ error: this.loadError ?? { kind: "runtime", message: "the module is not loaded" } });
      // Behind a run in flight, this one may wait for a thread that a fn holds: it is sent as a copy
      // and kept, so that it can go to another worker (a frame's copy costs well under a millisecond).
      const behind = this.hasRunOn(worker, () => true);
      this.active.set(id, { handlers, worker, session, queued: behind ? values : undefined, compact: options.compact });
      worker.postMessage({ type: "run", run: id, session, values, compact: options.compact } satisfies ToRuntime, behind ? [] : transfer);
      this.arm(id);
      // Only a run waiting behind another can be stalled by it: one session alone never pays for this.
      if (behind) this.heartbeat();
    });
    return {
      id,
      abort: () => {
        const run = this.active.get(id);
        if (run) run.worker.postMessage({ type: "abort", run: id } satisfies ToRuntime);
        else abortedEarly = true;
      },
    };
  }

  closeSession(session: string): void {
    this.post({ type: "close-session", session });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.reloadTimer);
    for (const w of this.watchers) w.close();
    this.stopWorker("the interface was closed");
    clearTimeout(this.heartbeatTimer);
    void this.spare?.terminate();
    this.spare = undefined;
    this.listeners.clear();
  }

  private post(msg: ToRuntime, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(msg, transfer);
  }

  /**
   * Starts a fresh worker with the compiled module; resolves once it has loaded (or failed to).
   * `retire`: the current worker is blocked by a fn; it is kept (not stopped) until its runs end.
   */
  private startWorker(reason: string, track = true, retire = false): Promise<void> {
    if (retire && this.worker) {
      this.retired.add(this.worker);
      this.worker = undefined;
    } else this.stopWorker(reason);
    if (this.disposed || !this.compiled || !WORKER_FILE) {
      if (!WORKER_FILE) this.loadError = { kind: "runtime", message: "dist/worker.js is missing: run `npm run build`" };
      return Promise.resolve();
    }
    const worker = this.spare ?? this.spawnWorker();
    this.spare = undefined;
    this.worker = worker;
    const loaded = new Promise<void>((resolve) => {
      let isLoaded = false;
      // A module whose top level never finishes (or kills its thread) gets a load error, not a restart loop.
      const loadFailed = (message: string) => {
        this.config = undefined;
        this.loadError = { kind: "load", message };
        this.stopWorker(message);
        resolve();
      };
      // At least 10 s: a short run timeout (1 s) must not fail a module that loads slowly on a busy machine.
      const loadMs = Math.max(this.timeoutMs, 10000);
      const loadTimer = setTimeout(() => loadFailed(`the module took longer than ${loadMs / 1000} s to load`), loadMs);
      worker.on("message", (msg: FromRuntime) => {
        if (msg.type === "loaded" || msg.type === "load-error") {
          clearTimeout(loadTimer);
          isLoaded = msg.type === "loaded";
          this.config = isLoaded ? (msg as { config: InterfaceConfig }).config : undefined;
          this.loadError = msg.type === "load-error" ? msg.error : undefined;
          resolve();
        } else this.onMessage(msg, worker);
      });
      const died = (why: string) => {
        if (this.retired.has(worker)) return this.dropRetired(worker, why);
        if (this.worker !== worker) return;
        clearTimeout(loadTimer);
        if (isLoaded) this.restart(why);
        else loadFailed(`the module stopped its runtime while loading: ${why}`);
      };
      worker.on("error", (err) =>
        died(
          (err as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY"
            ? `fn ran out of memory (the runtime may use ${this.options.memoryLimitMb ?? 2048} MB) and the runtime was restarted`
            : `the runtime crashed: ${err.message}`,
        ),
      );
      worker.on("exit", (code) => died(`the runtime exited with code ${code} (did fn call process.exit?)`));
    });
    worker.postMessage({ type: "load", ...this.compiled } satisfies ToRuntime);
    // The next spare starts once this one has loaded, not competing with it for the CPU.
    void loaded.then(() => {
      if (this.options.warmSpare && !this.disposed && !this.spare) this.spare = this.spawnWorker();
    });
    if (track) this.loaded = loaded;
    return loaded;
  }

  /** A worker thread with the runtime loaded, waiting for its module. */
  private spawnWorker(): Worker {
    // Its large outputs arrive in memory it shares with this thread (output-arena.ts).
    const worker = withArena(
      (memory) =>
        new Worker(WORKER_FILE!, {
          resourceLimits: { maxOldGenerationSizeMb: this.options.memoryLimitMb ?? 2048 },
          stdout: !!this.options.onLog,
          stderr: !!this.options.onLog,
          workerData: { liveInterfaceRuntime: true, arena: memory },
        }),
    );
    if (this.options.onLog) {
      worker.stdout.on("data", (b: Buffer) => this.options.onLog!(b.toString(), "stdout"));
      worker.stderr.on("data", (b: Buffer) => this.options.onLog!(b.toString(), "stderr"));
    }
    // A spare that dies before it is used is simply not there any more.
    const gone = () => {
      if (this.spare === worker) this.spare = undefined;
    };
    worker.once("error", gone);
    worker.once("exit", gone);
    return worker;
  }

  private stopWorker(reason: string): void {
    const worker = this.worker;
    this.worker = undefined;
    this.heartbeatPing = undefined;
    for (const id of [...this.active.keys()]) this.finish(id, { error: { kind: "runtime", message: `Stopped: ${reason}.` } });
    if (worker) void worker.terminate();
    for (const w of this.retired) void w.terminate();
    this.retired.clear();
  }

  private runsOn(worker: Worker): [string, ActiveRun][] {
    return [...this.active].filter(([, r]) => r.worker === worker);
  }

  /** Whether a run on `worker` matches (without building a list: this is on every run's way). */
  private hasRunOn(worker: Worker, match: (run: ActiveRun) => boolean): boolean {
    for (const run of this.active.values()) if (run.worker === worker && match(run)) return true;
    return false;
  }

  /**
   * While runs wait behind another, pings the worker every HEARTBEAT_MS. When for BLOCKED_MS a ping
   * goes unanswered and no run starts, the runtime is handed over: a fresh worker takes the waiting
   * runs and everything new, and the blocked one keeps only what it started, until that ends or the
   * run timeout cuts it. So one session's endless loop or heavy fn does not stall the others.
   */
  private heartbeat(): void {
    if (this.heartbeatTimer) return;
    const tick = () => {
      this.heartbeatTimer = undefined;
      const worker = this.worker;
      if (this.disposed || !worker || !this.hasRunOn(worker, (r) => !!r.queued)) return (this.heartbeatPing = undefined);
      const ping = this.heartbeatPing;
      if (!ping) {
        this.heartbeatPing = { id: ++this.nextPing, at: Date.now() };
        worker.postMessage({ type: "ping", id: this.heartbeatPing.id } satisfies ToRuntime);
      } else if (Date.now() - Math.max(ping.at, this.lastStartedAt) > BLOCKED_MS) {
        // Blocked: no answer, and no run started for a while (a long queue of short runs is not).
        this.handOff();
      }
      this.heartbeatTimer = setTimeout(tick, HEARTBEAT_MS);
    };
    this.heartbeatTimer = setTimeout(tick, HEARTBEAT_MS);
  }

  private handOff(): void {
    const blocked = this.worker;
    if (!blocked || !this.compiled) return;
    const waiting = this.runsOn(blocked).filter(([, r]) => r.queued);
    this.heartbeatPing = undefined;
    void this.startWorker("a fn held the runtime", true, true).then(() => {
      for (const [id, run] of waiting) {
        if (!this.active.has(id) || !run.queued) continue; // ended meanwhile, or the blocked worker got to it
        if (!this.worker) return this.finish(id, { error: this.loadError ?? { kind: "runtime", message: "the module is not loaded" } });
        run.worker = this.worker;
        this.worker.postMessage({ type: "run", run: id, session: run.session, values: run.queued, compact: run.compact } satisfies ToRuntime);
        run.queued = undefined;
        this.arm(id);
      }
      this.heartbeat();
    });
  }

  /** A retired worker ended (cut, or crashed): what it still ran ends with `why`. */
  private dropRetired(worker: Worker, why: string): void {
    this.retired.delete(worker);
    void worker.terminate();
    for (const [id] of this.runsOn(worker)) this.finish(id, { error: { kind: "runtime", message: `Stopped: ${why}.` } });
  }

  private restart(reason: string): void {
    if (this.disposed) return;
    void this.startWorker(reason);
  }

  private onMessage(msg: FromRuntime, from: Worker): void {
    if (msg.type === "pong") {
      if (msg.id === this.heartbeatPing?.id) this.heartbeatPing = undefined;
      return;
    }
    if (msg.type === "loaded" || msg.type === "load-error") return;
    const run = this.active.get(msg.run);
    // A run already ended here (timed out), or moved to another worker: what it still sends is stale.
    if (!run || run.worker !== from) return releaseShared(msg);
    if (msg.type !== "started") return relayRunMessage(msg, run.handlers, () => this.arm(msg.run), (outcome) => this.finish(msg.run, outcome));
    run.queued = undefined;
    if (from === this.worker) this.lastStartedAt = Date.now();
  }

  private finish(id: string, outcome: { error?: UserError; aborted?: boolean }): void {
    const run = this.active.get(id);
    if (!run) return;
    clearTimeout(run.timer);
    this.active.delete(id);
    run.handlers.end(outcome);
    // A retired worker goes once what it started has ended.
    if (this.retired.has(run.worker) && !this.hasRunOn(run.worker, () => true)) this.dropRetired(run.worker, "the runtime was replaced");
  }

  /** (Re)starts the run's watchdog: it fires after `timeout` without output, progress or end. */
  private arm(id: string): void {
    const run = this.active.get(id);
    if (!run) return;
    clearTimeout(run.timer);
    run.timer = setTimeout(() => this.onTimeout(id), this.timeoutMs);
  }

  /**
   * A run went quiet. If the worker still answers, fn is merely waiting (a slow await): abort just
   * that run. If it does not, fn holds the thread (an endless loop): restart the runtime.
   */
  private onTimeout(id: string): void {
    const worker = this.active.get(id)?.worker;
    if (!worker) return;
    const seconds = this.timeoutMs / 1000;
    const ping = ++this.nextPing;
    const answered = new Promise<boolean>((resolve) => {
      const onPong = (msg: FromRuntime) => msg.type === "pong" && msg.id === ping && (worker.off("message", onPong), resolve(true));
      worker.on("message", onPong);
      setTimeout(() => (worker.off("message", onPong), resolve(false)), 1000);
    });
    worker.postMessage({ type: "ping", id: ping } satisfies ToRuntime);
    void answered.then((alive) => {
      if (!this.active.has(id)) return;
      if (alive) {
        worker.postMessage({ type: "abort", run: id } satisfies ToRuntime);
        this.finish(id, { error: { kind: "timeout", message: `fn produced nothing for ${seconds} s and was stopped.` } });
      } else if (this.worker === worker) {
        this.finish(id, {
          error: {
            kind: "timeout",
            message: `fn ran longer than ${seconds} s without returning (an endless loop?). It was stopped and the runtime restarted.`,
          },
        });
        this.restart(`another run hung and the runtime was restarted`);
      } else if (this.retired.has(worker)) {
        this.finish(id, { error: { kind: "timeout", message: `fn ran longer than ${seconds} s without returning (an endless loop?). It was stopped.` } });
        this.dropRetired(worker, "another run hung and its runtime was stopped");
      }
    });
  }
}
