// The isolated runtime: a worker thread that loads the user's module and runs fn. The supervisor
// (supervisor.ts) owns it and terminates it when fn hangs; nothing here can block the host.
import Module from "node:module";
import * as path from "node:path";
import { parentPort } from "node:worker_threads";
import type { FromRuntime, ToRuntime } from "../protocol/messages";
import { toUserError, isAbortError } from "./errors";
import { addCompiled, installModuleHooks } from "./module-hooks";
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

installModuleHooks();

let iface: Interface<any, any> | undefined;
let root = "";
const sessions = new SessionStore();
const runs = new Map<string, AbortController>();

function loadModule(msg: Extract<ToRuntime, { type: "load" }>): void {
  addCompiled(msg);
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
