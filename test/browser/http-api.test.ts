// The described HTTP API of browser mode (docs/api.md): GET <interface>/api/info, POST
// <interface>/api/predict (JSON, multipart, server-sent events), behind the page's token, Host and
// Origin checks, in the interface's one line; values out of range refused for REST and the Node client alike.
import * as assert from "node:assert/strict";
import { Client, RemoteError } from "../../src/client";
import type { ApiInfo } from "../../src/protocol/api";
import { encodePng } from "../../src/runtime/png";
import { decodePng } from "../../src/server/png-decode";
import { example, fixture, serveCli, type RunningServer } from "../helpers/serve";

/** A 2x1 PNG: a red pixel, then a blue one. */
const RED_BLUE = encodePng({ width: 2, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255]) });

/** The server-sent events of a response: [event, data] in order. */
async function events(res: Response): Promise<[string, any][]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => [/^event: (.*)$/m.exec(block)![1]!, JSON.parse(/^data: (.*)$/m.exec(block)![1]!)]);
}

describe("HTTP API: /api/info and /api/predict", function () {
  this.timeout(60000);
  let server: RunningServer;
  const api = (app: string, route: string, token = true) => {
    const url = new URL(server.app(app));
    url.pathname += `api/${route}`;
    if (!token) url.search = "";
    return url.toString();
  };
  const post = (app: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(api(app, "predict"), { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  before(async () => (server = await serveCli([example("calculator.ts"), example("progress.ts"), example("text-generator.ts"), example("webcam-flip.ts"), fixture("slow-line.ts")])));
  after(async () => server?.close());

  it("info describes the inputs and outputs as JSON Schema: ranges, choices, defaults", async () => {
    const res = await fetch(api("calculator", "info"));
    assert.equal(res.status, 200);
    const info = (await res.json()) as ApiInfo;
    assert.equal(info.title, "Calculator");
    assert.deepEqual(info.inputs.map((i) => [i.name, i.component]), [["a", "slider"], ["operation", "radio"], ["b", "number"]]);
    assert.deepEqual((info.inputSchema.properties as any).a, { title: "a", type: "integer", minimum: 0, maximum: 100, default: 4, description: "A whole number from 0 to 100" });
    assert.deepEqual((info.inputSchema.properties as any).operation.enum, ["add", "subtract", "multiply", "divide", null]);
    assert.deepEqual(info.outputs.map((o) => o.name), ["result"]);
    assert.deepEqual(info.example, { a: 12, operation: "multiply", b: 3 });
    const image = (await (await fetch(api("webcam-flip", "info"))).json()) as ApiInfo;
    assert.equal((image.inputSchema.properties as any).camera.anyOf[0].contentMediaType, "image/png");
  });

  it("predict runs fn with inputs by name or in order, left-out inputs taking their initial values", async () => {
    assert.deepEqual(await (await post("calculator", { a: 12, operation: "multiply", b: 3 })).json(), { outputs: { result: 36 } });
    assert.deepEqual(await (await post("calculator", [7, "subtract", 2])).json(), { outputs: { result: 5 } });
    assert.deepEqual(await (await post("calculator", { b: 10 })).json(), { outputs: { result: 14 } }, "a = 4 and add, as the page starts");
  });

  it("refuses a value out of range, not among the choices, or of the wrong type, naming the input and what it allows", async () => {
    const refused = async (body: unknown, pattern: RegExp) => {
      const res = await post("calculator", body);
      assert.equal(res.status, 400);
      const { error } = (await res.json()) as { error: { kind: string; message: string } };
      assert.equal(error.kind, "input");
      assert.match(error.message, pattern);
    };
    await refused({ a: 150 }, /^Input "a" \(slider\) must be a whole number from 0 to 100; got number 150 \(out of range\)\.$/);
    await refused({ a: 2.5 }, /"a".*whole number.*2\.5 \(not a whole number\)/);
    await refused({ operation: "power" }, /^Input "operation" \(radio\) must be one of "add", "subtract", "multiply", "divide" \(or null\); got the string "power"/);
    await refused({ b: "2" }, /"b" \(number\) must be a number; got the string "2" \(wrong type\)/);
    await refused({ c: 1 }, /There is no input "c": the inputs are "a", "operation", "b"/);
    await refused("{", /JSON object/);
  });

  it("the Node client is refused too: 150000 on a 0-100 slider does not run fn with 100", async () => {
    const client = await Client.connect(server.app("calculator"));
    await assert.rejects(client.predict(150000, "add", 0), (e: RemoteError) => e instanceof RemoteError && e.error.kind === "input" && /"a" \(slider\) must be a whole number from 0 to 100; got number 150000/.test(e.message));
    await assert.rejects(client.predict(1, "add"), /takes 3 input values \("a", "operation", "b"\), got 2/);
    assert.equal(await client.predict(100, "add", 0), 100, "the maximum itself is fine");
    client.close();
  });

  it("an image goes in as a PNG data URL (or multipart upload) and comes back as one", async () => {
    const dataUrl = `data:image/png;base64,${Buffer.from(RED_BLUE).toString("base64")}`;
    const { outputs } = (await (await post("webcam-flip", { camera: dataUrl })).json()) as { outputs: { mirrored: string } };
    const back = decodePng(Buffer.from(outputs.mirrored.replace(/^data:image\/png;base64,/, ""), "base64"));
    assert.ok(typeof back !== "string", String(back));
    assert.deepEqual([...back.data], [0, 0, 255, 255, 255, 0, 0, 255], "mirrored: blue, then red");
    const form = new FormData();
    form.append("camera", new Blob([Buffer.from(RED_BLUE)], { type: "image/png" }), "frame.png");
    const multipart = (await (await fetch(api("webcam-flip", "predict"), { method: "POST", body: form })).json()) as { outputs: { mirrored: string } };
    assert.equal(multipart.outputs.mirrored, outputs.mirrored);
    const jpeg = await post("webcam-flip", { camera: `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0]).toString("base64")}` });
    assert.equal(jpeg.status, 400);
    assert.match(((await jpeg.json()) as any).error.message, /Input "camera" \(image\) must be a PNG image/);
  });

  it("with Accept: text/event-stream, progress and a generator's outputs stream as events", async () => {
    const progress = await events(await post("progress", { steps: 3 }, { Accept: "text/event-stream" }));
    assert.deepEqual(progress.map(([e, d]) => (e === "progress" ? `${e} ${d.text}` : e)), ["progress step 1 of 3", "progress step 2 of 3", "progress step 3 of 3", "output", "done"]);
    assert.deepEqual(progress.at(-1)![1], { outputs: { result: "Sum of squares 1..3 = 14" } });
    const words = await events(await post("text-generator", { prompt: "the river", words: 5, seed: 7 }, { Accept: "text/event-stream" }));
    const texts = words.filter(([e]) => e === "output").map(([, d]) => d.outputs.text as string);
    assert.equal(texts.length, 6, "the prompt, then one event per word");
    texts.forEach((t, i) => i > 0 && assert.ok(t.startsWith(texts[i - 1]!), "each event holds the text so far"));
    assert.equal(words.at(-1)![0], "done");
    assert.equal(words.at(-1)![1].outputs.text, texts.at(-1));
  });

  it("calls wait in the interface's one line: a full line answers 429 with the reason", async () => {
    // slow-line: one run at a time, 400 ms each, at most 3 waiting.
    const calls = Array.from({ length: 6 }, (_, i) => post("slow-line", { name: `c${i}` }, { Accept: "text/event-stream" }));
    const answers = await Promise.all(calls);
    const refused = answers.filter((r) => r.status === 429);
    assert.ok(refused.length >= 1, `some were refused: ${answers.map((r) => r.status)}`);
    const body = (await refused[0]!.json()) as { error: { kind: string; message: string } };
    assert.deepEqual(body.error.kind, "queue");
    assert.match(body.error.message, /the queue is full \(3 waiting\)/);
    assert.equal(refused[0]!.headers.get("retry-after"), "1");
    const ran = await Promise.all(answers.filter((r) => r.status === 200).map(events));
    assert.ok(ran.some((evs) => evs.some(([e]) => e === "queue")), "a waiting call was told its place");
    assert.ok(ran.every((evs) => evs.at(-1)![0] === "done"));
  });

  it("refuses without the token, from another origin, or to another Host, as the page does", async () => {
    for (const route of ["info", "predict"]) {
      const res = await fetch(api("calculator", route, false), { method: route === "info" ? "GET" : "POST", body: route === "info" ? undefined : "{}" });
      assert.equal(res.status, 401, route);
    }
    const wrongToken = await fetch(api("calculator", "info").replace(/token=[\w-]+/, "token=wrong"));
    assert.equal(wrongToken.status, 401);
    const bearer = await fetch(api("calculator", "info", false), { headers: { Authorization: `Bearer ${new URL(server.url).searchParams.get("token")}` } });
    assert.equal(bearer.status, 200, "the token as a bearer token");
    const crossSite = await post("calculator", {}, { Origin: "https://evil.example" });
    assert.equal(crossSite.status, 403);
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve) => {
      const u = new URL(api("calculator", "info"));
      request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { Host: "rebound.example" } }, (res) => resolve(res.statusCode!)).end();
    });
    assert.equal(status, 421);
    const wrongMethod = await fetch(api("calculator", "predict"));
    assert.equal(wrongMethod.status, 405);
  });

  it("a caller that goes away leaves the line: its run does not take a place", async () => {
    const controller = new AbortController();
    const leaving = fetch(api("progress", "predict"), { method: "POST", body: JSON.stringify({ steps: 30 }), signal: controller.signal, headers: { Accept: "text/event-stream" } });
    const res = await leaving;
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.match(new TextDecoder().decode(first.value), /event: progress/);
    controller.abort();
    // The run was stopped: a new call starts at once (progress runs one at a time; 30 steps take 4.5 s).
    const started = Date.now();
    const answer = await post("progress", { steps: 1 });
    assert.deepEqual(await answer.json(), { outputs: { result: "Sum of squares 1..1 = 1" } });
    assert.ok(Date.now() - started < 3000, `the next call did not wait for 30 steps (${Date.now() - started} ms)`);
  });
});
