import * as assert from "node:assert/strict";
import type { ComponentSpec, ComponentType } from "../../src/protocol/components";
import type { InterfaceConfig, ServerMessage, Wire } from "../../src/protocol/messages";
import { Session } from "../../src/runtime/session";
import { fakeExecutor } from "../helpers/fake-executor";

const tick = () => new Promise((r) => setImmediate(r));

// The session reads no props of these: left out.
const spec = (id: number, type: ComponentType = "textbox", value: Wire = "") => ({ id, type, label: `c${id}`, value, props: {} }) as ComponentSpec;

describe("Session", () => {
  it("sends the config, runs live on load, and forwards only the current run's messages", async () => {
    const { executor, runs } = fakeExecutor({ inputs: [spec(0)], outputs: [spec(1)] });
    const sent: ServerMessage[] = [];
    const session = new Session(executor, (m) => sent.push(m));
    await tick();
    await tick();
    assert.equal(sent[0]?.type, "config");
    assert.equal(runs.length, 1, "live: fn(initial values) runs on load");
    session.handle({ type: "input", changes: [[0, "new"]] });
    assert.equal(runs[0]!.aborted, true, "a newer change aborts the in-flight run");
    runs[0]!.handlers.output({ values: ["from first run"] });
    runs[0]!.handlers.end({ aborted: true });
    await tick();
    assert.equal(runs.length, 2);
    assert.deepEqual(runs[1]!.values, ["new"]);
    runs[0]!.handlers.output({ values: ["stale, after the newer run started"] });
    runs[1]!.handlers.output({ values: ["fresh"] });
    const outputs = sent.filter((m) => m.type === "output").map((m) => (m as { values: Wire[] }).values[0]);
    assert.deepEqual(outputs, ["from first run", "fresh"]);
    session.close();
  });

  it("Stop: what the stopped run still produces is not shown, and its end reads as aborted", async () => {
    const { executor, runs } = fakeExecutor({ live: false, inputs: [spec(0)], outputs: [spec(1)] });
    const sent: ServerMessage[] = [];
    const session = new Session(executor, (m) => sent.push(m));
    await tick();
    session.handle({ type: "submit" });
    await tick();
    session.handle({ type: "stop" });
    assert.equal(runs[0]!.aborted, true);
    runs[0]!.handlers.output({ values: ["ignored the signal"] });
    runs[0]!.handlers.end({});
    assert.equal(sent.filter((m) => m.type === "output").length, 0);
    assert.deepEqual(sent.at(-1), { type: "run-end", run: "r1", aborted: true });
  });

  it("refuses malformed messages and unknown inputs without changing anything", async () => {
    const { executor, runs } = fakeExecutor({ live: false, inputs: [spec(0)], outputs: [spec(1)] });
    const sent: ServerMessage[] = [];
    const session = new Session(executor, (m) => sent.push(m));
    await tick();
    session.handle({ type: "input", changes: [[5, "x"]] });
    session.handle({ type: "input", changes: "x" });
    session.handle(null);
    const errors = sent.filter((m) => m.type === "error");
    assert.equal(errors.length, 3);
    session.handle({ type: "submit" });
    await tick();
    assert.deepEqual(runs[0]!.values, [""], "the values are as they were");
  });

  it("unified: fn's result becomes the next run's input", async () => {
    const { executor, runs } = fakeExecutor({ kind: "unified", live: false, inputs: [spec(0, "textbox", "a")], outputs: [spec(0, "textbox", "a")] });
    const session = new Session(executor, () => {});
    await tick();
    session.handle({ type: "submit" });
    await tick();
    runs[0]!.handlers.output({ values: ["tidied"] });
    runs[0]!.handlers.end({});
    await tick();
    session.handle({ type: "submit" });
    await tick();
    assert.deepEqual(runs[1]!.values, ["tidied"]);
  });
});
