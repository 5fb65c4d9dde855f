// A notebook's kernel: a worker thread that runs the notebook's cells one after another in one scope
// (this thread's global object: what a cell declares, later cells see) and runs the interfaces its
// cells showed. The host (notebook/kernel.ts) terminates it when a cell or fn holds it; that is also
// restart: a fresh thread is a fresh scope.
import Module from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import * as util from "node:util";
import * as vm from "node:vm";
import { parentPort, workerData } from "node:worker_threads";
import type { CellValue, FromKernel, ToKernel, UserError } from "../protocol/messages";
import { CELL_API, CELL_FRAME, CELL_PARENT } from "./cell-names";
import { toUserError } from "./errors";
import { setModuleFolder } from "./file-access";
import { isInterface, type Interface } from "./interface";
import { addCompiled, installModuleHooks } from "./module-hooks";
import { isCommonMessage, WorkerRuns } from "./worker-runs";
import { workerEnd } from "./arena-writer";

if (!parentPort) throw new Error("notebook-worker.ts must run in a worker thread");
const port = parentPort;
// Large outputs go through the memory shared with the host, as a panel's runtime's (worker.ts).
const { post, writer: arena } = workerEnd<FromKernel>(port, (workerData as { arena: SharedArrayBuffer }).arena);

process.setSourceMapsEnabled(true); // imported workspace files map to their .ts lines
installModuleHooks();

let folder = process.cwd();
let requireFromNotebook = Module.createRequire(path.join(folder, CELL_PARENT));

/** The cell running now: console output goes under it, and interrupt rejects its awaits. */
let current: { cell: string; interrupted: Promise<never>; interrupt(): void } | undefined;

class Interrupted extends Error {
  override name = "Interrupted";
}

// What a cell's script calls (cell-code.ts).
(globalThis as Record<string, unknown>)[CELL_API] = {
  /** `import` in a cell: CommonJS first (workspace .ts files, most packages), ESM where only that works. */
  async import(specifier: string): Promise<unknown> {
    try {
      return requireFromNotebook(specifier);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ERR_REQUIRE_ESM" && code !== "ERR_REQUIRE_ASYNC_MODULE") throw err;
      return import(pathToFileURL(requireFromNotebook.resolve(specifier)).href);
    }
  },
  /** What the cell declares becomes a property of the global object (the notebook's scope) if it is not one yet. */
  declare(names: string[]): void {
    for (const name of names) if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = undefined;
  },
  defaultOf: (m: { __esModule?: boolean; default?: unknown }) => (m && m.__esModule ? m.default : (m?.default ?? m)),
  /** One of the cell's awaits: ends at once when the cell is interrupted. */
  step<T>(value: T): Promise<Awaited<T>> | T {
    const interrupted = current?.interrupted;
    return interrupted ? Promise.race([value, interrupted]) : value;
  },
  /** The iterable of the cell's `for await`: stops at its next step when the cell is interrupted. */
  steps<T>(iterable: AsyncIterable<T> | Iterable<T>): AsyncIterable<T> {
    const interrupted = current?.interrupted;
    return {
      async *[Symbol.asyncIterator]() {
        const it = Symbol.asyncIterator in iterable ? iterable[Symbol.asyncIterator]() : (iterable as Iterable<T>)[Symbol.iterator]();
        let done = false;
        try {
          for (;;) {
            const step = await (interrupted ? Promise.race([it.next(), interrupted]) : it.next());
            if ((done = !!step.done)) return;
            yield step.value as T;
          }
        } catch (err) {
          // Interrupted: the source is told to finish, not waited for (it may be waiting forever itself).
          if (err instanceof Interrupted) void Promise.resolve(it.return?.()).catch(() => {});
          done = true;
          throw err;
        } finally {
          if (!done) await it.return?.(); // the cell's loop broke off: finish the source, as for await does
        }
      },
    };
  },
};

// console output: under the running cell (else the host's Output channel).
for (const [method, stream] of [["log", "stdout"], ["info", "stdout"], ["debug", "stdout"], ["warn", "stderr"], ["error", "stderr"]] as const) {
  console[method] = (...args: unknown[]) => void post({ type: "console", cell: current?.cell, stream, text: util.format(...args) + "\n" });
}

/** Every cell run so far, by its file name (cellFile): cell line of each script line (for stack traces). */
const cellFiles = new Map<string, number[]>();

/** A stack (or location) with cell frames mapped back to their cell's lines: "Cell [3], line 5". */
function mapCells(text: string | undefined): string | undefined {
  return text?.replace(CELL_FRAME, (all, file: string, n: string, line: string) => {
    const lines = cellFiles.get(file);
    return lines ? `Cell [${n}], line ${lines[Number(line) - 1] ?? line}` : all;
  });
}

function userError(err: unknown): UserError {
  const error = toUserError(err, "fn", folder);
  const stack = mapCells(error.stack);
  // Where in a cell: the first cell frame; else what toUserError found (a workspace file).
  const inCell = /Cell \[\d+\], line \d+/.exec(stack ?? "")?.[0];
  return { ...error, stack, location: inCell ?? error.location };
}

const interfaces = new Map<string, Interface<any, any>>();
const idOf = new WeakMap<object, string>();
let nextInterface = 0;
/** Which interface each notebook cell (by key) shows now. */
const shownBy = new Map<string, string>();

function valueOf(result: unknown, key: string): CellValue | undefined {
  if (result === undefined) return undefined;
  if (isInterface(result)) {
    let id = idOf.get(result);
    if (!id || !interfaces.has(id)) {
      id = `i${++nextInterface}`;
      idOf.set(result, id);
      interfaces.set(id, result);
    }
    shownBy.set(key, id);
    return { interface: { id, config: result.config() } };
  }
  return { text: typeof result === "string" ? result : util.inspect(result, { depth: 4, breakLength: 100 }) };
}

/** The cell `key` runs again: its output is replaced, and an interface no other output shows is let go. */
function release(key: string): string[] {
  const id = shownBy.get(key);
  if (!id) return [];
  shownBy.delete(key);
  if ([...shownBy.values()].includes(id)) return []; // another cell's output still shows it
  interfaces.delete(id);
  return [id];
}

async function runCell(msg: Extract<ToKernel, { type: "cell" }>): Promise<void> {
  const dropped = release(msg.key);
  addCompiled(msg);
  cellFiles.set(msg.name, msg.lines);
  let interrupt = () => {};
  const interrupted = new Promise<never>((_, reject) => (interrupt = () => reject(new Interrupted("interrupted"))));
  interrupted.catch(() => {}); // a cell that never awaits leaves it unheard
  current = { cell: msg.cell, interrupted, interrupt };
  try {
    const result: unknown = await vm.runInThisContext(msg.script, { filename: msg.name });
    post({ type: "cell-done", cell: msg.cell, value: valueOf(result, msg.key), dropped });
  } catch (err) {
    if (err instanceof Interrupted) post({ type: "cell-done", cell: msg.cell, interrupted: true, dropped });
    else post({ type: "cell-done", cell: msg.cell, error: userError(err), dropped });
  } finally {
    if (current?.cell === msg.cell) current = undefined;
  }
}

const runs = new WorkerRuns(post, userError, arena);

port.on("message", (msg: ToKernel) => {
  if (isCommonMessage(msg)) return runs.common(msg, (id) => post({ type: "pong", id }), (ranges) => arena.release(ranges));
  switch (msg.type) {
    case "setup":
      folder = msg.folder;
      requireFromNotebook = Module.createRequire(path.join(folder, CELL_PARENT));
      setModuleFolder(folder);
      return;
    case "cell":
      return void runCell(msg);
    case "interrupt":
      if (current?.cell === msg.cell) current.interrupt();
      return;
    case "run":
      return void runs.run(msg.run, interfaces.get(msg.iface), msg.session, msg.values, msg.compact === true, "this interface is no longer in the kernel: run its cell again", undefined, msg.paced === true);
  }
});
