// A fn that loops forever when n > 0: the extension host must not notice.
import * as li from "live-interface";

export default new li.Interface({
  fn: (n: number) => {
    if (n > 0) for (;;) {}
    return `n is ${n}`;
  },
  inputs: new li.Number({ label: "n", value: 0 }),
  outputs: new li.Textbox({ label: "answer" }),
  live: true,
});
