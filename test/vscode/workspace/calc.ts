// A live calculator, as a user would write it: the panel and preview suites operate it.
import * as li from "live-interface";

export default new li.Interface({
  fn: (a, operation, b) => (operation === "add" ? a + b : a * b),
  inputs: [
    new li.Slider({ label: "a", minimum: 0, maximum: 100, step: 1, value: 4 }),
    new li.Radio({ label: "operation", choices: ["add", "multiply"], value: "add" }),
    new li.Number({ label: "b", value: 2 }),
  ],
  outputs: new li.Number({ label: "result" }),
  live: true,
  title: "Calculator",
});
