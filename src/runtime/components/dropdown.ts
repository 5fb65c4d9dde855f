import type { DropdownProps } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import { ChoiceComponent, type ChoiceOptions } from "./choices";

export interface DropdownOptions<V extends string | number> extends ChoiceOptions<V, V | null> {
  /** Accept a typed value that is not among the choices. */
  allowCustomValue?: boolean;
}

/** One of several choices, as a select box (type to filter). */
export class Dropdown<V extends string | number = string> extends ChoiceComponent<V, V | null, V | null, "dropdown"> {
  readonly type = "dropdown";
  constructor(readonly options: DropdownOptions<V>) {
    super(options);
  }
  preprocess(wire: Wire): V | null {
    return wire === null ? null : this.checkChoice(wire, this.options.allowCustomValue);
  }
  postprocess(value: V | null): Wire {
    return value === null || value === undefined ? null : this.checkChoice(value, this.options.allowCustomValue);
  }
  defaultValue(): V | null {
    return this.pairs[0]?.[1] ?? null;
  }
  protected props(): DropdownProps {
    return { ...this.choiceProps(), allowCustomValue: !!this.options.allowCustomValue };
  }
}
