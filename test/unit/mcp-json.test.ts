import * as assert from "node:assert/strict";
import { serverName, withMcpServer } from "../../src/extension/mcp-json";

describe("VS Code's .vscode/mcp.json entry (Add as MCP Server where the provider API is missing)", () => {
  const entry = { type: "stdio" as const, command: "node", args: ["/ext/dist/cli.js", "mcp", "${workspaceFolder}/examples/calculator.ts"] };

  it("creates the file's content when there is none", () => {
    assert.deepEqual(JSON.parse(withMcpServer(undefined, "live-interface-calculator", entry) as string), { servers: { "live-interface-calculator": entry } });
  });

  it("adds beside other servers and settings, replacing only its own entry", () => {
    const before = JSON.stringify({ inputs: [{ id: "key" }], servers: { other: { type: "http", url: "https://x" }, "live-interface-calculator": { type: "stdio", command: "old" } } });
    const after = JSON.parse(withMcpServer(before, "live-interface-calculator", entry) as string);
    assert.deepEqual(after, { inputs: [{ id: "key" }], servers: { other: { type: "http", url: "https://x" }, "live-interface-calculator": entry } });
  });

  it("refuses to rewrite a file with comments (they would be lost) or of another shape", () => {
    assert.match((withMcpServer('{ // mine\n "servers": {} }', "x", entry) as Error).message, /not plain JSON.*by hand/);
    assert.match((withMcpServer("[]", "x", entry) as Error).message, /does not hold an object/);
    assert.match((withMcpServer('{"servers": 3}', "x", entry) as Error).message, /"servers" that is not an object/);
  });

  it("names a server after its module", () => {
    assert.equal(serverName("/w/examples/text generator.ts"), "live-interface-text-generator");
    assert.equal(serverName("C:\\w\\calc.mts"), "live-interface-calc");
  });
});
