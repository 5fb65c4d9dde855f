// The runs of a runtime worker (a panel's module worker, a notebook's kernel): each run calls fn
// through executeRun and reports started, outputs, progress, then done or failed; abort and session
// ends come from the host. Both workers keep their interfaces their own way and hand one in per run.
import type { FromRuntime, OutputUpdate, ToRuntime, UserError, Wire } from "../protocol/messages";
import { isAbortError } from "./errors";
import { executeBatch, executeRun, SessionStore } from "./execute";
import { FrameGate } from "./frame-gate";
import type { Interface } from "./interface";
import { viewsIn } from "./output-arena";
import type { CopyTarget } from "./transfer";

/** The thread's shared memory for large outputs (output-arena.ts, ArenaWriter). */
export interface RunArena extends CopyTarget {
  /** A promise while much of it is in flight to the host (a generator waits for it). */
  room(): Promise<void> | undefined;
}

type RunMessage = Extract<FromRuntime, { type: "started" | "output" | "progress" | "done" | "failed" }>;
/** What the host says alike to every runtime thread: of runs in flight, a ping, shared memory given back. */
type CommonMessage = Extract<ToRuntime, { type: "abort" | "close-session" | "pace" | "ping" | "release" }>;
const COMMON = new Set<string>(["abort", "close-session", "pace", "ping", "release"]);

/** Whether `msg` is one every runtime thread answers alike (WorkerRuns.common). */
export const isCommonMessage = (msg: { type: string }): msg is CommonMessage => COMMON.has(msg.type);


export class WorkerRuns {
  private readonly sessions = new SessionStore();
  private readonly runs = new Map<string, AbortController>();
  /** Runs whose streamed Video outputs a page paces (see frame-gate.ts). */
  private readonly gates = new Map<string, FrameGate>();
  /** Runs (or batches) this thread may execute at once; the host may send one or two ahead, which wait here in order. */
  private slots = Infinity;
  /** What executes now (a run, or a batch's runs), each taking one slot. */
  private readonly executing = new Set<{ runs: string[] }>();
  private readonly ahead: { runs: string[]; start: () => void }[] = [];

  /**
   * `userError`: what a throw of fn becomes (each worker names the user's files its own way).
   * `arena`: where the run's large outputs are copied; while much of it is in flight, a generator waits.
   */
  constructor(
    private readonly post: (msg: RunMessage) => void,
    private readonly userError: (err: unknown) => UserError,
    private readonly arena: RunArena,
  ) {}

  /**
   * What the host says alike to every runtime thread: abort a run, a session ended, a page's room
   * for frames; a ping (`pong` answers), shared memory given back (`release` takes it).
   */
  common(msg: CommonMessage, pong: (id: number) => void, release: (ranges: [number, number][]) => void): void {
    if (msg.type === "abort") return this.abort(msg.run, msg.giveUp === true);
    if (msg.type === "close-session") return this.closeSession(msg.session);
    if (msg.type === "pace") return this.pace(msg.run, msg.output, msg.allow);
    if (msg.type === "ping") return pong(msg.id);
    release(msg.ranges);
  }

  /** A run, when this thread has room for it (`slots`: how many it may execute at once, from the host). */
  /** `paced`: a page shows the run's streamed Video outputs and says when it has room for more frames. */
  run(runId: string, iface: Interface<any, any> | undefined, session: string, values: Wire[], compact: boolean, missing: string, slots?: number, paced = false): void {
    this.enter([runId], slots, () => this.execute(runId, iface, session, values, compact, paced, missing));
  }

  /** A batch (executeBatch), when this thread has room for it. */
  runBatch(list: { run: string; session: string; values: Wire[] }[], iface: Interface<any, any> | undefined, missing: string, slots?: number): void {
    // Runs aborted while the batch waited here have left it.
    this.enter(
      list.map((r) => r.run),
      slots,
      (left) => this.executeBatch(list.filter((r) => left.includes(r.run)), iface, missing),
    );
  }

  private enter(runs: string[], slots: number | undefined, go: (runs: string[]) => Promise<void>): void {
    if (slots !== undefined) this.slots = slots;
    const entry = { runs, start: () => {} };
    entry.start = () => {
      this.executing.add(entry);
      void go(entry.runs).finally(() => this.leave(entry));
    };
    if (this.executing.size < this.slots) entry.start();
    else this.ahead.push(entry);
  }

  /** `entry` no longer takes a slot: the next one sent ahead starts. */
  private leave(entry: { runs: string[] }): void {
    if (!this.executing.delete(entry)) return;
    while (this.executing.size < this.slots && this.ahead.length > 0) this.ahead.shift()!.start();
  }

  private async execute(runId: string, iface: Interface<any, any> | undefined, session: string, values: Wire[], compact: boolean, paced: boolean, missing: string): Promise<void> {
    if (!iface) return this.post({ type: "failed", run: runId, error: { kind: "runtime", message: missing } });
    const controller = new AbortController();
    this.runs.set(runId, controller);
    const gate = FrameGate.of(iface, paced, controller.signal);
    if (gate) this.gates.set(runId, gate);
    // "started" waits for the end of this task, and is not sent at all when the run has reported
    // something by then (the host takes a run's first message as its start): a quick fn's run then
    // costs each thread one message instead of two.
    const started = setImmediate(() => this.post({ type: "started", run: runId }));
    const send = (msg: RunMessage) => {
      clearImmediate(started);
      this.post(msg);
    };
    // An output waits for the end of this task: a fn that returns at once then reports its result
    // and its end in one message. Otherwise the host may relay them as two (its thread runs
    // alongside), and each message to a page is a task for its renderer: with many pages streaming,
    // that delivery is what limits their frame rate. A generator's outputs still leave one by one.
    let pending: OutputUpdate | undefined;
    const flush = () => {
      if (pending) send({ type: "output", run: runId, ...pending });
      pending = undefined;
    };
    try {
      await executeRun(iface, this.sessions, session, values, controller.signal, {
        compact,
        copies: this.arena,
        output: (update) => {
          if (pending) flush();
          else setImmediate(flush);
          pending = update;
          gate?.counted(update);
          const link = this.arena.room();
          const page = gate?.room();
          return link && page ? Promise.all([link, page]).then(() => {}) : (link ?? page);
        },
        progress: (fraction, text) => {
          flush();
          send({ type: "progress", run: runId, fraction, text });
        },
      });
      const last = pending;
      pending = undefined;
      send({ type: "done", run: runId, last });
    } catch (err) {
      flush();
      send({ type: "failed", run: runId, error: this.userError(err), aborted: controller.signal.aborted && isAbortError(err) });
    } finally {
      this.runs.delete(runId);
      this.gates.delete(runId);
    }
  }

  /** The page has room for frames of `run`'s streamed Video output `output` up to number `allow`. */
  pace(run: string, output: number, allow: number): void {
    this.gates.get(run)?.allow(output, allow);
  }


  /** One call of a batch fn for several runs (executeBatch); each run gets its row. A run aborted meanwhile ends as aborted. */
  private async executeBatch(list: { run: string; session: string; values: Wire[] }[], iface: Interface<any, any> | undefined, missing: string): Promise<void> {
    if (!iface) {
      for (const { run } of list) this.post({ type: "failed", run, error: { kind: "runtime", message: missing } });
      return;
    }
    // The call is aborted only when every run in it is.
    const batch = new AbortController();
    let open = list.length;
    const controllers = list.map(({ run }) => {
      const controller = new AbortController();
      controller.signal.addEventListener("abort", () => --open === 0 && batch.abort(controller.signal.reason));
      this.runs.set(run, controller);
      this.post({ type: "started", run });
      return controller;
    });
    try {
      const updates = await executeBatch(iface, this.sessions, list, batch.signal, this.arena);
      list.forEach(({ run }, i) => {
        if (!controllers[i]!.signal.aborted) return this.post({ type: "done", run, last: updates[i] });
        // Its row is not sent: the arena memory its outputs took goes back.
        if (updates[i]) this.arena.discard(viewsIn(updates[i]!.values));
        this.post({ type: "failed", run, error: { kind: "fn", message: "aborted" }, aborted: true });
      });
    } catch (err) {
      const error = this.userError(err);
      list.forEach(({ run }, i) => this.post({ type: "failed", run, error, aborted: controllers[i]!.signal.aborted && isAbortError(err) }));
    } finally {
      for (const { run } of list) this.runs.delete(run);
    }
  }

  /**
   * Fires the run's signal. `giveUp`: the host has ended it (it produced nothing for the run timeout):
   * it no longer takes a slot, whatever fn still does.
   */
  abort(runId: string, giveUp = false): void {
    if (giveUp) {
      for (const entry of this.executing) if (entry.runs.length === 1 && entry.runs[0] === runId) this.leave(entry);
    }
    // Not started yet (sent ahead): it leaves without running.
    const i = this.ahead.findIndex((a) => a.runs.includes(runId));
    if (i >= 0) {
      const entry = this.ahead[i]!;
      entry.runs = entry.runs.filter((r) => r !== runId);
      if (entry.runs.length === 0) this.ahead.splice(i, 1);
      return this.post({ type: "failed", run: runId, error: { kind: "fn", message: "aborted before it started" }, aborted: true });
    }
    this.runs.get(runId)?.abort(new DOMException("a newer run replaced this one", "AbortError"));
  }

  closeSession(session: string): void {
    this.sessions.close(session);
  }
}
