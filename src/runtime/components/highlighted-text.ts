import type { HighlightedTextProps } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import { Component, type ComponentOptions } from "./component";

/** Pieces of text, each with a category (null: plain text). */
export type HighlightedSpans = [text: string, category: string | null][];

/** Text with entities marked by character offsets, as a tagger or a recognizer returns them. */
export interface TextWithEntities {
  text: string;
  entities: { start: number; end: number; entity: string }[];
}

export interface HighlightedTextOptions extends ComponentOptions<HighlightedSpans> {
  /** CSS colors by category; others get a color from a fixed palette. */
  colorMap?: Record<string, string>;
  /** Show the categories with their colors under the text (default true). */
  showLegend?: boolean;
}

/**
 * Text whose pieces are marked with categories (named entities, a diff, parts of speech). fn returns
 * `[text, category | null]` pairs, or `{ text, entities: [{ start, end, entity }] }`. Output only.
 */
export class HighlightedText extends Component<HighlightedSpans, HighlightedSpans | TextWithEntities | null | undefined, "highlightedtext"> {
  readonly type = "highlightedtext";
  constructor(private readonly options: HighlightedTextOptions = {}) {
    super(options);
  }
  preprocess(wire: Wire): HighlightedSpans {
    return Array.isArray(wire) ? (wire as HighlightedSpans) : [];
  }
  postprocess(value: HighlightedSpans | TextWithEntities | null | undefined): Wire {
    if (value === null || value === undefined) return [];
    if (Array.isArray(value)) {
      return value.map((pair, i) => {
        if (!Array.isArray(pair) || typeof pair[0] !== "string" || !(pair[1] === null || typeof pair[1] === "string")) {
          this.fail(`[text, category | null] pairs (item ${i} is not)`, pair);
        }
        return [pair[0], pair[1]];
      });
    }
    if (typeof value !== "object" || typeof value.text !== "string" || !Array.isArray(value.entities)) {
      this.fail("[text, category] pairs or { text, entities: [{ start, end, entity }] }", value);
    }
    // Offsets -> pairs: the text between entities is plain.
    const spans: HighlightedSpans = [];
    let at = 0;
    for (const e of [...value.entities].sort((a, b) => a.start - b.start)) {
      if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= at && e.end >= e.start && e.end <= value.text.length)) {
        this.fail(`entities with 0 <= start <= end <= ${value.text.length}, not overlapping`, e);
      }
      if (e.start > at) spans.push([value.text.slice(at, e.start), null]);
      spans.push([value.text.slice(e.start, e.end), String(e.entity)]);
      at = e.end;
    }
    if (at < value.text.length) spans.push([value.text.slice(at), null]);
    return spans;
  }
  defaultValue(): HighlightedSpans {
    return [];
  }
  protected props(): HighlightedTextProps {
    return { colorMap: this.options.colorMap, showLegend: this.options.showLegend ?? true };
  }
}
