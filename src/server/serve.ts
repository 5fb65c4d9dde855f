import * as fs from "node:fs";
import * as path from "node:path";
import { workerData } from "node:worker_threads";
import { InProcessExecutor } from "../runtime/in-process";
import { isInterface, type Interface } from "../runtime/interface";
import { Supervisor, type SupervisorOptions } from "../runtime/supervisor";
import { LiveServer, type App, type ServerOptions } from "./server";

export interface ServeOptions extends ServerOptions, SupervisorOptions {
  /** Print the URL when listening (default true). */
  quiet?: boolean;
}

/** True inside the isolated runtime that the CLI or VS Code runs a module in. */
export const insideRuntime = () => !!(workerData as { liveInterfaceRuntime?: boolean } | undefined)?.liveInterfaceRuntime;

/**
 * Serves interfaces in the browser. Given an Interface, fn runs in this process; given module files
 * (or folders of them), each runs isolated in its own supervised runtime and `/` lists them.
 * Inside a module that is already being served (CLI, VS Code), this does nothing and gives undefined.
 */
export async function serve(target: Interface<any, any> | string | string[], options: ServeOptions = {}): Promise<LiveServer | undefined> {
  if (insideRuntime()) return undefined;
  const apps: App[] = isInterface(target)
    ? [{ name: "app", executor: new InProcessExecutor(target) }]
    : moduleFiles(typeof target === "string" ? [target] : target).map((file) => ({
        name: path.basename(file).replace(/\.[cm]?[jt]sx?$/, ""),
        executor: new Supervisor(file, options),
      }));
  if (apps.length === 0) throw new Error(`no interface modules found in ${String(target)}`);
  await Promise.all(apps.map((a) => a.executor.ready));
  let server: LiveServer | undefined;
  const first = options.port ?? 7860;
  // Like Gradio: when the port is taken, the next free one is used (0 lets the system choose).
  for (let port = first; ; port++) {
    server = new LiveServer(apps, { ...options, port });
    try {
      await server.listen();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" || first === 0 || port >= first + 20) throw err;
    }
  }
  if (!options.quiet) {
    const report = (a: App) => {
      const e = a.executor.loadError;
      if (e) console.error(`${a.name}: ${e.message}${e.location ? ` (${e.location})` : ""}`);
      return e;
    };
    for (const a of apps) {
      report(a);
      a.executor.onReload(() => report(a) ?? console.log(`${a.name}: reloaded`));
    }
    console.log(`Live Interface: open this URL in your browser:\n${server.url}`);
  }
  return server;
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
