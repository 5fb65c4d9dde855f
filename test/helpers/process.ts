import * as fs from "node:fs";

/** Resident memory of a process, in MB (Linux: /proc). */
export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
