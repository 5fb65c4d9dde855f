// Which source a streaming (or capturing) input records from: the device (camera / microphone, the
// one chosen in its device picker), a clip (a local file played as a live stream) or, in a VS Code
// panel, a capture page in the user's browser. It says which one is active; when the device is
// refused, the error it gives points to the others, and under "auto" it asks for the capture page at
// once. A device chosen while recording takes over without stopping the recording.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import { h } from "../dom";
import type { Memory } from "../memory";
import type { CaptureOptions } from "../views";
import { playClip, type Clip } from "./clip";
import { DevicePicker, type DeviceChoice } from "./device-picker";
import { DeviceError, deviceName, deviceOf, openDevice, type DeviceRequest } from "./devices";
import { RecordingElsewhere } from "./recorder";
import "./source-picker.css";

/** What an input records from: a stream, and the clip playing it when it is a file's. */
export interface Opened {
  stream: MediaStream;
  clip?: Clip;
}

/** The recording's side of a device switch (or loss) while it records. */
export interface LiveDevice {
  /** Records from `stream` from now on, in place of the stream it had (which it stops). */
  use(stream: MediaStream): Promise<void>;
  /** Stops the device in use now (some devices open only one camera at a time). */
  release(): void;
  /** No device can be recorded from any more (`why`): the recording stops. */
  lost(why: string): void;
}

/** A device refused for one of these reasons may open once the one in use is closed. */
const BUSY = ["NotReadableError", "AbortError"];
/** A device chosen before that is gone: record from the default one instead, and say so. */
const GONE = ["OverconstrainedError", "NotFoundError"];

export class SourcePicker {
  readonly element: HTMLElement;
  readonly devices: DevicePicker;
  private file: File | undefined;
  private readonly name = h("span", { class: "li-source-name" });
  private readonly capture: CaptureOptions;
  private readonly back = document.createElement("vscode-button");
  /** The recording in progress from the device, if one is. */
  private live: LiveDevice | undefined;
  /** Device switches run one after another. */
  private switching: Promise<void> = Promise.resolve();
  /** A VS Code webview (the host said where it records from), not a browser tab. */
  private readonly inVsCode: boolean;

  constructor(
    private readonly kind: "video" | "audio",
    label: string,
    capture: CaptureOptions | undefined,
    private readonly request: DeviceRequest,
    memory?: Memory,
  ) {
    this.inVsCode = capture !== undefined;
    this.capture = capture ?? { mode: "webview" };
    const device = this.device;
    this.devices = new DevicePicker(request.kind, label, memory);
    this.devices.onChoose = (choice) => void (this.switching = this.switching.then(() => this.switchTo(choice)));
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
    this.element = h("div", { class: "li-source" }, this.name, this.devices.element, this.back, h("label", { class: "li-clip" }, `Or stream ${article} file: `, input));
    this.render();
  }

  /**
   * What to record from: the clip when a file is chosen (playing), else the chosen device (the
   * browser asks the user the first time). `live`: how a device chosen during the recording takes
   * over (until close()). Throws RecordingElsewhere when the capture page records instead (mode
   * "browser"), or an error saying why the device could not be used and what to do.
   */
  async open(live?: LiveDevice): Promise<Opened> {
    if (this.file) {
      const clip = await playClip(this.file, this.kind);
      return { stream: clip.stream, clip };
    }
    const { mode, openPage } = this.capture;
    const article = this.kind === "audio" ? "an audio" : "a video";
    if (mode === "clip") throw new Error(`the liveInterface.captureSource setting is "clip": choose ${article} file below`);
    if (mode === "browser" && openPage) {
      openPage();
      throw new RecordingElsewhere("Recording in your browser (liveInterface.captureSource is \"browser\"): the capture page streams into this panel.");
    }
    let stream: MediaStream;
    try {
      stream = await this.openChosen();
    } catch (err) {
      throw this.deviceRefused(err);
    }
    this.live = live;
    this.watch(stream, live);
    await this.devices.showInUse(deviceOf(stream, this.request.kind));
    return { stream };
  }

  /** The recording ended: a device chosen from now on is only remembered. */
  close(): void {
    this.live = undefined;
    void this.devices.showInUse(undefined);
  }

  /** The chosen device; if it is gone, the default one, and the picker says so. */
  private async openChosen(): Promise<MediaStream> {
    this.devices.say("");
    const chosen = this.devices.preferred();
    if (!chosen) return openDevice(this.request);
    try {
      return await openDevice(this.request, chosen.id);
    } catch (err) {
      if (!(err instanceof DeviceError) || !GONE.includes(err.reason ?? "")) throw err;
      const stream = await openDevice(this.request);
      this.devices.say(`The ${this.device} chosen before (${chosen.label}) is not connected: recording from ${deviceOf(stream, this.request.kind)?.label || "the default one"}.`);
      return stream;
    }
  }

  /** Moves the recording in progress to `choice`; not recording, the choice waits for the next start. */
  private async switchTo(choice: DeviceChoice): Promise<void> {
    const live = this.live;
    const before = this.devices.current;
    if (!live || before?.id === choice.id) return;
    this.devices.say("");
    let stream: MediaStream | undefined;
    try {
      stream = await openDevice(this.request, choice.id);
    } catch (err) {
      if (!(err instanceof DeviceError && BUSY.includes(err.reason ?? ""))) {
        this.devices.say(`Still recording from ${before?.label || `the ${this.device} before`}: ${(err as Error).message}.`);
        return this.devices.showInUse(before);
      }
      // It may open once the one in use is closed (one camera at a time): close it, then try again,
      // and if that fails too, go back to the one before.
      live.release();
      stream = await openDevice(this.request, choice.id).catch(async (again: Error) => {
        this.devices.say(`Could not switch to ${choice.label}: ${again.message}.`);
        return openDevice(this.request, before?.id).catch(() => undefined);
      });
    }
    if (!stream) return live.lost(`the ${this.device} could not be opened again after a switch failed`);
    if (this.live !== live) {
      // The recording stopped meanwhile.
      for (const t of stream.getTracks()) t.stop();
      return;
    }
    await live.use(stream);
    this.watch(stream, live);
    await this.devices.showInUse(deviceOf(stream, this.request.kind));
  }

  /** A device unplugged while recording ends its track: the recording stops and says why. */
  private watch(stream: MediaStream, live: LiveDevice | undefined): void {
    const track = stream.getTracks()[0];
    track?.addEventListener("ended", () => {
      if (this.live === live && live && this.devices.current?.id === track.getSettings().deviceId) live.lost(`the ${this.device} (${track.label}) was disconnected`);
    });
  }

  /**
   * The device was refused: the error to show, with what the user can do. Under "auto" in a VS Code
   * panel it also asks for the capture page at once (the next source that can work).
   */
  private deviceRefused(err: unknown): Error {
    // In a VS Code panel the browser's advice (site settings) does not apply: the ways out below do.
    const why = err instanceof DeviceError && this.inVsCode ? err.problem : (err as Error)?.message || String(err);
    const file = `stream ${this.kind === "audio" ? "an audio" : "a video"} file (choose one below)`;
    if (this.capture.mode === "auto" && this.capture.openPage) {
      this.capture.openPage();
      return new RecordingElsewhere(`This panel cannot use the ${this.device} (${why}). Record in your browser instead (asked just now), or ${file}.`);
    }
    return new Error(`${why}. You can ${file} instead.`);
  }

  private get device(): string {
    return deviceName(this.request.kind);
  }

  get usesClip(): boolean {
    return this.file !== undefined;
  }

  dispose(): void {
    this.live = undefined;
    this.devices.dispose();
  }

  private render(): void {
    const device = this.device;
    const native = this.capture.native ? `${device} through ffmpeg in VS Code (liveInterface.captureSource)` : device;
    this.name.textContent = this.file ? `Source: ${this.kind} file ${this.file.name}` : `Source: ${native}`;
    this.element.dataset.source = this.file ? "clip" : "device";
    this.back.hidden = !this.file;
    // The list shows only while the page records from its own devices.
    this.devices.setUsable(!this.file && !this.capture.native && this.capture.mode !== "clip" && this.capture.mode !== "browser");
  }
}
