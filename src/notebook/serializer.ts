// Our own notebook file (*.linb): JSON, readable and diffable, keeping cells' outputs (an inline
// interface's output says, after a reload, that it is no longer live instead of vanishing).
import * as vscode from "vscode";

export const NOTEBOOK_TYPE = "live-interface-notebook";

interface SavedItem {
  mime: string;
  /** UTF-8 text outputs as they are; anything else base64. */
  text?: string;
  base64?: string;
}

interface SavedCell {
  kind: "code" | "markdown";
  language?: string;
  source: string;
  outputs?: { items: SavedItem[]; metadata?: Record<string, unknown> }[];
  executionOrder?: number;
  metadata?: Record<string, unknown>;
}

interface SavedNotebook {
  cells: SavedCell[];
  metadata?: Record<string, unknown>;
}

const TEXT_MIME = /^(text\/|application\/(json|.*\+json|javascript)$|application\/vnd\.code\.notebook\.(stdout|stderr|error)$)/;

export class LinbSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const text = new TextDecoder().decode(content).trim();
    let saved: SavedNotebook = { cells: [] };
    if (text) {
      try {
        saved = JSON.parse(text) as SavedNotebook;
      } catch (err) {
        throw new Error(`This .linb file is not valid JSON: ${(err as Error).message}`);
      }
    }
    const cells = (Array.isArray(saved.cells) ? saved.cells : []).map((c) => {
      const markdown = c.kind === "markdown";
      const cell = new vscode.NotebookCellData(
        markdown ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code,
        String(c.source ?? ""),
        markdown ? "markdown" : (c.language ?? "typescript"),
      );
      cell.outputs = (c.outputs ?? []).map(
        (o) => new vscode.NotebookCellOutput(
          o.items.map((i) => new vscode.NotebookCellOutputItem(i.base64 !== undefined ? Buffer.from(i.base64, "base64") : new TextEncoder().encode(i.text ?? ""), i.mime)),
          o.metadata,
        ),
      );
      if (c.executionOrder !== undefined) cell.executionSummary = { executionOrder: c.executionOrder };
      if (c.metadata) cell.metadata = c.metadata;
      return cell;
    });
    const data = new vscode.NotebookData(cells);
    data.metadata = saved.metadata;
    return data;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    const saved: SavedNotebook = {
      cells: data.cells.map((c) => {
        const code = c.kind === vscode.NotebookCellKind.Code;
        const cell: SavedCell = { kind: code ? "code" : "markdown", source: c.value };
        if (code) cell.language = c.languageId;
        if (code && c.outputs?.length) {
          cell.outputs = c.outputs.map((o) => ({
            items: o.items.map((i) => (TEXT_MIME.test(i.mime) ? { mime: i.mime, text: new TextDecoder().decode(i.data) } : { mime: i.mime, base64: Buffer.from(i.data).toString("base64") })),
            ...(o.metadata && Object.keys(o.metadata).length ? { metadata: o.metadata } : {}),
          }));
        }
        if (code && c.executionSummary?.executionOrder !== undefined) cell.executionOrder = c.executionSummary.executionOrder;
        if (c.metadata && Object.keys(c.metadata).length) cell.metadata = c.metadata;
        return cell;
      }),
      ...(data.metadata && Object.keys(data.metadata).length ? { metadata: data.metadata } : {}),
    };
    return new TextEncoder().encode(JSON.stringify(saved, null, 1) + "\n");
  }
}
