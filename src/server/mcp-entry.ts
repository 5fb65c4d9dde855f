// Everything that needs the MCP SDK, as one bundle (dist/mcp.js) loaded on demand (mcp-bundle.ts).
export { serveMcp } from "./mcp-http";
export { serveMcpStdio } from "./mcp-stdio";
