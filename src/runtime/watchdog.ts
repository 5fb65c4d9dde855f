// A timer per run: it goes off when the run has produced nothing (no output, progress or end) for the
// run timeout. What then happens (abort the run, or replace a thread a fn holds) is the supervisor's.
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
}
