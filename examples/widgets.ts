// Every basic component at once: a tour of inputs and outputs.
import * as li from "live-interface";

export default new li.Interface({
  fn: (name, age, subscribed, toppings, size, color, notes, { session }) => {
    const visits = ((session.data.visits as number | undefined) ?? 0) + 1;
    session.data.visits = visits;
    const order = { name, age, subscribed, toppings, size, color };
    const scores = Object.fromEntries(["small", "medium", "large"].map((s) => [s, s === size ? 0.8 : 0.1]));
    return [
      `### Hello ${name || "stranger"}\nYou picked **${toppings.length}** topping(s). Runs in this session: ${visits}.`,
      `<p style="color:${color}">Your color is <b>${color}</b>.</p><script>alert("never runs")</script>`,
      order,
      scores,
      `const order = ${JSON.stringify(order, null, 2)};\n// ${notes.split("\n")[0]}`,
    ];
  },
  inputs: [
    "text",
    new li.Number({ label: "age", value: 30, minimum: 0, maximum: 130, precision: 0 }),
    new li.Checkbox({ label: "subscribed", value: true }),
    new li.CheckboxGroup({ label: "toppings", choices: ["cheese", "olives", "basil"], value: ["cheese"] }),
    new li.Dropdown({ label: "size", choices: ["small", "medium", "large"], value: "medium" }),
    new li.ColorPicker({ label: "color", value: "#3a7bd5" }),
    new li.Code({ label: "notes", language: "text", value: "extra napkins", lines: 3 }),
  ],
  outputs: [
    new li.Markdown({ label: "greeting" }),
    new li.HTML({ label: "html" }),
    new li.JSON({ label: "order" }),
    new li.Label({ label: "size guess" }),
    new li.Code({ label: "as code", language: "typescript" }),
  ],
  live: true,
  title: "Component tour",
  description: "Every basic component. HTML output is sanitized: the `<script>` it returns never runs.",
});
