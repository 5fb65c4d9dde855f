// Which source a streaming (or capturing) input records from: the device (camera / microphone) or
// a clip (a local file played as a live stream). It says which one is active; when the device is
// refused, the error it gives points to the clip.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import { h } from "../dom";
import { playClip, type Clip } from "./clip";

export class SourcePicker {
  readonly element: HTMLElement;
  private file: File | undefined;
  private readonly name = h("span", { class: "li-source-name" });
  private readonly back = document.createElement("vscode-button");

  constructor(private readonly kind: "video" | "audio", label: string) {
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

  /** The clip when a file is chosen (playing), else undefined: record from the device. */
  async open(): Promise<Clip | undefined> {
    return this.file ? playClip(this.file, this.kind) : undefined;
  }

  /** A device error, with what the user can do about it. */
  explain(err: unknown): Error {
    const why = (err as Error)?.message || String(err);
    return new Error(`${why}. You can stream ${this.kind === "audio" ? "an audio" : "a video"} file instead (choose one below).`);
  }

  get usesClip(): boolean {
    return this.file !== undefined;
  }

  private render(): void {
    const device = this.kind === "video" ? "camera" : "microphone";
    this.name.textContent = this.file ? `Source: ${this.kind} file ${this.file.name}` : `Source: ${device}`;
    this.element.dataset.source = this.file ? "clip" : "device";
    this.back.hidden = !this.file;
  }
}
