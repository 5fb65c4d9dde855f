// What the page shows of the run in flight: its status (place in line, progress, error, Done), the
// outputs marked busy (a thin sweep over them, see run-indicator.css), and Stop: at once for runs
// started by hand or generators, for other live runs only once they take a while.
import type { QueueStatus, UserError } from "../src/protocol/messages";
import { shownPerTask } from "./dom";
import { button } from "./interface-layout";
import { Status } from "./status";
import "./run-indicator.css";

/** In live mode Stop appears only for runs that take a while (or generators, which may stream long). */
const SLOW_RUN_MS = 500;

export class RunIndicator {
  readonly status = new Status();
  private readonly stopButtons: HTMLElement[] = [];
  /** Where outputs live (in a unified interface: the inputs column); marked busy during a run. */
  private busyArea: HTMLElement | undefined;
  private slowTimer: ReturnType<typeof setTimeout> | undefined;

  /** `stopAtOnce`: Stop shows as soon as a run starts (not live, or a generator). `stop`: Stop was pressed. */
  constructor(
    private readonly stopAtOnce: () => boolean,
    private readonly stop: () => void,
  ) {}

  /** A Stop button, hidden until a run needs it (one under the inputs, one under output-only outputs). */
  stopButton(): HTMLElement {
    const stop = button("Stop", "stop", this.stop);
    stop.hidden = true;
    this.stopButtons.push(stop);
    return stop;
  }

  /** The area marked busy while a run is in flight. */
  markBusy(area: HTMLElement): void {
    this.busyArea = area;
  }

  /** The run waits its turn behind other sessions' runs (the server is shared). */
  queued(status: QueueStatus): void {
    this.status.showQueued(status);
    this.setBusy(true);
  }

  started(): void {
    this.status.hideQueued();
    this.status.clearDone();
    this.setBusy(true);
  }

  /** The run ended: its error shown (it stays until the next output replaces it), or Done when `done`. */
  ended(error: UserError | undefined, done: boolean): void {
    this.status.hideQueued();
    this.setBusy(false);
    this.status.hideProgress();
    if (error) this.status.showError(error);
    else if (done) this.status.showDone();
  }

  progress(fraction: number | null, text?: string): void {
    this.status.showProgress(fraction, text);
  }

  dispose(): void {
    clearTimeout(this.slowTimer);
  }

  /** A run in flight: the busy area marked, and Stop shown when it should. Once per task (shownPerTask). */
  private readonly setBusy = shownPerTask(false, (busy) => {
    this.busyArea?.setAttribute("aria-busy", String(busy));
    clearTimeout(this.slowTimer);
    if (!busy) this.showStop(false);
    else if (this.stopAtOnce()) this.showStop(true);
    else this.slowTimer = setTimeout(() => this.showStop(true), SLOW_RUN_MS);
  });

  private showStop(visible: boolean): void {
    for (const b of this.stopButtons) b.hidden = !visible;
  }
}
