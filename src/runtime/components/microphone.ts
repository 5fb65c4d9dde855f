import type { MicrophoneRequest } from "../../protocol/devices";
import { Audio, type AudioOptions } from "./audio";

export interface MicrophoneOptions extends Omit<AudioOptions, "sources" | "microphone" | "autoplay">, MicrophoneRequest {}

/**
 * An Audio input that records from the microphone: `new li.Microphone({ sampleRate: 16000, channels:
 * 1, echoCancellation: true, streaming: true })`. The same as `new li.Audio({ sources: ["microphone"],
 * sampleRate, microphone: { channels, echoCancellation, noiseSuppression, autoGainControl } })`.
 */
export class Microphone extends Audio {
  constructor(options: MicrophoneOptions = {}) {
    const { channels, echoCancellation, noiseSuppression, autoGainControl, ...audio } = options;
    const microphone = Object.fromEntries(Object.entries({ channels, echoCancellation, noiseSuppression, autoGainControl }).filter(([, v]) => v !== undefined)) as MicrophoneRequest;
    super({ ...audio, sources: ["microphone"], microphone });
  }
}
