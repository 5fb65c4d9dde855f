import * as path from "node:path";
import * as vscode from "vscode";
import type { UserError } from "../protocol/messages";

/**
 * Errors from a run or a load, shown in the Problems view and as a squiggle at the user's line.
 * Cleared by the next successful output or load.
 */
export class ErrorDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("live-interface");
  private readonly byModule = new Map<string, vscode.Uri>();

  report(moduleFile: string, error: UserError | undefined): void {
    const previous = this.byModule.get(moduleFile);
    if (previous) this.collection.delete(previous);
    this.byModule.delete(moduleFile);
    const m = error?.location && /^(.*):(\d+):(\d+)$/.exec(error.location);
    if (!error || !m) return;
    const uri = vscode.Uri.file(path.resolve(path.dirname(moduleFile), m[1]!));
    const line = Number(m[2]) - 1;
    const column = Number(m[3]) - 1;
    const diagnostic = new vscode.Diagnostic(new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER), error.message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = "Live Interface";
    this.collection.set(uri, [diagnostic]);
    this.byModule.set(moduleFile, uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
