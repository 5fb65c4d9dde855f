// One notebook's kernel, host side: its worker thread (runtime/notebook-worker.ts), the cells it runs
// one at a time, interrupt and restart, and an Executor for each interface a cell showed, so that the
// same Session as a panel's drives it. Nothing here runs user code: a cell or fn that holds its thread
// costs a restart of that thread, never the extension host.
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import type * as TS from "typescript";
import type { CellValue, FromKernel, InterfaceConfig, ToKernel, UserError, Wire } from "../protocol/messages";
import { compileModule, resolveLocal } from "../runtime/compile";
import { relayRunMessage, takeInput, type Executor, type RunHandle, type RunHandlers } from "../runtime/executor";
import { inLine, limitsOf } from "../runtime/in-line";
import { releaseShared } from "../runtime/arena-reader";
import { runtimeScript, spawnRuntimeThread, ThreadPing } from "../runtime/runtime-thread";
import type { Transpile } from "../runtime/transpile";
import { Watchdog } from "../runtime/watchdog";
import { CELL_PARENT, CellSyntaxError, cellFile, compileCell } from "./cell-code";

export interface KernelOptions {
  /** The notebook's folder: cells import and read files from there. */
  folder: string;
  /** TypeScript's API (cells are parsed and transpiled with it) and the transpiler for imported files. */
  typescript: typeof TS;
  transpile: Transpile;
  /** Seconds an interface run may go without output before it is cut (liveInterface.runTimeout). */
  timeout: number;
  /** console output outside cells, and what the kernel does (Output channel). */
  log(text: string): void;
}

export interface CellResult {
  value?: CellValue;
  error?: UserError;
  interrupted?: boolean;
}

/** How long an interrupted cell may take to stop before its thread is restarted. */
const INTERRUPT_GRACE_MS = 1000;

const WORKER_FILE = runtimeScript("notebook-worker.js");

interface PendingCell {
  cell: string;
  resolve(result: CellResult): void;
  onConsole(stream: "stdout" | "stderr", text: string): void;
}

export class Kernel {
  /** Names this kernel's life: a restart starts a new one, and outputs of the old one are not live. */
  generation = randomUUID();
  /** Workspace files sent to this generation's thread (it loads each once). */
  private readonly compiled = new Set<string>();
  /** Interfaces the cells of this generation showed, by id. */
  readonly shown = new Map<string, InterfaceConfig>();
  private worker: Worker;
  private readonly runs = new Map<string, { handlers: RunHandlers; started?: boolean }>();
  /** A run quiet for the run timeout is aborted; if fn holds the thread, the kernel restarts. */
  private readonly watchdog: Watchdog;
  private cell: PendingCell | undefined;
  /** Cells wait their turn: one runs at a time, in the order they were asked for. */
  private queue: Promise<unknown> = Promise.resolve();
  private count = 0;
  private nextRun = 0;
  private readonly restartListeners = new Set<(reason: string) => void>();
  private disposed = false;

  constructor(private readonly options: KernelOptions) {
    this.watchdog = new Watchdog(options.timeout * 1000, (id) => void this.onQuiet(id));
    this.worker = this.spawn();
  }

  /**
   * Runs a cell's source after the cells asked for before it; `onConsole` gets its console output.
   * `key` names the notebook cell: what its previous run showed is let go (its output is replaced).
   */
  runCell(source: string, onConsole: PendingCell["onConsole"], key = ""): { executionOrder: number; done: Promise<CellResult> } {
    const executionOrder = ++this.count;
    const done = this.queue.then(() => this.execute(source, executionOrder, onConsole, key || `run ${executionOrder}`));
    this.queue = done.catch(() => undefined); // a cell that failed on our side must not hold up the next
    return { executionOrder, done };
  }

  /** Stops the running cell: its awaits end at once; one that never awaits costs the kernel a restart. */
  interrupt(): void {
    const pending = this.cell;
    if (!pending) return;
    this.post({ type: "interrupt", cell: pending.cell });
    setTimeout(() => {
      if (this.cell === pending) this.restart("the interrupted cell kept the kernel busy (a loop that never awaits?), so the kernel was restarted");
    }, INTERRUPT_GRACE_MS);
  }

  /** A fresh scope: the thread is replaced; a running cell ends, and shown interfaces are no longer live. */
  restart(reason = "the kernel was restarted"): void {
    if (this.disposed) return;
    void this.worker.terminate();
    this.endAll(reason);
    this.generation = randomUUID();
    this.shown.clear();
    this.compiled.clear();
    this.worker = this.spawn();
    for (const l of this.restartListeners) l(reason);
  }

  onRestart(listener: (reason: string) => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Drives interface `id` (shown by a cell of this generation) like a panel's module runtime. */
  executor(id: string): Executor {
    const generation = this.generation;
    const config = this.shown.get(id);
    const reloads = new Set<() => void>();
    const off = this.onRestart(() => {
      for (const l of reloads) l();
    });
    const direct: Executor = {
      get config() {
        return config;
      },
      get loadError(): UserError | undefined {
        return undefined;
      },
      ready: Promise.resolve(),
      run: (session, values, handlers, transfer, options) => {
        if (this.generation !== generation) {
          queueMicrotask(() => handlers.end({ error: { kind: "runtime", message: "The kernel was restarted: run the cell again." } }));
          return { id: "stale", abort() {} };
        }
        const input = takeInput(values, transfer, options?.compact);
        return this.run(session, id, input.values, handlers, input.transfer ?? [], input.compact === true, input.paced === true);
      },
      closeSession: (session) => this.post({ type: "close-session", session }),
      onReload: (listener) => (reloads.add(listener), () => reloads.delete(listener)),
      dispose: async () => off(),
    };
    // Its runs wait their turn under the interface's concurrencyLimit and maxQueueSize, as a panel's do.
    return inLine(direct, () => limitsOf(direct));
  }

  dispose(): void {
    this.disposed = true;
    this.endAll("the notebook was closed");
    void this.worker.terminate();
    this.restartListeners.clear();
  }

  private spawn(): Worker {
    if (!WORKER_FILE) throw new Error("dist/notebook-worker.js is missing: run `npm run build`");
    const worker = spawnRuntimeThread(WORKER_FILE, { onLog: (text, stream) => this.console(undefined, stream, text) });
    worker.on("message", (msg: FromKernel) => this.onMessage(msg));
    const died = (why: string) => {
      if (this.worker === worker && !this.disposed) this.restart(why);
    };
    worker.on("error", (err) => died(`the kernel crashed (${err.message}) and was restarted`));
    worker.on("exit", (code) => died(`the kernel exited with code ${code} (did a cell call process.exit?) and was restarted`));
    worker.postMessage({ type: "setup", folder: this.options.folder } satisfies ToKernel);
    return worker;
  }

  private post(msg: ToKernel, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  private async execute(source: string, count: number, onConsole: PendingCell["onConsole"], key: string): Promise<CellResult> {
    if (this.disposed) return { error: { kind: "runtime", message: "The notebook was closed." } };
    let code;
    try {
      code = compileCell(this.options.typescript, source);
    } catch (err) {
      if (!(err instanceof CellSyntaxError)) throw err;
      return { error: { kind: "load", message: `SyntaxError: ${err.message}`, location: `Cell [${count}], line ${err.line}` } };
    }
    // Workspace files the cell imports, transpiled here (as a panel's module's are) for the kernel.
    // Once per kernel: its require keeps what it loaded, as Node does (a restart takes edits).
    const modules: Record<string, string> = {};
    const resolutions: Record<string, string> = {};
    for (const specifier of code.imports.filter((s) => s.startsWith("."))) {
      const target = await resolveLocal(this.options.folder, specifier);
      if (!target) continue; // the kernel reports it, at the cell's import
      resolutions[`${path.join(this.options.folder, CELL_PARENT)}\0${specifier}`] = target;
      if (!/\.[cm]?[jt]sx?$/.test(target) || this.compiled.has(target)) continue;
      const compiled = await compileModule(target, this.options.transpile);
      if ("error" in compiled) return { error: compiled.error };
      this.compiled.add(target);
      Object.assign(modules, compiled.modules);
      Object.assign(resolutions, compiled.resolutions);
    }
    const cell = `c${count}`;
    return new Promise<CellResult>((resolve) => {
      this.cell = { cell, resolve, onConsole };
      this.post({ type: "cell", cell, key, name: cellFile(count), script: code.script, lines: code.lines, modules, resolutions });
    });
  }

  private endCell(cell: string, result: CellResult): void {
    const pending = this.cell;
    if (pending?.cell !== cell) return;
    this.cell = undefined;
    if (result.value && "interface" in result.value) this.shown.set(result.value.interface.id, result.value.interface.config);
    pending.resolve(result);
  }

  private console(cell: string | undefined, stream: "stdout" | "stderr", text: string): void {
    const pending = this.cell;
    if (pending && (cell === undefined || pending.cell === cell)) pending.onConsole(stream, text);
    else this.options.log(text.replace(/\n$/, ""));
  }

  private run(session: string, iface: string, values: Wire[], handlers: RunHandlers, transfer: ArrayBuffer[], compact: boolean, paced: boolean): RunHandle {
    const run = `r${++this.nextRun}`;
    this.runs.set(run, { handlers });
    this.post({ type: "run", run, session, iface, values, compact, paced }, transfer);
    this.arm(run);
    return {
      id: run,
      abort: () => this.runs.has(run) && this.post({ type: "abort", run }),
      // Held by the page (its streamed video waits), not stuck: the watchdog starts over.
      pace: (output, allow) => {
        if (!this.runs.has(run)) return;
        this.arm(run);
        this.post({ type: "pace", run, output, allow });
      },
    };
  }

  private onMessage(msg: FromKernel): void {
    switch (msg.type) {
      case "cell-done":
        for (const id of msg.dropped ?? []) this.shown.delete(id);
        return this.endCell(msg.cell, { value: msg.value, error: msg.error, interrupted: msg.interrupted });
      case "console":
        return this.console(msg.cell, msg.stream, msg.text);
      case "pong":
        return;
    }
    const run = this.runs.get(msg.run);
    // A run's first message says it started ("started" itself is not sent for a run that ends at once).
    if (run && !run.started) {
      run.started = true;
      run.handlers.started?.();
    }
    if (msg.type === "started") return;
    if (run) relayRunMessage(msg, run.handlers, () => this.arm(msg.run), (outcome) => this.finish(msg.run, outcome));
    else releaseShared(msg); // a run already ended here (cut): its outputs go nowhere
  }

  private finish(id: string, outcome: { error?: UserError; aborted?: boolean }): void {
    const run = this.runs.get(id);
    if (!run) return;
    this.watchdog.clear(id);
    this.runs.delete(id);
    run.handlers.end(outcome);
  }

  /** A run's watchdog starts over (it produced something, or the page holds it). */
  private arm(id: string): void {
    if (this.runs.has(id)) this.watchdog.arm(id);
  }

  /** A run produced nothing for the run timeout: fn awaits (abort the run) or holds the thread (restart the kernel). */
  private async onQuiet(id: string): Promise<void> {
    const worker = this.worker;
    const verdict = await this.watchdog.judge(new ThreadPing(worker), () => this.runs.has(id) && this.worker === worker, "The kernel was restarted.");
    if (!verdict) return;
    if (!verdict.held) {
      this.post({ type: "abort", run: id });
      return this.finish(id, { error: verdict.error });
    }
    this.finish(id, { error: verdict.error });
    this.restart(`a run of fn held the kernel for ${this.options.timeout} s, so the kernel was restarted`);
  }

  /** Everything in flight ends: the cell with `reason`, the runs as stopped. */
  private endAll(reason: string): void {
    if (this.cell) this.endCell(this.cell.cell, { error: { kind: "runtime", message: capitalize(reason) + ". Variables of earlier cells are gone: run them again." } });
    for (const id of [...this.runs.keys()]) this.finish(id, { error: { kind: "runtime", message: `Stopped: ${reason}.` } });
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
