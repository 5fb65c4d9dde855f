import type { TextboxProps } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import { checkString, Component, type ComponentOptions } from "./component";

export interface TextboxOptions extends ComponentOptions<string> {
  /** Visible lines; more than 1 gives a multi-line text area. */
  lines?: number;
  placeholder?: string;
  /** Refuse longer input (characters). */
  maxLength?: number;
}

/** Text in, text out. As a generator output, each yielded string is appended to the text shown. */
export class Textbox extends Component<string, string | number | boolean | null | undefined, "textbox"> {
  readonly type = "textbox";
  constructor(readonly options: TextboxOptions = {}) {
    super(options);
  }
  preprocess(wire: Wire): string {
    return checkString(this, wire, this.options.maxLength);
  }
  postprocess(value: string | number | boolean | null | undefined): Wire {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") this.fail("a string", value);
    return String(value);
  }
  defaultValue(): string {
    return "";
  }
  protected props(): TextboxProps {
    return { lines: this.options.lines ?? 1, placeholder: this.options.placeholder, maxLength: this.options.maxLength };
  }
}
