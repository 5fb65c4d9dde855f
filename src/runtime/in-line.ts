// The line (run-queue.ts) in front of an executor that starts every run at once: a notebook kernel's
// inline interfaces, an interface served in-process by `li.serve(iface)`. At most `concurrency` runs
// execute; the others wait first come first served, told their place; `maxSize` refuses beyond it.
// (The supervisor has its own line, with its thread pool and batching.)
import type { QueueStatus, UserError } from "../protocol/messages";
import type { Executor, RunHandle, RunHandlers, RunInput } from "./executor";
import { RunQueue } from "./run-queue";

export interface LineLimits {
  concurrency: number;
  maxSize?: number;
}

interface Waiting {
  session: string;
  tell(status: QueueStatus): void;
  go(): void;
  /** Leaves the line unrun (its session closed). */
  leave(): void;
}

/** The same executor, whose runs wait their turn under `limits` (read at each run: a reload may change them). */
export function inLine(inner: Executor, limits: () => LineLimits): Executor {
  const queue = new RunQueue<Waiting>(() => ({ maxSize: limits().maxSize, slots: limits().concurrency }));
  const inLine = new Set<Waiting>();
  let running = 0;
  let nextRun = 0;
  const pump = () => {
    while (running < limits().concurrency && queue.size > 0) {
      const next = queue.take()[0]!;
      inLine.delete(next);
      next.go();
    }
  };
  const run = (session: string, input: RunInput, handlers: RunHandlers, transfer?: ArrayBuffer[], options?: { compact?: boolean }): RunHandle => {
    const id = `q${++nextRun}`;
    let started: RunHandle | undefined;
    let ended = false;
    /** Aborted (or its session closed) while waiting. */
    let left = false;
    const end = (outcome: { error?: UserError; aborted?: boolean }) => {
      if (ended) return;
      ended = true;
      handlers.end(outcome);
    };
    const waiting: Waiting = {
      session,
      tell: (status) => handlers.queued?.(status),
      leave: () => {
        left = true;
        inLine.delete(waiting);
        if (queue.remove(waiting)) end({ aborted: true });
      },
      go: () => {
        running++;
        const since = Date.now();
        started = inner.run(session, input, {
          ...handlers,
          end: (outcome) => {
            running--;
            queue.ran(Date.now() - since);
            end(outcome);
            pump();
          },
        }, transfer, options);
      },
    };
    // It joins a microtask later, as a supervisor's run does once its module is loaded: the caller
    // holds the handle before anything is reported, and runs asked for together join in order.
    queueMicrotask(() => {
      if (left) return end({ aborted: true });
      const refused = queue.add(waiting);
      if (refused) return end({ error: { kind: "queue", message: refused } });
      inLine.add(waiting);
      pump();
    });
    return {
      id,
      waiting: () => !started && !ended,
      abort: () => (started ? started.abort() : waiting.leave()),
      pace: (output, allow) => started?.pace?.(output, allow),
    };
  };
  return {
    get config() {
      return inner.config;
    },
    get loadError() {
      return inner.loadError;
    },
    get ready() {
      return inner.ready;
    },
    run,
    closeSession(session) {
      for (const w of [...inLine]) if (w.session === session) w.leave();
      inner.closeSession(session);
    },
    onReload: (listener) => inner.onReload(listener),
    dispose: () => inner.dispose(),
  };
}

/** An interface's own limits: its concurrencyLimit (else `fallback`) and maxQueueSize. */
export function limitsOf(executor: Pick<Executor, "config">, fallback = 1): LineLimits {
  const own = executor.config?.concurrencyLimit;
  return { concurrency: typeof own === "number" ? own : fallback, maxSize: executor.config?.maxQueueSize };
}
