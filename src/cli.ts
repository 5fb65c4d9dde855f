#!/usr/bin/env node
import { serve } from "./server/serve";

const USAGE = `Usage: live-interface serve <module.ts | folder>... [--port 7860] [--host 127.0.0.1] [--timeout 30]

Serves each module's exported Interface in the browser (a folder: every module in it, with a gallery).
Saving a module (or a file it imports) reloads it; open pages redraw and keep their inputs.
  --port     port to listen on (default 7860; the next free one if taken)
  --host     address to bind (default 127.0.0.1; 0.0.0.0 exposes it to your network)
  --timeout  seconds a run may go without output before it is stopped (default 30)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--version") return console.log(require("../package.json").version), 0;
  if (command !== "serve" || rest.includes("--help")) {
    (command === "--help" || command === undefined ? console.log : console.error)(USAGE);
    return command === "--help" ? 0 : 2;
  }
  const files: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2);
      const value = inline ?? rest[++i];
      if (!["port", "host", "timeout"].includes(name!) || value === undefined) {
        console.error(`unknown or incomplete option ${arg}\n\n${USAGE}`);
        return 2;
      }
      flags[name!] = value;
    } else files.push(arg);
  }
  if (files.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const server = await serve(files, {
    port: flags.port !== undefined ? Number(flags.port) : undefined,
    host: flags.host,
    timeout: flags.timeout !== undefined ? Number(flags.timeout) : undefined,
    watch: true,
  });
  const stop = () => void server?.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return -1; // keep serving
}

main(process.argv.slice(2)).then(
  (code) => code >= 0 && process.exit(code),
  (err: Error) => {
    console.error(`live-interface: ${err.message}`);
    process.exit(1);
  },
);
