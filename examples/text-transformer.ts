// A live text transformer: the outputs follow every keystroke.
import * as li from "live-interface";

export default new li.Interface({
  fn: (text, style) => {
    const words = text.trim().split(/\s+/).filter(Boolean);
    const transformed =
      style === "UPPER" ? text.toUpperCase()
      : style === "lower" ? text.toLowerCase()
      : style === "Title Case" ? text.replace(/\b\w/g, (c) => c.toUpperCase())
      : [...text].reverse().join("");
    return [transformed, { words: words.length, characters: text.length }];
  },
  inputs: [
    new li.Textbox({ label: "text", lines: 3, placeholder: "Type something", value: "live interfaces react as you type" }),
    new li.Dropdown({ label: "style", choices: ["UPPER", "lower", "Title Case", "reversed"], value: "UPPER" }),
  ],
  outputs: [new li.Textbox({ label: "transformed" }), new li.JSON({ label: "counts" })],
  live: true,
  title: "Text transformer",
  description: "Every keystroke reaches fn; the last one is never lost.",
});
