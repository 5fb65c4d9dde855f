// An output-only interface: no inputs; in live mode it runs as soon as the page opens.
import * as li from "live-interface";

const quotes = [
  "Simple things should be simple, complex things should be possible.",
  "Make it work, make it right, make it fast.",
  "The best error message is the one that never shows up.",
];

export default new li.Interface({
  fn: () => {
    const now = new Date();
    return [`## ${now.toISOString().slice(0, 19).replace("T", " ")} UTC`, quotes[now.getSeconds() % quotes.length]!];
  },
  outputs: [new li.Markdown({ label: "time" }), new li.Textbox({ label: "quote" })],
  live: true,
  title: "Server clock",
  description: "Output-only: fn takes no input and runs when the page loads.",
});
