import type { ChoiceProps } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import { ChoiceComponent, type ChoiceOptions } from "./choices";

/** One of several choices, as radio buttons. Nothing chosen reaches fn as null. */
export class Radio<V extends string | number = string> extends ChoiceComponent<V, V | null, V | null, "radio"> {
  readonly type = "radio";
  constructor(options: ChoiceOptions<V, V | null>) {
    super(options);
  }
  preprocess(wire: Wire): V | null {
    return wire === null ? null : this.checkChoice(wire);
  }
  postprocess(value: V | null): Wire {
    return value === null || value === undefined ? null : this.checkChoice(value);
  }
  defaultValue(): V | null {
    return null;
  }
  protected props(): ChoiceProps {
    return this.choiceProps();
  }
}
