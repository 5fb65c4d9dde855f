// Voice turns from a microphone stream: the WebRTC voice activity detector judges each 30 ms, and a
// turn is the speech between pauses. Speech begins once voice has lasted `minSpeech` (shorter sounds
// are dropped); it ends once `minSilence` passes without voice, at `maxSpeech`, or when the
// recording stops. The utterance handed on is the audio as it came (rate and channels kept), from
// `padding` before the first voiced frame to `padding` after the last one.
import { MAX_MEDIA_BYTES, type AudioChunk } from "../../protocol/messages";
import { resample } from "../resample";
import type { TurnSettings } from "./turn-options";
import { VAD_FRAME, VAD_FRAME_SECONDS, VAD_RATE } from "./webrtc-vad";

/** What the detector needs of a voice activity detector (WebRtcVad). */
export interface VoiceDetector {
  isVoice(frame: Float32Array): boolean;
  reset(): void;
  free(): void;
}

export interface TurnEvents {
  /** Voice has lasted `minSpeech`: someone speaks (the moment to barge in). */
  speechStart(): void;
  /** The speaker paused, the recording stopped, or `maxSpeech` passed: the whole utterance. */
  turn(utterance: AudioChunk): void;
  /** Sound that began like speech but stopped before `minSpeech`: nothing is said. */
  dropped?(): void;
  /** The detector could not start (its WebAssembly failed to load). */
  failed(error: Error): void;
}

type State = "quiet" | "maybe" | "speech";

export class TurnDetector {
  private vad: VoiceDetector | undefined;
  /** Work that came before the detector was ready, done in order once it is. */
  private backlog: (() => void)[] | undefined = [];
  private closed = false;
  private state: State = "quiet";
  private format: { rate: number; channels: number } | undefined;
  /** The audio as it came, interleaved, from frame `storeStart` on (frames: samples per channel). */
  private store: Float32Array[] = [];
  private storeStart = 0;
  private storeEnd = 0;
  /** Mono samples not yet judged, and how many 30 ms frames were judged. */
  private mono: Float32Array[] = [];
  private vadFrames = 0;
  /**
   * Where the current speech's utterance begins (its first voice less the padding, or where maxSpeech
   * cut the one before), how much of it is voice, and where its last voice ends (frames).
   */
  private start = 0;
  private voiced = 0;
  private lastVoice = 0;

  /** Settles once the detector has started (or failed to) and caught up with what came meanwhile. */
  readonly ready: Promise<void>;

  constructor(private readonly settings: TurnSettings, vad: Promise<VoiceDetector>, private readonly events: TurnEvents) {
    this.ready = vad.then(
      (v) => {
        if (this.closed) return v.free();
        this.vad = v;
        const work = this.backlog ?? [];
        this.backlog = undefined;
        for (const w of work) w();
      },
      (err: Error) => {
        this.backlog = undefined;
        if (!this.closed) this.events.failed(err);
      },
    );
  }

  /** Someone is speaking now (voice has lasted minSpeech and no pause has ended it). */
  get speaking(): boolean {
    return this.state === "speech";
  }

  /** A chunk of the recording (a valid AudioChunk: the host checked it). */
  push(chunk: AudioChunk): void {
    if (this.backlog) return void this.backlog.push(() => this.push(chunk));
    if (!this.vad || this.closed || chunk.data.length === 0) return;
    if (this.format && (this.format.rate !== chunk.sampleRate || this.format.channels !== chunk.channels)) this.end(); // another recording
    this.format ??= { rate: chunk.sampleRate, channels: chunk.channels };
    const { channels } = chunk;
    this.store.push(chunk.data);
    const frames = chunk.data.length / channels;
    this.storeEnd += frames;
    const mono = channels === 1 ? chunk.data : downmix(chunk.data, channels);
    this.mono.push(mono);
    this.judge();
  }

  /** The recording stopped: speech under way is a turn; the next recording starts afresh. */
  end(): void {
    if (this.backlog) return void this.backlog.push(() => this.end());
    if (!this.vad || this.closed) return;
    if (this.state === "speech") this.finish(this.lastVoice);
    else if (this.state === "maybe") this.events.dropped?.();
    this.state = "quiet";
    this.vad.reset();
    this.format = undefined;
    this.store = [];
    this.mono = [];
    this.storeStart = this.storeEnd = this.vadFrames = 0;
  }

  close(): void {
    this.closed = true;
    this.backlog = undefined;
    this.vad?.free();
    this.vad = undefined;
  }

  /** Judges every whole 30 ms frame received. */
  private judge(): void {
    const rate = this.format!.rate;
    const edge = (k: number) => Math.round(k * rate * VAD_FRAME_SECONDS);
    for (;;) {
      const from = edge(this.vadFrames);
      const to = edge(this.vadFrames + 1);
      if (to > this.storeEnd) return;
      const frame = this.takeMono(to - from);
      this.vadFrames++;
      this.step(this.vad!.isVoice(toVadFrame(frame, rate)), from, to);
      if (this.closed) return;
    }
  }

  /** One frame [from, to) judged: the state moves on. */
  private step(voice: boolean, from: number, to: number): void {
    const { rate, channels } = this.format!;
    const s = this.settings;
    if (this.state === "quiet") {
      if (voice) {
        this.state = "maybe";
        this.start = Math.max(this.storeStart, from - Math.round(s.padding * rate));
        this.voiced = 0;
      } else this.dropBefore(to - Math.round(s.padding * rate));
    }
    if (this.state === "maybe" || this.state === "speech") {
      if (voice) {
        this.voiced += to - from;
        this.lastVoice = to;
      }
      const silence = (to - this.lastVoice) / rate;
      if (this.state === "maybe") {
        if (this.voiced >= s.minSpeech * rate - 0.5) {
          this.state = "speech";
          this.events.speechStart();
        } else if (silence >= s.minSilence) {
          this.state = "quiet";
          this.events.dropped?.();
          this.dropBefore(to - Math.round(s.padding * rate));
        }
      }
      if (this.state === "speech") {
        const length = to - this.start;
        if (silence >= s.minSilence) this.finish(this.lastVoice);
        else if (length >= s.maxSpeech * rate || (length + s.padding * rate) * channels * 4 >= MAX_MEDIA_BYTES) this.cut(to);
      }
    }
  }

  /** The speech ends at frame `end` (its last voice): hands on the utterance, padded, and listens again. */
  private finish(end: number): void {
    const pad = Math.round(this.settings.padding * this.format!.rate);
    const to = Math.min(this.storeEnd, end + pad);
    this.state = "quiet";
    const utterance = this.utterance(this.start, to);
    this.dropBefore(to - pad);
    this.events.turn(utterance);
  }

  /** The speech reached maxSpeech at frame `at`: what came so far is a turn, and the speech goes on from there. */
  private cut(at: number): void {
    const utterance = this.utterance(this.start, at);
    this.start = at;
    this.dropBefore(at);
    this.events.turn(utterance);
  }

  private utterance(from: number, to: number): AudioChunk {
    return { sampleRate: this.format!.rate, channels: this.format!.channels, data: this.slice(from, to) };
  }

  /** The next `n` mono samples not yet judged. */
  private takeMono(n: number): Float32Array {
    const out = new Float32Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.mono[0]!;
      const take = Math.min(n - filled, head.length);
      out.set(head.subarray(0, take), filled);
      filled += take;
      if (take === head.length) this.mono.shift();
      else this.mono[0] = head.subarray(take);
    }
    return out;
  }

  /** Interleaved audio of frames [from, to). */
  private slice(from: number, to: number): Float32Array {
    const channels = this.format!.channels;
    const out = new Float32Array(Math.max(0, to - from) * channels);
    let at = this.storeStart;
    for (const c of this.store) {
      const frames = c.length / channels;
      const a = Math.max(from, at);
      const b = Math.min(to, at + frames);
      if (a < b) out.set(c.subarray((a - at) * channels, (b - at) * channels), (a - from) * channels);
      at += frames;
    }
    return out;
  }

  /** Lets go of the audio before frame `frame` (whole chunks only). */
  private dropBefore(frame: number): void {
    const channels = this.format!.channels;
    while (this.store.length > 1) {
      const frames = this.store[0]!.length / channels;
      if (this.storeStart + frames > frame) return;
      this.store.shift();
      this.storeStart += frames;
    }
  }
}

function downmix(data: Float32Array, channels: number): Float32Array {
  const out = new Float32Array(data.length / channels);
  for (let f = 0; f < out.length; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += data[f * channels + c]!;
    out[f] = sum / channels;
  }
  return out;
}

/** 30 ms of mono at `rate` as the detector's frame: VAD_FRAME samples at VAD_RATE. */
function toVadFrame(frame: Float32Array, rate: number): Float32Array {
  if (rate === VAD_RATE && frame.length === VAD_FRAME) return frame;
  const data = resample({ sampleRate: rate, channels: 1, data: frame }, VAD_RATE).data;
  if (data.length === VAD_FRAME) return data;
  const out = new Float32Array(VAD_FRAME);
  out.set(data.subarray(0, VAD_FRAME));
  if (data.length < VAD_FRAME) out.fill(data[data.length - 1] ?? 0, data.length);
  return out;
}
