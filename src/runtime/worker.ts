// The isolated runtime: a worker thread that loads the user's module and runs fn. The supervisor
// (supervisor.ts) owns it and terminates it when fn hangs; nothing here can block the host.
import Module from "node:module";
import * as path from "node:path";
import { parentPort } from "node:worker_threads";
import type { FromRuntime, ToRuntime } from "../protocol/messages";
import * as library from "../index";
import { toUserError, isAbortError } from "./errors";
import { SOURCE_EXTENSIONS } from "./transpile";
import { transferList } from "./transfer";
import { executeRun, SessionStore } from "./execute";
import { isInterface, type Interface } from "./interface";
import { setModuleFolder } from "./file-access";

if (!parentPort) throw new Error("worker.ts must run in a worker thread");
const port = parentPort;
// Media the runtime copied out of fn's results moves to the host rather than being copied again.
const post = (msg: FromRuntime) => port.postMessage(msg, msg.type === "output" ? transferList(msg.values) : []);

// Stack traces point into the user's .ts file, not the compiled code.
process.setSourceMapsEnabled(true);

type ModuleInternals = typeof Module & {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string;
  _extensions: Record<string, (module: Module & { _compile(code: string, filename: string): void }, filename: string) => void>;
};
const internals = Module as ModuleInternals;

// `import ... from "live-interface"` in the user's module gets this very library instance, wherever the
// module sits on disk; every other name resolves as Node would from the module's folder.
const load = internals._load;
internals._load = function (request, parent, isMain) {
  if (request === "live-interface") return library;
  if (request === "live-interface/client") return load.call(this, path.join(__dirname, "client.js"), parent, isMain);
  return load.call(this, request, parent, isMain);
};

// The user's files arrive transpiled: relative imports resolve as the compiler resolved them
// (TypeScript's "./x.js" may name ./x.ts), and a file's code is the transpiled one.
let compiled: Extract<ToRuntime, { type: "load" }> | undefined;
const resolve = internals._resolveFilename;
internals._resolveFilename = function (request, parent, ...rest) {
  const known = parent?.filename && compiled?.resolutions[`${parent.filename}\0${request}`];
  return known || resolve.call(this, request, parent, ...rest);
};
for (const ext of SOURCE_EXTENSIONS) {
  const original = internals._extensions[ext] ?? internals._extensions[".js"]!;
  internals._extensions[ext] = (module, filename) => {
    const code = compiled?.modules[filename];
    return code !== undefined ? module._compile(code, filename) : original(module, filename);
  };
}

let iface: Interface<any, any> | undefined;
let root = "";
const sessions = new SessionStore();
const runs = new Map<string, AbortController>();

function loadModule(msg: Extract<ToRuntime, { type: "load" }>): void {
  compiled = msg;
  const filename = msg.entry;
  root = path.dirname(filename);
  setModuleFolder(root);
  let exports: unknown;
  try {
    // Loaded through require, so it stays in the module cache: Node keeps a module's source map only
    // while its Module object lives (otherwise error lines fall back to the compiled ones after a GC).
    exports = Module.createRequire(filename)(filename);
  } catch (err) {
    post({ type: "load-error", error: toUserError(err, "load", root) });
    return;
  }
  const exported = exports as Record<string, unknown>;
  const found = [exported.default, exported.demo, exported].find(isInterface);
  if (!found) {
    const names = Object.keys(exported);
    post({
      type: "load-error",
      error: {
        kind: "load",
        message:
          `${path.basename(filename)} does not export an Interface. ` +
          "Add `export default new li.Interface({ fn, inputs, outputs })` (or export it as `demo`)." +
          (names.length ? ` It exports: ${names.join(", ")}.` : ""),
      },
    });
    return;
  }
  iface = found;
  try {
    post({ type: "loaded", config: iface.config() });
  } catch (err) {
    post({ type: "load-error", error: toUserError(err, "load", root) });
  }
}

async function run(runId: string, session: string, values: unknown[], compact: boolean): Promise<void> {
  if (!iface) return post({ type: "failed", run: runId, error: { kind: "runtime", message: "no interface is loaded" } });
  const controller = new AbortController();
  runs.set(runId, controller);
  post({ type: "started", run: runId });
  try {
    await executeRun(iface, sessions, session, values, controller.signal, {
      compact,
      output: (update) => post({ type: "output", run: runId, ...update }),
      progress: (fraction, text) => post({ type: "progress", run: runId, fraction, text }),
    });
    post({ type: "done", run: runId });
  } catch (err) {
    const aborted = controller.signal.aborted && isAbortError(err);
    post({ type: "failed", run: runId, error: toUserError(err, "fn", root), aborted });
  } finally {
    runs.delete(runId);
  }
}

port.on("message", (msg: ToRuntime) => {
  switch (msg.type) {
    case "load":
      return loadModule(msg);
    case "run":
      return void run(msg.run, msg.session, msg.values, msg.compact === true);
    case "abort":
      return runs.get(msg.run)?.abort(new DOMException("a newer run replaced this one", "AbortError"));
    case "close-session":
      return sessions.close(msg.session);
    case "ping":
      return post({ type: "pong", id: msg.id });
  }
});
