import type { InterfaceConfig, OutputUpdate, UserError } from "../protocol/messages";
import { isAbortError, toUserError } from "./errors";
import { executeRun, SessionStore } from "./execute";
import { FrameGate } from "./frame-gate";
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
    let gate: FrameGate | undefined;
    // Started on the next turn so the caller holds the handle before anything is reported.
    setImmediate(() => {
      const { values, paced } = takeInput(input);
      gate = FrameGate.of(this.iface, paced === true, controller.signal);
      handlers.started?.();
      const sink = {
        output: (update: OutputUpdate) => {
          handlers.output(update);
          gate?.counted(update);
          return gate?.room();
        },
        progress: (fraction: number | null, text?: string) => handlers.progress(fraction, text),
      };
      executeRun(this.iface, this.sessions, session, values, controller.signal, sink).then(
        () => handlers.end({}),
        (err) => handlers.end(controller.signal.aborted && isAbortError(err) ? { aborted: true } : { error: toUserError(err, "fn") }),
      );
    });
    return { id, abort: () => controller.abort(new DOMException("a newer run replaced this one", "AbortError")), pace: (output, allow) => gate?.allow(output, allow) };
  }

  closeSession(session: string): void {
    this.sessions.close(session);
  }

  onReload(): () => void {
    return () => {};
  }

  async dispose(): Promise<void> {}
}
