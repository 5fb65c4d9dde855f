import type { InterfaceConfig, OutputUpdate, UserError, Wire } from "../protocol/messages";

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
