// What the user set survives a new config. A page gets a config again when its session is replaced
// (the socket came back, a VS Code panel fell back from its direct channel, a notebook output was
// drawn again) or its module reloaded (saved). The rule, one place for every surface:
// - an input the user has touched since the page appeared keeps the user's value, and that value
//   is sent to the session, so fn runs with what the field shows;
// - an input the user has not touched takes the value the session restored or starts with.
// When the interface is the same but for its input values, the page keeps its DOM as it is (focus,
// selection, a half-typed word); otherwise the touched values move into the new views.
import type { ComponentSpec, InterfaceConfig, Wire } from "../src/protocol/messages";

/** A value the user set: by position, with what it was set on (a reloaded module may have changed it). */
export interface UserValue {
  index: number;
  type: string;
  label: string;
  value: Wire;
}

/**
 * The same controls: kind, inputs (their values aside), outputs and how it runs. A config that differs
 * only in its texts or examples (a module saved with a new title) is shown without drawing anew.
 */
export function sameControls(a: InterfaceConfig, b: InterfaceConfig): boolean {
  const controls = (c: InterfaceConfig) =>
    JSON.stringify(
      { kind: c.kind, live: c.live, generator: c.generator, streamEvery: c.streamEvery, timeLimit: c.timeLimit, outputs: c.outputs, inputs: c.inputs.map(({ value: _value, ...spec }) => spec) },
      binaryAsLength,
    );
  return controls(a) === controls(b);
}

/** True when `spec` is what `user` was set on: the same kind of component under the same label. */
export function fits(user: UserValue, spec: ComponentSpec | undefined): spec is ComponentSpec {
  return spec !== undefined && spec.type === user.type && spec.label === user.label;
}

/** Equal values in wire form; media (typed arrays inside) only when they are the same object. */
export function sameValue(a: Wire, b: Wire): boolean {
  if (a === b) return true;
  if (holdsBinary(a) || holdsBinary(b)) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** True when a value holds typed arrays (an image frame, an audio chunk). */
export function holdsBinary(value: unknown): boolean {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(holdsBinary);
}

function binaryAsLength(_key: string, value: unknown): unknown {
  return ArrayBuffer.isView(value) ? { bytes: value.byteLength } : value;
}

/** The innermost focused element under `root`'s document or shadow root (through open shadow roots). */
export function deepActiveElement(root: Node): Element | null {
  let active = (root.getRootNode() as Document | ShadowRoot).activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
