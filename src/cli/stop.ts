// When the command must end: Ctrl-C (SIGINT), SIGTERM, the terminal closing (SIGHUP), or the process
// that started it going away without a word (an `npx` or `npm start` killed with SIGKILL leaves its
// child running, re-parented). Each stops the server, which terminates the modules' worker threads.

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
/** How often to look whether the parent is still there: there is no event for it (prctl is Linux-only). */
const PARENT_CHECK_MS = 1000;
/** A stop that takes longer than this (a worker that will not end) ends the process anyway. */
const STOP_DEADLINE_MS = 5000;

/**
 * Calls `stop` once on the first of those, then exits with 0 (with 1 if stopping failed or took
 * longer than STOP_DEADLINE_MS). A second Ctrl-C while stopping exits at once.
 */
export function exitOnStop(stop: () => Promise<void>, log: (line: string) => void = (l) => console.error(l)): void {
  let stopping = false;
  const begin = (why: string) => {
    if (stopping) return process.exit(1);
    stopping = true;
    log(`live-interface: stopping (${why})`);
    const deadline = setTimeout(() => {
      log(`live-interface: still stopping after ${STOP_DEADLINE_MS / 1000} s: exiting anyway`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    stop().then(
      () => process.exit(0),
      (err: Error) => {
        clearTimeout(deadline);
        log(`live-interface: while stopping: ${err.message}`);
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, () => begin(signal));
  const parent = process.ppid;
  // Re-parented (to init or a subreaper) means the parent is gone. Unref'd: it never keeps Node up.
  setInterval(() => process.ppid !== parent && begin("the process that started it ended"), PARENT_CHECK_MS).unref();
}
