// Interactive data visualization: a noisy signal and its moving average, redrawn as you move the
// sliders. fn returns a Vega-Lite chart with its data inline; the page draws it (CSP-safe).
import * as li from "live-interface";

/** A small seeded generator: the same noise for the same seed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export default new li.Interface({
  fn: (frequency, noise, window, seed) => {
    const rand = random(seed);
    const n = 200;
    const signal = Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * frequency * i) / n) + noise * (rand() * 2 - 1));
    // The mean of the last `window` points (fewer at the start).
    const average = signal.map((_, i) => {
      const from = Math.max(0, i - window + 1);
      return signal.slice(from, i + 1).reduce((a, b) => a + b, 0) / (i + 1 - from);
    });
    const values = signal.flatMap((y, x) => [
      { x, y, series: "signal" },
      { x, y: average[x]!, series: `moving average (${window})` },
    ]);
    return {
      data: { values },
      mark: { type: "line", strokeWidth: 1.5 },
      encoding: {
        x: { field: "x", type: "quantitative", title: "sample" },
        y: { field: "y", type: "quantitative", scale: { domain: [-2.5, 2.5] } },
        color: { field: "series", type: "nominal", title: null, legend: { orient: "bottom" } },
      },
      width: 400,
      height: 240,
    };
  },
  inputs: [
    new li.Slider({ label: "frequency", minimum: 1, maximum: 10, step: 1, value: 3 }),
    new li.Slider({ label: "noise", minimum: 0, maximum: 1.5, step: 0.05, value: 0.5 }),
    new li.Slider({ label: "window", minimum: 1, maximum: 50, step: 1, value: 10 }),
    new li.Number({ label: "seed", value: 1, precision: 0 }),
  ],
  outputs: new li.Plot({ label: "chart" }),
  live: true,
  title: "Moving average",
  description: "A noisy sine wave and its moving average. Move a slider: the chart redraws at once.",
});
