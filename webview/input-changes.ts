// The user's edits on their way to the session. Changes made within one task (a script setting many
// values at once) leave as one message holding each input's last value, so the host schedules one
// run instead of racing many; a person's keystrokes and drags are separate tasks, each still leaving
// at once, a microtask later. It also remembers which inputs the user touched (a new config of the
// same module keeps their values, see user-values.ts).
import type { ClientMessage, Wire } from "../src/protocol/messages";
import type { View } from "./views";

export class InputChanges {
  /** Input values changed in the current task and not yet sent. */
  private readonly unsent = new Map<number, Wire>();
  /** Inputs the user has set since the page appeared. */
  readonly touched = new Set<number>();

  constructor(private readonly send: (msg: ClientMessage) => void) {}

  /** The user set input `index` to `value`: it leaves at the end of the task. */
  changed(index: number, value: Wire): void {
    if (this.unsent.size === 0) queueMicrotask(() => this.flush());
    this.unsent.set(index, value);
    this.touched.add(index);
  }

  /** Every shown input set to `valueOf(i)` (an example, Clear), sent at once in one message (one run in live mode). */
  setAll(views: (View | undefined)[], valueOf: (i: number) => Wire): void {
    views.forEach((view, i) => {
      if (!view) return;
      const value = valueOf(i);
      view.setValue(value);
      this.unsent.set(i, value);
      this.touched.add(i);
    });
    this.flush();
  }

  /** Submit: the values typed just before the click go first. */
  submit(): void {
    this.flush();
    this.send({ type: "submit" });
  }

  private flush(): void {
    const changes = [...this.unsent];
    this.unsent.clear();
    if (changes.length > 0) this.send({ type: "input", changes });
  }
}
