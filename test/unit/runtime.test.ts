import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { OutputUpdate, UserError } from "../../src/protocol/messages";
import { Supervisor } from "../../src/runtime/supervisor";
import { typescriptTranspiler } from "../../src/runtime/transpile";
import { tempModules } from "../helpers/modules";

/** Runs once and collects everything the run reports. */
function runOnce(s: Supervisor, values: unknown[], session = "s1") {
  const outputs: OutputUpdate[] = [];
  const progress: (number | null)[] = [];
  let abort = () => {};
  const ended = new Promise<{ error?: UserError; aborted?: boolean }>((resolve) => {
    abort = s.run(session, values, { output: (u) => outputs.push(u), progress: (f) => progress.push(f), end: resolve }).abort;
  });
  return { outputs, progress, ended, abort: () => abort() };
}

const HEADER = `import * as li from "live-interface";\n`;

describe("isolated runtime (supervisor + worker)", function () {
  this.timeout(20000);
  const supervisors: Supervisor[] = [];
  const start = (file: string, timeout?: number) => {
    const s = new Supervisor(file, { timeout });
    supervisors.push(s);
    return s;
  };
  after(async () => Promise.all(supervisors.map((s) => s.dispose())));

  it("loads a TypeScript module outside the repo: live-interface, relative imports and installed packages resolve", async () => {
    const dir = tempModules({
      "app.ts": `${HEADER}import { double } from "./lib/math";\nimport pad from "left-pad-ish";\n` +
        `export default new li.Interface({ fn: (n: number) => pad(String(double(n)), 4), inputs: "number", outputs: "text" });\n`,
      "lib/math.ts": `export const double = (n: number): number => n * 2;\n`,
      "node_modules/left-pad-ish/package.json": `{"name":"left-pad-ish","main":"index.js"}`,
      "node_modules/left-pad-ish/index.js": `module.exports = (s, n) => s.padStart(n, "0");`,
    });
    const s = start(path.join(dir, "app.ts"));
    await s.ready;
    assert.equal(s.loadError, undefined);
    assert.equal(s.config?.inputs[0]?.type, "number");
    const r = runOnce(s, [21]);
    assert.deepEqual(await r.ended, {});
    assert.deepEqual(r.outputs, [{ values: ["0042"], append: undefined }]);
    assert.ok(s.files.some((f) => f.endsWith(path.join("lib", "math.ts"))), "relative imports are listed for watching");
  });

  it("a syntax error gives a clear load error at the user's file:line", async () => {
    const dir = tempModules({ "broken.ts": `${HEADER}\nexport default new li.Interface({ fn: (x: number) => x +, inputs: "number" });\n` });
    const s = start(path.join(dir, "broken.ts"));
    await s.ready;
    assert.equal(s.config, undefined);
    assert.match(s.loadError!.message, /broken\.ts does not compile/);
    assert.match(s.loadError!.location!, /^broken\.ts:3:\d+$/);
  });

  it("a module without an exported Interface says what to export", async () => {
    const dir = tempModules({ "none.ts": `export const answer = 42;\n` });
    const s = start(path.join(dir, "none.ts"));
    await s.ready;
    assert.match(s.loadError!.message, /does not export an Interface.*export default new li\.Interface.*It exports: answer/s);
  });

  it("a module that throws while loading reports where", async () => {
    const dir = tempModules({ "throws.ts": `${HEADER}\n\nthrow new Error("config missing");\n` });
    const s = start(path.join(dir, "throws.ts"));
    await s.ready;
    assert.match(s.loadError!.message, /config missing/);
    assert.equal(s.loadError!.location, "throws.ts:4:7");
  });

  it("a throwing fn reports its message at the user's file:line, and the next run works", async () => {
    const dir = tempModules({
      "calc.ts": `${HEADER}export default new li.Interface({\n  fn: (b: number) => {\n    if (b === 0) throw new RangeError("divide by zero");\n    return 10 / b;\n  },\n  inputs: "number", outputs: "number" });\n`,
    });
    const s = start(path.join(dir, "calc.ts"));
    const bad = await runOnce(s, [0]).ended;
    assert.equal(bad.error?.message, "RangeError: divide by zero");
    assert.equal(bad.error?.location, "calc.ts:4:24");
    assert.match(bad.error!.stack!, /calc\.ts:4:24/);
    assert.doesNotMatch(bad.error!.stack!, /worker\.js|node:internal/, "only the user's frames");
    const good = runOnce(s, [4]);
    assert.deepEqual(await good.ended, {});
    assert.equal(good.outputs[0]?.values[0], 2.5);
  });

  it("error locations stay source-mapped after garbage collection", async () => {
    const dir = tempModules({
      "gc.ts": `${HEADER}import * as v8 from "node:v8";\nimport * as vm from "node:vm";\n` +
        `v8.setFlagsFromString("--expose-gc");\nconst gc = vm.runInNewContext("gc") as () => void;\n` +
        `export default new li.Interface({\n  fn: (n: number) => {\n    gc();\n    throw new Error("after gc " + n);\n  },\n  inputs: "number", outputs: "number" });\n`,
    });
    const s = start(path.join(dir, "gc.ts"));
    for (const n of [1, 2]) {
      const r = await runOnce(s, [n]).ended;
      assert.equal(r.error?.message, `after gc ${n}`);
      assert.equal(r.error?.location, "gc.ts:9:11");
    }
  });

  it("a fn stuck in a loop is cut after the timeout by restarting the runtime; the next run works", async () => {
    const dir = tempModules({
      "loop.ts": `${HEADER}export default new li.Interface({ fn: (s: string) => { while (s === "loop") {} return s.toUpperCase(); }, inputs: "text", outputs: "text" });\n`,
    });
    const s = start(path.join(dir, "loop.ts"), 0.5);
    const t0 = Date.now();
    const stuck = await runOnce(s, ["loop"]).ended;
    assert.equal(stuck.error?.kind, "timeout");
    assert.match(stuck.error!.message, /longer than 0\.5 s .*restarted/);
    assert.ok(Date.now() - t0 < 5000, "cut within a few seconds");
    const next = runOnce(s, ["ok"]);
    assert.deepEqual(await next.ended, {});
    assert.equal(next.outputs[0]?.values[0], "OK");
  });

  it("one session's endless loop does not stall the others: their runs move to a fresh runtime at once", async () => {
    const dir = tempModules({
      "spin.ts": `${HEADER}export default new li.Interface({ fn: (s: string) => { if (s === "loop") for (;;) {} return s.toUpperCase(); }, inputs: "text", outputs: "text" });\n`,
    });
    const s = start(path.join(dir, "spin.ts"), 4);
    await s.ready;
    const t0 = Date.now();
    const looping = runOnce(s, ["loop"], "a");
    let loopEnded = false;
    void looping.ended.then(() => (loopEnded = true));
    // b's run is sent after a's, to the same runtime, which is stuck in a's loop from then on.
    const other = runOnce(s, ["b"], "b");
    assert.deepEqual(await other.ended, {});
    assert.equal(other.outputs[0]?.values[0], "B");
    const waited = Date.now() - t0;
    assert.ok(!loopEnded, "session b was answered while a's loop still ran (before its 4 s timeout cut it)");
    // Session b keeps being served while a still loops.
    const again = runOnce(s, ["c"], "b");
    await again.ended;
    assert.equal(again.outputs[0]?.values[0], "C");
    const cut = await looping.ended;
    assert.match(cut.error!.message, /ran longer than 4 s without returning/);
    console.log(`      session b answered after ${waited} ms while session a looped; a was cut after ${Date.now() - t0} ms`);
    const after = runOnce(s, ["d"], "a");
    await after.ended;
    assert.equal(after.outputs[0]?.values[0], "D", "the looping session works again");
  });

  it("a long queue of short runs from many sessions stays on its worker (busy is not blocked)", async () => {
    const dir = tempModules({
      "busy.ts": `${HEADER}let n = 0;\nexport default new li.Interface({ fn: (s: string) => { const end = Date.now() + 40; while (Date.now() < end) {} return String(++n); }, inputs: "text", outputs: "text" });\n`,
    });
    const s = start(path.join(dir, "busy.ts"));
    await s.ready;
    // 30 runs of 40 ms: the queue holds the thread for 1.2 s, but a run starts every 40 ms.
    const runs = Array.from({ length: 30 }, (_, i) => runOnce(s, ["x"], `s${i}`));
    await Promise.all(runs.map((r) => r.ended));
    const counts = runs.map((r) => Number(r.outputs[0]?.values[0])).sort((a, b) => a - b);
    assert.deepEqual(counts, Array.from({ length: 30 }, (_, i) => i + 1), "one worker counted every run: no hand-over");
  });

  it("session.onClose runs fn's cleanup when the session ends", async () => {
    const dir = tempModules({
      "closer.ts": `${HEADER}import * as fs from "node:fs";\nexport default new li.Interface({ fn: (s: string, { session }) => { session.onClose(() => fs.writeFileSync(s, session.id)); return s; }, inputs: "text", outputs: "text" });\n`,
    });
    const marker = path.join(dir, "closed.txt");
    const s = start(path.join(dir, "closer.ts"));
    await runOnce(s, [marker], "the-session").ended;
    assert.equal(fs.existsSync(marker), false, "not before the session ends");
    s.closeSession("the-session");
    const end = Date.now() + 5000;
    while (!fs.existsSync(marker) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.equal(fs.readFileSync(marker, "utf8"), "the-session");
  });

  it("a fn waiting forever (not blocking) is aborted without a restart", async () => {
    const dir = tempModules({
      "wait.ts": `${HEADER}let calls = 0;\nexport default new li.Interface({ fn: async (s: string) => { calls++; if (s === "wait") await new Promise(() => {}); return String(calls); }, inputs: "text", outputs: "text" });\n`,
    });
    const s = start(path.join(dir, "wait.ts"), 0.5);
    const stuck = await runOnce(s, ["wait"]).ended;
    assert.match(stuck.error!.message, /produced nothing for 0\.5 s/);
    const next = runOnce(s, ["go"]);
    await next.ended;
    assert.equal(next.outputs[0]?.values[0], "2", "the same runtime kept its module state");
  });

  it("process.exit in fn restarts the runtime and ends the run with an error", async () => {
    const dir = tempModules({ "exit.ts": `${HEADER}export default new li.Interface({ fn: (s: string) => { if (s === "exit") process.exit(3); return s; }, inputs: "text", outputs: "text" });\n` });
    const s = start(path.join(dir, "exit.ts"));
    const r = await runOnce(s, ["exit"]).ended;
    assert.match(r.error!.message, /exited with code 3/);
    const next = runOnce(s, ["back"]);
    await next.ended;
    assert.equal(next.outputs[0]?.values[0], "back");
  });

  it("a fn that eats all memory ends its runtime, not the host: restarted, the run told why, the next run works", async () => {
    const dir = tempModules({
      "hog.ts": `${HEADER}const keep: number[][] = [];
export default new li.Interface({ fn: (s: string) => { if (s === "hog") for (;;) keep.push(new Array(100000).fill(1)); return s; }, inputs: "text", outputs: "text" });
`,
    });
    const s = new Supervisor(path.join(dir, "hog.ts"), { memoryLimitMb: 64 });
    supervisors.push(s);
    const r = await runOnce(s, ["hog"]).ended;
    assert.match(r.error!.message, /ran out of memory \(the runtime may use 64 MB\)/);
    const next = runOnce(s, ["back"]);
    await next.ended;
    assert.equal(next.outputs[0]?.values[0], "back");
  });

  it("abort fires the in-flight run's signal", async () => {
    const dir = tempModules({
      "abort.ts": `${HEADER}export default new li.Interface({ fn: async (s: string, { signal }) => { await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))); return s; }, inputs: "text", outputs: "text" });\n`,
    });
    const s = start(path.join(dir, "abort.ts"));
    await s.ready;
    const r = runOnce(s, ["x"]);
    setTimeout(() => r.abort(), 50);
    assert.deepEqual(await r.ended, { aborted: true });
  });

  it("generators stream each yield; text yields after the first are appended; progress is reported", async () => {
    const dir = tempModules({
      "gen.ts": `${HEADER}export default new li.Interface({ fn: async function* (n: number, { progress }) { for (let i = 0; i < n; i++) { progress((i + 1) / n); yield [\`w\${i} \`, i]; } }, inputs: "number", outputs: ["text", "number"] });\n`,
    });
    const s = start(path.join(dir, "gen.ts"));
    const r = runOnce(s, [3]);
    await r.ended;
    assert.deepEqual(r.outputs, [
      { values: ["w0 ", 0], append: undefined },
      { values: ["w1 ", 1], append: [true, false] },
      { values: ["w2 ", 2], append: [true, false] },
    ]);
    assert.deepEqual(r.progress, [1 / 3, 2 / 3, 1]);
  });

  it("State is kept per session", async () => {
    const dir = tempModules({
      "count.ts": `${HEADER}const count = new li.State({ value: 0 });\nexport default new li.Interface({ fn: (s: string, n: number) => [\`\${s}:\${n + 1}\`, n + 1], inputs: ["text", count], outputs: ["text", count] });\n`,
    });
    const s = start(path.join(dir, "count.ts"));
    const texts: unknown[] = [];
    for (const session of ["a", "a", "b"]) {
      const r = runOnce(s, ["x", null], session);
      await r.ended;
      texts.push(r.outputs[0]?.values[0]);
    }
    assert.deepEqual(texts, ["x:1", "x:2", "x:1"]);
  });

  it("reload picks up a changed module", async () => {
    const dir = tempModules({ "v.ts": `${HEADER}export default new li.Interface({ fn: () => "one", outputs: "text" });\n` });
    const s = start(path.join(dir, "v.ts"));
    await s.ready;
    require("node:fs").writeFileSync(path.join(dir, "v.ts"), `${HEADER}export default new li.Interface({ fn: () => "two", outputs: "text", title: "v2" });\n`);
    await s.reload();
    assert.equal(s.config?.title, "v2");
    const r = runOnce(s, []);
    await r.ended;
    assert.equal(r.outputs[0]?.values[0], "two");
  });
});

describe("isolated runtime with TypeScript's transpiler (as in VS Code, where esbuild is not shipped)", function () {
  this.timeout(20000);
  const supervisors: Supervisor[] = [];
  const transpile = typescriptTranspiler(require.resolve("typescript"));
  const start = (file: string) => {
    const s = new Supervisor(file, { transpile });
    supervisors.push(s);
    return s;
  };
  after(async () => Promise.all(supervisors.map((s) => s.dispose())));

  it("loads the module and its imports (\"./x.js\" naming x.ts, as NodeNext code writes it)", async () => {
    const dir = tempModules({
      "app.ts": `${HEADER}import { double } from "./lib/math.js";\nexport default new li.Interface({ fn: (n: number) => double(n), inputs: "number", outputs: "number" });\n`,
      "lib/math.ts": `export const double = (n: number): number => {\n  if (n < 0) throw new Error("negative");\n  return n * 2;\n};\n`,
    });
    const s = start(path.join(dir, "app.ts"));
    const ok = runOnce(s, [21]);
    assert.deepEqual(await ok.ended, {});
    assert.equal(ok.outputs[0]?.values[0], 42);
    const bad = await runOnce(s, [-1]).ended;
    assert.equal(bad.error?.location, path.join("lib", "math.ts") + ":2:20");
  });

  it("reports a syntax error at the user's file:line", async () => {
    const dir = tempModules({ "broken.ts": `${HEADER}\nexport default new li.Interface({ fn: (x: number) => x +, inputs: "number" });\n` });
    const s = start(path.join(dir, "broken.ts"));
    await s.ready;
    assert.match(s.loadError!.message, /broken\.ts does not compile/);
    assert.match(s.loadError!.location!, /^broken\.ts:3:\d+$/);
  });
});
