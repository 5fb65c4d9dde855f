import type { OutputUpdate, Wire } from "../protocol/messages";
import { Image, State, ValueError } from "./components";
import type { Interface, RunContext, SessionInfo } from "./interface";
import { OutputCopies, type CopyTarget } from "./transfer";

interface SessionData {
  info: SessionInfo;
  /** State component values by component. */
  state: Map<object, unknown>;
  /** What fn asked to be done when the session ends (ctx.session.onClose). */
  closers: (() => void)[];
}

/** Per-session data that lives where fn runs: State values and ctx.session.data. */
export class SessionStore {
  private readonly sessions = new Map<string, SessionData>();
  get(id: string): SessionData {
    let s = this.sessions.get(id);
    if (!s) {
      const closers: (() => void)[] = [];
      this.sessions.set(id, (s = { info: { id, data: {}, onClose: (cleanup) => void closers.push(cleanup) }, state: new Map(), closers }));
    }
    return s;
  }
  close(id: string): void {
    const s = this.sessions.get(id);
    this.sessions.delete(id);
    for (const cleanup of s?.closers ?? []) {
      try {
        cleanup();
      } catch (err) {
        console.error(`a session's onClose failed: ${(err as Error).message}`);
      }
    }
  }
}

export interface RunSink {
  /** A stream run: large image outputs go out as I420 (see Image.postprocessStreamed). */
  compact?: boolean;
  /** Where large copies of fn's media go (the worker's arena): outputs given to `output` are sent at once. */
  copies?: CopyTarget;
  /** A promise: the generator takes its next value once it resolves (the link is catching up). */
  output(update: OutputUpdate): void | Promise<void>;
  progress(fraction: number | null, text?: string): void;
}

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

function asIterator(value: unknown): AnyIterator | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<PropertyKey, unknown>;
  if (typeof v.next !== "function") return undefined;
  return Symbol.asyncIterator in v || Symbol.iterator in v ? (value as AnyIterator) : undefined;
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs fn once with wire values from the UI and streams its outputs to `sink`. Resolves when fn
 * returns (or its generator ends, or `signal` aborts a generator); rejects with what fn threw.
 */
export async function executeRun(
  iface: Interface<any, any>,
  sessions: SessionStore,
  sessionId: string,
  values: Wire[],
  signal: AbortSignal,
  sink: RunSink,
): Promise<void> {
  // A batch fn run for one caller: a batch of one (its arrays hold one value each).
  if (iface.options.batch) {
    const [update] = await executeBatch(iface, sessions, [{ session: sessionId, values }], signal, sink.copies);
    if (update) sink.output(update);
    return;
  }
  const session = sessions.get(sessionId);
  const args = iface.inputs.map((c, i) => {
    if (c instanceof State) {
      if (!session.state.has(c)) session.state.set(c, c.initial());
      return session.state.get(c);
    }
    if (i >= values.length) throw new ValueError(`missing a value for input "${c.label}"`);
    return c.preprocess(values[i]);
  });
  const ctx: RunContext = { signal, session: session.info, progress: (f, t) => sink.progress(clampFraction(f), t) };
  const result = iface.fn(...args, ctx);
  const iterator = asIterator(result);
  if (!iterator) {
    const value = await result;
    sink.output(withCopies(sink.copies, (copies) => toUpdate(iface, session, value, false, sink.compact, copies)));
    return;
  }
  const isSync = !(Symbol.asyncIterator in iterator);
  let first = true;
  let finished = false;
  try {
    while (!signal.aborted) {
      const step = await iterator.next();
      if (step.done) {
        finished = true;
        break;
      }
      await sink.output(withCopies(sink.copies, (copies) => toUpdate(iface, session, step.value, !first, sink.compact, copies)));
      first = false;
      // A sync generator never gives the event loop a turn: without this, Stop could not reach it.
      if (isSync) await nextMacrotask();
    }
  } finally {
    if (!finished) await iterator.return?.(undefined);
  }
}

/**
 * One call of a batch fn (Interface option `batch`) for several runs: fn gets each input as an
 * array (row i: run i's value) and returns, per output, an array of results in the same order.
 * Gives each run's outputs. ctx.session is the first run's.
 */
export async function executeBatch(
  iface: Interface<any, any>,
  sessions: SessionStore,
  runs: { session: string; values: Wire[] }[],
  signal: AbortSignal,
  copies?: CopyTarget,
): Promise<OutputUpdate[]> {
  const columns = iface.inputs.map((c, i) =>
    runs.map(({ session, values }) => {
      const data = sessions.get(session);
      if (c instanceof State) {
        if (!data.state.has(c)) data.state.set(c, c.initial());
        return data.state.get(c);
      }
      if (i >= values.length) throw new ValueError(`missing a value for input "${c.label}"`);
      return c.preprocess(values[i]);
    }),
  );
  const ctx: RunContext = { signal, session: sessions.get(runs[0]!.session).info, progress: () => {} };
  const result = await iface.fn(...columns, ctx);
  const n = iface.outputs.length;
  const perOutput = (iface.tupleOutputs ? result : [result]) as unknown[];
  const fits = Array.isArray(perOutput) && perOutput.length === n && perOutput.every((column) => Array.isArray(column) && column.length === runs.length);
  if (n > 0 && !fits) {
    throw new ValueError(
      `a batch fn must return ${iface.tupleOutputs ? `an array of ${n} arrays (one per output)` : "an array"} of ${runs.length} results (one per input row), in the order of its inputs`,
    );
  }
  const columnsOut = perOutput as unknown[][];
  // One set of copies for the whole batch: a bad row takes back the rows made before it too.
  return withCopies(copies, (made) =>
    runs.map(({ session }, row) => toUpdate(iface, sessions.get(session), iface.tupleOutputs ? columnsOut.map((column) => column[row]) : columnsOut[0]?.[row], false, false, made)),
  );
}

function clampFraction(f: number | null): number | null {
  return typeof f === "number" && Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : null;
}

/** `make` with the copies of fn's media it makes; if it throws, those placed in `target` go back. */
function withCopies<T>(target: CopyTarget | undefined, make: (copies: OutputCopies) => T): T {
  const copies = new OutputCopies(target);
  try {
    return make(copies);
  } catch (err) {
    copies.discard();
    throw err;
  }
}

/**
 * fn's return value (or one yield) -> wire values per output; State outputs update the session.
 * `compact`: a stream run's (Image.postprocessStreamed); `copies`: where fn's media are copied.
 */
function toUpdate(iface: Interface<any, any>, session: SessionData, value: unknown, appendText: boolean, compact: boolean | undefined, copies: OutputCopies): OutputUpdate {
  const n = iface.outputs.length;
  if (n === 0) return { values: [] };
  let list: unknown[];
  if (!iface.tupleOutputs) list = [value];
  else if (Array.isArray(value) && value.length === n) list = value;
  else {
    throw new ValueError(
      `fn must return an array of ${n} values (one per output), got ${Array.isArray(value) ? `${value.length} value${value.length === 1 ? "" : "s"}` : typeof value}`,
    );
  }
  const append: boolean[] = [];
  const wires = iface.outputs.map((c, i) => {
    append.push(appendText && c.type === "textbox");
    if (c instanceof State) {
      session.state.set(c, list[i]);
      return undefined;
    }
    return compact && c instanceof Image ? c.postprocessStreamed(list[i], copies) : c.postprocess(list[i], copies);
  });
  return append.some(Boolean) ? { values: wires, append } : { values: wires };
}
