// A text generator that streams its words: a small Markov chain, trained when the module loads on
// the text below, continues your prompt one word at a time. fn is a generator: each yielded word is
// appended to the output as it comes. A new prompt (or Stop) ends the generation at once.
import * as li from "live-interface";

const CORPUS = `
The river runs past the old mill and under the stone bridge. In the morning the mist lies on the
water and the birds call from the reeds. The miller opens the gate and the wheel begins to turn.
The wheel turns all day and the stones grind the grain into flour. In the evening the children run
down to the bridge to watch the water. The water is cold and clear and the fish rise to the light.
The old miller tells the children stories of the river. He tells them how the river came down from
the hills and how the mill was built by his grandfather. The children listen and the river runs on.
When the rain comes the river rises and the wheel turns faster. When the summer comes the river is
low and the children walk on the stones. The mill stands by the river and the river runs to the sea.
`;

/** For each pair of words, the words that followed it in the corpus (repeats make them likelier). */
function train(text: string): Map<string, string[]> {
  const words = text.split(/\s+/).filter(Boolean);
  const next = new Map<string, string[]>();
  for (let i = 0; i + 2 < words.length; i++) {
    const key = `${words[i]} ${words[i + 1]}`.toLowerCase();
    next.set(key, [...(next.get(key) ?? []), words[i + 2]!]);
  }
  return next;
}

const chain = train(CORPUS);
const starts = [...chain.keys()];

/** A small seeded generator, so that the same prompt and seed give the same text. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export default new li.Interface({
  fn: async function* (prompt, words, seed, { signal }) {
    const rand = random(seed);
    const typed = prompt.trim().split(/\s+/).filter(Boolean);
    // Continue from the prompt's last two words if the chain knows them, else from a random pair.
    let key = typed.slice(-2).join(" ").toLowerCase();
    if (!chain.has(key)) key = starts[Math.floor(rand() * starts.length)]!;
    yield typed.length ? `${prompt.trim()} ` : "";
    for (let i = 0; i < words && !signal.aborted; i++) {
      const options = chain.get(key) ?? chain.get(starts[Math.floor(rand() * starts.length)]!)!;
      const word = options[Math.floor(rand() * options.length)]!;
      yield `${word} `;
      key = `${key.split(" ")[1]} ${word}`.toLowerCase();
      await new Promise((r) => setTimeout(r, 60)); // a pace you can watch
    }
  },
  inputs: [
    new li.Textbox({ label: "prompt", value: "the river" }),
    new li.Slider({ label: "words", minimum: 5, maximum: 80, step: 1, value: 30 }),
    new li.Number({ label: "seed", value: 7, precision: 0 }),
  ],
  outputs: new li.Textbox({ label: "text", lines: 6 }),
  live: true,
  title: "Text generator",
  description: "A Markov chain continues your prompt word by word; the words stream into the output as they come.",
});
