import type { Wire } from "../../protocol/messages";
import type { NoProps } from "../../protocol/components";
import { Component, type ComponentOptions } from "./component";

export class Checkbox extends Component<boolean, boolean, "checkbox"> {
  readonly type = "checkbox";
  constructor(options: ComponentOptions<boolean> = {}) {
    super(options);
  }
  preprocess(wire: Wire): boolean {
    if (typeof wire !== "boolean") this.fail("true or false", wire);
    return wire;
  }
  postprocess(value: boolean): Wire {
    if (typeof value !== "boolean") this.fail("true or false", value);
    return value;
  }
  defaultValue(): boolean {
    return false;
  }
  protected props(): NoProps {
    return {};
  }
}
