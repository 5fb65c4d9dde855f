// `live-interface mcp <module>...`: the modules' interfaces as MCP tools on stdin/stdout, for an MCP
// client to start (VS Code's mcp.json, a desktop assistant). stdout carries the protocol alone: the
// modules' console output, load errors and failed runs go to stderr, which MCP clients show as the
// server's log. Modules reload on save, and the client hears that the tool list changed.
import * as path from "node:path";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Executor } from "../runtime/executor";
import { Supervisor } from "../runtime/supervisor";
import { announceToolChanges, createMcpServer } from "./mcp";
import { logRunErrors, terminalLocation } from "./run-log";
import { moduleFiles } from "./serve";
import type { App } from "./server";
import { VERSION } from "./version";

export interface McpOptions {
  timeout?: number;
  concurrency?: number;
}

/** Serves `targets` (modules, folders of them) over stdio until stdin ends; gives how to stop. */
export async function serveMcpStdio(targets: string[], options: McpOptions = {}): Promise<() => Promise<void>> {
  // Whatever our own code or a library would print: to stderr, never into the protocol.
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);
  const toStderr = (text: string) => void process.stderr.write(text);
  const apps: App[] = moduleFiles(targets).map((file) => {
    const name = path.basename(file).replace(/\.[cm]?[jt]sx?$/, "");
    const executor: Executor = new Supervisor(file, { ...options, watch: true, onLog: toStderr });
    return { name, file, executor: logRunErrors(executor, name, file) };
  });
  if (apps.length === 0) throw new Error(`no interface modules found in ${targets.join(" ")}`);
  await Promise.all(apps.map((a) => a.executor.ready));
  const report = (a: App) => {
    const e = a.executor.loadError;
    if (e) console.error(`${a.name}: ${e.message}${e.location ? ` (${terminalLocation(e.location, path.dirname(a.file!))})` : ""}`);
  };
  for (const a of apps) {
    report(a);
    a.executor.onReload(() => report(a));
  }
  const server = createMcpServer(apps, VERSION);
  const stopAnnouncing = announceToolChanges(server, apps);
  const stop = async () => {
    stopAnnouncing();
    await server.close();
    await Promise.all(apps.map((a) => a.executor.dispose()));
  };
  await server.connect(new StdioServerTransport());
  console.error(`live-interface: MCP on stdio, tools: ${apps.map((a) => a.name).join(", ")}`);
  return stop;
}
