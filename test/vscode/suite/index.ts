// extensionTestsPath entry, compiled to dist-test/vscode/suite/index.js by ../build-suites.ts.
// VS Code calls run() inside the extension host (code-server via ../run-in-code-server.ts, desktop
// VS Code via ../run-electron.ts) and exits with status 0 when the returned promise resolves.
import * as fs from "node:fs";
import { findSourceMap } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "node:util";
import Mocha from "mocha";
import { ENV, OUTPUT_TAG } from "../bridge-protocol";

/**
 * Under the code-server runner, the extension host's console reaches the runner through the
 * workbench log, mixed with the workbench's own lines, each as raw console arguments. Format every
 * console call here and tag it, so the runner can pick out (and faithfully print) what the suites,
 * mocha and the extension under test print.
 */
function tagConsoleForRunner(): void {
  if (!process.env[ENV.bridge]) return; // desktop VS Code prints the extension host's console as is
  const host = globalThis.console;
  if (OUTPUT_TAG in host) return;
  // VS Code locks the methods of the extension host's console (setters that ignore writes), so
  // the global `console` itself is replaced by an object that formats, tags and delegates.
  const tagged = Object.create(host) as Console & Record<string, unknown>;
  const to = (send: (...a: unknown[]) => void) => (...args: unknown[]) => send.call(host, OUTPUT_TAG + format(...args));
  const own = { [OUTPUT_TAG]: true, log: to(host.log), info: to(host.info), debug: to(host.log), warn: to(host.warn), error: to(host.error) };
  // defineProperty, not assignment: assigning would hit the inherited no-op setters.
  for (const [k, value] of Object.entries(own)) Object.defineProperty(tagged, k, { value, writable: true, configurable: true });
  Object.defineProperty(globalThis, "console", { value: tagged, writable: true, configurable: true, enumerable: false });
  // mocha's reporters keep their own reference to console.log, taken when mocha loaded.
  Mocha.reporters.Base.consoleLog = tagged.log;
}

/**
 * Stack traces that point at the TypeScript sources. The suites carry inline source maps, but the
 * extension host installs its own Error.prepareStackTrace, which bypasses Node's source-map
 * support; so positions in dist-test are mapped here, on top of whatever the host prints, and
 * the frames of mocha (bundled into this entry) are dropped as mocha itself would do.
 */
function mapStacksToTypeScript(): void {
  process.setSourceMapsEnabled(true); // makes findSourceMap() work for modules loaded from now on
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    const text = String(previous ? previous(error, frames) : [String(error), ...frames.map((f) => `    at ${String(f)}`)].join("\n"));
    const self = path.join(__dirname, "index.js"); // this entry with mocha bundled in: noise in a test's stack
    const kept = text.split("\n").filter((l) => !(/^\s+at /.test(l) && l.includes(self)));
    return kept.join("\n").replace(/([^\s()]+\.js):(\d+):(\d+)/g, (whole: string, file: string, line: string, column: string) => {
      if (!file.startsWith(__dirname)) return whole;
      const entry: object | undefined = findSourceMap(file)?.findEntry(Number(line) - 1, Number(column) - 1);
      if (!entry || !("originalSource" in entry) || !("originalLine" in entry) || !("originalColumn" in entry)) return whole;
      const source = String(entry.originalSource);
      return `${source.startsWith("file:") ? fileURLToPath(source) : source}:${Number(entry.originalLine) + 1}:${Number(entry.originalColumn) + 1}`;
    });
  };
}

/** An error VS Code prints as one line (the spec report above it already has the details). */
const failure = (message: string) => Object.assign(new Error(message), { stack: message });

export function run(): Promise<void> {
  mapStacksToTypeScript();
  tagConsoleForRunner();
  const only = (process.env[ENV.suites] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const grep = process.env[ENV.grep];
  const mocha = new Mocha({ ui: "bdd", reporter: "spec", color: false, timeout: 30000, ...(grep ? { grep } : {}) });
  const available = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith(".test.js"))
    .sort();
  const files = only.length ? available.filter((f) => only.includes(f.slice(0, -".test.js".length))) : available;
  const unknown = only.filter((s) => !available.includes(`${s}.test.js`));
  if (unknown.length || !files.length) {
    return Promise.reject(failure(`no such suite(s): ${unknown.join(", ") || "(none built)"}; built: ${available.join(", ")}`));
  }
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures ? reject(failure(`${failures} test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
