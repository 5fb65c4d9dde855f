// The runs of a runtime worker (a panel's module worker, a notebook's kernel): each run calls fn
// through executeRun and reports started, outputs, progress, then done or failed; abort and session
// ends come from the host. Both workers keep their interfaces their own way and hand one in per run.
import type { FromRuntime, UserError, Wire } from "../protocol/messages";
import { isAbortError } from "./errors";
import { executeRun, SessionStore } from "./execute";
import type { Interface } from "./interface";

type RunMessage = Extract<FromRuntime, { type: "started" | "output" | "progress" | "done" | "failed" }>;

export class WorkerRuns {
  private readonly sessions = new SessionStore();
  private readonly runs = new Map<string, AbortController>();

  /** `userError`: what a throw of fn becomes (each worker names the user's files its own way). */
  constructor(private readonly post: (msg: RunMessage) => void, private readonly userError: (err: unknown) => UserError) {}

  async run(runId: string, iface: Interface<any, any> | undefined, session: string, values: Wire[], compact: boolean, missing: string): Promise<void> {
    if (!iface) return this.post({ type: "failed", run: runId, error: { kind: "runtime", message: missing } });
    const controller = new AbortController();
    this.runs.set(runId, controller);
    this.post({ type: "started", run: runId });
    try {
      await executeRun(iface, this.sessions, session, values, controller.signal, {
        compact,
        output: (update) => this.post({ type: "output", run: runId, ...update }),
        progress: (fraction, text) => this.post({ type: "progress", run: runId, fraction, text }),
      });
      this.post({ type: "done", run: runId });
    } catch (err) {
      this.post({ type: "failed", run: runId, error: this.userError(err), aborted: controller.signal.aborted && isAbortError(err) });
    } finally {
      this.runs.delete(runId);
    }
  }

  abort(runId: string): void {
    this.runs.get(runId)?.abort(new DOMException("a newer run replaced this one", "AbortError"));
  }

  closeSession(session: string): void {
    this.sessions.close(session);
  }
}
