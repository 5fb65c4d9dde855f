import { Markdown } from "./markdown";

/** HTML, sanitized in the UI before it is shown (scripts and event handlers removed). */
export class HTML extends Markdown {
  override readonly type = "html" as const;
}
