import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { FromRuntime, InterfaceConfig, ToRuntime, UserError, Wire } from "../protocol/messages";
import { compileModule, filesOf, type CompiledModule } from "./compile";
import { esbuildTranspiler, type Transpile } from "./transpile";
import type { Executor, RunHandle, RunHandlers } from "./executor";

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
  /** Extra text for the worker's console output (default: the host's stdout/stderr). */
  onLog?: (text: string, stream: "stdout" | "stderr") => void;
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
  private readonly active = new Map<string, { handlers: RunHandlers; timer?: NodeJS.Timeout }>();
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

  run(session: string, values: Wire[], handlers: RunHandlers, transfer: ArrayBuffer[] = []): RunHandle {
    const id = `r${++this.nextRun}`;
    let abortedEarly = false;
    // Queued until the module has loaded; a (re)start only ends the runs already in the worker.
    void this.loaded.then(() => {
      if (abortedEarly) return handlers.end({ aborted: true });
      if (!this.worker || !this.config) return handlers.end({ error: this.loadError ?? { kind: "runtime", message: "the module is not loaded" } });
      this.active.set(id, { handlers });
      this.post({ type: "run", run: id, session, values }, transfer);
      this.arm(id);
    });
    return {
      id,
      abort: () => (this.active.has(id) ? this.post({ type: "abort", run: id }) : (abortedEarly = true)),
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
    void this.spare?.terminate();
    this.spare = undefined;
    this.listeners.clear();
  }

  private post(msg: ToRuntime, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(msg, transfer);
  }

  /** Starts a fresh worker with the compiled module; resolves once it has loaded (or failed to). */
  private startWorker(reason: string, track = true): Promise<void> {
    this.stopWorker(reason);
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
        } else this.onMessage(msg);
      });
      const died = (why: string) => {
        if (this.worker !== worker) return;
        clearTimeout(loadTimer);
        if (isLoaded) this.restart(why);
        else loadFailed(`the module stopped its runtime while loading: ${why}`);
      };
      worker.on("error", (err) => died(`the runtime crashed: ${err.message}`));
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
    const worker = new Worker(WORKER_FILE!, {
      stdout: !!this.options.onLog,
      stderr: !!this.options.onLog,
      workerData: { liveInterfaceRuntime: true },
    });
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
    for (const id of [...this.active.keys()]) this.finish(id, { error: { kind: "runtime", message: `Stopped: ${reason}.` } });
    if (worker) void worker.terminate();
  }

  private restart(reason: string): void {
    if (this.disposed) return;
    void this.startWorker(reason);
  }

  private onMessage(msg: FromRuntime): void {
    if (msg.type === "pong" || msg.type === "loaded" || msg.type === "load-error") return;
    const run = this.active.get(msg.run);
    if (!run) return; // a run already ended here (timed out): whatever it still sends is stale
    switch (msg.type) {
      case "output":
        this.arm(msg.run);
        return run.handlers.output({ values: msg.values, append: msg.append });
      case "progress":
        this.arm(msg.run);
        return run.handlers.progress(msg.fraction, msg.text);
      case "done":
        return this.finish(msg.run, {});
      case "failed":
        return this.finish(msg.run, msg.aborted ? { aborted: true } : { error: msg.error });
    }
  }

  private finish(id: string, outcome: { error?: UserError; aborted?: boolean }): void {
    const run = this.active.get(id);
    if (!run) return;
    clearTimeout(run.timer);
    this.active.delete(id);
    run.handlers.end(outcome);
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
    const worker = this.worker;
    if (!worker || !this.active.has(id)) return;
    const seconds = this.timeoutMs / 1000;
    const ping = ++this.nextPing;
    const answered = new Promise<boolean>((resolve) => {
      const onPong = (msg: FromRuntime) => msg.type === "pong" && msg.id === ping && (worker.off("message", onPong), resolve(true));
      worker.on("message", onPong);
      setTimeout(() => (worker.off("message", onPong), resolve(false)), 1000);
    });
    this.post({ type: "ping", id: ping });
    void answered.then((alive) => {
      if (!this.active.has(id)) return;
      if (alive) {
        this.post({ type: "abort", run: id });
        this.finish(id, { error: { kind: "timeout", message: `fn produced nothing for ${seconds} s and was stopped.` } });
      } else if (this.worker === worker) {
        this.finish(id, {
          error: {
            kind: "timeout",
            message: `fn ran longer than ${seconds} s without returning (an endless loop?). It was stopped and the runtime restarted.`,
          },
        });
        this.restart(`another run hung and the runtime was restarted`);
      }
    });
  }
}
