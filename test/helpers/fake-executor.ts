// An executor whose runs a test drives by hand: each run starts at once, and the test calls its
// handlers (output, end) itself. For unit tests of Session.
import type { InterfaceConfig, Wire } from "../../src/protocol/messages";
import { takeInput, type Executor, type RunHandlers } from "../../src/runtime/executor";

export interface FakeRun {
  id: string;
  values: Wire[];
  handlers: RunHandlers;
  aborted: boolean;
}

/** An executor whose runs the test drives by hand. */
export function fakeExecutor(config: Partial<InterfaceConfig>) {
  const runs: FakeRun[] = [];
  const executor: Executor = {
    config: { kind: "standard", live: true, inputs: [], outputs: [], examples: [], generator: false, ...config },
    loadError: undefined,
    ready: Promise.resolve(),
    run(_session, input, handlers) {
      // Each run starts at once: it takes its input now, and says so once the caller holds its handle.
      const run = { id: `r${runs.length + 1}`, values: takeInput(input).values, handlers, aborted: false };
      runs.push(run);
      queueMicrotask(() => handlers.started?.());
      return { id: run.id, abort: () => (run.aborted = true) };
    },
    closeSession() {},
    onReload: () => () => {},
    dispose: async () => {},
  };
  return { executor, runs };
}
