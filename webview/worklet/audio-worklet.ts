// The audio worklet module (its own small bundle, dist/webview/audio-worklet.js), loaded with
// audioWorklet.addModule from our own URL, which the page's CSP names. Two processors:
//   li-capture: the microphone's samples, in blocks, to the page (mono or stereo, no loss);
//   li-player:  plays queued PCM chunks back to back (gapless), and reports what it played.
// Both run on the audio rendering thread: no ScriptProcessor, no decoding per chunk.

declare const sampleRate: number;
declare const currentTime: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, ctor: new (options?: never) => AudioWorkletProcessor): void;

/** Frames per block sent to the page: ~43 ms at 48 kHz, few messages yet little waiting. */
const CAPTURE_BLOCK = 2048;

class Capture extends AudioWorkletProcessor {
  /** 1: the input's channels mixed down; 2: stereo, interleaved. */
  private readonly channels: number;
  private block: Float32Array;
  private filled = 0;
  constructor(options?: { processorOptions?: { channels?: number } }) {
    super();
    this.channels = options?.processorOptions?.channels === 2 ? 2 : 1;
    this.block = new Float32Array(CAPTURE_BLOCK * this.channels);
    // "flush": send what is held now (the recording stops), then acknowledge.
    this.port.onmessage = () => {
      this.send();
      this.port.postMessage({ type: "flushed" });
    };
  }
  private send(): void {
    if (this.filled === 0) return;
    const out = this.block.slice(0, this.filled);
    this.port.postMessage({ type: "samples", data: out }, [out.buffer]);
    this.filled = 0;
  }
  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0] ?? [];
    const n = channels[0]?.length ?? 0;
    const stereo = this.channels === 2;
    for (let i = 0; i < n; i++) {
      if (stereo) {
        // The node mixes its input to two channels (channelCountMode "explicit"); a mono one is copied.
        this.block[this.filled++] = channels[0]![i]!;
        this.block[this.filled++] = (channels[1] ?? channels[0]!)[i]!;
      } else {
        // Mono: the mean of the channels.
        let sum = 0;
        for (const ch of channels) sum += ch[i]!;
        this.block[this.filled++] = sum / channels.length;
      }
      if (this.filled === this.block.length) this.send();
    }
    return true;
  }
}

interface Queued {
  data: Float32Array;
  channels: number;
}

/**
 * A stream starts playing once this much of it is queued: a stall of the next chunks right after
 * the first one (a busy page, a loaded machine) then costs no gap. Far under the first-sound goal.
 */
const START_BUFFER_S = 0.05;
/** A source slower than that (real-time chunks) is not held back longer than this. */
const START_WAIT_S = 0.1;

class Player extends AudioWorkletProcessor {
  private queue: Queued[] = [];
  /** Frame position inside queue[0]. */
  private pos = 0;
  /** Frames that carried queued audio. */
  private played = 0;
  /** Render quanta that found the queue empty while a stream was supposed to be playing. */
  private underruns = 0;
  private starvedFrames = 0;
  private started = false;
  /** currentTime when the current stream's first chunk was queued (it waits for START_BUFFER_S). */
  private firstQueuedAt: number | undefined;
  /** The stream said it has ended: running dry now is the end, not a gap. */
  private ended = true;
  private wasStarved = false;
  private lastReport = 0;

  constructor() {
    super();
    this.port.onmessage = (ev: MessageEvent) => {
      const m = ev.data as { type: "chunk"; data: Float32Array; channels: number; replace: boolean } | { type: "flush" } | { type: "end" };
      if (m.type === "chunk") {
        // The first chunk of a new stream: the old stream's rest is dropped, and its first sound reported.
        if (m.replace) this.dropQueued();
        this.queue.push({ data: m.data, channels: m.channels });
        this.ended = false;
        if (!this.started) this.firstQueuedAt ??= currentTime;
      } else if (m.type === "flush") {
        this.dropQueued();
        this.ended = true;
      } else this.ended = true;
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0]!;
    const frames = out[0]?.length ?? 128;
    let written = 0;
    const playing = this.started || this.mayStart();
    while (playing && written < frames && this.queue.length > 0) {
      const head = this.queue[0]!;
      const total = head.data.length / head.channels;
      const n = Math.min(frames - written, total - this.pos);
      for (let c = 0; c < out.length; c++) {
        const src = Math.min(c, head.channels - 1);
        const dst = out[c]!;
        for (let i = 0; i < n; i++) dst[written + i] = head.data[(this.pos + i) * head.channels + src]!;
      }
      written += n;
      this.pos += n;
      if (this.pos >= total) {
        this.queue.shift();
        this.pos = 0;
      }
    }
    for (const ch of out) ch.fill(0, written);
    if (written > 0 && !this.started) {
      this.started = true;
      this.port.postMessage({ type: "first-sound", time: currentTime });
    }
    this.played += written;
    const starved = written < frames && this.started && !this.ended;
    if (starved) {
      this.starvedFrames += frames - written;
      if (!this.wasStarved) this.underruns++;
    }
    this.wasStarved = starved;
    if (currentTime - this.lastReport >= 0.1) {
      this.lastReport = currentTime;
      const queuedFrames = this.queuedFrames();
      this.port.postMessage({ type: "report", played: this.played, underruns: this.underruns, starvedFrames: this.starvedFrames, queuedFrames, sampleRate });
    }
    return true;
  }

  /** What is queued goes unplayed; the next chunk is a new stream's first (its first sound is reported, it waits for START_BUFFER_S). */
  private dropQueued(): void {
    this.queue = [];
    this.pos = 0;
    this.started = false;
    this.firstQueuedAt = undefined;
  }

  /** A new stream's sound begins when enough of it is queued, it has ended, or it waited long enough. */
  private mayStart(): boolean {
    return this.ended || this.queuedFrames() >= START_BUFFER_S * sampleRate || currentTime - (this.firstQueuedAt ?? currentTime) >= START_WAIT_S;
  }

  private queuedFrames(): number {
    return this.queue.reduce((n, q) => n + q.data.length / q.channels, 0) - this.pos;
  }
}

registerProcessor("li-capture", Capture);
registerProcessor("li-player", Player);
