// A session's voice turns: each microphone input with `turns` gets a TurnDetector; every utterance
// it hears waits in line for a run of its own (none is lost, none is joined to another), and speech
// that begins over a reply cancels that reply (barge-in). The page hears each input's state.
import { audioChunkProblem, emptyAudio, isAudioChunk } from "../../protocol/media";
import type { AudioChunk, ComponentSpec, ServerMessage, TurnState, Wire } from "../../protocol/messages";
import { TurnDetector } from "./turn-detector";
import type { TurnSettings } from "./turn-options";
import { WebRtcVad } from "./webrtc-vad";

export interface TurnHost {
  send(msg: ServerMessage): void;
  /** An utterance waits: run fn once the run in flight is over (never cutting it short). */
  requestRun(): void;
  /** Speech began over a reply: cancel the run in flight, if one is; true when one was. */
  cancelRun(): boolean;
}

/** The turn options of a component spec (the Audio component put them in its props), if it has them. */
export function turnSettingsOf(spec: ComponentSpec | undefined): TurnSettings | undefined {
  return spec?.type === "audio" ? spec.props.turns : undefined;
}

/** After the estimated end of a reply's audio, this much longer still counts as playing (transit, buffering). */
const PLAYBACK_SLACK_MS = 300;

interface Input {
  detector: TurnDetector;
  settings: TurnSettings;
  recording: boolean;
  shown: TurnState | undefined;
}

export class TurnTaking {
  private readonly inputs = new Map<number, Input>();
  /** Utterances heard and not yet handed to a run, oldest first. */
  private readonly waiting: { index: number; chunk: AudioChunk }[] = [];
  /** The run answering an utterance, and whether it has sent anything yet. */
  private reply: { run: string; answered: boolean } | undefined;
  /** The run that started and has not ended (whatever started it). */
  private running: string | undefined;
  /** When the audio the runs sent will have played on the page (estimated from its duration). */
  private playsUntil = 0;
  private playTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: TurnHost) {}

  /** A chunk of turn input `index` (untrusted); returns what is wrong with it, if something is. */
  push(index: number, settings: TurnSettings, chunk: Wire): string | undefined {
    const problem = audioChunkProblem(chunk);
    if (problem) return `expected ${problem}`;
    const input = this.input(index, settings);
    input.recording = true;
    input.detector.push(chunk as AudioChunk);
    this.show();
    return undefined;
  }

  /** The recording of input `index` stopped. */
  end(index: number): void {
    const input = this.inputs.get(index);
    if (!input) return;
    input.recording = false;
    input.detector.end();
    this.show();
  }

  /**
   * At a run's start: the oldest waiting utterance goes into `values` at its input, and every other
   * turn input gets no samples. True when the run answers an utterance.
   */
  take(values: Wire[], transfer: ArrayBuffer[]): boolean {
    for (const index of this.inputs.keys()) values[index] = emptyAudio();
    const next = this.waiting.shift();
    if (!next) return false;
    values[next.index] = next.chunk;
    transfer.push(next.chunk.data.buffer as ArrayBuffer);
    return true;
  }

  /** A run started; `answers`: it took an utterance. */
  runStarted(run: string, answers: boolean): void {
    this.running = run;
    if (answers) this.reply = { run, answered: false };
    this.show();
  }

  /** A run's output reached the page: audio in it plays for its duration. */
  output(run: string, values: (Wire | undefined)[]): void {
    if (this.reply?.run === run) this.reply.answered = true;
    const now = Date.now();
    for (const v of values) {
      if (!isAudioChunk(v) || v.data.length === 0) continue;
      this.playsUntil = Math.max(now, this.playsUntil) + (1000 * v.data.length) / v.channels / v.sampleRate;
    }
    this.show();
  }

  /** A run ended: the next utterance, if one waits, gets a run. */
  runEnded(run: string): void {
    if (this.running === run) this.running = undefined;
    if (this.reply?.run === run) this.reply = undefined;
    if (this.waiting.length > 0) this.host.requestRun();
    this.show();
  }

  /** The inputs changed (a reloaded module): what was heard belongs to the old ones. */
  reset(): void {
    for (const input of this.inputs.values()) input.detector.close();
    this.inputs.clear();
    this.waiting.length = 0;
  }

  close(): void {
    this.reset();
    clearTimeout(this.playTimer);
  }

  private input(index: number, settings: TurnSettings): Input {
    let input = this.inputs.get(index);
    // The module was saved with other options (same inputs otherwise): a detector with the new ones.
    if (input && JSON.stringify(input.settings) !== JSON.stringify(settings)) {
      input.detector.close();
      input = undefined;
    }
    if (input) return input;
    const detector = new TurnDetector(settings, WebRtcVad.create(settings.aggressiveness), {
      speechStart: () => this.speechStarted(index),
      turn: (chunk) => this.heard(index, chunk),
      dropped: () => this.show(),
      failed: (err) =>
        this.host.send({ type: "error", error: { kind: "runtime", message: `Voice turns cannot work: the voice activity detector did not start (${err.message})` } }),
    });
    this.inputs.set(index, (input = { detector, settings, recording: false, shown: undefined }));
    return input;
  }

  private speechStarted(index: number): void {
    const input = this.inputs.get(index)!;
    const playing = Date.now() < this.playsUntil + PLAYBACK_SLACK_MS;
    if (input.settings.bargeIn) {
      const cancelled = this.running !== undefined && this.host.cancelRun();
      if (cancelled || playing) {
        this.reply = undefined;
        this.playsUntil = 0;
        input.shown = "speaking";
        this.host.send({ type: "turn", index, state: "speaking", bargeIn: true });
        // Utterances that waited behind the cancelled run still get theirs.
        if (cancelled && this.waiting.length > 0) this.host.requestRun();
      }
    }
    this.show();
  }

  private heard(index: number, chunk: AudioChunk): void {
    this.waiting.push({ index, chunk });
    this.host.requestRun();
    this.show();
  }

  /** Tells the page each input's state when it changed. */
  private show(): void {
    const now = Date.now();
    const playing = now < this.playsUntil;
    for (const [index, input] of this.inputs) {
      const state: TurnState = input.detector.speaking
        ? "speaking"
        : this.reply
          ? this.reply.answered
            ? "replying"
            : "thinking"
          : this.waiting.length > 0
            ? "thinking"
            : playing
              ? "replying"
              : input.recording
                ? "listening"
                : "idle";
      if (state === input.shown) continue;
      input.shown = state;
      this.host.send({ type: "turn", index, state });
    }
    clearTimeout(this.playTimer);
    if (playing) this.playTimer = setTimeout(() => this.show(), this.playsUntil - now + 1);
  }
}
