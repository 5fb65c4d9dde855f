import type { PlotProps } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import { Component, ValueError, type ComponentOptions } from "./component";
import { JSON as JsonComponent } from "./json";

/** A Vega-Lite specification (https://vega.github.io/vega-lite/): an object with `mark`, `encoding`, `data`... */
export type VegaLiteSpec = Record<string, unknown>;

export interface PlotOptions extends ComponentOptions<VegaLiteSpec> {
  /** Drawn width and height in pixels (the spec's own `width`/`height` win). */
  width?: number;
  height?: number;
}

/**
 * A chart, drawn in the page by Vega-Lite (through Vega's expression interpreter: no eval, so the
 * strict CSP holds). fn returns a Vega-Lite spec with its data inline; a live fn that returns new
 * data redraws it without a flash. Output only.
 */
export class Plot extends Component<VegaLiteSpec | null, VegaLiteSpec | null | undefined, "plot"> {
  readonly type = "plot";
  private readonly json = new JsonComponent();
  constructor(private readonly options: PlotOptions = {}) {
    super(options);
  }
  preprocess(wire: Wire): VegaLiteSpec | null {
    return isSpec(wire) ? wire : null;
  }
  postprocess(value: VegaLiteSpec | null | undefined): Wire {
    if (value === null || value === undefined) return null;
    if (!isSpec(value)) throw new ValueError(`Plot "${this.label ?? ""}": fn must return a Vega-Lite spec (an object), got ${Array.isArray(value) ? "an array" : typeof value}`);
    return this.json.postprocess(value);
  }
  defaultValue(): null {
    return null;
  }
  protected props(): PlotProps {
    return { width: this.options.width, height: this.options.height };
  }
}

const isSpec = (v: unknown): v is VegaLiteSpec => typeof v === "object" && v !== null && !Array.isArray(v);
