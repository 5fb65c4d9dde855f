// The MCP parts (and the MCP SDK, ~0.7 MB) load only when MCP is used: bundled into every entry,
// they made `require("live-interface")`, the CLI and the extension's activation ~45 ms slower for
// everyone. Built, they are dist/mcp.js beside the bundle that asks; from the sources (tests, tsx),
// the modules themselves.
import * as fs from "node:fs";
import * as path from "node:path";

/** What dist/mcp.js holds (src/server/mcp-entry.ts). */
export type McpBundle = typeof import("./mcp-entry");

let loaded: McpBundle | undefined;

export function mcpBundle(): McpBundle {
  const built = path.join(__dirname, "mcp.js");
  // A name esbuild cannot follow: it must not pull the SDK into the bundle that asks.
  const source = fs.existsSync(built) ? built : path.join(__dirname, "mcp-entry");
  return (loaded ??= require(source) as McpBundle);
}
