import type { Wire } from "../../protocol/messages";
import type { NoProps } from "../../protocol/components";
import { Component } from "./component";

/**
 * A value kept per session in the runtime, never shown and never sent to the UI. As an input fn
 * receives the session's current value; returned as an output it becomes the new value. Each session
 * starts from a deep copy of `value`.
 */
export class State<T = unknown> extends Component<T, T, "state"> {
  readonly type = "state";
  constructor(options: { value?: T } = {}) {
    super(options);
  }
  preprocess(): T {
    throw new Error("State values come from the session, not from the UI");
  }
  postprocess(): Wire {
    return null;
  }
  defaultValue(): T {
    return undefined as T;
  }
  protected props(): NoProps {
    return {};
  }
  initial(): T {
    return this.value === undefined ? (undefined as T) : structuredClone(this.value);
  }
}
