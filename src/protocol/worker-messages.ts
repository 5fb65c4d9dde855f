// The host's messages with its isolated runtime: a module's worker thread (runtime/supervisor.ts <->
// runtime/worker.ts) and a notebook's kernel (notebook/kernel.ts <-> runtime/notebook-worker.ts).
import type { InterfaceConfig, Wire, UserError, OutputUpdate, ClientMessage } from "./messages";

// host (supervisor) -> runtime worker
export type ToRuntime =
  /** The module and its local files, transpiled to CommonJS (see runtime/compile.ts). */
  | { type: "load"; entry: string; modules: Record<string, string>; resolutions: Record<string, string> }
  /** Typed arrays in `values` arrive by transfer (their buffers move, not copied). */
  /** `compact`: a stream run; its large image outputs may travel as I420 (2.7x fewer bytes than RGBA). */
  /** `slots`: runs this thread may execute at once; the host may send one ahead, which waits in the thread. */
  /** `paced`: a page shows its streamed Video outputs, and paces them (`pace` messages). */
  | { type: "run"; run: string; session: string; values: Wire[]; compact?: boolean; paced?: boolean; slots?: number }
  /** One call of a batch fn for several runs (Interface option `batch`): fn gets each input as an array. */
  | { type: "run-batch"; runs: { run: string; session: string; values: Wire[] }[]; slots?: number }
  /** `giveUp`: the host ended the run (it went quiet for the run timeout): it frees its thread's slot, whatever fn still does. */
  | { type: "abort"; run: string; giveUp?: boolean }
  | { type: "close-session"; session: string }
  /** A streamed Video output of run `run` may take frames up to number `allow` (ClientMessage `frames`). */
  | { type: "pace"; run: string; output: number; allow: number }
  | { type: "ping"; id: number }
  /** The host is done with these ranges (start, bytes) of the worker's output arena (runtime/output-arena.ts). */
  | { type: "release"; ranges: [number, number][] };

// runtime worker -> host
export type FromRuntime =
  | { type: "loaded"; config: InterfaceConfig }
  | { type: "load-error"; error: UserError }
  /** `arena`: some of its typed arrays are slots of the worker's output arena (runtime/output-arena.ts). */
  | ({ type: "output"; run: string; arena?: true } & OutputUpdate)
  | { type: "progress"; run: string; fraction: number | null; text?: string }
  /** The worker is about to call fn for this run (until then the run waits behind others). */
  | { type: "started"; run: string }
  /** `last`: the run's final output, when it came just before the end (one message instead of two). */
  | { type: "done"; run: string; last?: OutputUpdate; arena?: true }
  | { type: "failed"; run: string; error: UserError; aborted?: boolean }
  | { type: "pong"; id: number };

// ---------------------------------------------------------------------------------------------
// notebook kernel (host side, notebook/kernel.ts) <-> its worker (runtime/notebook-worker.ts)

/** What a cell evaluated to: an interface to show inline, or text; nothing for undefined. */
export type CellValue = { interface: { id: string; config: InterfaceConfig } } | { text: string };

export type ToKernel =
  /** The notebook's folder: relative imports and files resolve from there. */
  | { type: "setup"; folder: string }
  /**
   * Runs a cell (see notebook/cell-code.ts): `name` is the file its stack frames carry, `lines` the
   * cell line of each script line; `modules`/`resolutions` the workspace files it imports, transpiled.
   */
  /** `key` names the notebook cell across runs: what its last run showed is let go when it runs again. */
  | { type: "cell"; cell: string; key: string; name: string; script: string; lines: number[]; modules: Record<string, string>; resolutions: Record<string, string> }
  | { type: "interrupt"; cell: string }
  /** A run of interface `iface` (one a cell showed), as ToRuntime's run. */
  | { type: "run"; run: string; session: string; iface: string; values: Wire[]; compact?: boolean; paced?: boolean }
  | Extract<ToRuntime, { type: "abort" | "close-session" | "ping" | "release" | "pace" }>;

export type FromKernel =
  /** `dropped`: interfaces no output shows any more (their cell ran again), gone from the kernel. */
  | { type: "cell-done"; cell: string; value?: CellValue; error?: UserError; interrupted?: boolean; dropped?: string[] }
  /** console output; `cell` while a cell runs (it shows under that cell), else none. */
  | { type: "console"; cell?: string; stream: "stdout" | "stderr"; text: string }
  | Exclude<FromRuntime, { type: "loaded" | "load-error" }>;

