// Start/Stop recording controls of a streaming input, with the time-limit countdown and a status
// line saying what happened (a screen reader hears it: role=status). The owner does the capturing.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import { h } from "../dom";
import "./recorder.css";

export interface RecorderHooks {
  /** Starts capturing; throws with a message the user can act on (no camera, permission refused). */
  start(): Promise<void>;
  /** Stops capturing (and sends what is still held). */
  stop(): Promise<void>;
}

/** Thrown by a start hook when the recording happens on another page (the capture page). */
export class RecordingElsewhere extends Error {}

export class RecordControls {
  readonly element: HTMLElement;
  private readonly button = document.createElement("vscode-button");
  private readonly countdown = h("span", { class: "li-countdown", role: "timer", "aria-live": "off" });
  private readonly status = h("span", { class: "li-record-status", role: "status" });
  private recording = false;
  private busy = false;
  private deadline = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** `timeLimit` in seconds, null for none. */
  constructor(private readonly what: string, private readonly timeLimit: number | null, private readonly hooks: RecorderHooks) {
    this.button.classList.add("li-record");
    this.button.addEventListener("click", () => void (this.recording ? this.stop("stopped") : this.start()));
    this.element = h("div", { class: "li-recorder", "data-recording": "false" }, this.button, this.countdown, this.status);
    this.render();
  }

  get isRecording(): boolean {
    return this.recording;
  }

  async start(): Promise<void> {
    if (this.recording || this.busy) return;
    this.busy = true;
    this.setStatus("Starting…");
    try {
      await this.hooks.start();
    } catch (err) {
      this.busy = false;
      this.setStatus(err instanceof RecordingElsewhere ? err.message : `Could not start: ${(err as Error).message || String(err)}`);
      return;
    }
    this.busy = false;
    this.recording = true;
    this.deadline = this.timeLimit === null ? Infinity : performance.now() + this.timeLimit * 1000;
    this.timer = setInterval(() => this.tick(), 200);
    this.setStatus("Recording");
    this.render();
  }

  /** `why`: the user stopped it, or the time limit did; `note`: what stopped it otherwise (ffmpeg ended). */
  async stop(why: "stopped" | "time-limit" | "disposed", note?: string): Promise<void> {
    if (!this.recording) return;
    this.recording = false;
    clearInterval(this.timer);
    this.render();
    await this.hooks.stop();
    if (why === "time-limit") this.setStatus(`Stopped: the time limit of ${this.timeLimit} s was reached. Press Start recording to record again.`);
    else if (why === "stopped") this.setStatus(note ? `Stopped: ${note}` : "Stopped.");
    this.element.dataset.stopReason = why;
  }

  private tick(): void {
    const left = this.deadline - performance.now();
    if (left <= 0) return void this.stop("time-limit");
    // Only the countdown moves: the button (a web component) is left alone, and the text is written
    // once a second, not at each tick (5 DOM updates a second per input, on a page that streams).
    this.showCountdown();
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private render(): void {
    this.button.textContent = this.recording ? "Stop recording" : "Start recording";
    this.button.ariaLabel = `${this.recording ? "Stop" : "Start"} recording ${this.what}`;
    this.button.secondary = this.recording;
    this.element.dataset.recording = String(this.recording);
    this.showCountdown();
  }

  private showCountdown(): void {
    const left = this.deadline - performance.now();
    const text = this.recording && Number.isFinite(this.deadline) ? `${Math.ceil(left / 1000)} s left` : "";
    if (this.countdown.textContent !== text) this.countdown.textContent = text;
  }
}
