import type { Wire } from "../../protocol/messages";
import type { NoProps } from "../../protocol/components";
import { Component, ValueError, type ComponentOptions } from "./component";

/** Any JSON-like value, shown as a collapsible tree. Maps, Sets and BigInts are converted. */
export class JSON extends Component<unknown, unknown, "json"> {
  readonly type = "json";
  constructor(options: ComponentOptions<unknown> = {}) {
    super(options);
  }
  preprocess(wire: Wire): unknown {
    return wire;
  }
  postprocess(value: unknown): Wire {
    try {
      const text = globalThis.JSON.stringify(value ?? null, (_k, v: unknown) => {
        if (typeof v === "bigint") return v.toString();
        if (v instanceof Map) return Object.fromEntries(v);
        if (v instanceof Set) return [...v];
        return v;
      });
      return globalThis.JSON.parse(text ?? "null");
    } catch (e) {
      throw new ValueError(`JSON "${this.label ?? ""}": the value cannot be shown as JSON (${(e as Error).message})`);
    }
  }
  defaultValue(): unknown {
    return null;
  }
  protected props(): NoProps {
    return {};
  }
}
