import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { OutputUpdate, QueueStatus, UserError } from "../../src/protocol/messages";
import type { RunHandlers, TakenInput } from "../../src/runtime/executor";
import { until } from "../helpers/wait";
import { Supervisor } from "../../src/runtime/supervisor";
import { typescriptTranspiler } from "../../src/runtime/transpile";
import { tempModules } from "../helpers/modules";

/** Runs once and collects everything the run reports. */
function runOnce(s: Supervisor, values: unknown[] | (() => TakenInput), session = "s1") {
  const outputs: OutputUpdate[] = [];
  const progress: (number | null)[] = [];
  const places: QueueStatus[] = [];
  const at: { started?: number; ended?: number } = {};
  let abort = () => {};
  const ended = new Promise<{ error?: UserError; aborted?: boolean }>((resolve) => {
    const handlers: RunHandlers = {
      queued: (status) => places.push(status),
      started: () => (at.started = Date.now()),
      output: (u) => outputs.push(u),
      progress: (f) => progress.push(f),
      end: (outcome) => ((at.ended = Date.now()), resolve(outcome)),
    };
    abort = s.run(session, values, handlers).abort;
  });
  return { outputs, progress, places, at, ended, abort: () => abort() };
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

  it("li.serve inside a served module does nothing (the module is served already)", async () => {
    const dir = tempModules({
      "self-serving.ts": `${HEADER}const iface = new li.Interface({ fn: (s: string) => s + "!", inputs: "text", outputs: "text" });\nvoid li.serve(iface).then((server) => { if (server !== undefined) throw new Error("served twice"); });\nexport default iface;\n`,
    });
    const s = start(path.join(dir, "self-serving.ts"));
    const r = runOnce(s, ["hi"]);
    assert.deepEqual(await r.ended, {});
    assert.equal(r.outputs[0]?.values[0], "hi!");
    assert.equal(s.loadError, undefined);
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

  it("concurrencyLimit 2: one session's endless loop does not stall the others; the loop is cut and only its runtime replaced", async () => {
    const dir = tempModules({
      "spin.ts": `${HEADER}export default new li.Interface({ fn: (s: string) => { if (s === "loop") for (;;) {} return s.toUpperCase(); }, inputs: "text", outputs: "text", concurrencyLimit: 2 });\n`,
    });
    const s = start(path.join(dir, "spin.ts"), 4);
    await s.ready;
    assert.equal(s.threads, 1, "one thread until a second run needs one");
    const t0 = Date.now();
    const looping = runOnce(s, ["loop"], "a");
    let loopEnded = false;
    void looping.ended.then(() => (loopEnded = true));
    const other = runOnce(s, ["b"], "b");
    assert.deepEqual(await other.ended, {});
    assert.equal(other.outputs[0]?.values[0], "B");
    const waited = Date.now() - t0;
    assert.ok(!loopEnded, "session b was answered on a second thread while a's loop still ran (before its 4 s timeout cut it)");
    assert.equal(s.threads, 2);
    const again = runOnce(s, ["c"], "b");
    await again.ended;
    assert.equal(again.outputs[0]?.values[0], "C", "and keeps being served");
    const cut = await looping.ended;
    assert.match(cut.error!.message, /ran longer than 4 s without returning/);
    console.log(`      session b answered after ${waited} ms while session a looped; a was cut after ${Date.now() - t0} ms`);
    const after = runOnce(s, ["d"], "a");
    await after.ended;
    assert.equal(after.outputs[0]?.values[0], "D", "the looping session works again");
    assert.ok(s.threads <= 2, `never more threads than the limit (${s.threads})`);
  });

  it("concurrencyLimit 1 (the default): every session's runs wait in one line, first come first served, each told its place", async () => {
    const dir = tempModules({
      "line.ts": `${HEADER}let n = 0;\nexport default new li.Interface({ fn: (s: string) => { const end = Date.now() + 200; while (Date.now() < end) {} return \`\${++n} \${s}\`; }, inputs: "text", outputs: "text" });\n`,
    });
    const s = start(path.join(dir, "line.ts"));
    await s.ready;
    const runs = Array.from({ length: 5 }, (_, i) => runOnce(s, [`s${i}`], `s${i}`));
    await Promise.all(runs.map((r) => r.ended));
    assert.deepEqual(runs.map((r) => r.outputs[0]?.values[0]), ["1 s0", "2 s1", "3 s2", "4 s3", "5 s4"], "one at a time, in arrival order");
    for (let i = 1; i < 5; i++) assert.ok(runs[i]!.at.started! >= runs[i - 1]!.at.ended!, `run ${i} started after run ${i - 1} ended`);
    assert.deepEqual(runs[0]!.places, [], "the first never waited");
    const last = runs[4]!.places;
    assert.ok(last.length >= 2, `the last was told its place as it moved up: ${JSON.stringify(last)}`);
    assert.deepEqual(last[0] && [last[0].position, last[0].size], [4, 4], "4th of 4 waiting");
    assert.ok(last.every((p, i) => i === 0 || p.position < last[i - 1]!.position), "its place only moves up");
    assert.ok(last.some((p) => p.eta !== undefined && p.eta > 0), `an estimate once a run has ended: ${JSON.stringify(last)}`);
    assert.equal(s.threads, 1, "one thread: no second one started behind the user's back");
  });

  it("a stuck run holds the only place to run until its timeout cuts it; then the line goes on", async () => {
    const dir = tempModules({
      "spin1.ts": `${HEADER}export default new li.Interface({ fn: (s: string) => { if (s === "loop") for (;;) {} return s.toUpperCase(); }, inputs: "text", outputs: "text" });\n`,
    });
    const s = start(path.join(dir, "spin1.ts"), 2);
    await s.ready;
    const looping = runOnce(s, ["loop"], "a");
    const waiting = runOnce(s, ["b"], "b");
    const cut = await looping.ended;
    assert.match(cut.error!.message, /ran longer than 2 s/);
    assert.equal(waiting.at.started, undefined, "b had not started while a held the place");
    assert.deepEqual(await waiting.ended, {});
    assert.equal(waiting.outputs[0]?.values[0], "B");
    assert.ok(waiting.places.length > 0, "b was told it waits");
  });

  it("maxQueueSize: a run beyond it is refused at once with the reason; leaving the line lets the next move up", async () => {
    const dir = tempModules({
      "full.ts": `${HEADER}export default new li.Interface({ fn: async (s: string) => { await new Promise((r) => setTimeout(r, s === "slow" ? 800 : 10)); return s; }, inputs: "text", outputs: "text", maxQueueSize: 2 });\n`,
    });
    const s = start(path.join(dir, "full.ts"));
    await s.ready;
    const running = runOnce(s, ["slow"], "a");
    await until("a runs", () => running.at.started !== undefined);
    const second = runOnce(s, ["b"], "b");
    const third = runOnce(s, ["c"], "c");
    const refused = runOnce(s, ["d"], "d");
    const outcome = await refused.ended;
    assert.equal(outcome.error?.kind, "queue");
    assert.match(outcome.error!.message, /queue is full \(2 waiting\)/);
    assert.equal(running.at.ended, undefined, "the others are not disturbed");
    second.abort(); // b leaves the line (closed its page)
    assert.deepEqual(await second.ended, { aborted: true });
    assert.equal(second.at.started, undefined, "it never ran");
    const fifth = runOnce(s, ["e"], "e");
    assert.deepEqual(await Promise.all([running.ended, third.ended, fifth.ended]), [{}, {}, {}], "its place went to the next caller");
    assert.deepEqual([third.outputs[0]?.values[0], fifth.outputs[0]?.values[0]], ["c", "e"]);
  });

  it("a waiting run reads its input when its turn comes (a newer value needs no new run); closing a session takes its runs out of the line", async () => {
    const dir = tempModules({
      "echo.ts": `${HEADER}export default new li.Interface({ fn: async (s: string) => { await new Promise((r) => setTimeout(r, s === "slow" ? 400 : 1)); return s; }, inputs: "text", outputs: "text" });\n`,
    });
    const s = start(path.join(dir, "echo.ts"));
    await s.ready;
    const first = runOnce(s, ["slow"], "a");
    let value = "typed";
    let reads = 0;
    const behind = runOnce(s, () => ((reads++), { values: [value] }), "b");
    const gone = runOnce(s, ["never"], "c");
    await until("a runs", () => first.at.started !== undefined);
    value = "typed more"; // while b waits
    s.closeSession("c");
    assert.deepEqual(await gone.ended, { aborted: true }, "c's page closed: out of the line at once");
    await behind.ended;
    assert.equal(reads, 1);
    assert.equal(behind.outputs[0]?.values[0], "typed more", "b ran with the value it had when its turn came");
  });

  it("workers 1 with concurrencyLimit 3: an async fn runs three calls at once in one thread", async () => {
    const dir = tempModules({
      "io.ts": `${HEADER}let now = 0, most = 0;\nexport default new li.Interface({ fn: async (s: string) => { most = Math.max(most, ++now); await new Promise((r) => setTimeout(r, 150)); now--; return String(most); }, inputs: "text", outputs: "text", concurrencyLimit: 3, workers: 1 });\n`,
    });
    const s = start(path.join(dir, "io.ts"));
    await s.ready;
    const runs = Array.from({ length: 6 }, (_, i) => runOnce(s, ["x"], `s${i}`));
    await Promise.all(runs.map((r) => r.ended));
    assert.equal(Math.max(...runs.map((r) => Number(r.outputs[0]?.values[0]))), 3, "three at once, never more");
    assert.equal(s.threads, 1);
  });

  it("batch: fn gets arrays of the waiting runs' inputs and returns arrays of outputs; each caller gets its own", async () => {
    const dir = tempModules({
      "batch.ts": `${HEADER}const sizes: number[] = [];\nexport default new li.Interface({ fn: async (names: string[], times: number[]) => { sizes.push(names.length); await new Promise((r) => setTimeout(r, 100)); return [names.map((n) => n.toUpperCase()), times.map((t) => t * 2), names.map(() => sizes.join(","))]; }, inputs: ["text", "number"], outputs: ["text", "number", "text"], batch: true, maxBatchSize: 3 });\n`,
    });
    const s = start(path.join(dir, "batch.ts"));
    await s.ready;
    const runs = Array.from({ length: 7 }, (_, i) => runOnce(s, [`n${i}`, i], `s${i}`));
    const ends = await Promise.all(runs.map((r) => r.ended));
    assert.deepEqual(ends, runs.map(() => ({})));
    assert.deepEqual(runs.map((r) => r.outputs.at(-1)?.values.slice(0, 2)), runs.map((_, i) => [`N${i}`, i * 2]), "each caller gets its own row");
    const sizes = String(runs[6]!.outputs.at(-1)?.values[2]).split(",").map(Number);
    assert.deepEqual(sizes, [1, 3, 3], "the first alone (nobody waited), then batches of up to 3");
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
