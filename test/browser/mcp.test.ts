// Interfaces as MCP tools, seen by the official SDK's own client: over stdio (`live-interface mcp`)
// and over Streamable HTTP (`serve --mcp`). Tools are listed with schemas from the components; calls
// give text and images; progress() and a generator's words arrive as progress notifications; bad
// input is an error result naming the input.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { encodePng } from "../../src/runtime/png";
import { decodePng } from "../../src/server/png-decode";
import { example, serveCli, type RunningServer } from "../helpers/serve";

const CLI = path.resolve(__dirname, "../../dist/cli.js");
const MODULES = [example("calculator.ts"), example("progress.ts"), example("text-generator.ts"), example("webcam-flip.ts")];
const RED_BLUE = Buffer.from(encodePng({ width: 2, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255]) }));

type Content = { type: string; text?: string; data?: string; mimeType?: string };

/** The same checks for either transport. */
function toolSuite(connect: () => Promise<Transport>) {
  let client: Client;
  before(async () => {
    client = new Client({ name: "live-interface-test", version: "1.0.0" });
    await client.connect(await connect());
  });
  after(async () => client?.close());

  it("lists one tool per interface, described and with its input schema", async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ["calculator", "progress", "text-generator", "webcam-flip"]);
    const calculator = tools.find((t) => t.name === "calculator")!;
    assert.equal(calculator.title, "Calculator");
    assert.match(calculator.description!, /^Calculator\n\nA live calculator: move the slider.*\n\nReturns result \(number\)\.$/s);
    assert.deepEqual((calculator.inputSchema.properties as any).a, { title: "a", type: "integer", minimum: 0, maximum: 100, default: 4, description: "A whole number from 0 to 100" });
  });

  it("calls a tool: text content", async () => {
    const result = await client.callTool({ name: "calculator", arguments: { a: 6, operation: "multiply", b: 7 } });
    assert.deepEqual(result, { content: [{ type: "text", text: "42" }] });
  });

  it("bad input is an error result naming the input and what it allows", async () => {
    const result = await client.callTool({ name: "calculator", arguments: { a: 150000, operation: "add", b: 0 } });
    assert.equal(result.isError, true);
    assert.match((result.content as Content[])[0]!.text!, /Input "a" \(slider\) must be a whole number from 0 to 100; got number 150000 \(out of range\)/);
    const thrown = await client.callTool({ name: "calculator", arguments: { a: 1, operation: "divide", b: 0 } });
    assert.equal(thrown.isError, true);
    assert.match((thrown.content as Content[])[0]!.text!, /Cannot divide by zero \(at calculator\.ts:\d+:\d+\)/);
  });

  it("an image in and an image out", async () => {
    const result = await client.callTool({ name: "webcam-flip", arguments: { camera: RED_BLUE.toString("base64") } });
    const [image] = result.content as Content[];
    assert.equal(image!.type, "image");
    assert.equal(image!.mimeType, "image/png");
    const back = decodePng(Buffer.from(image!.data!, "base64"));
    assert.ok(typeof back !== "string", String(back));
    assert.deepEqual([...back.data], [0, 0, 255, 255, 255, 0, 0, 255], "mirrored");
  });

  it("progress() arrives as progress notifications, then the result", async () => {
    const seen: string[] = [];
    const result = await client.callTool({ name: "progress", arguments: { steps: 3 } }, undefined, { onprogress: (p) => seen.push(`${p.progress.toFixed(2)}/${p.total} ${p.message}`) });
    assert.deepEqual(seen, ["0.33/1 step 1 of 3", "0.67/1 step 2 of 3", "1.00/1 step 3 of 3"]);
    assert.deepEqual(result.content, [{ type: "text", text: "Sum of squares 1..3 = 14" }]);
  });

  it("a generator's text streams as progress messages; the result is the whole text", async () => {
    const messages: string[] = [];
    const result = await client.callTool({ name: "text-generator", arguments: { prompt: "the river", words: 5, seed: 7 } }, undefined, { onprogress: (p) => messages.push(p.message ?? "") });
    const text = (result.content as Content[])[0]!.text!;
    assert.equal(messages.length, 6, `the prompt, then a message per word: ${JSON.stringify(messages)}`);
    assert.equal(messages.at(-1), text.trim());
    assert.ok(text.startsWith("the river "));
    assert.equal(text.trim().split(/\s+/).length, 7);
  });
}

describe("MCP over stdio: live-interface mcp", function () {
  this.timeout(60000);
  let transport: StdioClientTransport;
  let stderr = "";
  toolSuite(async () => {
    transport = new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp", ...MODULES], stderr: "pipe" });
    transport.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
    return transport;
  });

  it("says on stderr what it serves (stdout is the protocol's)", () => {
    assert.match(stderr, /MCP on stdio, tools: calculator, progress, text-generator, webcam-flip/);
  });
});

describe("MCP over HTTP: serve --mcp", function () {
  this.timeout(60000);
  let server: RunningServer;
  before(async () => (server = await serveCli([...MODULES, "--mcp"])));
  after(async () => server?.close());
  const mcpUrl = () => server.url.replace("/?token=", "/mcp?token=");
  toolSuite(async () => new StreamableHTTPClientTransport(new URL(mcpUrl())));

  it("one interface's own endpoint lists just its tool", async () => {
    const client = new Client({ name: "one", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.app("calculator").replace("/?token=", "/mcp?token="))));
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name), ["calculator"]);
    await client.close();
  });

  it("refuses without the token", async () => {
    const client = new Client({ name: "no-token", version: "1.0.0" });
    await assert.rejects(client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl().replace(/\?token=.*$/, "")))), /A valid \?token= is required/);
    const res = await fetch(mcpUrl().replace(/\?token=.*$/, ""), { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" }, body: "{}" });
    assert.equal(res.status, 401);
  });
});

describe("MCP is off without --mcp", function () {
  this.timeout(30000);
  let server: RunningServer;
  before(async () => (server = await serveCli([example("calculator.ts")])));
  after(async () => server?.close());
  it("/mcp answers 404, saying how to turn it on", async () => {
    const res = await fetch(server.url.replace("/?token=", "/mcp?token="), { method: "POST", body: "{}" });
    assert.equal(res.status, 404);
    assert.match(await res.text(), /serve --mcp/);
  });
});
