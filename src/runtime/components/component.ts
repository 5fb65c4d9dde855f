import type { ComponentProps, ComponentSpec, ComponentType } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import type { OutputCopies } from "../transfer";

/** Options every component takes. */
export interface ComponentOptions<V> {
  /** Shown above the component; also its accessible name. */
  label?: string;
  /** Initial value. */
  value?: V;
  /** A line of help under the label. */
  info?: string;
}

/** Thrown when a value cannot be converted; the message is shown to the user as is. */
export class ValueError extends Error {
  override name = "ValueError";
}

/**
 * A UI component. `In` is what fn receives when it is an input; `Out` is what fn may return when it
 * is an output. Conversions happen in the isolated runtime: `preprocess` checks untrusted values from
 * the UI, `postprocess` turns fn's results into wire values for the UI. `T` is its type in the
 * component registry (protocol/components.ts), which says what props its spec carries.
 */
export abstract class Component<In = unknown, Out = In, T extends ComponentType = ComponentType> {
  /** Phantom fields: they carry the value types for inference and never exist at run time. */
  declare readonly __in: In;
  declare readonly __out: Out;

  abstract readonly type: T;
  label: string | undefined;
  readonly info: string | undefined;
  readonly value: In | undefined;

  constructor(options: ComponentOptions<In> = {}) {
    this.label = options.label;
    this.info = options.info;
    this.value = options.value;
  }

  /** Value from the UI (untrusted wire form) -> fn's argument. Throws ValueError with a clear text. */
  abstract preprocess(wire: Wire): In;
  /**
   * fn's result -> wire form for the UI. Throws ValueError when fn returned the wrong kind of thing.
   * `copies`: where copies of fn's media go (a run's, see transfer.ts); by default buffers of their own.
   */
  abstract postprocess(value: Out, copies?: OutputCopies): Wire;
  /** The value shown before anything runs. */
  abstract defaultValue(): In;
  /** Component-specific props for the UI (JSON), as the registry says for this type. */
  protected abstract props(): ComponentProps[T];

  spec(id: number, fallbackLabel: string): ComponentSpec<T> {
    const initial = this.value !== undefined ? this.value : this.defaultValue();
    const spec = {
      id,
      type: this.type,
      label: this.label ?? fallbackLabel,
      value: this.postprocess(initial as unknown as Out),
      props: { ...(this.info ? { info: this.info } : {}), ...this.props() },
    };
    // `type` and `props` belong together (props() is checked against T in each component), which
    // TypeScript cannot follow through the generic T: said once, here.
    return spec as unknown as ComponentSpec<T>;
  }

  fail(what: string, got: unknown): never {
    throw new ValueError(`${this.type} "${this.label ?? ""}" expects ${what}, got ${describe(got)}`);
  }
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "object") return `an object (${(value as object).constructor?.name ?? "Object"})`;
  return `${typeof value} ${String(value)}`;
}

/** Caps on untrusted text so a malformed message cannot balloon memory in the runtime. */
export const MAX_TEXT = 1_000_000;

export function checkString(c: Component<unknown, unknown>, wire: Wire, max = MAX_TEXT): string {
  if (typeof wire !== "string") c.fail("a string", wire);
  if (wire.length > max) throw new ValueError(`${c.type} "${c.label ?? ""}": text longer than ${max} characters`);
  return wire;
}
