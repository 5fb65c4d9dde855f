// What a session's streaming inputs (camera frames, microphone audio, voice turns) gather between two
// runs, and what the next run takes of it. A frame replaces its input's value (the newest wins);
// audio accumulates until a run takes it; a Microphone with `turns` hands on whole utterances
// (turns/turn-taking.ts). The run then gets fresh copies of the streamed media that only it holds, so
// their buffers move to the runtime instead of being copied again. The session holds the input values
// and decides when runs start (scheduler.ts, stream-flow.ts); this holds only what arrived between runs.
import { isStreamingInput } from "../protocol/components";
import { imageFrameProblem } from "../protocol/media";
import type { InterfaceConfig, Wire } from "../protocol/messages";
import { AudioAccumulator } from "./audio-accumulator";
import { type TurnTaking, turnSettingsOf } from "./turns/turn-taking";

/** What the next run takes: its values, the buffers that move with them, and what streamed in before it. */
export interface StreamTaken {
  values: Wire[];
  transfer: ArrayBuffer[];
  /** The run answers an utterance (voice turns). */
  answers: boolean;
  /** A stream chunk arrived since the last run started: this run is a stream run. */
  compact: boolean;
  /** The newest stream chunk's sequence number (from the UI), reported once with the run that takes it. */
  seq: number | undefined;
}

export class StreamInputs {
  /** Streaming audio inputs by index: what arrived since fn last ran. */
  private readonly audio = new Map<number, AudioAccumulator>();
  private chunk = false;
  private seq: number | undefined;

  constructor(private readonly turns: TurnTaking) {}

  /**
   * A chunk for input `index`. A frame is written into `values` (the session's inputs). Returns why
   * it is refused, true when a stream run should follow, or false when it waits (a voice turn runs
   * fn once the speaker pauses, not at every chunk).
   */
  push(config: InterfaceConfig | undefined, values: Wire[], index: number, value: Wire, seq: number | undefined): string | boolean {
    const spec = config?.inputs[index];
    if (!config?.live || !spec || !isStreamingInput(spec)) return `input ${index} is not a streaming input of a live interface`;
    if (spec.type === "image") {
      const problem = imageFrameProblem(value);
      if (problem) return `"${spec.label}" expects ${problem}`;
      values[index] = value;
    } else {
      const turns = turnSettingsOf(spec);
      const problem = turns ? this.turns.push(index, turns, value) : this.accumulator(index).push(value);
      if (problem) return `"${spec.label}" ${problem}`;
      if (turns) return false;
    }
    this.seq = seq;
    this.chunk = true;
    return true;
  }

  /** The next run's values: `values` with the streamed media in, as copies of the run's own. */
  take(config: InterfaceConfig | undefined, current: Wire[]): StreamTaken {
    const values = [...current];
    const transfer: ArrayBuffer[] = [];
    for (const [index, acc] of this.audio) {
      const chunk = acc.take();
      values[index] = chunk;
      transfer.push(chunk.data.buffer as ArrayBuffer);
    }
    const answers = this.turns.take(values, transfer);
    config?.inputs.forEach((spec, i) => {
      const v = values[i] as { data?: unknown } | null;
      if (spec.type === "image" && spec.props.streaming === true && v && (v.data instanceof Uint8ClampedArray || v.data instanceof Uint8Array)) {
        const data = v.data.slice();
        values[i] = { ...v, data };
        transfer.push(data.buffer);
      }
    });
    const taken = { values, transfer, answers, compact: this.chunk, seq: this.seq };
    this.chunk = false;
    this.seq = undefined; // reported once: a later run without new chunks measures nothing
    return taken;
  }

  /** The inputs changed kinds (a reload): what streamed in for the old ones is dropped. */
  reset(): void {
    this.audio.clear();
    this.turns.reset();
  }

  private accumulator(index: number): AudioAccumulator {
    let a = this.audio.get(index);
    if (!a) this.audio.set(index, (a = new AudioAccumulator()));
    return a;
  }
}
