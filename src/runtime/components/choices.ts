import type { ChoiceProps } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import { Component, type ComponentOptions } from "./component";

/** A choice is a value shown as itself, or a [display text, value] pair. */
export type Choice<V extends string | number = string | number> = V | readonly [string, V];

export interface ChoiceOptions<V extends string | number, T> extends ComponentOptions<T> {
  choices: readonly Choice<V>[];
}

/** Shared by Radio, Dropdown and CheckboxGroup: the choice list and the membership check. */
export abstract class ChoiceComponent<V extends string | number, T, Out = T, Type extends "radio" | "checkboxgroup" | "dropdown" = "radio" | "checkboxgroup" | "dropdown"> extends Component<T, Out, Type> {
  protected readonly pairs: [string, V][];
  constructor(options: ChoiceOptions<V, T>) {
    super(options);
    this.pairs = options.choices.map((c) => (Array.isArray(c) ? [c[0], c[1]] : [String(c), c as V]));
  }
  protected checkChoice(wire: Wire, allowCustom = false): V {
    const found = this.pairs.find(([, v]) => v === wire);
    if (found) return found[1];
    if (allowCustom && (typeof wire === "string" || typeof wire === "number")) return wire as V;
    return this.fail(`one of ${this.pairs.map(([, v]) => JSON.stringify(v)).join(", ")}`, wire);
  }
  /** The choices as the page shows them. */
  protected choiceProps(): ChoiceProps {
    return { choices: this.pairs };
  }
}
