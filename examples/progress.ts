// Progress: fn reports how far it is; the UI shows a bar. Stop (or a new change) aborts via the signal.
import * as li from "live-interface";

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

export default new li.Interface({
  fn: async (steps, { progress, signal }) => {
    let total = 0;
    for (let i = 1; i <= steps; i++) {
      progress(i / steps, `step ${i} of ${steps}`);
      await sleep(150, signal);
      total += i * i;
    }
    return `Sum of squares 1..${steps} = ${total}`;
  },
  inputs: [new li.Slider({ label: "steps", minimum: 1, maximum: 30, step: 1, value: 10 })],
  outputs: new li.Textbox({ label: "result" }),
  title: "Progress",
  description: "fn calls `progress(fraction, text)`; a bar shows it. Press Stop to abort the run.",
});
