// One rendered InterfaceConfig: its component views in the page's layout (interface-layout.ts). It
// applies run messages to the views and the run indicator; the app routes them here. What the user
// sets goes out through InputChanges; a new config of the same module is adopted in place.
import { isStreamingInput } from "../src/protocol/components";
import type { CaptureState, ClientMessage, InterfaceConfig, OutputUpdate, QueueStatus, TurnState, UserError, Wire } from "../src/protocol/messages";
import type { CaptureMode } from "./boot";
import { CapturePageControl } from "./capture-page-control";
import { h } from "./dom";
import { examplesTable } from "./examples";
import { focusedInput, focusInput, type FocusedInput } from "./input-focus";
import { InputChanges } from "./input-changes";
import { article, columns, header, swap } from "./interface-layout";
import { inputMemory, type Memory } from "./memory";
import { RunIndicator } from "./run-indicator";
import { NativeCaptures, streamContext } from "./stream-inputs";
import { StreamLatency } from "./stream-latency";
import type { Transport } from "./transport";
import { fits, sameControls, sameValue, type UserValue } from "./user-values";
import { createView, type CaptureOptions, type View } from "./views";

export type { FocusedInput } from "./input-focus";

/** Where the page is: what it links to, and how streaming inputs can record on another page. */
export interface Surroundings {
  gallery?: string;
  /** Browser mode: the interface's API page ("Use via API" in the footer). */
  apiPage?: string;
  /** Browser mode: the URL of a capture page for this session. */
  captureLink?: string;
  /** VS Code: the host can open a capture page in the user's browser; and the captureSource setting. */
  capturePage?: { mode: CaptureMode };
  /** What the user set on the page this one replaces (user-values.ts): kept, and sent to the session. */
  userValues?: UserValue[];
  /** Where inputs remember the user's choices (the camera or microphone). */
  memory?: Memory;
}

export class InterfaceView {
  readonly element: HTMLElement;
  /** Indexed like config.inputs / config.outputs; undefined for components that are not shown. */
  private readonly inputs: (View | undefined)[];
  private readonly outputs: (View | undefined)[];
  private readonly run: RunIndicator;
  private readonly changes: InputChanges;
  /** Stop was pressed; until the next run starts, outputs still arriving from the stopped one are dropped. */
  private stopped = false;
  private readonly latency: StreamLatency;
  private readonly native: NativeCaptures;
  /** Beside streaming inputs: recording on another page (the capture page), and its state. */
  private readonly capturePage: CapturePageControl | undefined;

  private readonly send: (msg: ClientMessage) => void;
  private readonly gallery: string | undefined;
  private headerElement: HTMLElement;
  private articleElement: HTMLElement;
  /** Under the inputs (interfaces without inputs have none). */
  private examplesElement: HTMLElement | undefined;

  constructor(private config: InterfaceConfig, transport: Transport, around: Surroundings = {}) {
    const { kind } = config;
    this.send = (msg) => transport.send(msg);
    this.changes = new InputChanges(this.send);
    this.native = new NativeCaptures(this.send);
    this.run = new RunIndicator(
      () => !this.config.live || this.config.generator,
      () => {
        this.send({ type: "stop" });
        this.silence();
      },
    );
    const streams = config.live && config.inputs.some(isStreamingInput);
    const openPage = () => this.send({ type: "capture-page" });
    if (streams && around.captureLink) this.capturePage = new CapturePageControl({ link: around.captureLink });
    if (streams && around.capturePage) this.capturePage = new CapturePageControl({ request: openPage });
    const mode = around.capturePage?.mode;
    const capture = (i: number): CaptureOptions | undefined => mode && { mode, openPage, native: mode === "ffmpeg" ? this.native.of(i) : undefined };
    this.inputs = config.inputs.map((spec, i) =>
      createView({
        spec,
        role: "input",
        changed: () => this.inputChanged(i),
        stream: streamContext(config, spec, i, transport, () => this.latency),
        capture: capture(i),
        memory: around.memory && inputMemory(around.memory, config, i),
      }),
    );
    // A unified interface shows its components once, as inputs; outputs are written into them.
    this.outputs =
      kind === "unified"
        ? []
        : config.outputs.map((spec, i) => createView({ spec, role: "output", changed: () => {}, allowFrames: (run, allow) => this.send({ type: "frames", run, output: i, allow }) }));

    this.examplesElement = kind === "output-only" ? undefined : this.examples();
    const layout = columns(config, {
      inputs: this.inputs,
      outputs: this.outputs,
      status: this.run.status.element,
      capturePage: this.capturePage?.element,
      examples: this.examplesElement,
      stopButton: () => this.run.stopButton(),
      submit: () => this.changes.submit(),
      clear: () => this.clear(),
    });
    if (layout.outputArea) this.run.markBusy(layout.outputArea);
    this.gallery = around.gallery;
    this.headerElement = header(config, this.gallery);
    this.articleElement = article(config);
    const footer = around.apiPage && h("footer", { class: "li-footer" }, h("a", { class: "li-api-link", href: around.apiPage }, "Use via API"));
    this.element = h("div", { class: "li-interface", "data-kind": kind, "data-live": String(config.live) }, this.headerElement, layout.element, this.articleElement, footer);
    this.latency = new StreamLatency(this.element);
    if (around.userValues) this.keep(around.userValues);
  }

  // -------------------------------------------------------------------------------------------
  // What the user set (user-values.ts), and where the keyboard is (input-focus.ts)

  /** True when `config` has the same inputs and outputs as this one, their values aside: adopt() can show it. */
  sameControls(config: InterfaceConfig): boolean {
    return sameControls(this.config, config);
  }

  /**
   * A new session's config, or a reloaded module's, with the same controls: the page stays as it is
   * (focus, selection, what is half typed), its texts and examples updated. Inputs the user touched
   * keep their values and the session gets them; the others show the session's values.
   */
  adopt(config: InterfaceConfig, captureLink?: string): void {
    const before = this.config;
    this.config = config;
    if (config.title !== before.title || config.description !== before.description) this.headerElement = swap(this.headerElement, header(config, this.gallery));
    if (config.article !== before.article) this.articleElement = swap(this.articleElement, article(config));
    if (this.examplesElement && JSON.stringify(config.examples) !== JSON.stringify(before.examples)) this.examplesElement = swap(this.examplesElement, this.examples());
    const changes: [number, Wire][] = [];
    config.inputs.forEach((spec, i) => {
      const view = this.inputs[i];
      if (!view) return;
      const shown = view.getValue();
      if (this.changes.touched.has(i)) {
        if (!sameValue(shown, spec.value)) changes.push([i, shown]);
      } else if (!sameValue(shown, spec.value)) view.setValue(spec.value);
    });
    if (captureLink) this.capturePage?.relink(captureLink);
    this.runEnded(undefined, true);
    if (changes.length > 0) this.send({ type: "input", changes });
  }

  /** The values the user set, for the view that replaces this one. */
  userValues(): UserValue[] {
    return [...this.changes.touched].map((index) => ({ index, type: this.config.inputs[index]!.type, label: this.config.inputs[index]!.label, value: this.inputs[index]!.getValue() }));
  }

  /** The input holding the keyboard focus, if one does, and the caret or selection in its text. */
  focusedInput(): FocusedInput | undefined {
    return focusedInput(this.element, this.inputs);
  }

  /** Gives an input the keyboard focus again (see input-focus.ts). */
  focusInput(focused: FocusedInput): void {
    focusInput(this.inputs, focused);
  }

  /** Values the user set on the page this one replaces: shown where they fit, and sent to the session. */
  private keep(values: UserValue[]): void {
    const changes: [number, Wire][] = [];
    for (const user of values) {
      const spec = this.config.inputs[user.index];
      const view = this.inputs[user.index];
      if (!view || !fits(user, spec)) continue;
      this.changes.touched.add(user.index);
      view.setValue(user.value);
      if (!sameValue(user.value, spec.value)) changes.push([user.index, user.value]);
    }
    if (changes.length > 0) this.send({ type: "input", changes });
  }

  // -------------------------------------------------------------------------------------------
  // Run messages

  /** The run waits its turn behind other sessions' runs (the server is shared). */
  queued(status: QueueStatus): void {
    this.run.queued(status);
  }

  runStarted(run?: string, seq?: number): void {
    this.stopped = false;
    if (run !== undefined) this.latency.runStarted(run, seq);
    const stream = this.config.live && this.config.inputs.some(isStreamingInput);
    const info = { run, stream, capturedAt: seq === undefined ? undefined : this.latency.capturedAtOf(seq) };
    for (const view of this.outputs) view?.runStarted?.(info);
    this.run.started();
  }

  runEnded(error: UserError | undefined, aborted: boolean): void {
    for (const view of this.outputs) view?.runEnded?.();
    // The inputs stay as they are; the error stays until the next run's output replaces it.
    this.run.ended(error, !aborted && this.config.kind === "input-only");
  }

  progress(fraction: number | null, text?: string): void {
    this.run.progress(fraction, text);
  }

  /** Applied at once: the latency from key press to shown output is what users feel. */
  output(update: OutputUpdate & { run?: string }): void {
    // A stream run's output has arrived: the host may start the next one (flow control).
    if (this.latency.output(update.run)) this.send({ type: "ack", run: update.run! });
    // Stop was pressed: what the stopped run had already sent on its way is not shown (nor played).
    if (this.stopped) return;
    const targets = this.config.kind === "unified" ? this.inputs : this.outputs;
    update.values.forEach((value, i) => {
      const view = targets[i];
      if (value === undefined || !view) return; // undefined: leave that output alone
      if (update.append?.[i] && view.setAppend && typeof value === "string") view.setAppend(value);
      else view.setValue(value);
    });
    this.run.status.clearError();
  }

  /** What the host says about a capture page feeding this session, or (`index`) an input's ffmpeg capture. */
  captureState(state: CaptureState, url?: string, message?: string, index?: number): void {
    if (index === undefined) this.capturePage?.update(state, url, message);
    else this.native.update(index, state, message);
  }

  /** Voice turns: where input `index` is in the conversation; `bargeIn`: the host cancelled the reply, so it stops playing. */
  turn(index: number, state: TurnState, bargeIn: boolean): void {
    if (bargeIn) this.silence();
    this.inputs[index]?.turnState?.(state);
  }

  /** What the current run sent and still plays is silenced, and what it still sends is dropped (until the next run starts). */
  private silence(): void {
    this.stopped = true;
    for (const view of this.outputs) view?.stop?.();
  }

  dispose(): void {
    this.run.dispose();
    for (const view of [...this.inputs, ...this.outputs]) view?.dispose?.();
  }

  // -------------------------------------------------------------------------------------------
  // User actions

  private inputChanged(index: number): void {
    const view = this.inputs[index];
    if (view) this.changes.changed(index, view.getValue());
  }

  /** The examples table (an empty placeholder without examples, so that a reload can add one). A row fills every input, sent as one message. */
  private examples(): HTMLElement {
    const { examples, inputs } = this.config;
    return examples.length > 0 ? examplesTable(inputs, examples, (row) => this.changes.setAll(this.inputs, (i) => row[i])) : h("div", { class: "li-no-examples", hidden: true });
  }

  /** Clear: inputs back to their initial values, outputs emptied. */
  private clear(): void {
    this.changes.setAll(this.inputs, (i) => this.config.inputs[i]!.value);
    for (const view of this.outputs) view?.setValue(null);
    this.run.status.reset();
  }
}
