import type { Wire } from "../../protocol/messages";
import { Number as NumberComponent, round, type NumberOptions } from "./number";

export interface SliderOptions extends NumberOptions {
  minimum?: number;
  maximum?: number;
  step?: number;
}

/** A range slider with a number box beside it (keyboard: arrows, Page Up/Down, Home/End). */
export class Slider extends NumberComponent {
  override readonly type = "slider" as const;
  constructor(options: SliderOptions = {}) {
    super({ minimum: 0, maximum: 100, step: 1, ...options });
  }
  override preprocess(wire: Wire): number {
    if (typeof wire !== "number" || !globalThis.Number.isFinite(wire)) this.fail("a finite number", wire);
    const { minimum = 0, maximum = 100 } = this.options;
    // A slider can only produce values in range: clamp instead of failing on rounding at the edges.
    return Math.min(maximum, Math.max(minimum, round(wire, this.options.precision)));
  }
  override defaultValue(): number {
    return this.options.minimum ?? 0;
  }
}
