// The WebRTC voice activity detector (libfvad) compiled to WebAssembly: an Emscripten module factory.
declare module "@echogarden/fvad-wasm" {
  export interface FvadModule {
    _fvad_new(): number;
    _fvad_free(handle: number): void;
    _fvad_reset(handle: number): void;
    /** 0 (least aggressive about calling audio voice) to 3 (most); 0 on success. */
    _fvad_set_mode(handle: number, mode: number): number;
    /** 8000, 16000, 32000 or 48000; 0 on success. */
    _fvad_set_sample_rate(handle: number, rate: number): number;
    /** 1: voice, 0: no voice, -1: a frame of the wrong length (10, 20 or 30 ms only). */
    _fvad_process(handle: number, samples: number, length: number): number;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    HEAP16: Int16Array;
  }
  export default function createFvad(options?: { wasmBinary?: Uint8Array }): Promise<FvadModule>;
}
