import type { Wire } from "../../protocol/messages";
import type { NoProps } from "../../protocol/components";
import { checkString, Component, type ComponentOptions } from "./component";

/** Markdown text, rendered and sanitized in the UI (no scripts, no event handlers). */
export class Markdown extends Component<string, string | null | undefined, "markdown" | "html"> {
  readonly type: "markdown" | "html" = "markdown";
  constructor(options: ComponentOptions<string> = {}) {
    super(options);
  }
  preprocess(wire: Wire): string {
    return checkString(this, wire);
  }
  postprocess(value: string | null | undefined): Wire {
    if (value === null || value === undefined) return "";
    return checkString(this, value);
  }
  defaultValue(): string {
    return "";
  }
  protected props(): NoProps {
    return {};
  }
}
