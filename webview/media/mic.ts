// Microphone capture through the li-capture worklet: every sample, in order, as mono Float32.
import { audioContext } from "./audio-context";

export class MicCapture {
  private constructor(
    private readonly ctx: AudioContext,
    private readonly stream: MediaStream,
    private readonly node: AudioWorkletNode,
    /** Samples since the last `take`. */
    private chunks: Float32Array[] = [],
  ) {}

  get sampleRate(): number {
    return this.ctx.sampleRate;
  }
  /** Every sample captured since start (tests compare it with what fn received). */
  captured = 0;
  /** RMS of the latest block, for the input's own level meter. */
  onLevel: (rms: number) => void = () => {};

  /**
   * The microphone, or `source` when given (a clip's stream, which the caller stops). Raw audio: the
   * browser's echo cancellation and noise suppression would change what fn hears. `echoCancellation`
   * (voice turns): the page's own replies are taken out, so that they do not sound like the speaker.
   */
  static async start(source?: MediaStream, echoCancellation = false): Promise<MicCapture> {
    const stream =
      source ?? (await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation, noiseSuppression: false, autoGainControl: false } }));
    try {
      const ctx = await audioContext();
      const node = new AudioWorkletNode(ctx, "li-capture", { numberOfInputs: 1, numberOfOutputs: 1 });
      const mic = new MicCapture(ctx, stream, node);
      node.port.onmessage = (ev: MessageEvent) => mic.onMessage(ev.data as { type: string; data?: Float32Array });
      ctx.createMediaStreamSource(stream).connect(node);
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
    for (const t of this.stream.getTracks()) t.stop();
    await this.ctx.close();
  }
}
