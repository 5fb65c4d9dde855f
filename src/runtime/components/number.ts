import type { NumberProps } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import { Component, ValueError, type ComponentOptions } from "./component";

export interface NumberOptions extends ComponentOptions<number> {
  minimum?: number;
  maximum?: number;
  /** Decimal places to round to (0 gives integers). */
  precision?: number;
  step?: number;
}

/** Round to `precision` decimals, when set. */
export function round(value: number, precision: number | undefined): number {
  if (precision === undefined) return value;
  const f = 10 ** precision;
  return Math.round(value * f) / f;
}

/** A number field. An empty field reaches fn as 0 (Gradio gives None; a typed fn wants a number). */
export class Number extends Component<number, number | null | undefined, "number" | "slider"> {
  readonly type: "number" | "slider" = "number";
  constructor(readonly options: NumberOptions = {}) {
    super(options);
  }
  preprocess(wire: Wire): number {
    if (wire === null || wire === "") return this.inRange(0);
    if (typeof wire !== "number" || !globalThis.Number.isFinite(wire)) this.fail("a finite number", wire);
    return this.inRange(round(wire, this.options.precision));
  }
  protected inRange(value: number): number {
    const { minimum, maximum } = this.options;
    if (minimum !== undefined && value < minimum) throw new ValueError(`"${this.label ?? this.type}": ${value} is below the minimum ${minimum}`);
    if (maximum !== undefined && value > maximum) throw new ValueError(`"${this.label ?? this.type}": ${value} is above the maximum ${maximum}`);
    return value;
  }
  postprocess(value: number | null | undefined): Wire {
    if (value === null || value === undefined) return null;
    if (typeof value !== "number") this.fail("a number", value);
    return globalThis.Number.isFinite(value) ? round(value, this.options.precision) : String(value);
  }
  defaultValue(): number {
    return 0;
  }
  protected props(): NumberProps {
    const { minimum, maximum, precision, step } = this.options;
    return { minimum, maximum, precision, step };
  }
}
