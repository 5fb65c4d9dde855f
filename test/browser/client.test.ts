import * as assert from "node:assert/strict";
import { Client, RemoteError } from "../../src/client";
import { example, fixture, serveCli, type RunningServer } from "../helpers/serve";

describe("Client over a real server", function () {
  this.timeout(30000);
  let server: RunningServer;
  before(async () => (server = await serveCli([example("calculator.ts"), fixture("words.ts"), example("progress.ts")])));
  after(async () => server?.close());

  it("connect + predict returns fn's outputs", async () => {
    const client = await Client.connect(server.app("calculator"));
    assert.deepEqual(client.config.inputs.map((i) => i.label), ["a", "operation", "b"]);
    assert.equal(await client.predict(6, "multiply", 7), 42);
    client.close();
  });

  it("predict rejects with fn's error and where it was thrown", async () => {
    const client = await Client.connect(server.app("calculator"));
    await assert.rejects(client.predict(1, "divide", 0), (e: RemoteError) => e instanceof RemoteError && /Cannot divide by zero \(at calculator\.ts:\d+:\d+\)/.test(e.message));
    client.close();
  });

  it("submit iterates over a generator's outputs as they stream", async () => {
    const client = await Client.connect(server.app("words"));
    const seen: unknown[] = [];
    for await (const outputs of client.submit("live interfaces stream words", 5)) seen.push(outputs);
    assert.deepEqual(seen, [
      ["live ", 4],
      ["live interfaces ", 10],
      ["live interfaces stream ", 6],
      ["live interfaces stream words ", 5],
    ]);
    client.close();
  });

  it("a job's status follows fn's progress() calls, then says done", async () => {
    const client = await Client.connect(server.app("progress"));
    const job = client.submit(3);
    const seen: string[] = [];
    job.onStatus((s) => seen.push(s.progress ? `${s.progress.fraction?.toFixed(2)} ${s.progress.text}` : s.stage));
    const outputs = [];
    for await (const out of job) outputs.push(out);
    assert.deepEqual(outputs, ["Sum of squares 1..3 = 14"]);
    assert.deepEqual(seen, ["0.33 step 1 of 3", "0.67 step 2 of 3", "1.00 step 3 of 3", "done"]);
    assert.equal(job.status.stage, "done");
    client.close();
  });

  it("concurrent predicts each get their own answer", async () => {
    const client = await Client.connect(server.app("calculator"));
    const answers = await Promise.all([1, 2, 3, 4].map((n) => client.predict(n, "multiply", 10)));
    assert.deepEqual(answers, [10, 20, 30, 40]);
    client.close();
  });

  it("refuses to connect without the token", async () => {
    await assert.rejects(Client.connect(server.app("calculator").replace(/token=[\w-]+/, "token=nope")), /HTTP 401/);
  });
});
