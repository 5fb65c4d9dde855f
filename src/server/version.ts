// The package's version, for what the server tells programs about itself (the MCP server's name).
export const VERSION: string = (require("../../package.json") as { version: string }).version;
