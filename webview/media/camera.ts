// The camera: a <video> showing the live stream, and frames taken from it as raw RGBA pixels.
// Where the browser has MediaStreamTrackProcessor (Chromium, so VS Code too), frames are read from
// the track and copied out as they are (I420, 1.5 bytes a pixel: the runtime converts them) or as
// RGBA for display, by VideoFrame.copyTo: several times cheaper than drawing the <video> on a canvas
// and reading it back, which is the fallback elsewhere.
import type { ImageFrame, YuvFrame } from "../../src/protocol/messages";

declare const MediaStreamTrackProcessor: (new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> }) | undefined;

export class Camera {
  private canvas: HTMLCanvasElement | undefined;
  /** The newest frame from the track (older ones are closed at once: latest wins). */
  private latest: VideoFrame | undefined;
  private stopped = false;
  /** Told of every new frame from the track (see onFrame). */
  private readonly frameListeners: (() => void)[] = [];
  private readonly processed: boolean;

  private constructor(readonly video: HTMLVideoElement, private readonly stream: MediaStream) {
    const track = stream.getVideoTracks()[0];
    const Processor = typeof MediaStreamTrackProcessor === "function" ? MediaStreamTrackProcessor : undefined;
    this.processed = !!(track && Processor);
    if (track && Processor) void this.readFrames(new Processor({ track }).readable.getReader());
  }

  /**
   * Calls `listener` as each new frame arrives (grab() then takes it), so that a stream keeps to the
   * camera's own beat: a timer of the same period drifts against it and takes some frames twice and
   * others never. False when this browser cannot tell (no MediaStreamTrackProcessor nor
   * requestVideoFrameCallback): then poll.
   */
  onFrame(listener: () => void): boolean {
    if (this.processed) {
      this.frameListeners.push(listener);
      return true;
    }
    if (typeof this.video.requestVideoFrameCallback !== "function") return false;
    const next = () => {
      if (this.stopped) return;
      listener();
      this.video.requestVideoFrameCallback(next);
    };
    this.video.requestVideoFrameCallback(next);
    return true;
  }

  /** Shows and reads `stream`: the camera's (opened by source-picker.ts, as the input asks) or a clip's. */
  static async start(video: HTMLVideoElement, stream: MediaStream): Promise<Camera> {
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    // The first frame has arrived once the size is known.
    if (!video.videoWidth) await new Promise((r) => video.addEventListener("loadeddata", r, { once: true }));
    return new Camera(video, stream);
  }

  private async readFrames(reader: ReadableStreamDefaultReader<VideoFrame>): Promise<void> {
    while (!this.stopped) {
      const { value, done } = await reader.read();
      if (done) break;
      this.latest?.close();
      this.latest = value;
      for (const listener of this.frameListeners) listener();
    }
    this.latest?.close();
    this.latest = undefined;
    void reader.cancel();
  }

  /** The newest frame: in the camera's own I420 when `raw` and the camera gives I420, else RGBA. */
  async grab(raw = false): Promise<ImageFrame | YuvFrame> {
    const frame = this.latest?.clone();
    if (frame) {
      try {
        const { width, height } = frame.visibleRect ?? { width: frame.displayWidth, height: frame.displayHeight };
        if (raw && frame.format === "I420") {
          const data = new Uint8Array(frame.allocationSize());
          await frame.copyTo(data); // tightly packed planes of the visible rectangle
          return { width, height, format: "I420", data };
        }
        const data = new Uint8ClampedArray(width * height * 4);
        await frame.copyTo(data, { format: "RGBA", colorSpace: "srgb" } as VideoFrameCopyToOptions);
        return { width, height, data };
      } catch {
        // This browser cannot convert to RGBA: the canvas path below can.
      } finally {
        frame.close();
      }
    }
    return this.grabFromVideo();
  }

  private grabFromVideo(): ImageFrame {
    const { videoWidth: width, videoHeight: height } = this.video;
    this.canvas ??= document.createElement("canvas");
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    // willReadFrequently: a CPU-backed canvas, so getImageData does not read back from the GPU each time.
    const g = this.canvas.getContext("2d", { willReadFrequently: true })!;
    g.drawImage(this.video, 0, 0, width, height);
    const { data } = g.getImageData(0, 0, width, height);
    return { width, height, data };
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.stream.getTracks()) t.stop();
    this.video.srcObject = null;
  }
}
