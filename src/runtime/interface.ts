import type { InterfaceConfig, InterfaceKind } from "../protocol/messages";
import { Audio, Component } from "./components";
import { resolveComponent, type Shortcut, type ShortcutComponent } from "./shortcuts";

export type ComponentLike = Component<any, any> | Shortcut;
type Resolve<C> = C extends Shortcut ? ShortcutComponent<C> : C;
/** What fn receives for an input component. */
export type InputValue<C> = Resolve<C> extends { readonly __in: infer V } ? V : never;
/** What fn may return for an output component. */
export type OutputValue<C> = Resolve<C> extends { readonly __out: infer V } ? V : never;
type AsList<T> = T extends readonly ComponentLike[] ? T : T extends ComponentLike ? readonly [T] : readonly [];
type ValuesOf<L extends readonly ComponentLike[]> = { -readonly [K in keyof L]: InputValue<L[K]> };
export type InputValues<I> = ValuesOf<AsList<I>>;
/**
 * One component (alone or in a one-element array, as in Gradio): fn returns its value. Several
 * components: fn returns a tuple, one value per output. (A plain array is
 * accepted too: a fn without parameters written before `outputs` is typed before the tuple is known;
 * the runtime checks the length.)
 */
export type OutputValues<O> = O extends readonly ComponentLike[]
  ? O extends readonly []
    ? void
    : O extends readonly [infer Only]
      ? OutputValue<Only>
      : { readonly [K in keyof O]: OutputValue<O[K]> } | readonly OutputValue<O[number]>[]
  : O extends ComponentLike ? OutputValue<O> : void;
/** fn may be sync, async, a generator or an async generator (each yield updates the outputs). */
export type FnResult<T> = T | Promise<T> | Generator<T, unknown, unknown> | AsyncGenerator<T, unknown, unknown>;

export interface SessionInfo {
  /** Unique per browser tab / panel connection. */
  readonly id: string;
  /** Free-form storage that lives as long as the session (in the isolated runtime). */
  readonly data: Record<string, unknown>;
  /** Runs `cleanup` when the session ends (the tab or panel closed): stop what fn started for it. */
  onClose(cleanup: () => void): void;
}

/** The last argument fn receives, after the input values. */
export interface RunContext {
  /** Fires when a newer change (live mode), Stop, or a timeout makes this run obsolete. */
  readonly signal: AbortSignal;
  /** Report progress: fraction in [0, 1] (null: indeterminate) and an optional text. */
  progress(fraction: number | null, text?: string): void;
  readonly session: SessionInfo;
}

/** A batch fn's inputs: each input's values, one per run in the batch. */
type BatchValuesOf<L extends readonly ComponentLike[]> = { -readonly [K in keyof L]: InputValue<L[K]>[] };
export type BatchInputValues<I> = BatchValuesOf<AsList<I>>;
/**
 * A batch fn's result: per output, one value per run (one output: an array; several: an array per
 * output; a plain array of arrays is accepted too, as for OutputValues; the runtime checks the lengths).
 */
export type BatchOutputValues<O> = O extends readonly ComponentLike[]
  ? O extends readonly []
    ? void
    : O extends readonly [infer Only]
      ? OutputValue<Only>[]
      : { readonly [K in keyof O]: OutputValue<O[K]>[] } | readonly (readonly OutputValue<O[number]>[])[]
  : O extends ComponentLike ? OutputValue<O>[] : void;

/** What every interface takes, whatever its fn. */
interface CommonOptions<I, O> {
  /** Input components (or shortcut strings). Omit or [] for an output-only interface. */
  inputs?: I;
  /** Output components. Omit or [] for an input-only interface; the same as `inputs` for a unified one. */
  outputs?: O;
  /** Run on every input change; no Submit button. */
  live?: boolean;
  title?: string;
  /** Markdown shown under the title. */
  description?: string;
  /** Markdown shown under the interface. */
  article?: string;
  /** Rows of input values; clicking a row fills the inputs. */
  examples?: NoInfer<InputValues<I>>[];
  /** Seconds between chunks sent to fn from a streaming input (default 0.5). */
  streamEvery?: number;
  /** Seconds a stream may run (default 30; null for no limit). */
  timeLimit?: number | null;
  /**
   * How many runs may execute at once, across all sessions (browser tabs, panels, clients); the rest
   * wait in line, first come first served, each told its place. Default 1, like Gradio's queue;
   * "default": the server's (`serve --concurrency`).
   */
  concurrencyLimit?: number | "default";
  /**
   * Worker threads that run fn, each loading the module once (default: one per concurrent run). Fewer
   * workers than `concurrencyLimit` share runs: right for an async fn that mostly waits (I/O).
   */
  workers?: number;
  /** How many runs may wait in line; beyond it a new run is refused at once with a reason (default: no limit). */
  maxQueueSize?: number;
  /** With `batch`: at most this many runs per call (default 4). */
  maxBatchSize?: number;
}

export interface SingleOptions<I, O> extends CommonOptions<I, O> {
  fn: (...args: [...InputValues<I>, RunContext]) => FnResult<OutputValues<O>>;
  batch?: false;
}

export interface BatchOptions<I, O> extends CommonOptions<I, O> {
  /** Gets each input as an array (row i: the i-th waiting run's value); returns, per output, an array of results in that order. */
  fn: (...args: [...BatchInputValues<I>, RunContext]) => BatchOutputValues<O> | Promise<BatchOutputValues<O>>;
  /**
   * fn receives each input as an array (one entry per waiting run) and returns, per output, an array
   * of results in the same order: one call serves several people (a model's batch). Not a generator;
   * ctx.session is the first run's.
   */
  batch: true;
}

export type InterfaceOptions<I, O> = SingleOptions<I, O> | BatchOptions<I, O>;

/** Marks Interface instances across copies of the library (the runtime checks this, not instanceof). */
export const INTERFACE_BRAND = Symbol.for("live-interface.Interface");

/**
 * Wraps a function in a UI. The module that declares it exports it as `default` (or `demo`);
 * `live-interface serve module.ts` or the VS Code command shows it.
 */
export class Interface<
  const I extends ComponentLike | readonly ComponentLike[] = readonly [],
  const O extends ComponentLike | readonly ComponentLike[] = readonly [],
> {
  readonly [INTERFACE_BRAND] = true;
  readonly fn: (...args: unknown[]) => unknown;
  readonly inputs: Component<any, any>[];
  readonly outputs: Component<any, any>[];
  readonly kind: InterfaceKind;
  readonly live: boolean;
  readonly options: InterfaceOptions<I, O>;
  /** Two or more outputs: fn returns a tuple. One output: fn returns its value alone. */
  readonly tupleOutputs: boolean;

  constructor(options: InterfaceOptions<I, O>) {
    if (typeof options?.fn !== "function") throw new TypeError("Interface: `fn` must be a function");
    this.options = options;
    this.fn = options.fn as (...args: unknown[]) => unknown;
    this.live = !!options.live;
    this.inputs = toList(options.inputs).map((c, i) => resolveComponent(c, `inputs[${i}]`));
    const outputs = toList(options.outputs);
    this.tupleOutputs = outputs.length > 1;
    // Unified interfaces pass the same component instances; shortcut strings always make new ones.
    this.outputs = outputs.map((c, i) => resolveComponent(c, `outputs[${i}]`));
    this.kind = kindOf(this.inputs, this.outputs);
    checkStreamOptions(options);
    checkQueueOptions(options);
    const turns = this.inputs.find((c) => c instanceof Audio && c.options.turns);
    if (turns && !this.live) throw new TypeError(`Interface: ${turns.label ? `"${turns.label}" takes` : "an input takes"} voice turns, which need a live interface (live: true)`);
    const names = parameterNames(this.fn);
    this.inputs.forEach((c, i) => (c.label ??= names[i] || `input ${i + 1}`));
    this.outputs.forEach((c, i) => (c.label ??= this.outputs.length > 1 ? `output ${i + 1}` : "output"));
  }

  /** True when fn is a generator function: its yields stream to the outputs. */
  get isGenerator(): boolean {
    return isGeneratorFunction(this.fn);
  }

  /** Ids are per component instance, so a unified interface's outputs share ids with its inputs. */
  componentIds(): Map<Component<any, any>, number> {
    const ids = new Map<Component<any, any>, number>();
    for (const c of [...this.inputs, ...this.outputs]) if (!ids.has(c)) ids.set(c, ids.size);
    return ids;
  }

  /** The description of the UI. Throws a clear error when an initial or example value is invalid. */
  config(): InterfaceConfig {
    const ids = this.componentIds();
    const spec = (c: Component<any, any>) => c.spec(ids.get(c)!, c.label ?? "");
    return {
      title: this.options.title,
      description: this.options.description,
      article: this.options.article,
      kind: this.kind,
      live: this.live,
      inputs: this.inputs.map(spec),
      outputs: this.outputs.map(spec),
      examples: (this.options.examples ?? []).map((row, r) => {
        const values = (Array.isArray(row) ? row : [row]) as unknown[];
        if (values.length !== this.inputs.length) {
          throw new TypeError(`examples[${r}] has ${values.length} values for ${this.inputs.length} inputs`);
        }
        return values.map((v, i) => (this.inputs[i]!.type === "state" ? null : this.inputs[i]!.postprocess(v)));
      }),
      generator: this.isGenerator,
      streamEvery: this.options.streamEvery ?? 0.5,
      timeLimit: this.options.timeLimit === undefined ? 30 : this.options.timeLimit,
      concurrencyLimit: this.options.concurrencyLimit,
      workers: this.options.workers,
      maxQueueSize: this.options.maxQueueSize,
      batch: this.options.batch || undefined,
      maxBatchSize: this.options.batch ? (this.options.maxBatchSize ?? 4) : undefined,
    };
  }
}

export function isInterface(value: unknown): value is Interface<any, any> {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[INTERFACE_BRAND] === true;
}

function checkStreamOptions(o: { streamEvery?: number; timeLimit?: number | null }): void {
  const { streamEvery, timeLimit } = o;
  // Faster than 120 ticks a second is no stream a camera or a person can feed.
  if (streamEvery !== undefined && !(typeof streamEvery === "number" && streamEvery >= 1 / 120)) {
    throw new TypeError(`Interface: streamEvery must be a number of seconds of at least 1/120, got ${String(streamEvery)}`);
  }
  if (timeLimit !== undefined && timeLimit !== null && !(typeof timeLimit === "number" && timeLimit > 0)) {
    throw new TypeError(`Interface: timeLimit must be a positive number of seconds or null (no limit), got ${String(timeLimit)}`);
  }
}

function checkQueueOptions(o: InterfaceOptions<any, any>): void {
  const count = (name: string, v: unknown, min: number) => {
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= min)) throw new TypeError(`Interface: ${name} must be a whole number of at least ${min}, got ${String(v)}`);
  };
  if (o.concurrencyLimit !== "default") count("concurrencyLimit", o.concurrencyLimit, 1);
  count("workers", o.workers, 1);
  count("maxQueueSize", o.maxQueueSize, 0);
  count("maxBatchSize", o.maxBatchSize, 1);
  if (o.batch && isGeneratorFunction(o.fn)) throw new TypeError("Interface: a batch fn returns arrays of results; it cannot be a generator");
}

function isGeneratorFunction(fn: Function): boolean {
  const name = fn.constructor?.name;
  return name === "GeneratorFunction" || name === "AsyncGeneratorFunction";
}

function toList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value as T];
}

function kindOf(inputs: Component<any, any>[], outputs: Component<any, any>[]): InterfaceKind {
  const visible = (list: Component<any, any>[]) => list.filter((c) => c.type !== "state");
  if (visible(inputs).length === 0 && visible(outputs).length > 0) return "output-only";
  if (visible(outputs).length === 0) return "input-only";
  if (inputs.length === outputs.length && outputs.every((c, i) => c === inputs[i])) return "unified";
  return "standard";
}

/** Best-effort parameter names of fn, for default labels ("a", "b" for `(a, b) => ...`). */
function parameterNames(fn: Function): string[] {
  const source = Function.prototype.toString.call(fn);
  const match = /^(?:async\s*)?(?:function\s*)?\*?\s*(?:[\w$]+\s*)?\(([^)]*)\)/.exec(source) ?? /^(?:async\s+)?([\w$]+)\s*=>/.exec(source);
  if (!match) return [];
  return match[1]!
    .split(",")
    .map((p) => p.trim().replace(/[=:].*$/s, "").trim())
    .map((p) => (/^[\w$]+$/.test(p) ? p : ""));
}
