// Text analysis as you type: numbers, names and repeated words marked in the text (HighlightedText),
// and a table of the most frequent words (Dataframe).
import * as li from "live-interface";

const COMMON = new Set("the a an and or of to in on at for is are was were be it this that with as by from".split(" "));

export default new li.Interface({
  fn: (text, top) => {
    const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
    const counts = new Map<string, number>();
    for (const w of words) if (!COMMON.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
    // Each token of the text with its category: "number", "name" (capitalized, not at a sentence start), "repeated".
    const spans: [string, string | null][] = [];
    const re = /(\d+(?:[.,]\d+)*)|([A-Za-z']+)|([^A-Za-z\d']+)/g;
    let sentenceStart = true;
    for (const m of text.matchAll(re)) {
      const [token, num, word] = m;
      if (num) spans.push([token, "number"]);
      else if (word && /^[A-Z]/.test(word) && !sentenceStart) spans.push([token, "name"]);
      else if (word && (counts.get(word.toLowerCase()) ?? 0) > 1) spans.push([token, "repeated"]);
      else spans.push([token, null]);
      if (word || num) sentenceStart = false;
      else if (/[.!?]/.test(token)) sentenceStart = true;
    }
    const table = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top).map(([word, n]) => ({ word, count: n, share: `${Math.round((n / words.length) * 100)}%` }));
    return [spans, table] as const;
  },
  inputs: [
    new li.Textbox({
      label: "text",
      lines: 5,
      value: "Ada Lovelace wrote the first program in 1843. The program computed Bernoulli numbers, and the numbers came out right.",
    }),
    new li.Slider({ label: "top words", minimum: 3, maximum: 20, step: 1, value: 5 }),
  ],
  outputs: [
    new li.HighlightedText({ label: "marked", colorMap: { number: "#a3c9f4", name: "#b5e6a3", repeated: "#f4d9a3" } }),
    new li.Dataframe({ label: "frequent words", headers: ["word", "count", "share"] }),
  ],
  live: true,
  title: "Text analysis",
  description: "Type: numbers, names and repeated words are marked, and the most frequent words are counted.",
});
