// The runs of a runtime worker (a panel's module worker, a notebook's kernel): each run calls fn
// through executeRun and reports started, outputs, progress, then done or failed; abort and session
// ends come from the host. Both workers keep their interfaces their own way and hand one in per run.
import type { FromRuntime, OutputUpdate, UserError, Wire } from "../protocol/messages";
import { isAbortError } from "./errors";
import { executeBatch, executeRun, SessionStore } from "./execute";
import type { Interface } from "./interface";

type RunMessage = Extract<FromRuntime, { type: "started" | "output" | "progress" | "done" | "failed" }>;

export class WorkerRuns {
  private readonly sessions = new SessionStore();
  private readonly runs = new Map<string, AbortController>();

  /**
   * `userError`: what a throw of fn becomes (each worker names the user's files its own way).
   * `room`: a promise while what the host has not sent yet is a lot (a generator waits for it).
   */
  constructor(
    private readonly post: (msg: RunMessage) => void,
    private readonly userError: (err: unknown) => UserError,
    private readonly room: () => Promise<void> | undefined,
  ) {}

  async run(runId: string, iface: Interface<any, any> | undefined, session: string, values: Wire[], compact: boolean, missing: string): Promise<void> {
    if (!iface) return this.post({ type: "failed", run: runId, error: { kind: "runtime", message: missing } });
    const controller = new AbortController();
    this.runs.set(runId, controller);
    this.post({ type: "started", run: runId });
    // An output waits for the end of this task: a fn that returns at once then reports its result
    // and its end in one message. Otherwise the host may relay them as two (its thread runs
    // alongside), and each message to a page is a task for its renderer: with many pages streaming,
    // that delivery is what limits their frame rate. A generator's outputs still leave one by one.
    let pending: OutputUpdate | undefined;
    const flush = () => {
      if (pending) this.post({ type: "output", run: runId, ...pending });
      pending = undefined;
    };
    try {
      await executeRun(iface, this.sessions, session, values, controller.signal, {
        compact,
        output: (update) => {
          if (pending) flush();
          else setImmediate(flush);
          pending = update;
          return this.room();
        },
        progress: (fraction, text) => {
          flush();
          this.post({ type: "progress", run: runId, fraction, text });
        },
      });
      const last = pending;
      pending = undefined;
      this.post({ type: "done", run: runId, last });
    } catch (err) {
      flush();
      this.post({ type: "failed", run: runId, error: this.userError(err), aborted: controller.signal.aborted && isAbortError(err) });
    } finally {
      this.runs.delete(runId);
    }
  }

  /** One call of a batch fn for several runs (executeBatch); each run gets its row. A run aborted meanwhile ends as aborted. */
  async runBatch(list: { run: string; session: string; values: Wire[] }[], iface: Interface<any, any> | undefined, missing: string): Promise<void> {
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
      const updates = await executeBatch(iface, this.sessions, list, batch.signal);
      list.forEach(({ run }, i) =>
        this.post(controllers[i]!.signal.aborted ? { type: "failed", run, error: { kind: "fn", message: "aborted" }, aborted: true } : { type: "done", run, last: updates[i] }),
      );
    } catch (err) {
      const error = this.userError(err);
      list.forEach(({ run }, i) => this.post({ type: "failed", run, error, aborted: controllers[i]!.signal.aborted && isAbortError(err) }));
    } finally {
      for (const { run } of list) this.runs.delete(run);
    }
  }

  abort(runId: string): void {
    this.runs.get(runId)?.abort(new DOMException("a newer run replaced this one", "AbortError"));
  }

  closeSession(session: string): void {
    this.sessions.close(session);
  }
}
