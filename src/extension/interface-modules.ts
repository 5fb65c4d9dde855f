import * as vscode from "vscode";

/** `new Interface(` or `new li.Interface(`: how a module that declares an interface is recognised. */
export const DECLARES_INTERFACE = /\bnew\s+(?:[A-Za-z_$][\w$]*\.)?Interface\s*\(/;

export const MODULE_LANGUAGES = ["typescript", "typescriptreact", "javascript", "javascriptreact"];

export function declaresInterface(document: vscode.TextDocument): boolean {
  return MODULE_LANGUAGES.includes(document.languageId) && document.uri.scheme === "file" && DECLARES_INTERFACE.test(document.getText());
}

/** Workspace files that declare an interface, for the quick pick when no such module is active. */
export async function findInterfaceModules(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles("**/*.{ts,tsx,mts,cts,js,jsx,mjs}", "**/{node_modules,dist,out,.git}/**", 2000);
  const found: vscode.Uri[] = [];
  for (const uri of files) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString("utf8");
    if (DECLARES_INTERFACE.test(text)) found.push(uri);
  }
  return found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}
