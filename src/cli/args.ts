// The `live-interface` command line: what it accepts, checked before anything starts, so a typo gets a
// message that names it (and exit code 2) instead of a server on the wrong port or a stack trace.
import * as net from "node:net";
import { parseRootPath } from "../server/root-path";

export const USAGE = `Usage: live-interface serve <module.ts | folder>... [options]
       live-interface mcp <module.ts | folder>... [--timeout <seconds>] [--concurrency <n>]

Serves each module's exported Interface in the browser; a folder serves every module directly in it
(except files whose names start with "_": keep helpers there) as a gallery. Saving a module, or a
file it imports, reloads it; open pages redraw and keep their inputs.

mcp serves the same interfaces as Model Context Protocol tools on stdin/stdout, for an MCP client
(an editor's agent, a desktop assistant) to start: one tool per module. See docs/api.md.

serve transpiles TypeScript without type-checking it (like tsx or esbuild): a type error does not
stop it. Check types with your editor or \`npx tsc --noEmit\`.

Options:
  --port <n>           port to listen on, 0-65535 (default 7860, or the next free one if 7860 is
                       taken; a port given here must be free; 0: any free port)
  --host <address>     address to bind (default 127.0.0.1: this machine only; 0.0.0.0 or :: puts the
                       interface on your network, still behind its token)
  --allow-host <name>  also accept requests addressed to <name> or <name:port>, e.g. the public name
                       of a reverse proxy in front of the server (repeatable)
  --timeout <seconds>  a run that produces nothing for this long is stopped (default 30)
  --concurrency <n>    runs at once, across all sessions, of an interface whose concurrencyLimit
                       is unset or "default" (default 1; others wait in line and are told their
                       place). An interface's own concurrencyLimit: number wins
  --root-path <path>   the path a reverse proxy serves the app under, e.g. /apps/demo (the proxy may
                       pass it on or strip it), or the full public URL, e.g.
                       https://apps.example.com/apps/demo: then that URL is printed and its host allowed
  --mcp                also serve the interfaces as MCP tools (Streamable HTTP) at <URL>/mcp, behind
                       the same token (each interface's own tool: <interface URL>/mcp)
  -h, --help           show this help

Environment:
  LIVE_INTERFACE_TOKEN the token to require instead of a new random one (at least 22 characters of
                       A-Z a-z 0-9 _ -, e.g. from \`openssl rand -hex 16\`): the same URL for
                       several replicas behind one proxy

live-interface --version   prints the version`;

export interface ServeArgs {
  command: "serve" | "mcp";
  files: string[];
  port?: number;
  host?: string;
  timeout?: number;
  concurrency?: number;
  rootPath?: string;
  allowHosts: string[];
  /** serve: also MCP over HTTP (--mcp). */
  mcp?: boolean;
}

export type CliArgs = ServeArgs | { command: "help" } | { command: "version" } | { command: "error"; message: string };

/** Something wrong with the command line: the message says what, in the user's terms. */
const fail = (message: string): CliArgs => ({ command: "error", message });

const OPTIONS = ["port", "host", "allow-host", "timeout", "concurrency", "root-path"] as const;
type Option = (typeof OPTIONS)[number];

// A host name (RFC 1123 labels) or an IP address; a bracketed IPv6 address for --allow-host.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;
const isHost = (value: string) => net.isIP(value) !== 0 || HOST_NAME.test(value);

function checkPort(value: string): number | string {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return port >= 0 && port <= 65535 ? port : `--port must be a whole number from 0 to 65535 (0: any free port), not "${value}"`;
}

function checkTimeout(value: string): number | string {
  const seconds = /^\d*\.?\d+$/.test(value.trim()) ? Number(value) : NaN;
  return seconds > 0 && Number.isFinite(seconds) ? seconds : `--timeout must be a number of seconds greater than 0, not "${value}"`;
}

function checkConcurrency(value: string): number | string {
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  return n >= 1 ? n : `--concurrency must be a whole number of runs at once, at least 1, not "${value}"`;
}

/** A token given in the environment: long and plain enough to be unguessable and to sit in a URL as it is. */
export function checkToken(value: string | undefined): string | undefined | { error: string } {
  if (value === undefined || value === "") return undefined;
  if (/^[A-Za-z0-9_-]{22,}$/.test(value)) return value;
  const what = value.length < 22 ? `has only ${value.length}` : "has other characters";
  return { error: `LIVE_INTERFACE_TOKEN must be at least 22 characters, each A-Z a-z 0-9 _ or - (128 random bits, e.g. from \`openssl rand -hex 16\`): the one set ${what}` };
}

function checkAllowedHost(value: string): string | { error: string } {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(value);
  const name = m?.[1];
  const ok = name && (name.startsWith("[") ? net.isIPv6(name.slice(1, -1)) : isHost(name)) && (m[2] === undefined || Number(m[2]) <= 65535);
  return ok ? value.toLowerCase() : { error: `--allow-host must be a host name or address, optionally with :port (e.g. app.example.com), not "${value}"` };
}

/** Parses `live-interface …` (argv without node and the script). Never throws, never exits. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined) return fail("no command given: did you mean `live-interface serve <module.ts>`?");
  if (command === "--help" || command === "-h" || command === "help") return { command: "help" };
  if (command === "--version" || command === "-v") return { command: "version" };
  if (command !== "serve" && command !== "mcp") return fail(`unknown command "${command}": the commands are \`live-interface serve <module.ts | folder>...\` and \`live-interface mcp <module.ts | folder>...\``);
  if (rest.includes("--help") || rest.includes("-h")) return { command: "help" };

  const args: ServeArgs = { command, files: [], allowHosts: [] };
  const given = new Set<Option>();
  let onlyFiles = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (onlyFiles || !arg.startsWith("-") || arg === "-") {
      args.files.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyFiles = true;
      continue;
    }
    if (arg === "--mcp" && command === "serve") {
      args.mcp = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)) as Option;
    if (!arg.startsWith("--") || !OPTIONS.includes(name)) return fail(`unknown option ${eq > 0 ? arg.slice(0, eq) : arg}`);
    if (command === "mcp" && name !== "timeout" && name !== "concurrency") return fail(`--${name} is an option of serve: mcp speaks on stdin/stdout (serve --mcp serves MCP over HTTP)`);
    const value = eq > 0 ? arg.slice(eq + 1) : rest[i + 1];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) return fail(`--${name} needs a value`);
    if (eq < 0) i++;
    if (given.has(name) && name !== "allow-host") return fail(`--${name} is given twice`);
    given.add(name);
    if (name === "port") {
      const port = checkPort(value);
      if (typeof port === "string") return fail(port);
      args.port = port;
    } else if (name === "timeout") {
      const timeout = checkTimeout(value);
      if (typeof timeout === "string") return fail(timeout);
      args.timeout = timeout;
    } else if (name === "concurrency") {
      const concurrency = checkConcurrency(value);
      if (typeof concurrency === "string") return fail(concurrency);
      args.concurrency = concurrency;
    } else if (name === "root-path") {
      const root = parseRootPath(value);
      if (typeof root === "string") return fail(`--root-path ${root}`);
      args.rootPath = value;
    } else if (name === "host") {
      const host = value.replace(/^\[(.*)\]$/, "$1");
      if (!isHost(host)) return fail(`--host must be an address of this machine (127.0.0.1, 0.0.0.0, ::, 192.168.1.20) or its name, not "${value}"`);
      args.host = host;
    } else {
      const allowed = checkAllowedHost(value);
      if (typeof allowed !== "string") return fail(allowed.error);
      args.allowHosts.push(allowed);
    }
  }
  if (args.files.length === 0) return fail("no module given: name a module file (module.ts) or a folder of them");
  return args;
}
