// A unified interface: the same component is input and output. fn's result replaces what you typed.
import * as li from "live-interface";

const pad = new li.Textbox({ label: "scratchpad", lines: 6, value: "Write a few lines, then press Submit to tidy them." });

export default new li.Interface({
  fn: (text) =>
    text
      .split("\n")
      .map((line) => line.trim().replace(/\s+/g, " "))
      .filter(Boolean)
      .map((line) => line[0]!.toUpperCase() + line.slice(1) + (/[.!?]$/.test(line) ? "" : "."))
      .join("\n"),
  inputs: pad,
  outputs: pad,
  title: "Scratchpad tidier",
  description: "Unified: the input is also the output. Submit tidies the text in place.",
});
