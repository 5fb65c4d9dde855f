// One call of an interface from the HTTP API or an MCP tool, on the run path the Node client takes: a
// Session of its own (api: true, so a live interface runs only what is called), its `call` checked
// against the components (input-check.ts) and run in the interface's one line with every page's and
// client's runs (its limits and maxQueueSize apply).
import type { InterfaceConfig, QueueStatus, ServerMessage, UserError, Wire } from "../protocol/messages";
import type { Executor } from "../runtime/executor";
import { Session } from "../runtime/session";

export interface CallEvents {
  /** The call waits in line behind other runs: its place. */
  queued?(status: QueueStatus): void;
  /** fn called progress(fraction, text). */
  progress?(fraction: number | null, text?: string): void;
  /** fn returned or yielded: every output as it now is (text yields appended, as the page shows them). */
  output?(outputs: Wire[]): void;
}

export type CallResult = { outputs: Wire[] } | { error: UserError };

export interface ApiCall {
  /** The interface as the call saw it (undefined when the module does not load). */
  readonly config: Promise<InterfaceConfig | undefined>;
  readonly result: Promise<CallResult>;
  /** Stops the call (the run's signal fires, or it leaves the line): it ends as an error "aborted". */
  cancel(): void;
}

const CALL_ID = "api";

/** Calls the interface run by `executor` once with `values` (wire form, one per input). */
export function apiCall(executor: Executor, values: Wire[], events: CallEvents = {}): ApiCall {
  let resolveConfig!: (c: InterfaceConfig | undefined) => void;
  let resolveResult!: (r: CallResult) => void;
  const config = new Promise<InterfaceConfig | undefined>((r) => (resolveConfig = r));
  const result = new Promise<CallResult>((r) => (resolveResult = r));
  let outputs: Wire[] = [];
  let ended = false;
  const end = (r: CallResult) => {
    if (ended) return;
    ended = true;
    resolveResult(r);
    // After this turn: the session's own messages for the run are all sent.
    queueMicrotask(() => session.close());
  };
  const onMessage = (msg: ServerMessage) => {
    switch (msg.type) {
      case "config":
        outputs = msg.config.outputs.map(() => null);
        resolveConfig(msg.config);
        return session.handle({ type: "call", id: CALL_ID, values });
      case "load-error":
        resolveConfig(undefined);
        return end({ error: msg.error });
      case "queue":
        return events.queued?.({ position: msg.position, size: msg.size, eta: msg.eta });
      case "progress":
        return events.progress?.(msg.fraction, msg.text);
      case "output":
        msg.values.forEach((v, i) => {
          if (v !== undefined) outputs[i] = msg.append?.[i] ? String(outputs[i] ?? "") + String(v) : v;
        });
        return events.output?.([...outputs]);
      case "run-end":
        return end(msg.error ? { error: msg.error } : msg.aborted ? { error: { kind: "runtime", message: "The call was cancelled." } } : { outputs });
      case "error":
        return end({ error: msg.error });
    }
  };
  const session: Session = new Session(executor, onMessage, { api: true });
  return {
    config,
    result,
    cancel: () => {
      if (!ended) session.handle({ type: "cancel", id: CALL_ID });
    },
  };
}
