// Which source a streaming (or capturing) input records from: the device (camera / microphone), a
// clip (a local file played as a live stream) or, in a VS Code panel, a capture page in the user's
// browser. It says which one is active; when the device is refused, the error it gives points to the
// others, and under "auto" it asks for the capture page at once.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import { h } from "../dom";
import type { CaptureOptions } from "../views";
import { playClip, type Clip } from "./clip";
import { RecordingElsewhere } from "./recorder";

export class SourcePicker {
  readonly element: HTMLElement;
  private file: File | undefined;
  private readonly name = h("span", { class: "li-source-name" });
  private readonly back = document.createElement("vscode-button");

  constructor(private readonly kind: "video" | "audio", label: string, private readonly capture: CaptureOptions = { mode: "webview" }) {
    const device = kind === "video" ? "camera" : "microphone";
    const input = h("input", { type: "file", accept: `${kind}/*`, class: "li-file", "aria-label": `Stream ${kind === "audio" ? "an audio" : "a video"} file into ${label} instead of the ${device}` });
    input.addEventListener("change", () => {
      this.file = input.files?.[0];
      this.render();
    });
    this.back.textContent = `Use the ${device}`;
    this.back.secondary = true;
    this.back.addEventListener("click", () => {
      this.file = undefined;
      input.value = "";
      this.render();
    });
    const article = kind === "audio" ? "an audio" : "a video";
    this.element = h("div", { class: "li-source" }, this.name, this.back, h("label", { class: "li-clip" }, `Or stream ${article} file: `, input));
    this.render();
  }

  /**
   * The clip when a file is chosen (playing), else undefined: record from the device. Throws
   * RecordingElsewhere when the capture page records instead (mode "browser").
   */
  async open(): Promise<Clip | undefined> {
    if (this.file) return playClip(this.file, this.kind);
    const { mode, openPage } = this.capture;
    const article = this.kind === "audio" ? "an audio" : "a video";
    if (mode === "clip") throw new Error(`the liveInterface.captureSource setting is "clip": choose ${article} file below`);
    if (mode === "browser" && openPage) {
      openPage();
      throw new RecordingElsewhere("Recording in your browser (liveInterface.captureSource is \"browser\"): the capture page streams into this panel.");
    }
    return undefined;
  }

  /**
   * The device was refused: the error to show, with what the user can do. Under "auto" in a VS Code
   * panel it also asks for the capture page at once (the next source that can work).
   */
  deviceRefused(err: unknown): Error {
    const why = (err as Error)?.message || String(err);
    const file = `stream ${this.kind === "audio" ? "an audio" : "a video"} file (choose one below)`;
    if (this.capture.mode === "auto" && this.capture.openPage) {
      this.capture.openPage();
      return new RecordingElsewhere(`This panel cannot use the ${this.device} (${why}). Record in your browser instead (asked just now), or ${file}.`);
    }
    return new Error(`${why}. You can ${file} instead.`);
  }

  private get device(): string {
    return this.kind === "video" ? "camera" : "microphone";
  }

  get usesClip(): boolean {
    return this.file !== undefined;
  }

  private render(): void {
    const device = this.kind === "video" ? "camera" : "microphone";
    const native = this.capture.native ? `${device} through ffmpeg in VS Code (liveInterface.captureSource)` : device;
    this.name.textContent = this.file ? `Source: ${this.kind} file ${this.file.name}` : `Source: ${native}`;
    this.element.dataset.source = this.file ? "clip" : "device";
    this.back.hidden = !this.file;
  }
}
