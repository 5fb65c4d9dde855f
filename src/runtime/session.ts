import { randomUUID } from "node:crypto";
import { validateClientMessage, type ClientMessage, type InterfaceConfig, type ServerMessage, type Wire } from "../protocol/messages";
import { callProblem } from "./input-check";
import type { Executor, RunHandle, RunHandlers } from "./executor";
import { LiveScheduler } from "./scheduler";
import { StreamFlow } from "./stream-flow";
import { ownShared, releaseShared } from "./arena-reader";
import { StreamInputs } from "./stream-inputs";
import { TurnTaking } from "./turns/turn-taking";

export interface SessionOptions {
  /** Input values to start from (by input index), e.g. what a VS Code panel remembered across a reload. */
  restore?: Record<number, Wire>;
  /** The module's path, sent with the config so the UI can tell modules apart. */
  file?: string;
  /**
   * True while what was sent to the UI has not left yet (a slow link). Stream runs then wait: their
   * frames would only queue up behind the ones still in transit and arrive ever later.
   */
  congested?: () => boolean;
  /**
   * True when `send` takes outputs as views of a worker's shared memory and gives that memory back
   * once it has written them (SocketLink). Otherwise each output is sent as copies of its own.
   */
  sendsShared?: () => boolean;
  /**
   * A program calls through this session (the Node client), not a page: a live interface does not run
   * fn(initial values) for it, which would only take a place in the line that nobody sees.
   */
  api?: boolean;
}

/**
 * One connected UI (a browser tab, a VS Code panel) or API client. Holds the current input values,
 * schedules runs (live: on every change; otherwise on Submit), and forwards only the results of the
 * newest run, so a stale result never reaches the UI.
 */
export class Session {
  readonly id = randomUUID();
  private values: Wire[] = [];
  private config: InterfaceConfig | undefined;
  /** The page shows streamed Video outputs at their pace and says when it has room (frame-gate.ts); set per config. */
  private paced = false;
  private readonly scheduler = new LiveScheduler((ended) => this.startRun(ended));
  private readonly calls = new Map<string, RunHandle>();
  private readonly unsubscribe: () => void;
  private closed = false;
  private stoppedRun: string | undefined;
  /** The config before a failed reload: once the module loads again, the user's inputs come back. */
  private lastLoaded: InterfaceConfig | undefined;
  /** When stream runs may start, and their start messages (stream-flow.ts). */
  private readonly flow: StreamFlow;
  /** Microphone inputs with `turns`: fn runs once per utterance, and speech over a reply cancels it. */
  private readonly turns = new TurnTaking({
    send: (msg) => !this.closed && this.send(msg),
    requestRun: () => !this.closed && this.scheduler.requestQueued(),
    cancelRun: () => {
      const run = this.scheduler.current;
      if (!run || this.closed) return false;
      this.stoppedRun = run.id;
      this.scheduler.stop();
      return true;
    },
  });
  /** What the streaming inputs gathered since the last run started (stream-inputs.ts). */
  private readonly streams = new StreamInputs(this.turns);

  constructor(
    private readonly executor: Executor,
    private readonly send: (msg: ServerMessage) => void,
    private readonly options: SessionOptions = {},
  ) {
    this.flow = new StreamFlow({ congested: options.congested, requestRun: () => this.scheduler.requestQueued(), send: (msg) => this.send(msg) });
    this.unsubscribe = executor.onReload(() => this.sendConfig(true));
    void executor.ready.then(() => this.sendConfig(false));
  }

  /** Handles one message from the UI; malformed ones get an error reply and change nothing. */
  handle(raw: unknown): void {
    const problem = validateClientMessage(raw);
    if (problem) return this.send({ type: "error", error: { kind: "protocol", message: `Refused a malformed message: ${problem}` } });
    const msg = raw as ClientMessage;
    switch (msg.type) {
      case "input": {
        for (const [index, value] of msg.changes) {
          if (index < 0 || index >= this.values.length) {
            return this.send({ type: "error", error: { kind: "protocol", message: `Refused input: there is no input ${index}` } });
          }
          this.values[index] = value;
        }
        if (this.config?.live) this.scheduler.request();
        return;
      }
      case "stream": {
        // A frame replaces its input's value, audio accumulates: either way a run is queued without
        // aborting the one in flight, once the link to the UI has room (stream-flow.ts).
        const runs = this.streams.push(this.config, this.values, msg.index, msg.value, msg.seq);
        if (typeof runs === "string") return this.send({ type: "error", error: { kind: "input", message: `Refused a stream chunk: ${runs}` } });
        if (runs) this.flow.request();
        return;
      }
      case "stream-end":
        return this.turns.end(msg.index);
      case "ack":
        return this.flow.ack(msg.run);
      case "frames": {
        // Only the run the page shows may be paced by it (an older run's frames are not shown).
        const run = this.scheduler.current;
        if (run?.id === msg.run) run.pace?.(msg.output, msg.allow);
        return;
      }
      case "submit":
        return this.scheduler.request();
      case "stop":
        // Whatever the stopped run still produces (a fn that ignores its signal) is not shown.
        this.stoppedRun = this.scheduler.current?.id;
        return this.scheduler.stop();
      case "call":
        return this.call(msg.id, msg.values);
      case "cancel":
        return this.calls.get(msg.id)?.abort();
      case "ready":
        return; // handled by the VS Code host, which starts a session per page load
      case "capture-page":
      case "native-capture":
      case "open-channel":
        return; // handled by the VS Code host (browser mode links to its capture page instead)
    }
  }

  /** The interface as this session shows it (undefined while the module does not load). */
  get currentConfig(): InterfaceConfig | undefined {
    return this.config;
  }

  /** Tells this session's UI something from outside its own socket (a capture page connected). */
  notify(msg: ServerMessage): void {
    if (!this.closed) this.send(msg);
  }

  private readonly closeListeners: (() => void)[] = [];

  /** Runs `listener` when the session closes (what feeds it stops too: a capture page, ffmpeg). */
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    if (this.closed) return;
    for (const listener of this.closeListeners.splice(0)) listener();
    this.closed = true;
    this.flow.close();
    this.turns.close();
    this.scheduler.stop();
    for (const c of this.calls.values()) c.abort();
    this.unsubscribe();
    this.executor.closeSession(this.id);
  }

  private sendConfig(reloaded: boolean): void {
    if (this.closed) return;
    const config = this.executor.config;
    if (!config) {
      this.lastLoaded = this.config ?? this.lastLoaded;
      this.config = undefined;
      this.paced = false;
      return this.send({ type: "load-error", error: this.executor.loadError ?? { kind: "load", message: "the module is not loaded" } });
    }
    // After a reload, keep what the user typed when the inputs are still the same kinds.
    const before = this.config ?? this.lastLoaded;
    const keep = reloaded && before && sameInputs(before, config);
    this.values = keep ? this.values : config.inputs.map((c, i) => (!before && this.options.restore && i in this.options.restore ? this.options.restore[i] : c.value));
    if (!keep) this.streams.reset();
    const shown = { ...config, inputs: config.inputs.map((c, i) => ({ ...c, value: this.values[i] })) };
    this.config = config;
    this.paced = !this.options.api && config.kind !== "unified" && config.outputs.some((o) => o.type === "video" && o.props.streaming === true);
    this.send({ type: "config", config: shown, session: this.id, file: this.options.file });
    // Live outputs show fn(initial values) at once; an input-only fn has effects, so it waits for a change.
    if (config.live && config.kind !== "input-only" && !this.options.api) this.scheduler.request();
  }

  /**
   * Asks the executor for a run. It may wait its turn behind other sessions' runs: it reads the
   * values when it starts (so it starts with the newest), and its start goes to the UI then.
   */
  private startRun(ended: () => void): RunHandle {
    let seq: number | undefined;
    let answers = false;
    const handlers = this.forward(() => handle.id, ended);
    handlers.started = () => {
      if (this.closed || this.scheduler.current?.id !== handle.id) return;
      this.turns.runStarted(handle.id, answers);
      if (seq === undefined) return this.send({ type: "run-start", run: handle.id });
      this.flow.started(handle.id, seq);
    };
    const handle = this.executor.run(this.id, () => {
      const taken = this.streams.take(this.config, this.values);
      ({ answers, seq } = taken);
      return { values: taken.values, transfer: taken.transfer, compact: taken.compact, paced: this.paced };
    }, handlers);
    return handle;
  }

  private call(id: string, values: Wire[]): void {
    if (this.calls.has(id)) return this.send({ type: "error", error: { kind: "protocol", message: `call id ${id} is already running` } });
    // A program's values are checked against the components first: refused, not bent to fit (input-check.ts).
    const refused = this.config && callProblem(this.config, values);
    if (refused) return this.send({ type: "run-end", run: id, error: { kind: "input", message: refused } });
    const handlers = this.forward(() => id, () => this.calls.delete(id), true);
    // A call that was told it waits hears when it starts (a quick one costs no extra message).
    let waited = false;
    const queued = handlers.queued!;
    handlers.queued = (status) => ((waited = true), queued(status));
    handlers.started = () => waited && !this.closed && this.send({ type: "run-start", run: id });
    const handle = this.executor.run(this.id, values, handlers);
    this.calls.set(id, handle);
  }

  /** Handlers that relay a run's messages to the UI under `runId`, while the run is still current. */
  private forward(runId: () => string, ended: () => void, isCall = false): RunHandlers {
    const current = () => !this.closed && (isCall || this.scheduler.current?.id === runId());
    const shown = () => current() && (isCall || this.stoppedRun !== runId());
    return {
      queued: (status) => {
        if (current()) this.send({ type: "queue", run: runId(), ...status });
      },
      output: (update) => {
        if (!shown()) return releaseShared(update.values);
        this.flow.releaseStart();
        // A unified interface keeps its outputs as inputs: copies of their own, not shared memory.
        const unified = !isCall && this.config?.kind === "unified";
        const values = unified || !this.options.sendsShared?.() ? ownShared(update.values) : update.values;
        if (unified) this.reflectUnified(values);
        if (!isCall) this.flow.output(runId());
        if (!isCall) this.turns.output(runId(), values);
        this.send({ type: "output", run: runId(), ...update, values });
      },
      progress: (fraction, text) => {
        if (!shown()) return;
        this.flow.releaseStart();
        this.send({ type: "progress", run: runId(), fraction, text });
      },
      end: (outcome) => {
        if (!isCall) this.flow.ended(runId());
        if (!isCall) this.turns.runEnded(runId()); // before `ended`: a waiting utterance runs next
        if (current()) {
          this.flow.releaseStart();
          this.send({ type: "run-end", run: runId(), ...(this.stoppedRun === runId() ? { aborted: true } : outcome) });
        }
        ended();
      },
    };
  }

  /** In a unified interface the outputs are the inputs: fn's result becomes the next run's input. */
  private reflectUnified(outputs: (Wire | undefined)[]): void {
    outputs.forEach((v, i) => {
      if (v !== undefined && i < this.values.length) this.values[i] = v;
    });
  }
}

function sameInputs(a: InterfaceConfig, b: InterfaceConfig): boolean {
  return a.inputs.length === b.inputs.length && a.inputs.every((c, i) => c.type === b.inputs[i]!.type);
}
