import * as assert from "node:assert/strict";
import * as http from "node:http";
import WebSocket from "ws";
import { decodeMessages } from "../../src/protocol/outbox";
import { LiveServer } from "../../src/server/server";
import { fixture, serveCli, type RunningServer } from "../helpers/serve";
import { until } from "../helpers/wait";

function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => (res.resume(), resolve(res.statusCode!))).on("error", reject);
  });
}

/** Tries a WebSocket upgrade; resolves with "open" or the HTTP status of the refusal. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<string | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once("open", () => (ws.close(), resolve("open")));
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode!));
    ws.once("error", () => resolve("error"));
  });
}

describe("browser mode: nobody without the token gets in", function () {
  this.timeout(30000);
  let server: RunningServer;
  let base: URL;
  before(async () => {
    server = await serveCli([fixture("greeter.ts")]);
    base = new URL(server.url);
  });
  after(async () => server?.close());

  it("binds 127.0.0.1 and serves the page with the token", async () => {
    assert.equal(base.hostname, "127.0.0.1");
    assert.equal(await get(server.url), 200);
  });

  it("refuses a request without the token, or with a wrong one", async () => {
    assert.equal(await get(`${base.origin}/`), 401);
    assert.equal(await get(`${base.origin}/?token=guess`), 401);
    assert.equal(await get(`${base.origin}/assets/app.js`), 401);
  });

  it("serves only the UI bundle's own files: a path that climbs out of it is not found", async () => {
    const token = base.searchParams.get("token");
    assert.equal(await get(`${base.origin}/assets/app.js?token=${token}`), 200);
    for (const p of ["..%2f..%2fpackage.json", "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/package.json", "....//....//package.json"]) {
      assert.equal(await get(`${base.origin}/assets/${p}?token=${token}`), 404, p);
    }
  });

  it("refuses a foreign Host header (DNS rebinding)", async () => {
    assert.equal(await get(server.url, { Host: `evil.example:${base.port}` }), 421);
  });

  it("refuses a WebSocket upgrade without the token, from another origin, or for a foreign host", async () => {
    const ws = `ws://127.0.0.1:${base.port}/ws`;
    assert.equal(await upgrade(`${ws}?token=${base.searchParams.get("token")}`), "open");
    assert.equal(await upgrade(ws), 401);
    assert.equal(await upgrade(`${ws}?token=wrong`), 401);
    assert.equal(await upgrade(`${ws}?token=${base.searchParams.get("token")}`, { Origin: "http://evil.example" }), 403);
    assert.equal(await upgrade(`${ws}?token=${base.searchParams.get("token")}`, { Host: "evil.example" }), 421);
  });

  it("answers a malformed message with an error and keeps the connection", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${base.port}/ws?token=${base.searchParams.get("token")}`);
    const messages: { type: string; error?: { message: string } }[] = [];
    ws.on("message", (d: Buffer) => messages.push(...(decodeMessages(d) as (typeof messages)[number][])));
    await new Promise((r) => ws.once("open", r));
    ws.send(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    ws.send(JSON.stringify({ type: "input", changes: [[99, "x"]] }));
    ws.send(JSON.stringify({ type: "delete-everything" }));
    // A last one whose answer is known: messages are answered in order, so once it is answered, any
    // further answer to the three above would have come before it.
    ws.send(JSON.stringify({ type: "input", changes: [[98, "marker"]] }));
    const errorsNow = () => messages.filter((m) => m.type === "error").map((m) => m.error!.message);
    await until("the last message is answered", () => errorsNow().some((e) => /no input 98/.test(e)));
    const errors = errorsNow();
    assert.equal(errors.length, 4, JSON.stringify(messages));
    assert.match(errors[0]!, /malformed/);
    assert.match(errors[1]!, /no input 99/);
    assert.match(errors[2]!, /unknown message type/);
    assert.match(errors[3]!, /no input 98/);
    assert.equal(ws.readyState, WebSocket.OPEN);
    ws.close();
  });
});

describe("a forwarded address (VS Code remote windows, code-server's /proxy/<port>/)", function () {
  it("is accepted as Host and Origin only once the editor names it; the token is still required", async () => {
    const server = new LiveServer([], { port: 0 });
    const url = new URL(await server.listen());
    try {
      const forwarded = "127.0.0.1:39999"; // what asExternalUri would give
      const token = url.searchParams.get("token")!;
      assert.equal(await get(url.href, { Host: forwarded }), 421, "unknown until named");
      server.allowForwardedHost(forwarded);
      assert.equal(await get(url.href, { Host: forwarded }), 200);
      assert.equal(await get(`${url.origin}/`, { Host: forwarded }), 401, "still needs the token");
      // Past the guard, a ws upgrade finds no app here (404); a foreign Origin never gets that far.
      const ws = `ws://127.0.0.1:${url.port}/ws?token=${token}`;
      assert.equal(await upgrade(ws, { Host: forwarded, Origin: `http://${forwarded}` }), 404);
      assert.equal(await upgrade(ws, { Host: forwarded, Origin: "http://evil.example" }), 403);
      assert.equal(await upgrade(ws, { Host: "127.0.0.1:40000", Origin: "http://127.0.0.1:40000" }), 421);
    } finally {
      await server.close();
    }
  });
});

describe("a direct channel (a VS Code webview's WebSocket to its extension host)", function () {
  it("opens once, with the token, from the origin it was offered to, for a known Host", async () => {
    const server = new LiveServer([], { port: 0 });
    const url = new URL(await server.listen());
    try {
      const webview = "vscode-webview://0a1b2c3d";
      const offered: WebSocket[] = [];
      const { path } = server.offerChannel(webview, (ws) => offered.push(ws as unknown as WebSocket));
      const channel = `ws://127.0.0.1:${url.port}/${path}`;
      const bare = channel.replace(/\?token=.*/, "");
      assert.equal(await upgrade(bare, { Origin: webview }), 401, "the token is required");
      assert.equal(await upgrade(channel, { Origin: "http://evil.example" }), 403, "another origin");
      assert.equal(await upgrade(channel, { Origin: `http://127.0.0.1:${url.port}` }), 403, "even this server's own pages");
      assert.equal(await upgrade(channel, { Origin: webview, Host: "evil.example" }), 421);
      assert.equal(await upgrade(`ws://127.0.0.1:${url.port}/ws-channel/guessed?token=${url.searchParams.get("token")}`, { Origin: webview }), 404);
      assert.equal(offered.length, 0, "none of those reached the host");
      assert.equal(await upgrade(channel, { Origin: webview }), "open");
      assert.equal(offered.length, 1);
      assert.equal(await upgrade(channel, { Origin: webview }), 404, "taken: a second page cannot have it");
      const { path: withdrawnPath, withdraw } = server.offerChannel(webview, () => assert.fail("withdrawn"));
      withdraw();
      assert.equal(await upgrade(`ws://127.0.0.1:${url.port}/${withdrawnPath}`, { Origin: webview }), 404, "withdrawn");
    } finally {
      await server.close();
    }
  });
});
