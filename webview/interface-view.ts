// One rendered InterfaceConfig: header, inputs column (with buttons and examples), outputs column
// (with the run status), article. It applies run messages to the views; the app routes them here.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import { streamTiming, type CaptureState, type ClientMessage, type ComponentSpec, type InterfaceConfig, type OutputUpdate, type QueueStatus, type TurnState, type UserError, type Wire } from "../src/protocol/messages";
import { isStreamingInput } from "../src/protocol/components";
import type { CaptureMode } from "./boot";
import { CapturePageControl } from "./capture-page-control";
import { h, shownPerTask } from "./dom";
import { examplesTable } from "./examples";
import { setMarkdown } from "./markdown";
import { inputMemory, type Memory } from "./memory";
import { Status } from "./status";
import { StreamLatency } from "./stream-latency";
import type { Transport } from "./transport";
import { deepActiveElement, fits, sameControls, sameValue, type UserValue } from "./user-values";
import { createView, type CaptureOptions, type NativeCapture, type StreamContext, type View } from "./views";

/** Where the page is: what it links to, and how streaming inputs can record on another page. */
export interface Surroundings {
  gallery?: string;
  /** Browser mode: the URL of a capture page for this session. */
  captureLink?: string;
  /** VS Code: the host can open a capture page in the user's browser; and the captureSource setting. */
  capturePage?: { mode: CaptureMode };
  /** What the user set on the page this one replaces (user-values.ts): kept, and sent to the session. */
  userValues?: UserValue[];
  /** Where inputs remember the user's choices (the camera or microphone). */
  memory?: Memory;
}

/** An input recorded by the host: how its start resolves, and who hears when it ends after starting. */
interface NativeEntry {
  resolve(): void;
  reject(e: Error): void;
  ended(why: string): void;
  started: boolean;
}

/** Where the keyboard was in an input: kept when the page is drawn anew. */
export interface FocusedInput {
  index: number;
  selection?: readonly [start: number, end: number];
}

/** In live mode Stop appears only for runs that take a while (or generators, which may stream long). */
const SLOW_RUN_MS = 500;

export class InterfaceView {
  readonly element: HTMLElement;
  /** Indexed like config.inputs / config.outputs; undefined for components that are not shown. */
  private readonly inputs: (View | undefined)[];
  private readonly outputs: (View | undefined)[];
  private readonly status = new Status();
  private readonly stopButtons: HTMLElement[] = [];
  /** Where outputs live (in a unified interface: the inputs column); marked busy during a run. */
  private outputArea: HTMLElement | undefined;
  private slowTimer: ReturnType<typeof setTimeout> | undefined;
  /** Input values changed in the current task and not yet sent. */
  private readonly unsent = new Map<number, Wire>();
  /** Stop was pressed; until the next run starts, outputs still arriving from the stopped one are dropped. */
  private stopped = false;
  /** Inputs the user has set since the page appeared: a new config does not overwrite them. */
  private readonly touched = new Set<number>();
  private latency: StreamLatency | undefined;
  /** Inputs recorded by the host (ffmpeg): how their start is going, and who to tell when they end. */
  private readonly native = new Map<number, NativeEntry>();
  /** Beside streaming inputs: recording on another page (the capture page), and its state. */
  private readonly capturePage: CapturePageControl | undefined;

  private readonly send: (msg: ClientMessage) => void;
  private readonly gallery: string | undefined;
  private headerElement: HTMLElement;
  private articleElement: HTMLElement;
  /** Under the inputs (interfaces without inputs have none). */
  private examplesElement: HTMLElement | undefined;

  constructor(private config: InterfaceConfig, private readonly transport: Transport, around: Surroundings = {}) {
    const { kind } = config;
    this.send = (msg) => transport.send(msg);
    const streams = config.live && config.inputs.some(isStreamingInput);
    const openPage = () => this.send({ type: "capture-page" });
    if (streams && around.captureLink) this.capturePage = new CapturePageControl({ link: around.captureLink });
    if (streams && around.capturePage) this.capturePage = new CapturePageControl({ request: openPage });
    const mode = around.capturePage?.mode;
    const capture = (i: number): CaptureOptions | undefined => mode && { mode, openPage, native: mode === "ffmpeg" ? this.nativeCapture(i) : undefined };
    this.inputs = config.inputs.map((spec, i) =>
      createView({ spec, role: "input", changed: () => this.inputChanged(i), stream: this.streamContext(spec, i), capture: capture(i), memory: around.memory && inputMemory(around.memory, config, i) }),
    );
    // A unified interface shows its components once, as inputs; outputs are written into them.
    this.outputs =
      kind === "unified"
        ? []
        : config.outputs.map((spec, i) => createView({ spec, role: "output", changed: () => {}, allowFrames: (run, allow) => this.send({ type: "frames", run, output: i, allow }) }));

    const columns = h("div", { class: "li-columns" });
    if (kind !== "output-only") columns.append(this.inputColumn());
    if (kind === "standard" || kind === "output-only") columns.append(this.outputColumn());
    columns.classList.toggle("li-two", columns.childElementCount > 1);

    this.gallery = around.gallery;
    this.headerElement = this.header();
    this.articleElement = this.article();
    this.element = h("div", { class: "li-interface", "data-kind": kind, "data-live": String(config.live) }, this.headerElement, columns, this.articleElement);
    this.latency = new StreamLatency(this.element);
    if (around.userValues) this.keep(around.userValues);
  }

  // -------------------------------------------------------------------------------------------
  // What the user set (user-values.ts)

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
    if (config.title !== before.title || config.description !== before.description) this.headerElement = swap(this.headerElement, this.header());
    if (config.article !== before.article) this.articleElement = swap(this.articleElement, this.article());
    if (this.examplesElement && JSON.stringify(config.examples) !== JSON.stringify(before.examples)) this.examplesElement = swap(this.examplesElement, this.examples());
    const changes: [number, Wire][] = [];
    config.inputs.forEach((spec, i) => {
      const view = this.inputs[i];
      if (!view) return;
      const shown = view.getValue();
      if (this.touched.has(i)) {
        if (!sameValue(shown, spec.value)) changes.push([i, shown]);
      } else if (!sameValue(shown, spec.value)) view.setValue(spec.value);
    });
    if (captureLink) this.capturePage?.relink(captureLink);
    this.runEnded(undefined, true);
    if (changes.length > 0) this.send({ type: "input", changes });
  }

  /** The values the user set, for the view that replaces this one. */
  userValues(): UserValue[] {
    return [...this.touched].map((index) => ({ index, type: this.config.inputs[index]!.type, label: this.config.inputs[index]!.label, value: this.inputs[index]!.getValue() }));
  }

  /** The input holding the keyboard focus, if one does, and the caret or selection in its text. */
  focusedInput(): FocusedInput | undefined {
    const active = deepActiveElement(this.element);
    const index = this.inputs.findIndex((view) => view && active && containsDeep(view.element, active));
    if (index < 0) return undefined;
    const text = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? active : undefined;
    // Number fields have no selection to read (null): the caret goes to the end.
    const selection = text && text.selectionStart !== null && text.selectionEnd !== null ? ([text.selectionStart, text.selectionEnd] as const) : undefined;
    return { index, selection };
  }

  /**
   * Gives input `index` the keyboard focus (its first control, once drawn: the vscode-elements draw
   * themselves a microtask later, still before the next key press is handled).
   */
  focusInput({ index, selection }: FocusedInput): void {
    const control = this.inputs[index]?.element.querySelector<HTMLElement>("input, textarea, select, [tabindex], vscode-textfield, vscode-textarea, vscode-single-select, vscode-checkbox");
    if (!control) return;
    // The text control itself, not its host: focusing the host selects all its text, which the next
    // key would replace. Focused by script, a text control keeps its caret (at the end of a value set by script).
    const focus = () => {
      const target = control.shadowRoot?.querySelector<HTMLElement>("input, textarea") ?? control;
      target.focus();
      if (selection && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.selectionStart !== null) target.setSelectionRange(...selection);
    };
    const drawn = (control as { updateComplete?: Promise<unknown> }).updateComplete;
    if (drawn) void drawn.then(focus);
    else focus();
  }

  /** Values the user set on the page this one replaces: shown where they fit, and sent to the session. */
  private keep(values: UserValue[]): void {
    const changes: [number, Wire][] = [];
    for (const user of values) {
      const spec = this.config.inputs[user.index];
      const view = this.inputs[user.index];
      if (!view || !fits(user, spec)) continue;
      this.touched.add(user.index);
      view.setValue(user.value);
      if (!sameValue(user.value, spec.value)) changes.push([user.index, user.value]);
    }
    if (changes.length > 0) this.send({ type: "input", changes });
  }

  // -------------------------------------------------------------------------------------------
  // Run messages

  /** The run waits its turn behind other sessions' runs (the server is shared). */
  queued(status: QueueStatus): void {
    this.status.showQueued(status);
    this.setBusy(true);
  }

  runStarted(run?: string, seq?: number): void {
    this.stopped = false;
    this.status.hideQueued();
    if (run !== undefined) this.latency?.runStarted(run, seq);
    const stream = this.config.live && this.config.inputs.some(isStreamingInput);
    const info = { run, stream, capturedAt: seq === undefined ? undefined : this.latency?.capturedAtOf(seq) };
    for (const view of this.outputs) view?.runStarted?.(info);
    this.status.clearDone();
    this.setBusy(true);
  }

  runEnded(error: UserError | undefined, aborted: boolean): void {
    this.status.hideQueued();
    for (const view of this.outputs) view?.runEnded?.();
    this.setBusy(false);
    this.status.hideProgress();
    // The inputs stay as they are; the error stays until the next run's output replaces it.
    if (error) this.status.showError(error);
    else if (!aborted && this.config.kind === "input-only") this.status.showDone();
  }

  progress(fraction: number | null, text?: string): void {
    this.status.showProgress(fraction, text);
  }

  /** Applied at once: the latency from key press to shown output is what users feel. */
  output(update: OutputUpdate & { run?: string }): void {
    // A stream run's output has arrived: the host may start the next one (flow control).
    if (this.latency?.output(update.run)) this.send({ type: "ack", run: update.run! });
    // Stop was pressed: what the stopped run had already sent on its way is not shown (nor played).
    if (this.stopped) return;
    const targets = this.config.kind === "unified" ? this.inputs : this.outputs;
    update.values.forEach((value, i) => {
      const view = targets[i];
      if (value === undefined || !view) return; // undefined: leave that output alone
      if (update.append?.[i] && view.setAppend && typeof value === "string") view.setAppend(value);
      else view.setValue(value);
    });
    this.status.clearError();
  }

  /** What the host says about a capture page feeding this session, or (`index`) an input's ffmpeg capture. */
  captureState(state: CaptureState, url?: string, message?: string, index?: number): void {
    if (index === undefined) return this.capturePage?.update(state, url, message);
    const native = this.native.get(index);
    if (!native) return;
    if (state === "connected") {
      native.started = true;
      return native.resolve();
    }
    const why = message ?? "ffmpeg stopped";
    if (native.started) return native.ended(why);
    this.native.delete(index); // it never started
    native.reject(new Error(why));
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

  /** Input `index` recorded by the host with ffmpeg: the page starts and stops it, and hears how it goes. */
  private nativeCapture(index: number): NativeCapture {
    return {
      start: (ended) =>
        new Promise<void>((resolve, reject) => {
          this.native.set(index, { ended, resolve, reject, started: false });
          this.send({ type: "native-capture", index, record: true });
        }),
      stop: () => {
        this.native.delete(index);
        this.send({ type: "native-capture", index, record: false });
      },
    };
  }

  dispose(): void {
    clearTimeout(this.slowTimer);
    for (const view of [...this.inputs, ...this.outputs]) view?.dispose?.();
  }

  /** Streaming inputs stream only in live interfaces (otherwise they take one capture). */
  private streamContext(spec: ComponentSpec, index: number): StreamContext | undefined {
    if (!this.config.live || !isStreamingInput(spec)) return undefined;
    return {
      ...streamTiming(this.config, spec),
      send: (value, capturedAt = performance.now()) => this.transport.send({ type: "stream", index, value, seq: this.latency!.next(capturedAt) }),
      // Frames: few waiting at the host (see StreamLatency.holdBack), none queued in the socket.
      congested: () => this.transport.congested() || this.latency!.holdBack(),
      end: () => this.transport.send({ type: "stream-end", index }),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Building

  private header(): HTMLElement {
    const { title, description } = this.config;
    return h(
      "header",
      { class: "li-header" },
      this.gallery && h("a", { class: "li-gallery-link", href: this.gallery }, "← Gallery"),
      title && h("h1", { class: "li-title" }, title),
      description && markdownBlock("li-description", description),
    );
  }

  private inputColumn(): HTMLElement {
    const { kind, live, examples } = this.config;
    const column = h("div", { class: "li-column li-inputs" }, panel(this.inputs));
    if (this.capturePage) column.append(this.capturePage.element);
    const actions = h("div", { class: "li-actions" });
    if (!live) {
      actions.append(button("Clear", "secondary", () => this.clear()), button("Submit", "primary", () => this.submit()));
    }
    actions.append(this.stopButton());
    column.append(actions);
    // Input-only and unified interfaces have no outputs column: their status goes under the buttons.
    if (kind === "input-only" || kind === "unified") column.append(this.status.element);
    if (kind === "unified") this.outputArea = column;
    this.examplesElement = this.examples();
    column.append(this.examplesElement);
    return column;
  }

  /** The examples table (an empty placeholder without examples, so that a reload can add one). */
  private examples(): HTMLElement {
    const { examples, inputs } = this.config;
    return examples.length > 0 ? examplesTable(inputs, examples, (row) => this.pickExample(row)) : h("div", { class: "li-no-examples", hidden: true });
  }

  private article(): HTMLElement {
    return this.config.article ? markdownBlock("li-article", this.config.article) : h("div", { class: "li-no-article", hidden: true });
  }

  private outputColumn(): HTMLElement {
    const column = h("div", { class: "li-column li-outputs" }, this.status.element, panel(this.outputs));
    this.outputArea = column;
    if (this.config.kind === "output-only") {
      const actions = h("div", { class: "li-actions" });
      if (!this.config.live) actions.append(button("Generate", "primary", () => this.submit()));
      actions.append(this.stopButton());
      column.append(actions);
    }
    return column;
  }

  private stopButton(): HTMLElement {
    const stop = button("Stop", "stop", () => {
      this.send({ type: "stop" });
      this.silence();
    });
    stop.hidden = true;
    this.stopButtons.push(stop);
    return stop;
  }

  /**
   * A run in flight: the outputs marked busy, and Stop shown (at once where runs are started by hand
   * or generate, else for runs that take a while). Once per task (shownPerTask).
   */
  private readonly setBusy = shownPerTask(false, (busy) => {
    this.outputArea?.setAttribute("aria-busy", String(busy));
    clearTimeout(this.slowTimer);
    if (!busy) this.showStop(false);
    else if (!this.config.live || this.config.generator) this.showStop(true);
    else this.slowTimer = setTimeout(() => this.showStop(true), SLOW_RUN_MS);
  });

  private showStop(visible: boolean): void {
    for (const b of this.stopButtons) b.hidden = !visible;
  }

  // -------------------------------------------------------------------------------------------
  // User actions

  /**
   * Changes made within one task (a script setting many values at once) leave as one message holding
   * each input's last value, so the host schedules one run instead of racing many. A person's
   * keystrokes and drags are separate tasks: each still leaves at once, a microtask later.
   */
  private inputChanged(index: number): void {
    const view = this.inputs[index];
    if (!view) return;
    if (this.unsent.size === 0) queueMicrotask(() => this.sendUnsent());
    this.unsent.set(index, view.getValue());
    this.touched.add(index);
  }

  private submit(): void {
    this.sendUnsent(); // the values typed just before the click go first
    this.send({ type: "submit" });
  }

  private sendUnsent(): void {
    const changes = [...this.unsent];
    this.unsent.clear();
    if (changes.length > 0) this.send({ type: "input", changes });
  }

  /** Fills every input, then sends all the values in one message (one run in live mode). */
  private pickExample(row: Wire[]): void {
    this.setInputs((i) => row[i]);
  }

  /** Clear: inputs back to their initial values, outputs emptied. */
  private clear(): void {
    this.setInputs((i) => this.config.inputs[i]!.value);
    for (const view of this.outputs) view?.setValue(null);
    this.status.reset();
  }

  private setInputs(valueOf: (i: number) => Wire): void {
    this.inputs.forEach((view, i) => {
      if (!view) return;
      const value = valueOf(i);
      view.setValue(value);
      this.unsent.set(i, value);
      this.touched.add(i);
    });
    this.sendUnsent();
  }
}

/** Puts `next` where `current` is; gives `next`. */
function swap(current: HTMLElement, next: HTMLElement): HTMLElement {
  current.replaceWith(next);
  return next;
}

/** `outer` contains `inner`, also where `inner` is inside shadow roots under `outer`. */
function containsDeep(outer: Element, inner: Element): boolean {
  for (let node: Node | null = inner; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) if (node === outer) return true;
  return false;
}

function panel(views: (View | undefined)[]): HTMLElement {
  return h("div", { class: "li-panel" }, ...views.map((v) => v?.element));
}

function button(text: string, variant: "primary" | "secondary" | "stop", onClick: () => void): HTMLElement {
  const b = document.createElement("vscode-button");
  b.textContent = text;
  b.secondary = variant !== "primary";
  b.classList.add("li-button", `li-button-${variant}`);
  b.addEventListener("click", onClick);
  return b;
}

function markdownBlock(className: string, source: string): HTMLElement {
  const el = h("div", { class: `${className} li-rich` });
  setMarkdown(el, source);
  return el;
}
