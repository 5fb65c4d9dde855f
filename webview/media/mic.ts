// Microphone capture through the li-capture worklet: every sample, in order, as Float32 (mono, or the
// channels asked for, interleaved). The source can change while it records (another microphone
// chosen): the worklet keeps going, so the recording goes on without a gap in what was captured.
import { audioContext } from "./audio-context";

export interface MicOptions {
  /** The rate to record at (the context resamples the device); default the device's. */
  sampleRate?: number;
  /** 1 (the channels mixed down, the default) or 2. */
  channels?: number;
}

export class MicCapture {
  private constructor(
    private readonly ctx: AudioContext,
    private stream: MediaStream,
    private source: MediaStreamAudioSourceNode,
    private readonly node: AudioWorkletNode,
    readonly channels: number,
    /** Samples since the last `take`. */
    private chunks: Float32Array[] = [],
  ) {}

  get sampleRate(): number {
    return this.ctx.sampleRate;
  }
  /** Every sample captured since start, all channels counted (tests compare it with what fn received). */
  captured = 0;
  /** RMS of the latest block, for the input's own level meter. */
  onLevel: (rms: number) => void = () => {};

  /** Records `stream`: the microphone's (opened by source-picker.ts, as the input asks) or a clip's (which the caller stops). */
  static async start(stream: MediaStream, options: MicOptions = {}): Promise<MicCapture> {
    const channels = options.channels === 2 ? 2 : 1;
    try {
      const ctx = await audioContext(options.sampleRate);
      const node = new AudioWorkletNode(ctx, "li-capture", {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        // The input is mixed to exactly this many channels (down-mixed to mono by default).
        channelCount: channels,
        channelCountMode: "explicit",
        channelInterpretation: "speakers",
        processorOptions: { channels },
      });
      const source = ctx.createMediaStreamSource(stream);
      const mic = new MicCapture(ctx, stream, source, node, channels);
      node.port.onmessage = (ev: MessageEvent) => mic.onMessage(ev.data as { type: string; data?: Float32Array });
      source.connect(node);
      // A node whose output goes nowhere may not be processed: feed it into a silent gain.
      const mute = ctx.createGain();
      mute.gain.value = 0;
      node.connect(mute).connect(ctx.destination);
      await ctx.resume();
      return mic;
    } catch (err) {
      for (const t of stream.getTracks()) t.stop();
      throw err;
    }
  }

  /** Records from `stream` from now on; the stream before is stopped. */
  switchSource(stream: MediaStream): void {
    const source = this.ctx.createMediaStreamSource(stream);
    source.connect(this.node);
    this.releaseSource();
    this.stream = stream;
    this.source = source;
  }

  /** Stops the device recorded from (the worklet keeps what it captured). */
  releaseSource(): void {
    this.source.disconnect();
    for (const t of this.stream.getTracks()) t.stop();
  }

  private flushed: (() => void) | undefined;

  private onMessage(m: { type: string; data?: Float32Array }): void {
    if (m.type === "flushed") return this.flushed?.();
    if (!m.data) return;
    this.chunks.push(m.data);
    this.captured += m.data.length;
    let sum = 0;
    for (const x of m.data) sum += x * x;
    this.onLevel(Math.sqrt(sum / Math.max(1, m.data.length)));
  }

  /** All samples since the last take, joined. */
  take(): Float32Array {
    const n = this.chunks.reduce((a, c) => a + c.length, 0);
    const out = new Float32Array(n);
    let o = 0;
    for (const c of this.chunks) out.set(c, (o += c.length) - c.length);
    this.chunks = [];
    return out;
  }

  /** Stops the microphone after the worklet handed over what it still held. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.flushed = resolve;
      this.node.port.postMessage("flush");
      setTimeout(resolve, 500); // a closed context never answers
    });
    this.releaseSource();
    await this.ctx.close();
  }
}
