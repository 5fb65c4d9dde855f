// Plot: a Vega-Lite chart (output only). The renderer module loads on first use. A new value is drawn
// off-screen and swapped in when ready, so a live fn's charts replace each other without a flash; if
// values arrive faster than charts draw, only the newest is drawn.
import type { Wire } from "../../src/protocol/messages";
import { assetUrl } from "../asset-url";
import { h } from "../dom";
import type { Chart, renderChart } from "../plot/render";
import { frame, type View, type ViewContext } from "./view";
import "./plot.css";

let renderer: Promise<{ renderChart: typeof renderChart }> | undefined;
const loadRenderer = () => (renderer ??= import(/* not bundled: its own file */ assetUrl("plot.js")));

export function plot(ctx: ViewContext<"plot">): View {
  const { spec } = ctx;
  const size = { width: ctx.props.width, height: ctx.props.height };
  const box = h("div", { class: "li-plot", role: "img", "aria-label": spec.label });
  const status = h("div", { class: "li-plot-status", role: "status" });
  const { root } = frame(ctx);
  root.append(box, status);
  let current: Wire = null;
  let chart: Chart | undefined;
  let drawing = false;
  let drawn = 0;
  let next: Wire | undefined;

  const draw = async (wire: Wire) => {
    drawing = true;
    try {
      if (!wire || typeof wire !== "object") {
        chart?.finalize();
        chart = undefined;
        box.replaceChildren();
        return;
      }
      const { renderChart } = await loadRenderer();
      const fresh = h("div", { class: "li-plot-chart" });
      const made = await renderChart(fresh, wire as Record<string, unknown>, size);
      chart?.finalize();
      chart = made;
      box.replaceChildren(fresh);
      status.textContent = "";
      box.dataset.drawn = String(++drawn);
    } catch (err) {
      status.textContent = `Cannot draw the chart: ${(err as Error).message || String(err)}`;
    } finally {
      drawing = false;
      if (next !== undefined) {
        const newest = next;
        next = undefined;
        void draw(newest);
      }
    }
  };
  const show = (wire: Wire) => {
    current = wire ?? null;
    if (drawing) next = current;
    else void draw(current);
  };
  show(spec.value);
  return { element: root, getValue: () => current, setValue: show, dispose: () => chart?.finalize() };
}
