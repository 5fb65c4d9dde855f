#!/usr/bin/env node
// `live-interface serve …`: checks its arguments (exit 2 with what is wrong), serves until stopped
// (Ctrl-C, SIGTERM, its parent going away), and exits 1 with one line when serving fails.
import * as fs from "node:fs";
import { checkToken, parseArgs, USAGE } from "./cli/args";
import { exitOnStop } from "./cli/stop";
import { mcpBundle } from "./server/mcp-bundle";
import { serve } from "./server/serve";
import type { LiveServer } from "./server/server";

const HINT = "Run `live-interface serve --help` for the options.";

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === "help") return console.log(USAGE), 0;
  if (args.command === "version") return console.log(require("../package.json").version), 0;
  if (args.command === "error") return console.error(`live-interface: ${args.message}\n${HINT}`), 2;
  const token = checkToken(process.env.LIVE_INTERFACE_TOKEN);
  if (typeof token === "object") return console.error(`live-interface: ${token.error}`), 2;
  const missing = args.files.find((f) => !fs.existsSync(f));
  if (missing) return console.error(`live-interface: ${missing}: no such file or folder`), 2;

  if (args.command === "mcp") {
    // The client ends the server by closing its stdin (or with a signal).
    let stop: (() => Promise<void>) | undefined;
    exitOnStop(async () => stop?.());
    process.stdin.once("end", () => void (stop?.() ?? Promise.resolve()).finally(() => process.exit(0)));
    try {
      stop = await mcpBundle().serveMcpStdio(args.files, { timeout: args.timeout, concurrency: args.concurrency });
    } catch (err) {
      console.error(`live-interface: ${(err as Error).message}`);
      return 1;
    }
    return -1;
  }
  // Before anything starts: a Ctrl-C while modules load exits too (worker threads end with the process).
  let server: LiveServer | undefined;
  exitOnStop(async () => server?.close());
  try {
    const { port, host, allowHosts, timeout, concurrency, rootPath, mcp } = args;
    server = await serve(args.files, { port, host, allowHosts, timeout, concurrency, rootPath, token, watch: true, mcp });
  } catch (err) {
    const e = err as Error & { code?: string };
    const hint = e.code === "EADDRINUSE" ? (args.port === undefined ? ": give a free one with --port <n>" : ": choose another with --port <n>, or --port 0 for any free one") : "";
    console.error(`live-interface: ${e.message}${hint}`);
    return 1;
  }
  return -1; // keep serving
}

main(process.argv.slice(2)).then(
  (code) => code >= 0 && process.exit(code),
  (err: Error) => {
    console.error(`live-interface: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
