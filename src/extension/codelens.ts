import * as vscode from "vscode";
import { DECLARES_INTERFACE } from "./interface-modules";

/**
 * "▶ Open Live Interface" above each `new Interface(` / `new li.Interface(`. `seen` is told when a
 * document declares one: the user may open it next (extension.ts gets the panels' server ready).
 */
export class OpenInterfaceCodeLens implements vscode.CodeLensProvider {
  constructor(private readonly seen: () => void = () => {}) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    const pattern = new RegExp(DECLARES_INTERFACE.source, "g");
    const text = document.getText();
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const range = document.lineAt(document.positionAt(m.index).line).range;
      lenses.push(new vscode.CodeLens(range, { title: "▶ Open Live Interface", command: "liveInterface.open", arguments: [document.uri] }));
    }
    if (lenses.length > 0) this.seen();
    return lenses;
  }
}
