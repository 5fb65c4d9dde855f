// The line in front of an executor that starts every run at once (a notebook's inline interfaces,
// li.serve(iface) in-process): at most `concurrency` run, the rest wait in order and hear their place.
import * as assert from "node:assert/strict";
import type { QueueStatus } from "../../src/protocol/messages";
import { takeInput, type Executor, type RunHandlers } from "../../src/runtime/executor";
import { inLine, limitsOf } from "../../src/runtime/in-line";
import { InProcessExecutor } from "../../src/runtime/in-process";
import * as li from "../../src/index";
import { until } from "../helpers/wait";

function startsAtOnce() {
  const started: { values: unknown[]; handlers: RunHandlers; aborted: boolean }[] = [];
  const inner: Executor = {
    config: { kind: "standard", live: false, inputs: [], outputs: [], examples: [], generator: false },
    loadError: undefined,
    ready: Promise.resolve(),
    run(_session, input, handlers) {
      const run = { values: takeInput(input).values, handlers, aborted: false };
      started.push(run);
      queueMicrotask(() => handlers.started?.());
      return { id: `i${started.length}`, abort: () => (run.aborted = true) };
    },
    closeSession() {},
    onReload: () => () => {},
    dispose: async () => {},
  };
  return { inner, started };
}

function call(executor: Executor, session: string, values: unknown[] | (() => { values: unknown[] })) {
  const places: QueueStatus[] = [];
  const result = { places, ended: undefined as { aborted?: boolean; error?: { message: string } } | undefined, handle: undefined as ReturnType<Executor["run"]> | undefined };
  result.handle = executor.run(session, values, { queued: (s) => places.push(s), output() {}, progress() {}, end: (o) => (result.ended = o) });
  return result;
}

describe("inLine: a line in front of an executor", () => {
  it("runs at most `concurrency` at once, the others in order, told their place; a waiting run reads its input when it starts", async () => {
    const { inner, started } = startsAtOnce();
    const line = inLine(inner, () => ({ concurrency: 1, maxSize: 2 }));
    const a = call(line, "a", ["a"]);
    let bValue = "b";
    const b = call(line, "b", () => ({ values: [bValue] }));
    const c = call(line, "c", ["c"]);
    const d = call(line, "d", ["d"]);
    await until("a started", () => started.length === 1);
    assert.match(d.ended?.error?.message ?? "", /queue is full \(2 waiting\)/, "beyond maxSize: refused at once");
    assert.equal(b.handle!.waiting!(), true);
    await until("b and c are told their place", () => b.places.length > 0 && c.places.length > 0);
    assert.deepEqual([b.places[0]!.position, c.places[0]!.position], [1, 2]);
    bValue = "b, newest";
    started[0]!.handlers.end({});
    await until("b started", () => started.length === 2);
    assert.deepEqual(started[1]!.values, ["b, newest"], "read when it started");
    assert.deepEqual(a.ended, {});
    c.handle!.abort(); // leaves the line
    assert.deepEqual(c.ended, { aborted: true });
    started[1]!.handlers.end({});
    await new Promise((r) => setImmediate(r));
    assert.equal(started.length, 2, "c left: nothing else runs");
  });

  it("closing a session takes its waiting runs out of the line", async () => {
    const { inner, started } = startsAtOnce();
    const line = inLine(inner, () => ({ concurrency: 1 }));
    call(line, "a", ["a"]);
    const b = call(line, "b", ["b"]);
    await until("a started", () => started.length === 1);
    line.closeSession("b");
    assert.deepEqual(b.ended, { aborted: true });
  });

  it("in-process (li.serve(iface)): a batch fn runs one caller's call as a batch of one, under the interface's limit", async () => {
    const iface = new li.Interface({ fn: (names) => names.map((n) => `${n}!`), inputs: "text", outputs: "text", batch: true, concurrencyLimit: 1 });
    const executor = new InProcessExecutor(iface);
    const line = inLine(executor, () => limitsOf(executor));
    const outputs: unknown[] = [];
    await new Promise<void>((resolve) => line.run("s", ["hi"], { output: (u) => outputs.push(u.values[0]), progress() {}, end: () => resolve() }));
    assert.deepEqual(outputs, ["hi!"]);
  });
});
