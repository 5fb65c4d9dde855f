// When the command must end: Ctrl-C (SIGINT), SIGTERM, or, when npm started it (npx, `npm start`),
// npm going away without a word (killed with SIGKILL, it leaves its child running). Each stops the
// server, which terminates the modules' worker threads. SIGHUP (the terminal closing) keeps its
// default, which ends the process and its threads, so that `nohup` still works.
import * as fs from "node:fs";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;
/** How often to look whether npm is still there: Node has no event for a parent's end. */
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
  // Only under npm: started otherwise, being re-parented may be wanted (`(live-interface serve &)`).
  if (process.env.npm_lifecycle_event === undefined) return;
  const gone = npmGone();
  // Unref'd: it never keeps Node up.
  setInterval(() => gone() && begin("the npm process that started it ended"), PARENT_CHECK_MS).unref();
}

/** A process's parent (Linux: /proc), or undefined where it cannot be read. */
function parentOf(pid: number): number | undefined {
  try {
    return Number(/^\d+ \(.*\) \S+ (\d+)/s.exec(fs.readFileSync(`/proc/${pid}/stat`, "utf8"))?.[1]) || undefined;
  } catch {
    return undefined;
  }
}

const SHELLS = new Set(["sh", "dash", "bash", "zsh"]);

/**
 * A check that npm, which started this process, has ended. npm runs a command through `sh -c`; where
 * the shell execs it (bash), npm is the parent, gone once this process is re-parented (to init or a
 * subreaper). Where the shell stays between (dash), it outlives a killed npm: npm is gone once the
 * shell was re-parented (Linux: /proc; elsewhere only the parent is watched).
 */
function npmGone(): () => boolean {
  const parent = process.ppid;
  let npm: number | undefined;
  try {
    if (SHELLS.has(fs.readFileSync(`/proc/${parent}/comm`, "utf8").trim())) npm = parentOf(parent);
  } catch {}
  return () => process.ppid !== parent || (npm !== undefined && parentOf(parent) !== npm);
}
