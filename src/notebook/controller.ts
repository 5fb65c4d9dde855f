// The notebook controller "Live Interface (TypeScript)": runs TypeScript and JavaScript cells of our own
// notebooks (*.linb) and of Jupyter notebooks (.ipynb) in a kernel per notebook (kernel.ts). A cell's
// value shows as its output: an Interface inline (the renderer, inline-interfaces.ts), anything else
// as text; console output and errors (with the cell's line) show under the cell.
import * as path from "node:path";
import * as vscode from "vscode";
import type { InterfaceOutput, UserError } from "../protocol/messages";
import { channelSource } from "../host/direct-channel";
import { runtimeOptions, typescriptApi } from "../host/runtime-options";
import { Kernel } from "./kernel";
import { NOTEBOOK_TYPE } from "./serializer";

/** The MIME type of an inline interface output; its JSON names the kernel generation and the interface. */
export const INTERFACE_MIME = "application/vnd.live-interface+json";

export const CONTROLLER_LABEL = "Live Interface (TypeScript)";

export class NotebookKernels implements vscode.Disposable {
  private readonly kernels = new Map<string, Kernel>();
  /** Per notebook, bumped by each interrupt: cells queued before it do not run. */
  private readonly interrupts = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly log: (text: string) => void) {
    for (const [type, id] of [[NOTEBOOK_TYPE, "live-interface-kernel"], ["jupyter-notebook", "live-interface-kernel-ipynb"]] as const) {
      const controller = vscode.notebooks.createNotebookController(id, type, CONTROLLER_LABEL);
      controller.supportedLanguages = ["typescript", "javascript"];
      controller.supportsExecutionOrder = true;
      controller.description = "TypeScript cells in one scope; interfaces live inline";
      controller.executeHandler = (cells, notebook) => this.execute(controller, cells, notebook);
      controller.interruptHandler = (notebook) => this.interrupt(notebook);
      // Our own notebooks need no choosing: this is their kernel.
      if (type === NOTEBOOK_TYPE) {
        this.subscriptions.push(
          vscode.workspace.onDidOpenNotebookDocument((nb) => nb.notebookType === type && controller.updateNotebookAffinity(nb, vscode.NotebookControllerAffinity.Preferred)),
        );
        for (const nb of vscode.workspace.notebookDocuments) if (nb.notebookType === type) controller.updateNotebookAffinity(nb, vscode.NotebookControllerAffinity.Preferred);
      }
      this.subscriptions.push(controller);
    }
    this.subscriptions.push(
      vscode.workspace.onDidCloseNotebookDocument((nb) => {
        this.kernels.get(nb.uri.toString())?.dispose();
        this.kernels.delete(nb.uri.toString());
      }),
    );
  }

  /** The kernel whose generation is `generation` (an output's), if it still lives. */
  byGeneration(generation: string): Kernel | undefined {
    for (const k of this.kernels.values()) if (k.generation === generation) return k;
    return undefined;
  }

  /** A fresh scope for `notebook` (command "Restart Notebook Kernel"): its interfaces stop being live. */
  restart(notebook: vscode.NotebookDocument | undefined): void {
    const kernel = notebook && this.kernels.get(notebook.uri.toString());
    if (kernel) {
      this.bumpInterrupts(notebook);
      kernel.restart();
    }
  }

  dispose(): void {
    for (const k of this.kernels.values()) k.dispose();
    this.kernels.clear();
    for (const s of this.subscriptions) s.dispose();
  }

  private kernelOf(notebook: vscode.NotebookDocument): Kernel {
    const key = notebook.uri.toString();
    let kernel = this.kernels.get(key);
    if (!kernel) {
      const name = path.basename(notebook.uri.fsPath);
      const log = (text: string) => this.log(`[${name}] ${text}`);
      // The panel's settings and transpiler, read once per kernel.
      const { timeout = 30, transpile } = runtimeOptions(log);
      kernel = new Kernel({ folder: path.dirname(notebook.uri.fsPath), typescript: typescriptApi(), transpile: transpile!, timeout, log });
      kernel.onRestart((reason) => log(reason));
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private interrupt(notebook: vscode.NotebookDocument): void {
    this.bumpInterrupts(notebook);
    this.kernels.get(notebook.uri.toString())?.interrupt();
  }

  private bumpInterrupts(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    this.interrupts.set(key, (this.interrupts.get(key) ?? 0) + 1);
  }

  private async execute(controller: vscode.NotebookController, cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    const asked = this.interrupts.get(key) ?? 0;
    const executions = cells.map((cell) => controller.createNotebookCellExecution(cell));
    // The inline interfaces these cells may show link through the local server: it starts meanwhile.
    void channelSource(this.log);
    let failed = false;
    for (const execution of executions) {
      // Interrupted before its turn, or after a cell that failed (as Jupyter's Run All stops there).
      if (failed || (this.interrupts.get(key) ?? 0) !== asked) {
        execution.end(undefined);
        continue;
      }
      execution.start(Date.now());
      try {
        await execution.clearOutput();
        failed = !(await this.executeOne(execution, notebook));
      } catch (err) {
        // Ours, not the cell's (no kernel could start...): said under the cell, not left spinning.
        this.log(`notebook: ${(err as Error).stack ?? String(err)}`);
        await execution.replaceOutput(errorOutput({ kind: "runtime", message: `Live Interface could not run the cell: ${(err as Error).message}` }));
        execution.end(false, Date.now());
        failed = true;
      }
    }
  }

  /** Runs one started execution and ends it; false when the cell failed. */
  private async executeOne(execution: vscode.NotebookCellExecution, notebook: vscode.NotebookDocument): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      await execution.replaceOutput(errorOutput({ kind: "load", message: "Live Interface runs notebook cells only in a trusted workspace (command: Workspaces: Manage Workspace Trust)." }));
      execution.end(false, Date.now());
      return false;
    }
    const language = execution.cell.document.languageId;
    if (language !== "typescript" && language !== "javascript") {
      await execution.replaceOutput(errorOutput({ kind: "load", message: `The ${CONTROLLER_LABEL} kernel runs TypeScript and JavaScript cells, not ${language}.` }));
      execution.end(false, Date.now());
      return false;
    }
    const kernel = this.kernelOf(notebook);
    // console output: one output per stream, its text growing as the cell prints.
    const streams = new Map<string, vscode.NotebookCellOutput>();
    let writing = Promise.resolve();
    const onConsole = (stream: "stdout" | "stderr", text: string) => {
      const item = stream === "stdout" ? vscode.NotebookCellOutputItem.stdout(text) : vscode.NotebookCellOutputItem.stderr(text);
      writing = writing.then(async () => {
        const shown = streams.get(stream);
        if (shown) return execution.appendOutputItems(item, shown);
        const output = new vscode.NotebookCellOutput([item]);
        streams.set(stream, output);
        return execution.appendOutput(output);
      });
    };
    const { executionOrder, done } = kernel.runCell(execution.cell.document.getText(), onConsole, execution.cell.document.uri.toString());
    execution.executionOrder = executionOrder;
    const result = await done;
    await writing;
    const { value, error } = result;
    if (error) await execution.appendOutput(errorOutput(error));
    else if (value && "interface" in value) {
      const data: InterfaceOutput = { kernel: kernel.generation, iface: value.interface.id, title: value.interface.config.title };
      const name = value.interface.config.title ?? "an interface";
      await execution.appendOutput(
        new vscode.NotebookCellOutput([
          vscode.NotebookCellOutputItem.json(data, INTERFACE_MIME),
          vscode.NotebookCellOutputItem.text(`Live interface: ${name} (shown by the Live Interface extension; run the cell to use it).`),
        ]),
      );
    } else if (value) await execution.appendOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(value.text)]));
    execution.end(result.interrupted ? undefined : !error, Date.now());
    return !error && !result.interrupted;
  }
}

function errorOutput(error: UserError): vscode.NotebookCellOutput {
  const [name, ...rest] = error.message.split(": ");
  const named = rest.length > 0 && /^\w*(Error|Interrupted)$/.test(name!);
  const message = named ? rest.join(": ") : error.message;
  const head = named ? `${name}: ${message}` : message;
  // The stack names the cell's line where there is one; else the location alone.
  const stack = error.stack && /Cell \[\d+\], line/.test(error.stack) ? error.stack : `${head}${error.location ? `\n    at ${error.location}` : ""}`;
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name: named ? name! : "Error", message, stack })]);
}
