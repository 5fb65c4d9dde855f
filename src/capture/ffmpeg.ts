// The "ffmpeg" capture source (DESIGN.md §5): the camera or microphone read natively by an ffmpeg
// child process of the extension host, for where no page can have the devices. ffmpeg writes raw
// I420 frames or float PCM to its stdout; this cuts them into chunks, one every `every` seconds
// (a frame: the newest; audio: every sample since the last chunk, none lost).
import { spawn, type ChildProcess } from "node:child_process";
import type { AudioChunk, YuvFrame } from "../protocol/messages";
import { i420Bytes } from "../protocol/media";

export interface FfmpegCaptureOptions {
  kind: "video" | "audio";
  /** ffmpeg's input arguments (up to and including `-i <device>`); default: the platform's camera or microphone. */
  input?: string[];
  /** Seconds between chunks (the input's streamEvery). */
  every: number;
  width?: number;
  height?: number;
  sampleRate?: number;
  /** The ffmpeg executable (default: `ffmpeg` on the PATH). */
  ffmpeg?: string;
}

/** The default camera or microphone of this platform as ffmpeg input, or undefined where ffmpeg needs a device name. */
export function defaultInput(kind: "video" | "audio", platform = process.platform): string[] | undefined {
  if (platform === "linux") return kind === "video" ? ["-f", "v4l2", "-framerate", "30", "-video_size", "640x480", "-i", "/dev/video0"] : ["-f", "pulse", "-i", "default"];
  if (platform === "darwin") return kind === "video" ? ["-f", "avfoundation", "-framerate", "30", "-video_size", "640x480", "-i", "0:none"] : ["-f", "avfoundation", "-i", ":0"];
  return undefined; // Windows' dshow names devices: the user sets liveInterface.ffmpegInput
}

/** Splits a settings string into arguments as a shell would: whitespace separates, double quotes group. */
export function splitArgs(text: string): string[] {
  return [...text.matchAll(/(?:"[^"]*"|[^\s"])+/g)].map((m) => m[0].replace(/"/g, ""));
}

export class FfmpegCapture {
  private readonly proc: ChildProcess;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private newest: YuvFrame | undefined;
  private samples: Float32Array[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private stderr = "";
  private stopped = false;

  /** `onChunk` gets a chunk every `every` s; `onEnd` once, with what went wrong unless stopped. */
  constructor(
    private readonly options: FfmpegCaptureOptions,
    private readonly onChunk: (value: YuvFrame | AudioChunk) => void,
    onEnd: (error?: string) => void,
  ) {
    const input = options.input ?? defaultInput(options.kind);
    if (!input) throw new Error(`ffmpeg needs a device name on ${process.platform}: set liveInterface.ffmpegInput (for example -f dshow -i video="…")`);
    const { width = 640, height = 480, sampleRate = 48000 } = options;
    const output =
      options.kind === "video"
        ? ["-an", "-vf", `scale=${width}:${height}`, "-pix_fmt", "yuv420p", "-f", "rawvideo", "pipe:1"]
        : ["-vn", "-ac", "1", "-ar", String(sampleRate), "-f", "f32le", "pipe:1"];
    this.proc = spawn(options.ffmpeg ?? "ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", ...input, ...output], { stdio: ["ignore", "pipe", "pipe"] });
    this.proc.stdout!.on("data", (data: Buffer) => this.take(data));
    this.proc.stderr!.on("data", (data: Buffer) => (this.stderr = (this.stderr + data.toString()).slice(-2000)));
    let ended = false;
    const end = (error?: string) => {
      if (ended) return;
      ended = true;
      clearInterval(this.timer);
      onEnd(this.stopped ? undefined : error);
    };
    this.proc.on("error", (err) => end((err as NodeJS.ErrnoException).code === "ENOENT" ? "ffmpeg is not installed (or not on the PATH)" : err.message));
    this.proc.on("exit", (code) => end(`ffmpeg stopped (exit code ${code})${this.stderr ? `: ${this.stderr.trim().split("\n").pop()}` : ""}`));
    this.timer = setInterval(() => this.emit(), options.every * 1000);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.proc.kill("SIGTERM");
  }

  private take(data: Buffer): void {
    const unit = this.options.kind === "video" ? i420Bytes(this.options.width ?? 640, this.options.height ?? 480) : 4;
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes < unit) return;
    const all = Buffer.concat(this.pending);
    const whole = all.length - (all.length % unit);
    const rest = all.subarray(whole);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
    if (this.options.kind === "video") {
      // Only the newest whole frame is kept: the ones before it are older (latest wins).
      const data = new Uint8Array(unit);
      data.set(all.subarray(whole - unit, whole));
      this.newest = { width: this.options.width ?? 640, height: this.options.height ?? 480, format: "I420", data };
    } else {
      const copy = new Uint8Array(whole);
      copy.set(all.subarray(0, whole));
      this.samples.push(new Float32Array(copy.buffer));
    }
  }

  private emit(): void {
    if (this.options.kind === "video") {
      if (this.newest) this.onChunk(this.newest);
      this.newest = undefined;
      return;
    }
    const length = this.samples.reduce((n, s) => n + s.length, 0);
    if (length === 0) return;
    const data = new Float32Array(length);
    let at = 0;
    for (const s of this.samples) data.set(s, (at += s.length) - s.length);
    this.samples = [];
    this.onChunk({ sampleRate: this.options.sampleRate ?? 48000, channels: 1, data });
  }
}
