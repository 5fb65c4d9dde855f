// Waits for the machine to settle before a measurement that the rest of a start-up would disturb:
// a freshly opened code-server window keeps a core busy for seconds once it opens a file and a panel
// (its extension host starting, the TypeScript server reading the file), which a measurement taken
// at once would share with it (here: 2-3 s after the first panel, 1 s after the second).
import * as fs from "node:fs";

/** CPU time used by the whole machine so far, and the time elapsed, in clock ticks (/proc/stat). */
function cpuTicks(): { busy: number; all: number } {
  const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + (fields[4] ?? 0); // idle + iowait
  const all = fields.reduce((a, b) => a + b, 0);
  return { busy: all - idle, all };
}

/**
 * Resolves once the machine's cores have been busy less than `busyShare` (0.25: a quarter of all
 * cores) over a whole second, or after `maxMs` in any case. Returns how long it waited (ms).
 */
export async function untilQuiet(busyShare = 0.25, maxMs = 30000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < maxMs) {
    const a = cpuTicks();
    await new Promise((r) => setTimeout(r, 1000));
    const b = cpuTicks();
    if ((b.busy - a.busy) / Math.max(1, b.all - a.all) < busyShare) break;
  }
  return Date.now() - t0;
}
