// MCP over Streamable HTTP on the browser-mode server (`serve --mcp`): POST <root>/mcp (every
// interface) or <interface>/mcp (that one), after the server's token, Host and Origin checks. Stateless:
// each request gets its own SDK server and transport, so nothing is kept between requests, and a
// tool call's progress notifications stream back on its own response (server-sent events).
import type * as http from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createMcpServer } from "./mcp";
import type { App } from "./server";

/** Answers one MCP request for the tools `apps`. */
export async function serveMcp(req: http.IncomingMessage, res: http.ServerResponse, apps: App[], version: string, headers: Record<string, string>): Promise<void> {
  if (req.method !== "POST") {
    // No server-initiated stream and no sessions to end: each POST carries its own answer.
    res.writeHead(405, { ...headers, Allow: "POST", "Content-Type": "application/json" });
    return void res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: this MCP endpoint is stateless, POST to it." }, id: null }));
  }
  const server = createMcpServer(apps, version);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.once("close", () => {
    void transport.close();
    void server.close();
  });
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  await server.connect(transport);
  await transport.handleRequest(req, res);
}
