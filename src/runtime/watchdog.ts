// A timer per run: it goes off when the run has produced nothing (no output, progress or end) for the
// run timeout. Then the run's thread is asked whether it still answers: if it does, fn merely waits
// (a slow await) and just that run is aborted; if not, fn holds the thread (a loop that never
// awaits) and only replacing the thread stops it. Acting on the verdict is the owner's (the module
// runtime's supervisor.ts, the notebook's kernel.ts).
import type { UserError } from "../protocol/messages";

/** How long a thread may take to answer before it counts as held. */
const ANSWER_MS = 1000;

export interface QuietVerdict {
  /** What the run ends with. */
  error: UserError;
  /** fn holds its thread: replace the thread (what else ran on it ends too). */
  held: boolean;
}

export class Watchdog {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    readonly ms: number,
    private readonly expired: (run: string) => void,
  ) {}

  /** (Re)starts `run`'s timer. */
  arm(run: string): void {
    clearTimeout(this.timers.get(run));
    this.timers.set(
      run,
      setTimeout(() => {
        this.timers.delete(run);
        this.expired(run);
      }, this.ms),
    );
  }

  clear(run: string): void {
    clearTimeout(this.timers.get(run));
    this.timers.delete(run);
  }

  /**
   * Asks the thread of a run that expired whether it answers. Undefined when the run ended
   * meanwhile (`open` says no more); `restarted` tells the user what was restarted for a held thread.
   */
  async judge(thread: { answers(ms: number): Promise<boolean> }, open: () => boolean, restarted: string): Promise<QuietVerdict | undefined> {
    const alive = await thread.answers(ANSWER_MS);
    if (!open()) return undefined;
    const seconds = this.ms / 1000;
    if (alive) return { held: false, error: { kind: "timeout", message: `fn produced nothing for ${seconds} s and was stopped.` } };
    return { held: true, error: { kind: "timeout", message: `fn ran longer than ${seconds} s without returning (an endless loop?). ${restarted}` } };
  }
}
