import type { CodeProps } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import { checkString, Component, type ComponentOptions } from "./component";

export interface CodeOptions extends ComponentOptions<string> {
  /** Language name for display, e.g. "typescript". */
  language?: string;
  lines?: number;
}

/** Source code in a monospace editor (input) or a copyable block (output). */
export class Code extends Component<string, string | null | undefined, "code"> {
  readonly type = "code";
  constructor(readonly options: CodeOptions = {}) {
    super(options);
  }
  preprocess(wire: Wire): string {
    return checkString(this, wire);
  }
  postprocess(value: string | null | undefined): Wire {
    return value === null || value === undefined ? "" : checkString(this, value);
  }
  defaultValue(): string {
    return "";
  }
  protected props(): CodeProps {
    return { language: this.options.language, lines: this.options.lines ?? 8 };
  }
}
