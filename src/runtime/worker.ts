// The isolated runtime: a worker thread that loads the user's module and runs fn. The supervisor
// (supervisor.ts) owns it and terminates it when fn hangs; nothing here can block the host.
import Module from "node:module";
import * as path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { FromRuntime, ToRuntime } from "../protocol/messages";
import { toUserError } from "./errors";
import { addCompiled, installModuleHooks } from "./module-hooks";
import { isInterface, type Interface } from "./interface";
import { setModuleFolder } from "./file-access";
import { isCommonMessage, WorkerRuns } from "./worker-runs";
import { workerEnd } from "./arena-writer";

if (!parentPort) throw new Error("worker.ts must run in a worker thread");
const port = parentPort;
// Large outputs reach the host through shared memory, other media by transfer (output-arena.ts).
const { post, writer: arena } = workerEnd<FromRuntime>(port, (workerData as { arena: SharedArrayBuffer }).arena);

// Stack traces point into the user's .ts file, not the compiled code.
process.setSourceMapsEnabled(true);

installModuleHooks();

let iface: Interface<any, any> | undefined;
let root = "";
const runs = new WorkerRuns(post, (err) => toUserError(err, "fn", root), arena);

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

port.on("message", (msg: ToRuntime) => {
  if (isCommonMessage(msg)) return runs.common(msg, (id) => post({ type: "pong", id }), (ranges) => arena.release(ranges));
  switch (msg.type) {
    case "load":
      return loadModule(msg);
    case "run":
      return runs.run(msg.run, iface, msg.session, msg.values, msg.compact === true, "no interface is loaded", msg.slots, msg.paced === true);
    case "run-batch":
      return runs.runBatch(msg.runs, iface, "no interface is loaded", msg.slots);
  }
});
