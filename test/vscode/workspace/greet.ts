// The preview suite edits and saves this module (reload keeping inputs, syntax errors).
import * as li from "live-interface";

export default new li.Interface({
  fn: (name: string) => `Hello, ${name}!`,
  inputs: new li.Textbox({ label: "name", value: "world" }),
  outputs: new li.Textbox({ label: "greeting" }),
  live: true,
});
