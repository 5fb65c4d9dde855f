import type { FromRuntime, InterfaceConfig, OutputUpdate, UserError, Wire } from "../protocol/messages";

/** Callbacks for one run, in order: any number of output/progress, then exactly one end. */
export interface RunHandlers {
  output(update: OutputUpdate): void;
  progress(fraction: number | null, text?: string): void;
  end(outcome: { error?: UserError; aborted?: boolean }): void;
}

export interface RunHandle {
  readonly id: string;
  /** Fires the run's AbortSignal; the run still ends through `end`. */
  abort(): void;
}

/**
 * Where fn runs. The supervisor runs it in an isolated worker; `li.serve(iface)` runs it in-process.
 * Sessions (browser tabs, panels) only talk to this.
 */
export interface Executor {
  /** The interface's UI description, once loaded. */
  readonly config: InterfaceConfig | undefined;
  /** Why the module could not be loaded, if it could not. */
  readonly loadError: UserError | undefined;
  /** Resolves when the first load attempt has finished (loaded or failed). */
  readonly ready: Promise<void>;
  /** `transfer`: buffers in `values` nobody else holds, which may move to the runtime instead of being copied. */
  /** `options.compact`: a stream run (its image outputs may be sent as I420). */
  run(session: string, values: Wire[], handlers: RunHandlers, transfer?: ArrayBuffer[], options?: { compact?: boolean }): RunHandle;
  closeSession(session: string): void;
  /** Called after the module was reloaded (or failed to), so sessions can redraw. */
  onReload(listener: () => void): () => void;
  dispose(): Promise<void>;
}

/**
 * A worker's report on a run, to the run's handlers (the host side of worker-runs.ts): output and
 * progress, each re-arming the run's watchdog (`arm`), then its end (`end`, which clears it).
 */
export function relayRunMessage(
  msg: Extract<FromRuntime, { type: "output" | "progress" | "done" | "failed" }>,
  handlers: RunHandlers,
  arm: () => void,
  end: (outcome: { error?: UserError; aborted?: boolean }) => void,
): void {
  switch (msg.type) {
    case "output":
      arm();
      return handlers.output({ values: msg.values, append: msg.append });
    case "progress":
      arm();
      return handlers.progress(msg.fraction, msg.text);
    case "done":
      if (msg.last) handlers.output({ values: msg.last.values, append: msg.last.append });
      return end({});
    case "failed":
      return end(msg.aborted ? { aborted: true } : { error: msg.error });
  }
}
