import * as assert from "node:assert/strict";
import * as path from "node:path";
import { MessageChannel } from "node:worker_threads";
import type { ImageFrame, OutputUpdate, UserError } from "../../src/protocol/messages";
import { ArenaReader, ownShared, releaseShared } from "../../src/runtime/arena-reader";
import { ArenaWriter } from "../../src/runtime/arena-writer";
import { ARENA_BYTES } from "../../src/runtime/output-arena";
import { executeBatch, executeRun, SessionStore } from "../../src/runtime/execute";
import { WorkerRuns } from "../../src/runtime/worker-runs";
import { until } from "../helpers/wait";
import { Interface } from "../../src/runtime/interface";
import { Supervisor } from "../../src/runtime/supervisor";
import { Audio, Image } from "../../src/runtime/components";
import { OutputCopies, transferList } from "../../src/runtime/transfer";
import { framesBeforeWaiting, HELD_FRAMES_FN } from "../helpers/held-frames";
import { tempModules } from "../helpers/modules";

const MIB = 1024 * 1024;
const frame = (fill: number, bytes = MIB): ImageFrame => ({ width: bytes / 4, height: 1, data: new Uint8ClampedArray(bytes).fill(fill) });
const dataOf = (values: unknown) => ((values as ImageFrame[])[0]!).data;

describe("the output arena (worker outputs in shared memory)", function () {
  this.timeout(30000);

  /** Both ends in this thread: what the reader gives back reaches the writer directly. */
  const ends = () => {
    const sab = new SharedArrayBuffer(ARENA_BYTES);
    const writer = new ArenaWriter(sab);
    return { writer, reader: new ArenaReader(sab, (ranges) => writer.release(ranges)) };
  };
  const turn = () => new Promise((r) => setImmediate(r));

  it("places large typed arrays in the arena, leaves small ones, and falls back when it is full", async () => {
    const { writer, reader } = ends();
    const small = { width: 4, height: 4, data: new Uint8ClampedArray(64).fill(9) };
    const audio = { sampleRate: 48000, channels: 1, data: new Float32Array(MIB / 4).fill(0.5) };
    const packed = writer.pack([frame(1), small, audio]);
    assert.equal(packed[1], small, "small values travel as they are");
    assert.ok(!ArrayBuffer.isView((packed[0] as ImageFrame).data), "a slot instead of the bytes");
    const [img, , snd] = reader.unpack(packed) as [ImageFrame, unknown, typeof audio];
    assert.ok(img.data.buffer instanceof SharedArrayBuffer && img.data instanceof Uint8ClampedArray);
    assert.ok(img.data.every((b) => b === 1) && img.data.length === MIB);
    assert.ok(snd.data instanceof Float32Array && snd.data.length === MIB / 4 && snd.data.every((s) => s === 0.5));

    // 30 more MiB fill it: the next frame stays a typed array of its own (transferred as before).
    const held = Array.from({ length: 30 }, (_, i) => dataOf(reader.unpack(writer.pack([frame(i)]))));
    const full = writer.pack([frame(99)]);
    assert.ok(ArrayBuffer.isView(dataOf(full)), "no room: the frame as it was");
    releaseShared([img]);
    releaseShared([img]); // a second release of the same view gives nothing back twice
    await turn();
    const again = dataOf(reader.unpack(writer.pack([frame(7)])));
    assert.equal(again.byteOffset, img.data.byteOffset, "the released range is used again");
    assert.ok(ArrayBuffer.isView(dataOf(writer.pack([frame(8, 2 * MIB)]))), "only one MiB was free (a second release freed nothing)");
    assert.ok(held.every((d, i) => d.every((b) => b === i)), "ranges still held were not written over");
    // What fn's own code might post from the worker's thread: a slot outside the arena stays a plain object.
    const forged = [{ data: { $liveInterfaceArena: ARENA_BYTES - 8, length: 9, kind: "Uint8Array" } }];
    assert.equal(reader.unpack(forged), forged);
  });

  it("ownShared copies shared views out and gives their memory back; room() waits while most of it is in flight", async () => {
    const { writer, reader } = ends();
    const views = Array.from({ length: 17 }, (_, i) => reader.unpack(writer.pack([frame(i)])));
    const waiting = writer.room();
    assert.ok(waiting, "over half the arena is in flight: a generator waits");
    let resolved = false;
    void waiting.then(() => (resolved = true));
    const own = ownShared(views[0]!) as ImageFrame[];
    assert.ok(own[0]!.data.buffer instanceof ArrayBuffer && own[0]!.data.every((b) => b === 0));
    await turn();
    await turn();
    assert.ok(resolved, "half or less in flight again: it goes on");
    assert.equal(writer.room(), undefined);
    for (const v of views.slice(1)) releaseShared(v);
  });

  it("a run's media are copied once, straight from fn's buffer into the arena; copies of a failed run go back", async () => {
    const { writer, reader } = ends();
    const image = new Image();
    const picture = (fill: number): ImageFrame => ({ width: 512, height: 512, data: new Uint8ClampedArray(MIB).fill(fill) });
    const mine = picture(3);
    const copies = new OutputCopies(writer);
    const out = image.postprocess(mine, copies) as ImageFrame;
    assert.ok(out.data.buffer instanceof SharedArrayBuffer, "the copy is in the arena");
    mine.data.fill(4); // fn draws its next frame into the same buffer
    const [sent] = reader.unpack(writer.pack([out])) as ImageFrame[];
    assert.equal(sent!.data.byteOffset, out.data.byteOffset, "sent from where it was copied (no second copy)");
    assert.ok(sent!.data.every((b) => b === 3), "the output is what fn returned, not what it drew later");
    const sound = new Audio().postprocess({ sampleRate: 48000, channels: 1, data: new Float32Array(MIB / 4).fill(0.25) }, copies) as { data: Float32Array };
    assert.ok(sound.data.buffer instanceof SharedArrayBuffer && sound.data instanceof Float32Array && sound.data.every((v) => v === 0.25));
    // Without a run's copies (a config's default value, which is not packed): a copy of its own.
    assert.ok((image.postprocess(picture(5)) as ImageFrame).data.buffer instanceof ArrayBuffer);
    releaseShared([sent]);
    writer.discard([sound.data]);
    await turn();

    // A run whose second output is bad: the first's 16 MiB copy is taken back.
    const big = { width: 2048, height: 2048, data: new Uint8ClampedArray(16 * MIB) };
    const bad = { width: 2, height: 2, data: new Uint8ClampedArray(3) };
    const iface = new Interface({ fn: () => [big, bad] as [ImageFrame, ImageFrame], inputs: [], outputs: [new Image(), new Image()] });
    const outputs: OutputUpdate[] = [];
    const run = executeRun(iface, new SessionStore(), "s", [], new AbortController().signal, { copies: writer, output: (u) => void outputs.push(u), progress: () => {} });
    await assert.rejects(run, /RGBA data/);
    assert.equal(outputs.length, 0);
    assert.equal(writer.room(), undefined, "nothing is in flight");
    assert.ok(!ArrayBuffer.isView(dataOf(writer.pack([frame(0, ARENA_BYTES)]))), "the whole arena is free again");
  });

  it("a batch's rows: a bad row takes back the rows made before it; an aborted row's copies go back", async () => {
    /** The whole arena is free: a frame of its size fits (and is given back at once). */
    const wholeArenaFree = (writer: ArenaWriter) => {
      const packed = writer.pack([frame(0, ARENA_BYTES)]);
      writer.release([[0, ARENA_BYTES]]);
      return !ArrayBuffer.isView(dataOf(packed));
    };
    const picture = (): ImageFrame => ({ width: 1024, height: 1024, data: new Uint8ClampedArray(4 * MIB).fill(7) });
    const bad = { width: 2, height: 2, data: new Uint8ClampedArray(3) };
    const { writer } = ends();
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ session: `s${i}`, values: [i] }));
    const badLast = new Interface({ fn: (xs: number[]) => xs.map((x) => (x === 2 ? bad : picture())), inputs: "number", outputs: new Image(), batch: true } as never);
    await assert.rejects(executeBatch(badLast, new SessionStore(), rows(3), new AbortController().signal, writer), /RGBA data/);
    assert.ok(wholeArenaFree(writer), "rows 0 and 1 (8 MiB) were taken back");

    let go!: () => void;
    const gate = new Promise<void>((resolve) => (go = resolve));
    const slow = new Interface({ fn: async (xs: number[]) => (await gate, xs.map(() => picture())), inputs: "number", outputs: new Image(), batch: true } as never);
    const posted: { type: string; run?: string; last?: { values: unknown[] } }[] = [];
    const runs = new WorkerRuns((msg) => posted.push(msg), (err) => ({ kind: "fn", message: String(err) }), writer);
    runs.runBatch([{ run: "r1", session: "a", values: [1] }, { run: "r2", session: "b", values: [2] }], slow, "not loaded");
    runs.abort("r2");
    go();
    await until("both rows end", () => posted.filter((m) => m.type === "done" || m.type === "failed").length === 2);
    const done = posted.find((m) => m.type === "done")!;
    assert.equal(done.run, "r1");
    assert.ok(posted.some((m) => m.type === "failed" && m.run === "r2"));
    const sent = (done.last!.values[0] as ImageFrame).data;
    assert.ok(sent.buffer instanceof SharedArrayBuffer, "row 1 went through the arena");
    writer.discard([sent]); // as the host gives it back once written
    assert.ok(wholeArenaFree(writer), "the aborted row's 4 MiB went back too");
  });

  it("copies encoded bytes for real: a small Node Buffer (a view of Node's shared pool) is not what is transferred", () => {
    const pooled = Buffer.from("not really a png");
    assert.ok(pooled.buffer.byteLength > pooled.length, "the test needs a pooled Buffer");
    const out = new Image().postprocess({ mime: "image/png", bytes: pooled }) as { bytes: Uint8Array };
    assert.equal(out.bytes.buffer.byteLength, pooled.length, "a buffer of its own");
    assert.deepEqual(transferList(out), [out.bytes.buffer]);
    const { port1 } = new MessageChannel();
    port1.postMessage(out, transferList(out)); // Node 24 refuses to transfer the pool (a run would fail)
    port1.close();
    assert.equal(pooled.toString(), "not really a png");
  });

  it("a real worker's generator: outputs arrive in shared memory, wait while the host holds most of it, and are never written over", async () => {
    const dir = tempModules({
      "frames.ts": `import * as li from "live-interface";
export default new li.Interface({
  fn: ${HELD_FRAMES_FN},
  inputs: new li.Number({ value: 48 }),
  outputs: new li.Image(),
});
`,
    });
    const s = new Supervisor(path.join(dir, "frames.ts"));
    try {
      await s.ready;
      const outputs: OutputUpdate[] = [];
      const ended = new Promise<{ error?: UserError }>((end) => s.run("s", [48], { output: (u) => outputs.push(u), progress() {}, end }));
      // The host gives nothing back yet (a slow link): the generator waits once half of 32 MiB is held.
      const made = await framesBeforeWaiting(outputs, ended, 48);
      assert.ok(made >= 16 && made <= 20, `the generator waited for room after ${made} frames`);
      assert.deepEqual(await ended, {});
    } finally {
      await s.dispose();
    }
  });
});
