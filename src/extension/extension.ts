// The VS Code extension: "Open Live Interface" panels, the side preview that follows the editor,
// CodeLens, the Output channel, Problems, the status bar, and notebooks (TypeScript cells, interfaces
// inline). User code only ever runs in the isolated runtime (a worker thread per module under a
// supervisor, or per notebook: its kernel), and only in a trusted workspace.
import * as path from "node:path";
import * as vscode from "vscode";
import { channelSource } from "../host/direct-channel";
import { closeLocalServer } from "../host/local-server";
import { OpenInterfaceCodeLens } from "./codelens";
import { ErrorDiagnostics } from "./error-diagnostics";
import { InterfaceHost, type HostServices } from "./interface-host";
import { declaresInterface, findInterfaceModules, MODULE_LANGUAGES } from "./interface-modules";
import { registerMcpServers } from "./mcp-servers";
import { LivePanel, PANEL_TYPE } from "./panel";
import { PREVIEW_VIEW, PreviewProvider } from "./preview";
import { NotebookKernels } from "../notebook/controller";
import { InlineInterfaces } from "../notebook/inline-interfaces";
import { LinbSerializer, NOTEBOOK_TYPE } from "../notebook/serializer";

/** How long runs must keep running before the status bar says so. */
const SHOW_RUNNING_AFTER_MS = 300;

export function activate(context: vscode.ExtensionContext) {
  const output = vscode.window.createOutputChannel("Live Interface");
  const diagnostics = new ErrorDiagnostics();
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.command = "liveInterface.showOutput";
  status.tooltip = "Live Interface: show the Output channel";
  const busy = new Set<InterfaceHost>();
  let shownBusy: boolean | undefined;
  let showBusySoon: NodeJS.Timeout | undefined;
  const showStatus = (running: boolean) => {
    if (shownBusy === running) return;
    shownBusy = running;
    status.text = running ? "$(sync) Live Interface: running" : "$(pulse) Live Interface";
    status.show();
  };
  const services: HostServices = {
    log: (text) => output.appendLine(`${new Date().toISOString().slice(11, 23)} ${text}`),
    reportError: (file, error) => diagnostics.report(file, error),
    running: (host, running) => {
      if (running) busy.add(host);
      else busy.delete(host);
      // Every run starts and ends here (each keystroke, each stream frame). The item lives in the
      // window's process, and redrawing it costs the window's main thread, which in code-server the
      // webviews share: a spinner for each 20 ms run slowed 1 MiB round trips by a third. It shows
      // only for runs that last, and goes at once. Its icon does not spin: an animation redraws
      // every frame, and while a 64 MiB stream ran it took a panel's rate from 0.93-1.02 of a bare
      // page in the same frame to 0.70 (BENCHMARKS.md).
      if (busy.size === 0) {
        clearTimeout(showBusySoon);
        showBusySoon = undefined;
        return showStatus(false);
      }
      showBusySoon ??= setTimeout(() => {
        showBusySoon = undefined;
        if (busy.size > 0) showStatus(true);
      }, SHOW_RUNNING_AFTER_MS);
    },
  };
  const preview = new PreviewProvider(context.extensionUri, services, context.workspaceState);
  const kernels = new NotebookKernels(services.log);
  /**
   * A module that declares an interface is open: the server of the panels' direct channels starts
   * now rather than when a panel opens (in code-server, finding its forwarded address took 1.6 s,
   * all of it before the first panel's page could be set). No worker starts.
   */
  let warmed = false;
  const warmChannel = () => {
    if (!warmed) void channelSource(services.log);
    warmed = true;
  };

  /**
   * The document of the active editor tab. The extension host can be told of the active editor a
   * moment after a command runs (seen in code-server right after activation): the tab is known.
   */
  async function activeTabDocument(): Promise<vscode.TextDocument | undefined> {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputText ? vscode.workspace.openTextDocument(input.uri) : undefined;
  }

  /** The module to open: the argument (CodeLens, explorer), the active editor, or the user's pick. */
  async function chooseModule(uri?: vscode.Uri): Promise<string | undefined> {
    if (uri instanceof vscode.Uri) return uri.fsPath;
    const active = vscode.window.activeTextEditor?.document ?? (await activeTabDocument());
    if (active && declaresInterface(active)) return active.uri.fsPath;
    const modules = await findInterfaceModules();
    if (modules.length === 0) {
      void vscode.window.showInformationMessage("No module in this workspace declares `new li.Interface(...)`.");
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      modules.map((m) => ({ label: path.basename(m.fsPath), description: vscode.workspace.asRelativePath(m), uri: m })),
      { placeHolder: "Which interface module should open?" },
    );
    return picked?.uri.fsPath;
  }

  const open = async (uri: vscode.Uri | undefined, column: vscode.ViewColumn) => {
    const askedAt = Date.now();
    const file = await chooseModule(uri);
    if (file) LivePanel.show(file, column, context.extensionUri, services, askedAt);
  };

  context.subscriptions.push(
    output,
    diagnostics,
    status,
    preview,
    vscode.commands.registerCommand("liveInterface.open", (uri?: vscode.Uri) => open(uri, vscode.ViewColumn.Active)),
    vscode.commands.registerCommand("liveInterface.openToSide", (uri?: vscode.Uri) => open(uri, vscode.ViewColumn.Beside)),
    vscode.commands.registerCommand("liveInterface.showPreview", async (uri?: vscode.Uri) => {
      const file = await chooseModule(uri);
      if (file) await preview.showFile(file);
    }),
    vscode.commands.registerCommand("liveInterface.togglePreviewLock", () => preview.toggleLock()),
    vscode.commands.registerCommand("liveInterface.showOutput", () => output.show(true)),
    kernels,
    new InlineInterfaces(kernels, services.log),
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new LinbSerializer(), { transientOutputs: false }),
    vscode.commands.registerCommand("liveInterface.restartKernel", () => kernels.restart(vscode.window.activeNotebookEditor?.notebook)),
    vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, LivePanel.serializer(context.extensionUri, services)),
    vscode.window.registerWebviewViewProvider(PREVIEW_VIEW, preview),
    vscode.languages.registerCodeLensProvider(
      MODULE_LANGUAGES.map((language) => ({ language, scheme: "file" })),
      new OpenInterfaceCodeLens(warmChannel),
    ),
    // Saving the module, or a file it imports, reloads whatever shows it; inputs are kept.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      LivePanel.reloadFilesUsing(doc.uri.fsPath);
      preview.reloadFilesUsing(doc.uri.fsPath);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      LivePanel.restartAll();
      preview.restart();
    }),
  );
  if (vscode.window.visibleTextEditors.some((e) => declaresInterface(e.document))) warmChannel();
  const mcp = registerMcpServers(context, chooseModule, services.log);
  context.subscriptions.push(...mcp.disposables);
  // For tests and other extensions: the preview, how many module runtimes are running, the MCP servers provided.
  return { preview, runtimes: () => InterfaceHost.withRuntime.size, kernels, mcpServers: mcp.definitions };
}

/** The local server (capture pages, direct channels), if one was started, stops with the extension. */
export function deactivate(): Promise<void> {
  return closeLocalServer();
}
