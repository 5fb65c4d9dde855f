// A failed run, told in the terminal too: whoever runs `live-interface serve` looks there first, and a
// terminal makes `examples/calculator.ts:11:28` a link to the line.
import * as path from "node:path";
import type { UserError } from "../protocol/messages";
import type { Executor, RunHandlers } from "../runtime/executor";

/** "calculator.ts:11:28" (relative to the module's folder, as errors carry it) -> relative to the current folder. */
export function terminalLocation(location: string, moduleDir: string | undefined, cwd = process.cwd()): string {
  const m = /^(.*):(\d+):(\d+)$/.exec(location);
  if (!m || !moduleDir) return location;
  const relative = path.relative(cwd, path.resolve(moduleDir, m[1]!));
  return `${relative.startsWith("..") ? path.resolve(moduleDir, m[1]!) : relative}:${m[2]}:${m[3]}`;
}

/** The lines for one failed run of app `name`: the message and its location, then the user's other frames. */
export function describeRunError(name: string, error: UserError, moduleDir?: string): string {
  const where = error.location ? ` (${terminalLocation(error.location, moduleDir)})` : "";
  const what = error.kind === "fn" ? `fn failed: ${error.message}` : error.message;
  const frames = (error.stack ?? "").split("\n").slice(1);
  const more = frames.length > 1 ? `\n${frames.join("\n")}` : "";
  return `${name}: ${what}${where}${more}`;
}

/** `executor`, whose failed runs are also printed with `print` (stderr by default); aborted runs are not failures. */
export function logRunErrors(executor: Executor, name: string, file?: string, print: (text: string) => void = (t) => console.error(t)): Executor {
  const moduleDir = file && path.dirname(file);
  return {
    get config() {
      return executor.config;
    },
    get loadError() {
      return executor.loadError;
    },
    get ready() {
      return executor.ready;
    },
    run(session, values, handlers, transfer, options) {
      const logged: RunHandlers = {
        ...handlers,
        end: (outcome) => {
          if (outcome.error) print(describeRunError(name, outcome.error, moduleDir));
          handlers.end(outcome);
        },
      };
      return executor.run(session, values, logged, transfer, options);
    },
    closeSession: (session) => executor.closeSession(session),
    onReload: (listener) => executor.onReload(listener),
    dispose: () => executor.dispose(),
  };
}
