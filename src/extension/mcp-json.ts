// A workspace's .vscode/mcp.json, where VS Code finds MCP servers when no extension provides them
// (editors older than the MCP server definition provider API): an entry added or replaced, the rest
// kept. Pure, so that it is tested without an editor.

/** One server as mcp.json describes it: a command VS Code starts, speaking MCP on stdio. */
export interface McpStdioEntry {
  type: "stdio";
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/**
 * `text` (the file's content; undefined: no file yet) with server `name` set to `entry`, as text to
 * write; an Error when the file is not plain JSON (comments, a syntax error): it is not rewritten then.
 */
export function withMcpServer(text: string | undefined, name: string, entry: McpStdioEntry): string | Error {
  let config: { servers?: Record<string, unknown> } & Record<string, unknown> = {};
  if (text !== undefined && text.trim() !== "") {
    try {
      config = JSON.parse(text) as typeof config;
    } catch (e) {
      return new Error(`.vscode/mcp.json is not plain JSON (${(e as Error).message}): add the entry by hand`);
    }
    if (typeof config !== "object" || config === null || Array.isArray(config)) return new Error(".vscode/mcp.json does not hold an object: add the entry by hand");
    if (config.servers !== undefined && (typeof config.servers !== "object" || config.servers === null)) return new Error('.vscode/mcp.json has a "servers" that is not an object: add the entry by hand');
  }
  return JSON.stringify({ ...config, servers: { ...(config.servers ?? {}), [name]: entry } }, null, 2) + "\n";
}

/** A server name for module `file` (its base name), as VS Code lists it. */
export function serverName(file: string): string {
  const base = file.split(/[\\/]/).pop()!.replace(/\.[cm]?[jt]sx?$/, "");
  return `live-interface-${base.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}
