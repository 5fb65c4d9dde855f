import * as path from "node:path";
import * as vscode from "vscode";
import { InterfaceHost, type HostServices } from "./interface-host";
import { loadInterfacePage, webviewOptions } from "./webview-html";

export const PANEL_TYPE = "liveInterface.panel";

/** An editor panel showing one module's interface ("Open Live Interface"). */
export class LivePanel {
  private static readonly open = new Map<string, LivePanel>();
  private readonly host: InterfaceHost;

  /** Opens (or reveals) the panel of `file`. */
  /** `askedAt`: when the user asked (Date.now()), for the Output channel's account of the opening. */
  static show(file: string, column: vscode.ViewColumn, extensionUri: vscode.Uri, services: HostServices, askedAt = Date.now()): LivePanel {
    const existing = LivePanel.open.get(file);
    if (existing) {
      existing.panel.reveal(column);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, title(file), column, { ...webviewOptions(extensionUri), retainContextWhenHidden: false });
    return new LivePanel(panel, file, extensionUri, services, askedAt);
  }

  /** After a window reload: VS Code hands back the panel; its state names the module. */
  static serializer(extensionUri: vscode.Uri, services: HostServices): vscode.WebviewPanelSerializer {
    return {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: { file?: string } | undefined) {
        if (!state?.file) return panel.dispose();
        panel.webview.options = webviewOptions(extensionUri);
        new LivePanel(panel, state.file, extensionUri, services);
      },
    };
  }

  static reloadFilesUsing(saved: string): void {
    for (const p of LivePanel.open.values()) p.host.reloadIfUses(saved);
  }

  static restartAll(): void {
    for (const p of LivePanel.open.values()) p.host.restart();
  }

  private constructor(readonly panel: vscode.WebviewPanel, readonly file: string, extensionUri: vscode.Uri, services: HostServices, askedAt?: number) {
    LivePanel.open.set(file, this);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "icon.svg");
    const createdAt = Date.now();
    void loadInterfacePage(panel.webview, extensionUri, title(file), file, services.log).then((serverMs) => {
      if (askedAt !== undefined) services.log(`[${path.basename(file)}] panel: created ${createdAt - askedAt} ms after the command, its page set after ${Date.now() - askedAt} ms (the channel's server: ${serverMs} ms)`);
    });
    this.host = new InterfaceHost(panel.webview, services);
    this.host.show(file);
    // Closing the panel stops its runtime.
    panel.onDidDispose(() => {
      this.host.dispose();
      LivePanel.open.delete(file);
    });
  }
}

const title = (file: string) => `Live: ${path.basename(file)}`;
