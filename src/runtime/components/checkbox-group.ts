import type { ChoiceProps } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import { ChoiceComponent, type ChoiceOptions } from "./choices";

/** Any number of choices, as checkboxes. fn receives the chosen values in choice order. */
export class CheckboxGroup<V extends string | number = string> extends ChoiceComponent<V, V[], V[], "checkboxgroup"> {
  readonly type = "checkboxgroup";
  constructor(options: ChoiceOptions<V, V[]>) {
    super(options);
  }
  preprocess(wire: Wire): V[] {
    if (!Array.isArray(wire)) this.fail("an array of choices", wire);
    const chosen = new Set(wire.map((w) => this.checkChoice(w)));
    return this.pairs.map(([, v]) => v).filter((v) => chosen.has(v));
  }
  postprocess(value: V[]): Wire {
    if (!Array.isArray(value)) this.fail("an array of choices", value);
    return value.map((v) => this.checkChoice(v));
  }
  defaultValue(): V[] {
    return [];
  }
  protected props(): ChoiceProps {
    return this.choiceProps();
  }
}
