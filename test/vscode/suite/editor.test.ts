// The editor understands an interface module in a workspace that never installed live-interface:
// the extension's TypeScript server plugin resolves the name to the types it ships, so completions
// work and no "Cannot find module" error shows.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAllEditors, openModule, until } from "./helpers";

describe("TypeScript in interface modules", function () {
  this.timeout(90000);
  after(closeAllEditors);

  it("completes li. with the library's components, with no error on the import", async () => {
    const editor = await openModule("calc.ts");
    const text = editor.document.getText();
    const at = editor.document.positionAt(text.indexOf("li.Slider") + "li.".length);
    // tsserver starts with the first TypeScript file: poll until it answers with our exports.
    const labels = await until(
      "completions after li. list the components",
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", editor.document.uri, at);
        return list.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
      },
      (l) => l.includes("Slider") && l.includes("Interface"),
      60000,
    );
    for (const name of ["Textbox", "Number", "Radio", "Markdown", "State"]) assert.ok(labels.includes(name), `completions include ${name}`);
    const problems = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(problems.map((d) => d.message), [], "no TypeScript errors in calc.ts");
  });
});
