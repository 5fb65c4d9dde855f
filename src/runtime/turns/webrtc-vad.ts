/// <reference path="./fvad-wasm.d.ts" />
// The WebRTC voice activity detector (libfvad, as WebAssembly from @echogarden/fvad-wasm): says of
// each 30 ms of 16 kHz mono audio whether someone speaks in it. Runs in the host, offline, with no
// native binary; one instance per streaming input (it adapts to the input's noise).
import * as fs from "node:fs";
import type { FvadModule } from "@echogarden/fvad-wasm";
import type { VadAggressiveness } from "./turn-options";

/**
 * fvad.wasm's bytes (base64), put in by the build (scripts/build.mjs) so that the bundles need no file
 * beside them; from sources (tests, tsx) the package's own file is read instead.
 */
declare const __FVAD_WASM__: string | undefined;

/** The rate and frame the detector is fed: 30 ms of 16 kHz audio. */
export const VAD_RATE = 16000;
export const VAD_FRAME_SECONDS = 0.03;
export const VAD_FRAME = 480;

let loading: Promise<FvadModule> | undefined;

/** The WebAssembly module, instantiated once per process. */
function fvadModule(): Promise<FvadModule> {
  loading ??= (async () => {
    const wasmBinary =
      typeof __FVAD_WASM__ === "string" ? Buffer.from(__FVAD_WASM__, "base64") : fs.readFileSync(require.resolve("@echogarden/fvad-wasm/fvad.wasm"));
    const { default: create } = await import("@echogarden/fvad-wasm");
    return create({ wasmBinary });
  })();
  loading.catch(() => (loading = undefined)); // a later input tries again
  return loading;
}

export class WebRtcVad {
  private constructor(
    private readonly m: FvadModule,
    private handle: number,
    private readonly aggressiveness: VadAggressiveness,
    /** Where frames are written in the module's memory (VAD_FRAME 16-bit samples). */
    private readonly frame: number,
  ) {}

  static async create(aggressiveness: VadAggressiveness): Promise<WebRtcVad> {
    const m = await fvadModule();
    const handle = m._fvad_new();
    if (!handle) throw new Error("the voice activity detector could not allocate its state");
    const vad = new WebRtcVad(m, handle, aggressiveness, m._malloc(VAD_FRAME * 2));
    try {
      vad.configure();
    } catch (err) {
      vad.free();
      throw err;
    }
    return vad;
  }

  private configure(): void {
    if (this.m._fvad_set_mode(this.handle, this.aggressiveness) !== 0 || this.m._fvad_set_sample_rate(this.handle, VAD_RATE) !== 0) {
      throw new Error(`the voice activity detector refused aggressiveness ${this.aggressiveness} at ${VAD_RATE} Hz`);
    }
  }

  /** Whether `samples` (VAD_FRAME mono samples at VAD_RATE, floats in [-1, 1]) hold voice. */
  isVoice(samples: Float32Array): boolean {
    if (!this.handle) throw new Error("the voice activity detector was freed");
    if (samples.length !== VAD_FRAME) throw new Error(`a voice activity frame is ${VAD_FRAME} samples, not ${samples.length}`);
    // HEAP16 is looked up each time: it is a new view whenever the module's memory grows.
    const heap = this.m.HEAP16;
    const at = this.frame >> 1;
    for (let i = 0; i < VAD_FRAME; i++) heap[at + i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767)));
    const voiced = this.m._fvad_process(this.handle, this.frame, VAD_FRAME);
    if (voiced < 0) throw new Error("the voice activity detector refused a frame");
    return voiced === 1;
  }

  /** Forgets what it learned of the audio so far (a new recording). */
  reset(): void {
    if (!this.handle) return;
    this.m._fvad_reset(this.handle); // which also resets the mode and rate
    this.configure();
  }

  free(): void {
    if (!this.handle) return;
    this.m._fvad_free(this.handle);
    this.m._free(this.frame);
    this.handle = 0;
  }
}
