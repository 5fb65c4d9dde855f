// The runs of one module's interface, from request to end: they wait in one line (run-queue.ts) for
// a place to run (the interface's concurrencyLimit), go to threads of the pool (worker-pool.ts),
// report back, and end once. A thread that dies or is replaced: its started runs end, the others go
// back to the front of the line. A quiet run: its watchdog (watchdog.ts) aborts it or replaces its thread.
import type { InterfaceConfig, ToRuntime, UserError } from "../protocol/messages";
import { releaseShared } from "./arena-reader";
import { relayRunMessage, takeInput, type RunHandle, type RunHandlers, type RunInput, type TakenInput } from "./executor";
import type { ModuleWorker, RunMessage } from "./module-worker";
import { RunQueue } from "./run-queue";
import { Watchdog } from "./watchdog";
import { slotsPerThread, type PoolLimits, type WorkerPool } from "./worker-pool";

/** What the runs need of the module they run (supervisor.ts). */
export interface LoadedModule {
  /** Its config once loaded; undefined while it is not (`loadError` says why). */
  readonly config: InterfaceConfig | undefined;
  readonly loadError: UserError | undefined;
  readonly disposed: boolean;
  /** Resolves when the load under way (or the last) has finished: a run joins the line then. */
  readonly loaded: Promise<void>;
  /** Its limits: concurrencyLimit, threads, batch size. */
  limits(): PoolLimits & { batch: number };
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
  /** Its thread has started it (a run sent ahead waits in the thread until then). */
  started?: boolean;
  /** The input it took when it was sent: sent again if its thread goes before starting it. */
  taken?: TakenInput;
  /** Aborted before it was sent: it ends as aborted instead. */
  aborted?: boolean;
  /** The runs sent in one call with this one (batch), sharing one place to run; and when they went. */
  group?: { open: number; sentAt: number };
  tell(status: { position: number; size: number; eta?: number }): void;
}

/**
 * A quick fn's next runs are sent to its thread before the one there ends (they wait in the thread,
 * in order), so that the thread never waits for a round trip through this one, nor sleeps between
 * runs: with 100 clients calling a trivial fn, that halved the calls per second (and each wake-up of
 * an idle thread cost 25 µs of postMessage here, against 10 µs to a busy one). At most this much
 * work (from recent run times) waits in a thread, unseen by the queue; slower fns are sent only when
 * there is room, so every waiting caller is told its place.
 */
const AHEAD_MS = 100;
const MOST_AHEAD = 64;

export class RunDispatch {
  private readonly runs = new Map<string, Run>();
  private readonly queue = new RunQueue<Run>(() => ({ maxSize: this.module.config?.maxQueueSize, slots: this.module.limits().concurrency }));
  private readonly watchdog: Watchdog;
  /** Sessions whose run was aborted after it was sent and before it started (a newer value): the next one goes first. */
  private readonly first = new Set<string>();
  /** When each thread's last run ended: a run sent ahead starts then. */
  private readonly lastEnd = new WeakMap<ModuleWorker, number>();
  private nextRun = 0;

  /** `timeoutMs`: how long a run may go without producing anything before it is cut. */
  constructor(
    private readonly module: LoadedModule,
    private readonly pool: WorkerPool,
    timeoutMs: number,
  ) {
    this.watchdog = new Watchdog(timeoutMs, (id) => void this.onTimeout(id));
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
    void this.module.loaded.then(() => {
      if (run.state !== "waiting") return;
      if (run.aborted) return this.end(run, { aborted: true });
      if (this.module.disposed) return this.end(run, { error: { kind: "runtime", message: "Stopped: the interface was closed." } });
      if (!this.module.config) return this.end(run, { error: this.module.loadError ?? { kind: "runtime", message: "the module is not loaded" } });
      if (this.first.delete(session)) this.queue.addFirst(run);
      else {
        const refused = this.queue.add(run);
        if (refused) return this.end(run, { error: { kind: "queue", message: refused } });
      }
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
      pace: (output, allow) => {
        if (run.state !== "sent") return;
        this.watchdog.arm(run.id);
        run.worker?.post({ type: "pace", run: run.id, output, allow });
      },
    };
  }

  closeSession(session: string): void {
    for (const run of [...this.runs.values()]) if (run.session === session && run.state === "waiting" && this.queue.remove(run)) this.end(run, { aborted: true });
    for (const worker of this.pool.all) worker.post({ type: "close-session", session });
  }

  /** Every run ends: those started with `reason`, those waiting as stopped (the interface was closed). */
  dispose(reason: string): void {
    this.stopRuns(reason);
    for (const run of this.queue.clear()) this.end(run, { error: { kind: "runtime", message: "Stopped: the interface was closed." } });
  }

  /** Sends waiting runs to threads with room, first come first served. */
  pump(): void {
    if (!this.module.config || this.module.disposed) return;
    const average = this.queue.averageMs();
    const ahead = average === undefined ? 0 : Math.min(MOST_AHEAD, Math.floor(AHEAD_MS / Math.max(average, 0.1)));
    while (this.queue.size > 0) {
      const limits = this.module.limits();
      const worker = this.pool.room(limits, ahead);
      if (!worker) return;
      this.send(worker, this.queue.take(limits.batch), slotsPerThread(limits));
    }
  }

  /** Sends `runs` (one, or a batch) to `worker`, which may execute `slots` at once. Each takes its input now. */
  private send(worker: ModuleWorker, runs: Run[], slots: number): void {
    // It starts at once unless the thread executes all it may: then it waits there (sent ahead).
    const atOnce = this.pool.took(worker) < slots;
    const group = { open: runs.length, sentAt: Date.now() };
    const sent: Run[] = [];
    for (const run of runs) {
      try {
        run.taken ??= takeInput(run.input, run.transfer, run.compact);
      } catch (err) {
        group.open--;
        this.end(run, { error: { kind: "runtime", message: `the run's input could not be read: ${(err as Error).message}` } });
        continue;
      }
      Object.assign(run, { state: "sent", worker, group, started: false });
      sent.push(run);
    }
    if (sent.length === 0) return this.pool.freed(worker);
    // It starts now (a fn that loops at once never lets its thread say "started"), or, sent ahead,
    // when the thread's runs before it have ended: its first message says so.
    if (atOnce) for (const run of sent) this.starts(run);
    const transfer = (run: Run) => run.taken!.transfer ?? [];
    if (sent.length === 1 && !this.module.config?.batch) {
      const [one] = sent as [Run];
      const { values, compact, paced } = one.taken!;
      return worker.post({ type: "run", run: one.id, session: one.session, values, compact, paced, slots } satisfies ToRuntime, transfer(one));
    }
    worker.post({ type: "run-batch", runs: sent.map((r) => ({ run: r.id, session: r.session, values: r.taken!.values })), slots } satisfies ToRuntime, sent.flatMap(transfer));
  }

  onRunMessage(msg: RunMessage, from: ModuleWorker): void {
    const run = this.runs.get(msg.run);
    // A run already ended here (timed out, its thread replaced): what it still sends is stale.
    if (!run || run.worker !== from || run.state !== "sent") return releaseShared(msg);
    // A run sent ahead: its first message says it started ("started" itself is not sent for a run that ends at once).
    if (!run.started) {
      // It waited in the thread for the runs before it (its time to run, for the estimates, is from then).
      if (run.group) run.group.sentAt = Math.max(run.group.sentAt, this.lastEnd.get(from) ?? 0);
      this.starts(run);
    }
    if (msg.type === "started") return;
    relayRunMessage(msg, run.handlers, () => this.watchdog.arm(run.id), (outcome) => this.end(run, outcome));
  }

  /** `run` starts on its thread: its watchdog runs from now, and its session hears of it. */
  private starts(run: Run): void {
    run.started = true;
    this.watchdog.arm(run.id);
    run.handlers.started?.();
  }

  /** A run ends (once): its handlers hear it, and its place to run goes to the next in line. */
  private end(run: Run, outcome: { error?: UserError; aborted?: boolean }): void {
    if (run.state === "ended") return;
    const sent = run.state === "sent";
    // A newer value replaced a run that had not started: the session's next run keeps its place, first in line.
    if (sent && !run.started && outcome.aborted) this.first.add(run.session);
    run.state = "ended";
    this.runs.delete(run.id);
    this.watchdog.clear(run.id);
    run.handlers.end(outcome);
    if (sent && run.worker) this.lastEnd.set(run.worker, Date.now());
    if (sent && run.group && --run.group.open === 0) {
      this.queue.ran(Date.now() - run.group.sentAt);
      if (run.worker) this.pool.freed(run.worker);
      this.pump();
    }
  }

  /** Every run a thread started ends with `reason` (the module reloaded, closed); those not started wait again. */
  stopRuns(reason: string): void {
    this.takeBack(() => true, reason);
  }

  /**
   * A thread ended (by itself, or replaced; the pool starts another when needed): the runs it ran end
   * with why; those it had not started go back to the front of the line.
   */
  onDeath(why: string, from: ModuleWorker): void {
    this.takeBack((run) => run.worker === from, why);
    this.pump();
  }

  /** The sent runs that `match` end with `why` if they started; if not, they go back to the front of the line. */
  private takeBack(match: (run: Run) => boolean, why: string): void {
    const unstarted: Run[] = [];
    for (const run of [...this.runs.values()]) {
      if (run.state !== "sent" || !match(run)) continue;
      // Media it took moved to the thread (transferred): that input is gone with it.
      const moved = run.taken?.transfer?.some((b) => b.byteLength === 0);
      if (run.started || moved) this.end(run, { error: { kind: "runtime", message: `Stopped: ${why}.` } });
      else unstarted.push(run);
    }
    for (const run of unstarted.reverse()) {
      if (run.group && --run.group.open === 0 && run.worker) this.pool.freed(run.worker);
      Object.assign(run, { state: "waiting", worker: undefined, group: undefined });
      this.queue.addFirst(run);
    }
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
    const verdict = await this.watchdog.judge(worker, () => run.state === "sent", "It was stopped and its runtime restarted.");
    if (!verdict) return;
    if (!verdict.held) {
      worker.post({ type: "abort", run: id, giveUp: true });
      return this.end(run, { error: verdict.error });
    }
    // The thread goes first, so that the place this run frees is not given to it again.
    this.pool.discard(worker);
    this.end(run, { error: verdict.error });
    this.onDeath("another run on its runtime hung, and the runtime was restarted", worker);
  }
}
