// "Live Interface: Add as MCP Server": the open interface becomes a tool for the editor's agents
// (Copilot agent mode). Modules offered so are listed in the setting liveInterface.mcpServers. Where
// the running VS Code has the MCP server definition provider API (1.101+, found at run time: this
// extension builds against 1.90's types), the extension provides one stdio server per module
// (`live-interface mcp <module>` run by the editor's own Node); elsewhere the command writes the
// workspace's .vscode/mcp.json entry instead.
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { serverName, withMcpServer, type McpStdioEntry } from "./mcp-json";

export const MCP_PROVIDER_ID = "liveInterface.mcpServers";
const SETTING = "mcpServers";

/** The parts of the MCP API of VS Code 1.101+ used here (absent from @types/vscode 1.90). */
interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(): unknown[] }): vscode.Disposable;
  McpStdioServerDefinition: new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => unknown;
}

/** The MCP API where this VS Code has it. */
function mcpApi(): McpApi | undefined {
  const api = vscode as unknown as { lm?: { registerMcpServerDefinitionProvider?: McpApi["registerMcpServerDefinitionProvider"] }; McpStdioServerDefinition?: McpApi["McpStdioServerDefinition"] };
  const register = api.lm?.registerMcpServerDefinitionProvider;
  return register && api.McpStdioServerDefinition ? { registerMcpServerDefinitionProvider: register.bind(api.lm), McpStdioServerDefinition: api.McpStdioServerDefinition } : undefined;
}

/** The modules in the setting, as absolute paths (relative ones from the first workspace folder). */
function configuredModules(): string[] {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const list = vscode.workspace.getConfiguration("liveInterface").get<string[]>(SETTING, []);
  return list.filter((f) => typeof f === "string" && f.trim()).map((f) => (path.isAbsolute(f) || !folder ? f : path.join(folder, f)));
}

/** The command that runs `live-interface mcp <file>` with this extension's build, and the editor's Node. */
function stdioCommand(extensionPath: string, file: string): McpStdioEntry {
  // The extension host's executable: Node in a remote or code-server, Electron on the desktop (which
  // acts as Node with ELECTRON_RUN_AS_NODE).
  return { type: "stdio", command: process.execPath, args: [path.join(extensionPath, "dist", "cli.js"), "mcp", file], env: { ELECTRON_RUN_AS_NODE: "1" } };
}

/**
 * The entry for .vscode/mcp.json: the workspace's own live-interface when it has one (stable across
 * extension updates), else this extension's build run by `node`.
 */
function workspaceEntry(extensionPath: string, folder: string, file: string): McpStdioEntry {
  const relative = path.relative(folder, file);
  const module = relative.startsWith("..") ? file : `\${workspaceFolder}/${relative.split(path.sep).join("/")}`;
  if (fs.existsSync(path.join(folder, "node_modules", "live-interface", "dist", "cli.js"))) return { type: "stdio", command: "npx", args: ["--no-install", "live-interface", "mcp", module] };
  return { type: "stdio", command: "node", args: [path.join(extensionPath, "dist", "cli.js"), "mcp", module] };
}

/** Registers the provider (where the API is) and the command; `chooseModule` picks the module as "Open" does. */
export function registerMcpServers(
  context: vscode.ExtensionContext,
  chooseModule: (uri?: vscode.Uri) => Promise<string | undefined>,
  log: (text: string) => void,
): { disposables: vscode.Disposable[]; definitions(): unknown[] } {
  const api = mcpApi();
  const changed = new vscode.EventEmitter<void>();
  const disposables: vscode.Disposable[] = [changed];
  // Only in a trusted workspace: the server runs the module's code.
  const definitions = () =>
    api && vscode.workspace.isTrusted ? configuredModules().map((file) => new api.McpStdioServerDefinition(path.basename(file), ...definitionArgs(stdioCommand(context.extensionPath, file)))) : [];
  if (api) {
    disposables.push(
      api.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, { onDidChangeMcpServerDefinitions: changed.event, provideMcpServerDefinitions: definitions }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`liveInterface.${SETTING}`) && changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    );
  }
  disposables.push(
    vscode.commands.registerCommand("liveInterface.addMcpServer", async (uri?: vscode.Uri) => {
      const file = await chooseModule(uri);
      if (!file) return;
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      if (api) {
        const config = vscode.workspace.getConfiguration("liveInterface");
        const shown = folder && !path.relative(folder, file).startsWith("..") ? path.relative(folder, file).split(path.sep).join("/") : file;
        const list = config.get<string[]>(SETTING, []);
        if (!configuredModules().includes(file)) await config.update(SETTING, [...list, shown], folder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
        changed.fire();
        log(`MCP: ${shown} is offered to agents as the MCP server "${path.basename(file)}" (setting liveInterface.mcpServers)`);
        void vscode.window.showInformationMessage(`${path.basename(file)} is now an MCP server for the editor's agents: its tool shows in Chat's tools (agent mode).`);
        return;
      }
      if (!folder) return void vscode.window.showWarningMessage("Open a folder first: the MCP server is added to its .vscode/mcp.json.");
      const target = vscode.Uri.file(path.join(folder, ".vscode", "mcp.json"));
      let text: string | undefined;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      } catch {
        text = undefined;
      }
      const entry = workspaceEntry(context.extensionPath, folder, file);
      const next = withMcpServer(text, serverName(file), entry);
      if (next instanceof Error) {
        await vscode.env.clipboard.writeText(JSON.stringify({ [serverName(file)]: entry }, null, 2));
        return void vscode.window.showErrorMessage(`${next.message} (it is on the clipboard).`);
      }
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(next));
      log(`MCP: added ${serverName(file)} to ${target.fsPath}`);
      await vscode.window.showTextDocument(target);
    }),
  );
  return { disposables, definitions };
}

/** McpStdioServerDefinition's arguments after the label: command, args, env. */
function definitionArgs(entry: McpStdioEntry): [string, string[], Record<string, string>] {
  return [entry.command, entry.args, entry.env ?? {}];
}
