import type { Wire } from "../../protocol/messages";
import type { NoProps } from "../../protocol/components";
import { Component, type ComponentOptions } from "./component";

const HEX = /^#[0-9a-fA-F]{6}$/;

/** A color as "#rrggbb". */
export class ColorPicker extends Component<string, string, "colorpicker"> {
  readonly type = "colorpicker";
  constructor(options: ComponentOptions<string> = {}) {
    super(options);
  }
  preprocess(wire: Wire): string {
    if (typeof wire !== "string" || !HEX.test(wire)) this.fail('a color like "#ff8800"', wire);
    return wire.toLowerCase();
  }
  postprocess(value: string): Wire {
    return this.preprocess(value);
  }
  defaultValue(): string {
    return "#000000";
  }
  protected props(): NoProps {
    return {};
  }
}
