import * as path from "node:path";
import type { UserError } from "../protocol/messages";
import { ValueError } from "./components";

// The library's own files (built, or their sources once source-mapped): never "where the user's code failed".
const ROOT = path.basename(__dirname) === "dist" ? path.dirname(__dirname) : path.resolve(__dirname, "../..");
const LIBRARY_DIRS = [path.join(ROOT, "dist") + path.sep, path.join(ROOT, "src") + path.sep];

const FRAME = /\(?((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^():]+):(\d+):(\d+)\)?\s*$/;

const isLibraryFrame = (line: string) =>
  LIBRARY_DIRS.some((d) => line.includes(d)) || /\(node:|at node:|node:internal/.test(line);

/** The stack without the library's own frames and Node's internals: only what the user can act on. */
export function userStack(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const [head, ...frames] = stack.split("\n");
  return [head, ...frames.filter((f) => !isLibraryFrame(f))].join("\n");
}

/** The first stack frame in the user's code, as "file:line:col" relative to `root`. */
export function userLocation(stack: string | undefined, root?: string): string | undefined {
  for (const line of (stack ?? "").split("\n").slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.replace(/^file:\/\//, "");
    if (LIBRARY_DIRS.some((d) => file.startsWith(d)) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const shown = root && file.startsWith(root + path.sep) ? path.relative(root, file) : file;
    return `${shown}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

/** Turns anything fn threw into what the user sees. */
export function toUserError(err: unknown, kind: UserError["kind"], root?: string): UserError {
  // A value that did not fit a component: the message says which and why; a stack would only distract.
  if (err instanceof ValueError) return { message: err.message, kind };
  if (err instanceof Error) {
    const name = err.name && err.name !== "Error" ? `${err.name}: ` : "";
    return { message: name + err.message, location: userLocation(err.stack, root), stack: userStack(err.stack), kind };
  }
  return { message: `fn threw a non-error value: ${String(err)}`, kind };
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError");
}
