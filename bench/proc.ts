// What a server process costs, from Linux's /proc: CPU time (all its threads), resident memory now
// and at its peak, and its thread count.
import * as fs from "node:fs";
import { execFileSync } from "node:child_process";

/** Clock ticks per second of /proc/<pid>/stat's times (getconf CLK_TCK; 100 on Linux). */
const TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of the process and all its threads so far, in ms (10 ms steps). */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command (which may hold spaces) start at its closing parenthesis: utime is the 14th field, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

const statusField = (pid: number, name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]);

/** Resident memory now, in MB. */
export const rssMb = (pid: number) => statusField(pid, "VmRSS") / 1024;
/** The process's resident memory at its highest so far, in MB. */
export const peakRssMb = (pid: number) => statusField(pid, "VmHWM") / 1024;
export const threads = (pid: number) => statusField(pid, "Threads");

/** Samples VmRSS every `ms` until stopped; gives the highest. */
export function sampleRss(pid: number, ms = 100): { stop(): number } {
  let max = rssMb(pid);
  const timer = setInterval(() => {
    try {
      max = Math.max(max, rssMb(pid));
    } catch {} // the process ended
  }, ms);
  return {
    stop: () => {
      clearInterval(timer);
      return max;
    },
  };
}
