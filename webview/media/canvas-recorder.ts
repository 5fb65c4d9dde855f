// Records what a canvas shows as WebM (MediaRecorder on canvas.captureStream()), for a streamed Video
// output's Save button: one recording per stream, paused while the player is paused.
/** A recording stops growing past this many bytes (about 10 minutes of 640x480 at the default bitrate). */
const MAX_BYTES = 128 * 1024 * 1024;

export class CanvasRecorder {
  private recorder: MediaRecorder | undefined;
  private parts: Blob[] = [];
  private bytes = 0;
  /** Set when the recording stopped growing (too long), for the status line. */
  full = false;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** Why this browser cannot record the canvas, or undefined when it can. */
  static problem(): string | undefined {
    if (typeof MediaRecorder !== "function") return "this browser has no MediaRecorder";
    if (typeof HTMLCanvasElement.prototype.captureStream !== "function") return "this browser cannot capture a canvas";
    return MediaRecorder.isTypeSupported(mimeType()) ? undefined : "this browser cannot record WebM";
  }

  /** True once something was recorded (or is being recorded). */
  get hasRecording(): boolean {
    return this.recorder !== undefined || this.parts.length > 0;
  }

  /** Starts a new recording (the old one is dropped), from what the canvas shows next. */
  start(): void {
    this.stop();
    this.parts = [];
    this.bytes = 0;
    this.full = false;
    const recorder = new MediaRecorder(this.canvas.captureStream(), { mimeType: mimeType() });
    recorder.ondataavailable = (e) => {
      if (e.data.size === 0 || this.recorder !== recorder) return;
      this.parts.push(e.data);
      this.bytes += e.data.size;
      if (this.bytes > MAX_BYTES) {
        this.full = true;
        this.stop();
      }
    };
    recorder.start(1000);
    this.recorder = recorder;
  }

  pause(): void {
    if (this.recorder?.state === "recording") this.recorder.pause();
  }

  resume(): void {
    if (this.recorder?.state === "paused") this.recorder.resume();
  }

  /** Everything recorded so far, as one WebM blob (the recording goes on). */
  async save(): Promise<Blob> {
    const recorder = this.recorder;
    if (recorder && recorder.state !== "inactive") {
      await new Promise<void>((resolve) => {
        recorder.addEventListener("dataavailable", () => resolve(), { once: true });
        recorder.requestData();
      });
    }
    return new Blob(this.parts, { type: "video/webm" });
  }

  stop(): void {
    const recorder = this.recorder;
    this.recorder = undefined;
    if (recorder && recorder.state !== "inactive") {
      // Its last data still belongs to this recording (not to one started after it).
      const parts = this.parts;
      recorder.ondataavailable = (e) => e.data.size > 0 && parts.push(e.data);
      recorder.stop();
    }
    for (const track of (recorder?.stream.getTracks() ?? [])) track.stop();
  }
}

function mimeType(): string {
  return ["video/webm;codecs=vp8", "video/webm"].find((t) => typeof MediaRecorder === "function" && MediaRecorder.isTypeSupported(t)) ?? "video/webm";
}
