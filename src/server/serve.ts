import * as fs from "node:fs";
import * as path from "node:path";
import { workerData } from "node:worker_threads";
import { InProcessExecutor } from "../runtime/in-process";
import { inLine, limitsOf } from "../runtime/in-line";
import type { Executor } from "../runtime/executor";
import { isInterface, type Interface } from "../runtime/interface";
import { Supervisor, type SupervisorOptions } from "../runtime/supervisor";
import { isWildcard } from "./host-names";
import { parseRootPath } from "./root-path";
import { logRunErrors, terminalLocation } from "./run-log";
import { LiveServer, type App, type ServerOptions } from "./server";

/**
 * `concurrency` (SupervisorOptions) is the server's default for modules' interfaces whose
 * concurrencyLimit is unset or "default"; an Interface given directly runs in this process without
 * that line.
 */
export interface ServeOptions extends ServerOptions, SupervisorOptions {
  /** Print the URL when listening, load errors, reloads and failed runs (default true). */
  quiet?: boolean;
}

/** The port tried first when none is given; when it is taken, the next free one (and a line says so). */
export const DEFAULT_PORT = 7860;
/** How many ports after the default are tried. */
const PORTS_TRIED = 20;

/** True inside the isolated runtime that the CLI or VS Code runs a module in. */
export const insideRuntime = () => !!(workerData as { liveInterfaceRuntime?: boolean } | undefined)?.liveInterfaceRuntime;

/**
 * Serves interfaces in the browser. Given an Interface, fn runs in this process; given module files
 * (or folders of them), each runs isolated in its own supervised runtime and `/` lists them.
 * Inside a module that is already being served (CLI, VS Code), this does nothing and gives undefined.
 * A port given in `options` must be free (an error with code EADDRINUSE names it); without one, the
 * first free port from 7860 on is used.
 */
export async function serve(target: Interface<any, any> | string | string[], options: ServeOptions = {}): Promise<LiveServer | undefined> {
  if (insideRuntime()) return undefined;
  const { concurrency } = options;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) throw new Error(`concurrency must be a whole number of at least 1, not ${concurrency}`);
  const root = parseRootPath(options.rootPath ?? "");
  if (typeof root === "string") throw new Error(`rootPath ${root}`);
  const apps: App[] = isInterface(target)
    ? [{ name: "app", executor: inProcess(target, concurrency) }]
    : moduleFiles(typeof target === "string" ? [target] : target).map((file) => ({
        name: path.basename(file).replace(/\.[cm]?[jt]sx?$/, ""),
        file,
        executor: new Supervisor(file, options),
      }));
  if (apps.length === 0) throw new Error(`no interface modules found in ${String(target)}`);
  if (!options.quiet) for (const a of apps) a.executor = logRunErrors(a.executor, a.name, a.file);
  await Promise.all(apps.map((a) => a.executor.ready));
  let server: LiveServer;
  try {
    server = await listenFrom(apps, options);
  } catch (err) {
    await Promise.all(apps.map((a) => a.executor.dispose()));
    throw err;
  }
  if (!options.quiet) {
    const report = (a: App) => {
      const e = a.executor.loadError;
      if (e) console.error(`${a.name}: ${e.message}${e.location ? ` (${terminalLocation(e.location, a.file && path.dirname(a.file))})` : ""}`);
      return e;
    };
    for (const a of apps) {
      report(a);
      a.executor.onReload(() => report(a) ?? console.log(`${a.name}: reloaded`));
    }
    if (server.publicUrl) console.log(`Live Interface: open this URL in your browser (through the proxy):\n${server.publicUrl}\nDirectly on this machine: ${server.url}`);
    else console.log(`Live Interface: open this URL in your browser:\n${server.url}`);
    if (options.mcp) console.log(`MCP (Streamable HTTP), every interface as a tool:\n${server.mcpUrl}`);
    const others = server.networkUrls.filter((u) => u !== server.url);
    if (others.length > 0) console.log(`On your network:\n${others.join("\n")}`);
    if (server.networkUrls.length > 0 || isWildcard(server.host)) {
      console.warn(`Warning: listening on ${server.host}, this interface is on the network: anyone who can reach this machine and has its URL (with the token) can use it.`);
    }
  }
  return server;
}

/** Listens on the port given, or on the first free one from DEFAULT_PORT on (saying so when it moved). */
async function listenFrom(apps: App[], options: ServeOptions): Promise<LiveServer> {
  const first = options.port ?? DEFAULT_PORT;
  const moves = options.port === undefined;
  for (let port = first; ; port++) {
    const server = new LiveServer(apps, { ...options, port });
    try {
      await server.listen();
      if (port !== first && !options.quiet) console.log(`Port ${first} is in use: serving on port ${port} instead.`);
      return server;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const where = `${server.host}:${port}`;
      if (code === "EADDRINUSE" && moves && port < first + PORTS_TRIED - 1) continue;
      if (code === "EADDRINUSE") {
        const which = moves ? `ports ${first}-${port} are all in use` : `port ${port} is in use (another program listens on ${where})`;
        throw Object.assign(new Error(which), { code, port });
      }
      throw Object.assign(new Error(`cannot listen on ${where}: ${(err as Error).message}`), { code, port });
    }
  }
}

/** Files as given, folders expanded to the TypeScript/JavaScript modules directly inside them. */
export function moduleFiles(targets: string[]): string[] {
  return targets.flatMap((t) => {
    const full = path.resolve(t);
    if (!fs.existsSync(full)) throw new Error(`${t}: no such file or folder`);
    if (!fs.statSync(full).isDirectory()) return [full];
    return fs
      .readdirSync(full)
      .filter((f) => /\.[cm]?[jt]sx?$/.test(f) && !f.endsWith(".d.ts") && !f.startsWith("_"))
      .sort()
      .map((f) => path.join(full, f));
  });
}

/** fn in this process, its runs in line under the interface's concurrencyLimit (else `concurrency`, else 1). */
function inProcess(target: Interface<any, any>, concurrency?: number): Executor {
  const executor = new InProcessExecutor(target);
  return inLine(executor, () => limitsOf(executor, concurrency ?? 1));
}
