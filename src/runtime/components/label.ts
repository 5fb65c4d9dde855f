import type { Wire } from "../../protocol/messages";
import type { NoProps } from "../../protocol/components";
import { Component, type ComponentOptions } from "./component";

/** What a Label shows: the top class, and the confidences sorted from most to least likely. */
export interface LabelData {
  label: string;
  confidences?: { label: string; confidence: number }[];
}

export interface LabelOptions extends ComponentOptions<LabelData> {
  /** How many classes to show (most confident first). */
  numTopClasses?: number;
}

/** A classification result: fn returns a class name, or { className: confidence, ... }. */
export class Label extends Component<LabelData, string | number | Record<string, number> | LabelData | null, "label"> {
  readonly type = "label";
  constructor(readonly options: LabelOptions = {}) {
    super(options);
  }
  preprocess(wire: Wire): LabelData {
    if (typeof wire !== "object" || wire === null || typeof (wire as LabelData).label !== "string") this.fail("a label", wire);
    return wire as LabelData;
  }
  postprocess(value: string | number | Record<string, number> | LabelData | null): Wire {
    if (value === null || value === undefined) return null;
    if (typeof value === "string" || typeof value === "number") return { label: String(value) };
    if (typeof value !== "object" || Array.isArray(value)) this.fail("a class name or { class: confidence }", value);
    if (typeof (value as LabelData).label === "string") return value;
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [, c] of entries) if (typeof c !== "number") this.fail("confidences that are numbers", c);
    const confidences = (entries as [string, number][])
      .map(([label, confidence]) => ({ label, confidence }))
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, this.options.numTopClasses ?? entries.length);
    return { label: confidences[0]?.label ?? "", confidences };
  }
  defaultValue(): LabelData {
    return { label: "" };
  }
  protected props(): NoProps {
    return {};
  }
}
