// Streamed audio output: chunks as they arrive are queued in the li-player worklet and played back
// to back. What it played, and any underrun, is mirrored onto `element.dataset` (tests read it).
import { audioContext } from "./audio-context";

export interface PlayerStats {
  played: number;
  underruns: number;
  starvedFrames: number;
  queuedFrames: number;
  sampleRate: number;
}

export class StreamPlayer {
  private ctx: Promise<{ ctx: AudioContext; node: AudioWorkletNode }> | undefined;
  private rate = 0;
  private replace = false;

  /** `autoplay` false: the context starts paused; `resume()` (a Play click) starts the sound. */
  constructor(private readonly autoplay = true) {}
  /** performance.now() when the first chunk of the current stream arrived. */
  private firstChunkAt: number | undefined;
  onStats: (s: PlayerStats) => void = () => {};
  /** Called with the time from the first chunk's arrival to its first sound, in ms. */
  onFirstSound: (ms: number) => void = () => {};
  /** The context waits for a user gesture (autoplay policy). */
  onSuspended: (suspended: boolean) => void = () => {};

  /**
   * Opens the context ahead of the first chunk: starting one (and loading the worklet into it) takes
   * longer than the first chunk may wait. 48 kHz is what streams usually come at.
   */
  prepare(sampleRate = 48000): void {
    if (!this.ctx) this.open(sampleRate);
  }

  /** Queues interleaved samples; a chunk at another sample rate reopens the context at its rate. */
  push(sampleRate: number, channels: number, data: Float32Array): void {
    if (data.length === 0) return;
    this.firstChunkAt ??= performance.now();
    if (!this.ctx || sampleRate !== this.rate) this.open(sampleRate);
    const copy = data.slice(); // `data` views a message buffer shared with other values
    const replace = this.replace;
    this.replace = false;
    void this.ctx!.then(({ node }) => node.port.postMessage({ type: "chunk", data: copy, channels, replace }, [copy.buffer]));
  }

  /**
   * A new stream (a new run) begins: its first chunk replaces what is still queued from the old one,
   * so a slider move is heard at once instead of after the old stream's backlog.
   */
  newStream(): void {
    this.replace = true;
    this.firstChunkAt = undefined;
  }

  /** The stream ended (the generator finished): running dry from now on is no gap. */
  end(): void {
    void this.ctx?.then(({ node }) => node.port.postMessage({ type: "end" }));
  }

  /** Silence at once (Stop): drops what is queued. */
  flush(): void {
    this.firstChunkAt = undefined;
    void this.ctx?.then(({ node }) => node.port.postMessage({ type: "flush" }));
  }

  /** Resume after a user gesture, when autoplay was refused. */
  resume(): void {
    void this.ctx?.then(({ ctx }) => ctx.resume());
  }

  dispose(): void {
    void this.ctx?.then(({ ctx }) => ctx.close());
    this.ctx = undefined;
  }

  private open(sampleRate: number): void {
    this.dispose();
    this.rate = sampleRate;
    this.ctx = audioContext(sampleRate).then(async (ctx) => {
      if (!this.autoplay) await ctx.suspend();
      const node = new AudioWorkletNode(ctx, "li-player", { numberOfInputs: 0, outputChannelCount: [2] });
      node.connect(ctx.destination);
      node.port.onmessage = (ev: MessageEvent) => {
        const m = ev.data as ({ type: "report" } & PlayerStats) | { type: "first-sound" };
        if (m.type === "report") this.onStats(m);
        else if (this.firstChunkAt !== undefined) this.onFirstSound(performance.now() - this.firstChunkAt);
      };
      const suspended = () => this.onSuspended(ctx.state === "suspended");
      ctx.addEventListener("statechange", suspended);
      suspended();
      return { ctx, node };
    });
    this.ctx.catch(() => {}); // reported by the caller through push's promise chain
  }

  /** Resolves when the context exists, or rejects with why it could not (CSP, no audio device). */
  get ready(): Promise<unknown> | undefined {
    return this.ctx;
  }
}
