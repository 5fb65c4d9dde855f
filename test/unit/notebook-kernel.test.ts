import * as assert from "node:assert/strict";
import * as ts from "typescript";
import type { OutputUpdate, UserError } from "../../src/protocol/messages";
import { Kernel } from "../../src/notebook/kernel";
import { typescriptTranspiler } from "../../src/runtime/transpile";
import { tempModules } from "../helpers/modules";
import { framesBeforeWaiting, HELD_FRAMES_FN } from "../helpers/held-frames";

describe("notebook kernel (cells in one scope, in a worker)", function () {
  this.timeout(20000);
  const kernels: Kernel[] = [];
  after(() => kernels.forEach((k) => k.dispose()));
  const start = (files: Record<string, string> = {}, timeout = 30) => {
    const folder = tempModules({ "placeholder.txt": "", ...files });
    const logged: string[] = [];
    const kernel = new Kernel({ folder, typescript: ts, transpile: typescriptTranspiler(require.resolve("typescript")), timeout, log: (t) => logged.push(t) });
    kernels.push(kernel);
    const cell = async (source: string) => {
      const printed: string[] = [];
      const result = await kernel.runCell(source, (stream, text) => printed.push(`${stream}:${text}`)).done;
      return { ...result, printed };
    };
    return { kernel, cell, logged };
  };

  it("keeps declarations for later cells; running a cell again redefines them; top-level await; the last expression is the value", async () => {
    const { cell } = start();
    assert.deepEqual((await cell(`const x: number = 2;\nlet { a, b = 3 } = { a: 1 };\nfunction twice(n: number) { return n * 2 }\nclass P { v = 5 }`)).value, undefined);
    assert.deepEqual((await cell(`twice(x) + a + b + new P().v`)).value, { text: "13" });
    assert.equal((await cell(`const x = 10;`)).error, undefined, "declaring x again is no error");
    assert.deepEqual((await cell(`x`)).value, { text: "10" });
    assert.deepEqual((await cell(`await new Promise((r) => setTimeout(r, 20));\nconst y = await Promise.resolve(x + 1);\ny`)).value, { text: "11" });
    assert.deepEqual((await cell(`"text as it is"`)).value, { text: "text as it is" });
  });

  it("imports workspace TypeScript files (beside the notebook) and the library; console output goes under the cell", async () => {
    const { cell } = start({
      "lib/math.ts": `export const triple = (n: number): number => n * 3;\nexport default "dflt";\n`,
      "node_modules/pad-it/package.json": `{"name":"pad-it","main":"index.js"}`,
      "node_modules/pad-it/index.js": `module.exports = (s, n) => String(s).padStart(n, "0");`,
    });
    await cell(`import dflt, { triple } from "./lib/math.js";\nimport * as li from "live-interface";\nimport pad from "pad-it";`);
    const r = await cell(`console.log("hello", 1 + 1);\nconsole.error("careful");\n[triple(2), dflt, typeof li.Interface, pad(7, 3)]`);
    assert.deepEqual(r.value, { text: "[ 6, 'dflt', 'function', '007' ]" });
    assert.deepEqual(r.printed, ["stdout:hello 2\n", "stderr:careful\n"]);
  });

  it("an error shows the cell's line, also for a function defined in an earlier cell", async () => {
    const { cell } = start();
    const thrown = await cell(`type T = { n: number };\ninterface U { m: string }\nconst o: T = { n: 1 };\nthrow new TypeError("bad " + o.n);`);
    assert.match(thrown.error!.message, /TypeError: bad 1/);
    assert.equal(thrown.error!.location, "Cell [1], line 4");
    await cell(`\n\nfunction boom(): never {\n  throw new Error("boom");\n}`);
    const later = await cell(`boom()`);
    assert.equal(later.error!.location, "Cell [2], line 4");
    const syntax = await cell(`const ok = 1;\nconst = 2;`);
    assert.equal(syntax.error!.location, "Cell [4], line 2");
  });

  it("interrupt ends a cell awaiting forever, keeping the scope; one that never awaits costs a restart", async () => {
    const { kernel, cell } = start();
    await cell(`const kept = 42;`);
    const waiting = cell(`await new Promise(() => {});`);
    setTimeout(() => kernel.interrupt(), 200);
    assert.equal((await waiting).interrupted, true);
    assert.deepEqual((await cell(`kept`)).value, { text: "42" });
    // A generator the cell iterates, itself waiting forever at its second step.
    const iterating = cell(`let steps = 0;\nfor await (const _ of (async function* () { yield 1; await new Promise(() => {}); })()) steps++;`);
    setTimeout(() => kernel.interrupt(), 200);
    assert.equal((await iterating).interrupted, true);
    assert.deepEqual((await cell(`[kept, steps]`)).value, { text: "[ 42, 1 ]" });
    const generation = kernel.generation;
    const looping = cell(`while (true) {}`);
    setTimeout(() => kernel.interrupt(), 200);
    const ended = await looping;
    assert.match(ended.error!.message, /kept the kernel busy/);
    assert.notEqual(kernel.generation, generation, "a new kernel generation");
    assert.match((await cell(`kept`)).error!.message, /kept is not defined/);
  });

  it("a cell's interface runs through its executor; restart makes it stale", async () => {
    const { kernel, cell } = start();
    const r = await cell(`import * as li from "live-interface";\nnew li.Interface({ fn: (n: number) => n * 2, inputs: "number", outputs: "number", title: "Doubler" })`);
    assert.ok(r.value && "interface" in r.value, JSON.stringify(r));
    const { id, config } = r.value.interface;
    assert.equal(config.title, "Doubler");
    const executor = kernel.executor(id);
    const run = (values: unknown[]) =>
      new Promise<{ outputs: OutputUpdate[]; error?: UserError }>((resolve) => {
        const outputs: OutputUpdate[] = [];
        executor.run("s1", values, { output: (u) => outputs.push(u), progress: () => {}, end: (e) => resolve({ outputs, error: e.error }) });
      });
    assert.deepEqual((await run([21])).outputs[0]!.values, [42]);
    // The same cell run again: its new interface replaces the old one, which the kernel lets go.
    const again = await kernel.runCell(`new li.Interface({ fn: (n: number) => n * 3, inputs: "number", outputs: "number" })`, () => {}, "the cell").done;
    const replaced = await kernel.runCell(`new li.Interface({ fn: (n: number) => n * 4, inputs: "number", outputs: "number" })`, () => {}, "the cell").done;
    assert.ok(again.value && "interface" in again.value && replaced.value && "interface" in replaced.value);
    assert.ok(!kernel.shown.has(again.value.interface.id) && kernel.shown.has(replaced.value.interface.id), "only the newer interface is kept");
    assert.ok(kernel.shown.has(id), "an interface another cell showed stays");
    let reloaded = false;
    executor.onReload(() => (reloaded = true));
    kernel.restart();
    assert.ok(reloaded, "sessions hear of the restart");
    assert.match((await run([1])).error!.message, /restarted/);
  });

  it("a run quiet for the run timeout: an awaiting fn's run is stopped, a looping fn's costs a restart", async () => {
    const { kernel, cell } = start({}, 1);
    const r = await cell(
      `import * as li from "live-interface";\nnew li.Interface({ fn: async (n: number) => { if (n === 1) await new Promise(() => {}); if (n === 2) for (;;); return n; }, inputs: "number", outputs: "number" })`,
    );
    assert.ok(r.value && "interface" in r.value, JSON.stringify(r));
    const executor = kernel.executor(r.value.interface.id);
    const run = (n: number) =>
      new Promise<{ outputs: OutputUpdate[]; error?: UserError }>((resolve) => {
        const outputs: OutputUpdate[] = [];
        executor.run("s1", [n], { output: (u) => outputs.push(u), progress: () => {}, end: (e) => resolve({ outputs, error: e.error }) });
      });
    const waiting = await run(1);
    assert.equal(waiting.error?.kind, "timeout");
    assert.match(waiting.error!.message, /produced nothing for 1 s/);
    assert.deepEqual((await run(5)).outputs[0]!.values, [5], "the kernel goes on: only that run was stopped");
    const restarted = new Promise<string>((resolve) => kernel.onRestart(resolve));
    const looping = await run(2);
    assert.match(looping.error!.message, /without returning \(an endless loop\?\)\. The kernel was restarted\./);
    assert.match(await restarted, /held the kernel for 1 s/);
    assert.deepEqual((await cell("1 + 1")).value, { text: "2" }, "the restarted kernel runs cells");
  });

  it("an inline interface's large outputs come through shared memory, intact, and the generator waits while they are held", async () => {
    const { kernel, cell } = start();
    const r = await cell(`import * as li from "live-interface";
new li.Interface({
  fn: ${HELD_FRAMES_FN},
  inputs: "number",
  outputs: new li.Image(),
})`);
    assert.ok(r.value && "interface" in r.value, JSON.stringify(r));
    const executor = kernel.executor(r.value.interface.id);
    const outputs: OutputUpdate[] = [];
    const ended = new Promise<UserError | undefined>((resolve) =>
      executor.run("s1", [24], { output: (u) => outputs.push(u), progress: () => {}, end: (e) => resolve(e.error) }),
    );
    const made = await framesBeforeWaiting(outputs, ended, 24);
    assert.ok(made >= 16 && made <= 20, `the generator waited for room after ${made} frames`);
    assert.equal(await ended, undefined);
  });
});
