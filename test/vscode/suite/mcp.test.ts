// "Live Interface: Add as MCP Server": the module is offered to the editor's agents through VS Code's
// MCP server definition provider API, and the server VS Code would start answers the SDK's own client.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import * as vscode from "vscode";
import { EXTENSION_ID, workspaceFile } from "./helpers";

interface Definition {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

describe("MCP: Add as MCP Server", () => {
  after(() => vscode.workspace.getConfiguration("liveInterface").update("mcpServers", undefined, vscode.ConfigurationTarget.Workspace));

  it("has the MCP server definition provider API here, and registers the command", async () => {
    assert.equal(typeof (vscode as unknown as { lm: Record<string, unknown> }).lm.registerMcpServerDefinitionProvider, "function", `VS Code ${vscode.version}`);
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    assert.ok((await vscode.commands.getCommands(true)).includes("liveInterface.addMcpServer"));
  });

  it("adds the module to the setting; the server provided for it lists and calls its tool", async function () {
    this.timeout(60000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const api = (await ext.activate()) as { mcpServers(): Definition[] };
    await vscode.commands.executeCommand("liveInterface.addMcpServer", vscode.Uri.file(workspaceFile("calc.ts")));
    assert.deepEqual(vscode.workspace.getConfiguration("liveInterface").get("mcpServers"), ["calc.ts"]);
    const [definition, ...others] = api.mcpServers();
    assert.equal(others.length, 0);
    assert.equal(definition!.label, "calc.ts");
    assert.deepEqual(definition!.args.slice(1), ["mcp", workspaceFile("calc.ts")]);
    assert.equal(path.basename(definition!.args[0]!), "cli.js");
    // Start it as VS Code would, and talk to it with the SDK's client.
    const client = new Client({ name: "vscode-suite", version: "1.0.0" });
    await client.connect(new StdioClientTransport({ command: definition!.command, args: definition!.args, env: { ...(process.env as Record<string, string>), ...definition!.env }, stderr: "ignore" }));
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => [t.name, t.title]), [["calc", "Calculator"]]);
      const result = await client.callTool({ name: "calc", arguments: { a: 6, operation: "multiply", b: 7 } });
      assert.deepEqual(result.content, [{ type: "text", text: "42" }]);
      console.log(`    VS Code ${vscode.version}: the provided server (${path.basename(definition!.command)} ${path.basename(definition!.args[0]!)} mcp calc.ts) answered 6 × 7 = 42`);
    } finally {
      await client.close();
    }
  });
});
