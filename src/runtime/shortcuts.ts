import { Audio, Checkbox, Code, ColorPicker, Component, HTML, Image, JSON, Label, Markdown, Microphone, Number, Plot, Slider, State, Textbox, Webcam } from "./components";

/** String shortcuts, as in Gradio: `inputs: ["text", "number"]`. */
export const SHORTCUTS = {
  text: () => new Textbox(),
  textbox: () => new Textbox(),
  textarea: () => new Textbox({ lines: 7 }),
  number: () => new Number(),
  slider: () => new Slider(),
  checkbox: () => new Checkbox(),
  colorpicker: () => new ColorPicker(),
  label: () => new Label(),
  json: () => new JSON(),
  markdown: () => new Markdown(),
  html: () => new HTML(),
  code: () => new Code(),
  state: () => new State(),
  image: () => new Image(),
  webcam: () => new Webcam(),
  audio: () => new Audio(),
  microphone: () => new Microphone(),
  plot: () => new Plot(),
} satisfies Record<string, () => Component<any, any>>;

export type Shortcut = keyof typeof SHORTCUTS;
/** The component class a shortcut stands for. */
export type ShortcutComponent<S extends Shortcut> = ReturnType<(typeof SHORTCUTS)[S]>;

export function resolveComponent(c: Component<any, any> | Shortcut, where: string): Component<any, any> {
  if (c instanceof Component) return c;
  if (typeof c === "string") {
    const make = (SHORTCUTS as Record<string, () => Component<any, any>>)[c.toLowerCase()];
    if (make) return make();
    throw new TypeError(`${where}: unknown component shortcut "${c}" (known: ${Object.keys(SHORTCUTS).join(", ")})`);
  }
  throw new TypeError(`${where}: expected a component or a shortcut string, got ${typeof c}`);
}
