// Audio contexts of the page, each with our worklet module loaded. The module's URL sits beside the
// UI bundle (see asset-url.ts).
import { assetUrl } from "../asset-url";

/** dist/webview/audio-worklet.js. */
export const workletUrl = (): string => assetUrl("audio-worklet.js");

const loaded = new WeakMap<AudioContext, Promise<void>>();

/** A new context (at `sampleRate`, or the device's) once the worklet module has loaded into it. */
export async function audioContext(sampleRate?: number): Promise<AudioContext> {
  const ctx = new AudioContext(sampleRate ? { sampleRate, latencyHint: "interactive" } : { latencyHint: "interactive" });
  let ready = loaded.get(ctx);
  if (!ready) loaded.set(ctx, (ready = ctx.audioWorklet.addModule(workletUrl())));
  try {
    await ready;
  } catch (err) {
    void ctx.close();
    throw new Error(`the audio worklet could not be loaded (${(err as Error).message || String(err)})`);
  }
  return ctx;
}
