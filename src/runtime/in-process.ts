import type { InterfaceConfig, UserError } from "../protocol/messages";
import { isAbortError, toUserError } from "./errors";
import { executeRun, SessionStore } from "./execute";
import { takeInput, type Executor, type RunHandle, type RunHandlers, type RunInput } from "./executor";
import type { Interface } from "./interface";

/**
 * Runs fn in the calling process, for `li.serve(iface)` from a script. No isolation: a fn stuck in a
 * loop blocks this process. `live-interface serve module.ts` (the CLI) and VS Code isolate it instead.
 */
export class InProcessExecutor implements Executor {
  config: InterfaceConfig | undefined;
  loadError: UserError | undefined;
  readonly ready = Promise.resolve();
  private readonly sessions = new SessionStore();
  private nextRun = 0;

  constructor(private readonly iface: Interface<any, any>) {
    try {
      this.config = iface.config();
    } catch (err) {
      this.loadError = toUserError(err, "load");
    }
  }

  run(session: string, input: RunInput, handlers: RunHandlers): RunHandle {
    const controller = new AbortController();
    const id = `r${++this.nextRun}`;
    // Started on the next turn so the caller holds the handle before anything is reported.
    setImmediate(() => {
      const { values } = takeInput(input);
      handlers.started?.();
      executeRun(this.iface, this.sessions, session, values, controller.signal, handlers).then(
        () => handlers.end({}),
        (err) => handlers.end(controller.signal.aborted && isAbortError(err) ? { aborted: true } : { error: toUserError(err, "fn") }),
      );
    });
    return { id, abort: () => controller.abort(new DOMException("a newer run replaced this one", "AbortError")) };
  }

  closeSession(session: string): void {
    this.sessions.close(session);
  }

  onReload(): () => void {
    return () => {};
  }

  async dispose(): Promise<void> {}
}
