// A live calculator: every change of an input recomputes the result at once.
import * as li from "live-interface";

export default new li.Interface({
  fn: (a, operation, b) => {
    switch (operation) {
      case "add": return a + b;
      case "subtract": return a - b;
      case "multiply": return a * b;
      case "divide":
        if (b === 0) throw new Error("Cannot divide by zero");
        return a / b;
      default: return null;
    }
  },
  inputs: [
    new li.Slider({ label: "a", minimum: 0, maximum: 100, step: 1, value: 4 }),
    new li.Radio({ label: "operation", choices: ["add", "subtract", "multiply", "divide"], value: "add" }),
    new li.Number({ label: "b", value: 2 }),
  ],
  outputs: new li.Number({ label: "result" }),
  live: true,
  title: "Calculator",
  description: "A live calculator: move the slider, pick an operation, type a number. No submit button.",
  examples: [
    [12, "multiply", 3],
    [50, "divide", 0],
  ],
});
