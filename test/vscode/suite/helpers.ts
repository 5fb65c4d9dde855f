// What the extension suites share: the workspace fixture, opening modules, waiting for the UI.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { textByLabel } from "./bridge";

export const EXTENSION_ID = "live-interface.live-interface";

/** A file of the opened copy of test/vscode/workspace. */
export function workspaceFile(name: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "a workspace folder is open");
  return path.join(folder.uri.fsPath, name);
}

/** Opens a fixture module in an editor and makes it the active one. */
export async function openModule(name: string, column = vscode.ViewColumn.One): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
}

/** The CSS selector of the UI root showing `module` on a surface ("panel" or "preview"). */
export const surface = (kind: "panel" | "preview", module: string) => `#app[data-surface="${kind}"][data-module="${module}"]`;

/** Polls `check` until it returns true; fails with `what` (and the last value seen) after `ms`. */
export async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < end) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (e) {
      lastError = e; // e.g. the webview is not there yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${ms} ms waiting until ${what}; last seen: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ""}`);
}

/** Waits until the output named `label` on `where` shows `text`; returns how long it took (ms). */
export async function showsText(where: string, label: string, text: string, ms?: number): Promise<number> {
  const t0 = Date.now();
  await until(`"${label}" shows ${JSON.stringify(text)}`, () => textByLabel(where, label), (t) => t === text, ms);
  return Date.now() - t0;
}

/** Replaces `from` with `to` in an open document and saves it, as a user editing would. */
export async function editAndSave(editor: vscode.TextEditor, from: string | RegExp, to: string): Promise<void> {
  const doc = editor.document;
  const text = doc.getText();
  const match = typeof from === "string" ? { index: text.indexOf(from), length: from.length } : (() => {
    const m = from.exec(text);
    return { index: m?.index ?? -1, length: m?.[0].length ?? 0 };
  })();
  assert.ok(match.index >= 0, `${path.basename(doc.fileName)} contains ${String(from)}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(match.index), doc.positionAt(match.index + match.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit), "the edit applied");
  assert.ok(await doc.save(), "the document saved");
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}
