import * as assert from "node:assert/strict";
import type { RunHandle } from "../../src/runtime/executor";
import { LiveScheduler } from "../../src/runtime/scheduler";

/** A fake executor: runs end only when the test says so, and record their aborts. */
function harness() {
  const runs: { id: string; aborted: number; end: () => void; valuesAtStart: number }[] = [];
  let value = 0;
  const scheduler = new LiveScheduler((ended) => {
    const run = { id: `r${runs.length + 1}`, aborted: 0, end: ended, valuesAtStart: value };
    runs.push(run);
    return { id: run.id, abort: () => run.aborted++ } satisfies RunHandle;
  });
  const tick = () => new Promise((r) => setImmediate(r));
  return { runs, scheduler, tick, set: (v: number) => (value = v) };
}

describe("LiveScheduler (always-last)", () => {
  it("starts a run on the next turn when idle, coalescing changes that arrived together", async () => {
    const h = harness();
    h.scheduler.request();
    h.set(7);
    h.scheduler.request();
    assert.equal(h.runs.length, 0);
    await h.tick();
    assert.equal(h.runs.length, 1);
    assert.equal(h.runs[0]!.valuesAtStart, 7);
    assert.equal(h.scheduler.current?.id, "r1");
  });

  it("keeps one run in flight, aborts it on a newer change, and leaves exactly one pending run", async () => {
    const h = harness();
    h.scheduler.request();
    await h.tick();
    for (let i = 1; i <= 100; i++) {
      h.set(i);
      h.scheduler.request();
    }
    assert.equal(h.runs.length, 1, "no second run while one is in flight");
    assert.equal(h.runs[0]!.aborted, 1, "the in-flight run is aborted once, not once per change");
    h.runs[0]!.end();
    await h.tick();
    assert.equal(h.runs.length, 2, "exactly one pending run starts");
    assert.equal(h.runs[1]!.valuesAtStart, 100, "and it reads the newest values");
    h.runs[1]!.end();
    await h.tick();
    assert.equal(h.runs.length, 2, "nothing else was pending");
    assert.equal(h.scheduler.busy, false);
  });

  it("only the newest started run is current (a stale run's results are not shown)", async () => {
    const h = harness();
    h.scheduler.request();
    await h.tick();
    h.scheduler.request();
    const first = h.scheduler.current;
    h.runs[0]!.end();
    await h.tick();
    assert.notEqual(h.scheduler.current?.id, first?.id);
    assert.equal(h.scheduler.current?.id, "r2");
    h.runs[0]!.end(); // a late second end of an old run changes nothing
    await h.tick();
    assert.equal(h.scheduler.current?.id, "r2");
  });

  it("stop aborts the in-flight run and drops the pending one", async () => {
    const h = harness();
    h.scheduler.request();
    await h.tick();
    h.scheduler.request();
    h.scheduler.stop();
    h.runs[0]!.end();
    await h.tick();
    assert.equal(h.runs.length, 1);
    assert.equal(h.runs[0]!.aborted, 1);
    assert.equal(h.scheduler.busy, false);
  });

  it("stop before a scheduled run starts drops it", async () => {
    const h = harness();
    h.scheduler.request();
    h.scheduler.stop();
    await h.tick();
    assert.equal(h.runs.length, 0);
    h.scheduler.request();
    h.scheduler.stop();
    h.scheduler.request(); // a change right after Stop is not lost
    await h.tick();
    assert.equal(h.runs.length, 1);
    h.runs[0]!.end();
    await h.tick();
    h.scheduler.request();
    await h.tick();
    assert.equal(h.runs.length, 2, "the next request runs again");
  });

  it("a run that ends synchronously inside start still lets the next one start", async () => {
    let starts = 0;
    const s = new LiveScheduler((ended) => {
      starts++;
      ended();
      return { id: `r${starts}`, abort() {} };
    });
    s.request();
    await new Promise((r) => setImmediate(r));
    s.request();
    await new Promise((r) => setImmediate(r));
    assert.equal(starts, 2);
    assert.equal(s.busy, false);
  });
});
