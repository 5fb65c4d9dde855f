import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { InterfaceHost, type HostServices } from "./interface-host";
import { declaresInterface } from "./interface-modules";
import { loadInterfacePage, webviewOptions } from "./webview-html";

export const PREVIEW_VIEW = "liveInterface.preview";
/** The module the preview showed last, in the workspace's extension state. */
const SHOWN_KEY = "preview.file";

/**
 * The "Live Interface Preview" side view: shows the interface of the active editor's module and follows
 * the editor (like the Markdown preview) unless locked; reloads on save keeping the inputs.
 */
export class PreviewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private host: InterfaceHost | undefined;
  private locked = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  /**
   * `memory`: the workspace's extension state, where the view notes its module for the next window (a
   * webview's own state is saved only when the window closes, which a browser tab's reload can cut short).
   */
  constructor(private readonly extensionUri: vscode.Uri, private readonly services: HostServices, private readonly memory: vscode.Memento) {
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    void loadInterfacePage(view.webview, this.extensionUri, "Live Interface Preview", undefined, this.services.log);
    this.host?.dispose();
    this.host = new InterfaceHost(view.webview, this.services);
    view.onDidDispose(() => {
      this.host?.dispose();
      this.host = undefined;
      this.view = undefined;
    });
    // The active editor's module, else the one the view showed before a reload (as the Markdown
    // preview keeps its document), else the "no module" notice.
    const remembered = this.memory.get<string>(SHOWN_KEY);
    this.setFile(moduleOf(vscode.window.activeTextEditor) ?? (remembered && fs.existsSync(remembered) ? remembered : undefined));
  }

  get currentFile(): string | undefined {
    return this.host?.currentFile;
  }

  /** Shows `file` in the preview (opening the view if needed). */
  async showFile(file: string): Promise<void> {
    await vscode.commands.executeCommand(`${PREVIEW_VIEW}.focus`);
    this.setFile(file);
  }

  toggleLock(): void {
    this.locked = !this.locked;
    this.updateDescription();
    if (!this.locked) this.follow(vscode.window.activeTextEditor);
  }

  get isLocked(): boolean {
    return this.locked;
  }

  reloadFilesUsing(saved: string): void {
    this.host?.reloadIfUses(saved);
  }

  restart(): void {
    this.host?.restart();
  }

  dispose(): void {
    this.host?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    if (this.locked) return;
    // Editors that are not interface modules (an output, a settings file) leave the preview as it is.
    const file = moduleOf(editor);
    if (file) this.setFile(file);
  }

  private setFile(file: string | undefined): void {
    this.host?.show(file);
    if (file && file !== this.memory.get(SHOWN_KEY)) void this.memory.update(SHOWN_KEY, file);
    this.updateDescription();
  }

  private updateDescription(): void {
    if (!this.view) return;
    const file = this.host?.currentFile;
    this.view.description = `${file ? path.basename(file) : "no interface module open"}${this.locked ? " (locked)" : ""}`;
  }
}

/** The module `editor` shows, when it declares an interface. */
function moduleOf(editor: vscode.TextEditor | undefined): string | undefined {
  return editor && declaresInterface(editor.document) ? editor.document.uri.fsPath : undefined;
}
