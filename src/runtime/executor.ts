import type { FromRuntime, InterfaceConfig, OutputUpdate, QueueStatus, UserError, Wire } from "../protocol/messages";

/** Callbacks for one run, in order: queued (while it waits its turn), started, any number of output/progress, then exactly one end. */
export interface RunHandlers {
  /** The run waits for other sessions' runs ahead of it: its place, when it has waited a little and as it changes. */
  queued?(status: QueueStatus): void;
  /** fn is being called for this run. */
  started?(): void;
  output(update: OutputUpdate): void;
  progress(fraction: number | null, text?: string): void;
  end(outcome: { error?: UserError; aborted?: boolean }): void;
}

export interface RunHandle {
  readonly id: string;
  /** Fires the run's AbortSignal (or takes it out of the line, if it waits); the run still ends through `end`. */
  abort(): void;
  /** True while the run waits for its turn: it will read its input then (a newer value needs no new run). */
  waiting?(): boolean;
  /**
   * The page has room for frames of streamed Video output `output` up to number `allow` (see
   * runtime/frame-gate.ts). Also says the run is held by the page, not stuck: its watchdog starts over.
   */
  pace?(output: number, allow: number): void;
}

/** What a run takes: its input values, buffers in them nobody else holds (they may move instead of being copied), and whether it is a stream run. */
export interface TakenInput {
  values: Wire[];
  transfer?: ArrayBuffer[];
  /** A stream run: its image outputs may travel as I420. */
  compact?: boolean;
  /** A page shows the run's streamed Video outputs and paces them (RunHandle.pace). */
  paced?: boolean;
}

/** A run's input: the values, or how to read them when the run starts (a waiting run then starts with the newest). */
export type RunInput = Wire[] | (() => TakenInput);

export function takeInput(input: RunInput, transfer: ArrayBuffer[] = [], compact?: boolean): TakenInput {
  return typeof input === "function" ? input() : { values: input, transfer, compact };
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
  /**
   * Runs fn for `session`, when its turn comes. `input`: the values, or a function that gives them
   * when the run starts. With plain values: `transfer`, buffers in them nobody else holds;
   * `options.compact`, a stream run (its image outputs may be sent as I420).
   */
  run(session: string, input: RunInput, handlers: RunHandlers, transfer?: ArrayBuffer[], options?: { compact?: boolean }): RunHandle;
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
