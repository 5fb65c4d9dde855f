import * as assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { encodeFrame, encodeFrameParts } from "../../src/protocol/framing";
import { decodeMessages } from "../../src/protocol/outbox";
import type { ServerMessage } from "../../src/protocol/messages";
import { SocketLink } from "../../src/server/socket-link";
import { ArenaReader } from "../../src/runtime/arena-reader";
import { ArenaWriter } from "../../src/runtime/arena-writer";
import { ARENA_BYTES } from "../../src/runtime/output-arena";
import { nextTurn, until } from "../helpers/wait";

describe("the host's end of a socket (SocketLink)", () => {
  it("a frame's parts join into encodeFrame's bytes, and its payloads are the sender's own bytes", () => {
    const data = new Uint8ClampedArray(1001).fill(7);
    const msg = { type: "output", values: [{ width: 1, height: 1, data }, { raw: new Float64Array([Math.PI]) }] };
    assert.equal(encodeFrameParts(msg).length, 1, "below the size given: one frame");
    const parts = encodeFrameParts(msg, 0);
    assert.equal(parts[1]!.buffer, data.buffer, "not a copy");
    assert.ok(parts.every((p) => p.byteLength > 0));
    assert.deepEqual(new Uint8Array(Buffer.concat(parts)), encodeFrame(msg));
  });

  it("sends a large message in fragments that arrive as that one message, between small ones, in order", async () => {
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((r) => wss.once("listening", r));
    /** The fin flag of each ws.send the link makes (a message in fragments: false..., true). */
    const fins: boolean[] = [];
    const linked = new Promise<SocketLink>((r) =>
      wss.once("connection", (ws) => {
        const send = ws.send.bind(ws);
        ws.send = ((data: Uint8Array, options?: { fin?: boolean }) => (fins.push(options?.fin ?? true), send(data, options ?? {}))) as typeof ws.send;
        r(new SocketLink(ws));
      }),
    );
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    const got: { isBinary: boolean; msgs: ServerMessage[] }[] = [];
    const three = new Promise<void>((resolve) =>
      client.on("message", (data: Buffer, isBinary) => {
        got.push({ isBinary, msgs: decodeMessages(new Uint8Array(data)) });
        if (got.length === 3) resolve();
      }),
    );
    try {
      const link = await linked;
      const image = new Uint8ClampedArray(1024 * 1024 + 3).map((_, i) => i % 251);
      link.send({ type: "run-start", run: "r" });
      await nextTurn(); // another turn: a message of its own
      link.send({ type: "output", run: "r", values: [{ width: 1, height: 1, data: image }] });
      await nextTurn();
      link.send({ type: "run-end", run: "r" });
      await three;
      assert.ok(got.every((g) => g.isBinary));
      // The small ones went whole; the 1 MiB one as its head, its payload (not copied) and its padding.
      assert.deepEqual(fins, [true, false, false, true, true]);
      assert.deepEqual(got[0]!.msgs, [{ type: "run-start", run: "r" }]);
      const out = got[1]!.msgs as unknown as [{ values: [{ data: Uint8ClampedArray }] }];
      assert.ok(out[0].values[0].data instanceof Uint8ClampedArray);
      assert.deepEqual(out[0].values[0].data, image);
      assert.deepEqual(got[2]!.msgs, [{ type: "run-end", run: "r" }]);
    } finally {
      client.close();
      wss.close();
    }
  });

  it("gives a worker's shared output memory back once the socket has written it, not before", async function () {
    this.timeout(20000);
    const MIB = 1024 * 1024;
    const sab = new SharedArrayBuffer(ARENA_BYTES);
    const writer = new ArenaWriter(sab);
    const given: number[] = [];
    const reader = new ArenaReader(sab, (ranges) => (given.push(...ranges.map(([start]) => start)), writer.release(ranges)));
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((r) => wss.once("listening", r));
    const linked = new Promise<SocketLink>((r) => wss.once("connection", (ws) => r(new SocketLink(ws))));
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    const fills: number[] = [];
    client.on("message", (data: Buffer) => {
      for (const m of decodeMessages(new Uint8Array(data)) as unknown as { values: [{ data: Uint8ClampedArray }] }[]) {
        const d = m.values[0].data;
        fills.push(d.every((b) => b === d[0]) ? d[0]! : -1);
      }
    });
    try {
      await new Promise((r) => client.once("open", r));
      const link = await linked;
      // The page reads nothing for a while: 30 MiB cannot all be written, so most must stay held.
      (client as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
      for (let i = 0; i < 30; i++) {
        const data = new Uint8ClampedArray(MIB).fill(i);
        const [frame] = reader.unpack(writer.pack([{ width: 512, height: 512, data }]));
        assert.ok(frame!.data.buffer instanceof SharedArrayBuffer);
        link.send({ type: "output", run: "r", values: [frame!] });
        await new Promise((r) => setImmediate(r)); // one message each
      }
      // The page reads nothing, so no more than the kernel's buffers (a few MiB) can have been
      // written: a link that gave memory back on send would have given all 30 by now.
      assert.ok(given.length < 30, `only what the socket wrote is given back (${given.length} of 30)`);
      (client as unknown as { _socket: { resume(): void } })._socket.resume();
      await until("every frame arrived and was given back", () => fills.length === 30 && given.length === 30);
      assert.deepEqual(fills, Array.from({ length: 30 }, (_, i) => i), "each frame intact, in order");
      assert.equal(given.length, 30, "all of it given back once written");
      assert.equal(writer.room(), undefined);
    } finally {
      client.close();
      wss.close();
    }
  });

  it("pings a quiet socket, which a proxy would otherwise close as idle", async () => {
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((r) => wss.once("listening", r));
    wss.once("connection", (ws) => new SocketLink(ws, 20));
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    try {
      let pings = 0;
      client.on("ping", () => pings++);
      await until("three pings arrived, with nothing else sent", () => pings >= 3);
    } finally {
      client.close();
      wss.close();
    }
  });
});
