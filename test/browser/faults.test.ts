// Faults survived and bad input refused (issue 7), against the real server (`live-interface serve`
// as a child process) over real WebSockets on 127.0.0.1, with the module in its real worker runtime.
import * as assert from "node:assert/strict";
import { encodeFrame } from "../../src/protocol/framing";
import type { ClientMessage, ServerMessage } from "../../src/protocol/messages";
import { until } from "../helpers/browser";
import { rssMb } from "../helpers/process";
import { fixture, serveCli, type RunningServer } from "../helpers/serve";
import { connectWs, isType, type WsClient } from "../helpers/ws-client";

/** Sends one input and waits for the run it starts to end. */
async function runWith(c: WsClient, value: string) {
  const since = c.received.length;
  c.send({ type: "input", changes: [[0, value]] });
  const end = await c.next(isType("run-end"), 20000, since);
  const output = c.received.slice(since).find((m): m is Extract<ServerMessage, { type: "output" }> => m.type === "output" && m.run === end.run);
  return { end, output };
}

describe("faults survived and bad input refused (real server, real sockets)", function () {
  this.timeout(120000);
  let server: RunningServer;
  before(async () => {
    server = await serveCli([fixture("misbehave.ts"), fixture("counter.ts"), fixture("frames-rate.ts")]);
  });
  after(async () => server?.close());

  it("a fn that throws, rejects, returns the wrong shape or type, 100 times in a row: each an error, then the next run works", async () => {
    const c = await connectWs(server.url, "misbehave");
    await c.next(isType("run-end"), 20000, 0); // the run on load
    const expect: Record<string, RegExp> = {
      throw: /thrown on request \(throw \d+\)/,
      reject: /rejected on request \(reject \d+\)/,
      shape: /must return an array of 2 values \(one per output\), got 1 value$/,
      type: /number/i,
    };
    const kinds = Object.keys(expect);
    for (let i = 0; i < 100; i++) {
      const kind = kinds[i % kinds.length]!;
      const { end, output } = await runWith(c, `${kind} ${i}`);
      assert.ok(end.error, `run ${i} (${kind}) ends with an error`);
      assert.match(end.error.message, expect[kind]!, `run ${i} (${kind}): ${end.error.message}`);
      assert.equal(output, undefined, "no half output shown for a failed run");
      if (kind === "throw") assert.match(end.error.location ?? "", /misbehave\.ts:\d+/, "where in the user's file");
    }
    const { end, output } = await runWith(c, "fine");
    assert.equal(end.error, undefined);
    assert.deepEqual(output?.values, [4, "fine"]);
    c.close();
  });

  it("10,000 malformed, truncated, invalid or out-of-place messages: each refused with an error, the connection and memory unchanged", async () => {
    const c = await connectWs(server.url, "misbehave");
    await c.next(isType("run-end"), 20000, 0);
    const valid = encodeFrame({ type: "input", changes: [[0, "x".repeat(50)]], pad: new Uint8Array(64) });
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    const bad: (Buffer | string | ClientMessage)[] = [];
    for (let i = 0; i < 2000; i++) bad.push(Buffer.from(Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256)))); // noise
    for (let i = 0; i < 2000; i++) bad.push(Buffer.from(valid.subarray(0, 1 + Math.floor(random() * (valid.length - 2))))); // truncated frames
    for (let i = 0; i < 2000; i++) bad.push(["{", "[1,2", "42", "null", '"text"', "{}", '{"type":"input"'][i % 7]!); // not JSON messages
    const invalid = [{ type: "delete-everything" }, { type: "input", changes: 5 }, { type: "input", changes: [[0]] }, { type: "stream", index: "0", value: {} }, { type: "call", id: 1, values: null }];
    for (let i = 0; i < 2000; i++) bad.push(invalid[i % invalid.length] as unknown as ClientMessage); // wrong fields
    const misplaced: ClientMessage[] = [{ type: "input", changes: [[9, "x"]] }, { type: "stream", index: 0, value: { width: 1, height: 1, data: new Uint8ClampedArray(4) } }, { type: "input", changes: [[-1, "x"]] }];
    for (let i = 0; i < 2000; i++) bad.push(misplaced[i % misplaced.length]!); // valid shape, wrong place
    const send = (m: (typeof bad)[number]) => (typeof m === "string" || Buffer.isBuffer(m) ? c.ws.send(m, { binary: Buffer.isBuffer(m) }) : c.send(m));
    const errors = () => c.received.filter((m) => m.type === "error").length;

    for (const m of bad.slice(0, 1000)) send(m); // warm-up: the first messages allocate what later ones reuse
    await until("1,000 refusals", async () => errors() >= 1000, 30000);
    const before = rssMb(server.process.pid!);
    for (const m of bad.slice(1000)) send(m);
    await until("10,000 refusals", async () => errors() >= bad.length, 30000);
    const after = rssMb(server.process.pid!);
    console.log(`      server RSS: ${before.toFixed(1)} MB after 1,000 bad messages, ${after.toFixed(1)} MB after 10,000`);
    assert.ok(after - before < 20, `memory flat (${(after - before).toFixed(1)} MB more)`);
    const { end, output } = await runWith(c, "still here");
    assert.equal(end.error, undefined);
    assert.deepEqual(output?.values, [10, "still here"]);
    // The server answers a socket's messages in order: with the run of an input sent after them
    // ended, any further error for the bad ones would have come before it.
    assert.equal(errors(), bad.length, "one error per message, no more");
    const texts = c.received.filter(isType("error")).map((m) => m.error.message);
    assert.ok(texts.every((t) => /^Refused/.test(t)), `each says it was refused: ${[...new Set(texts.map((t) => t.slice(0, 60)))].slice(0, 8).join(" | ")}`);

    // Over the size cap (32 MiB): the socket is closed with 1009 (too big) before the message is read.
    const code = await new Promise<number>((resolve) => (c.ws.once("close", resolve), c.ws.send(Buffer.alloc(33 * 1024 * 1024))));
    assert.equal(code, 1009);
    const again = await connectWs(server.url, "misbehave");
    await again.next(isType("run-end"), 20000, 0);
    assert.deepEqual((await runWith(again, "ok")).output?.values, [2, "ok"]);
    again.close();
  });

  it("20 sessions at once, 5 of them streaming: each keeps its own state and all are served", async () => {
    const counters = await Promise.all(Array.from({ length: 15 }, () => connectWs(server.url, "counter")));
    const streams = await Promise.all(Array.from({ length: 5 }, () => connectWs(server.url, "frames-rate")));
    const counting = counters.map(async (c, i) => {
      await c.next(isType("run-end"), 20000, 0);
      let last: unknown;
      for (let k = 0; k < 5; k++) last = (await runWith(c, `user${i}`)).output?.values;
      return last;
    });
    const streaming = streams.map(async (c) => {
      // A small frame every 50 ms, 40 of them and on until fn has run on 4; each stream run's output
      // is acknowledged, as the UI does.
      let seen = c.received.length;
      c.ws.on("message", () => {
        // One ws message may carry several (the server sends those of one turn together).
        for (const m of c.received.slice(seen)) if (m.type === "output") c.send({ type: "ack", run: m.run });
        seen = c.received.length;
      });
      const runs = () => c.received.filter(isType("output")).map((m) => m.values[0] as number).pop() ?? 0;
      const end = Date.now() + 60000;
      for (let t = 0; t < 40 || runs() < 4; t++) {
        assert.ok(Date.now() < end, `a streaming session ran on its frames within 60 s (${runs()} runs for ${t} frames)`);
        c.send({ type: "stream", index: 0, value: { width: 8, height: 8, data: new Uint8ClampedArray(256).fill(200) } });
        // Pacing only, as a camera's frames come (nothing is counted after it): the frames overlap
        // the other sessions' runs.
        await new Promise((r) => setTimeout(r, 50));
      }
      return runs();
    });
    const [counted, streamed] = await Promise.all([Promise.all(counting), Promise.all(streaming)]);
    // (State is never sent to the UI: the greeting carries the count.)
    counted.forEach((values, i) => assert.equal((values as unknown[])[0], `user${i} #6`, `session ${i} counted its own runs`));
    for (const runs of streamed) assert.ok(runs >= 4, `a streaming session ran on its frames (${runs} runs)`);
    console.log(`      streaming sessions' runs for 40 frames or more, 50 ms apart (streamEvery 0.25 s): ${streamed.join(", ")}`);
    for (const c of [...counters, ...streams]) c.close();
  });
});
