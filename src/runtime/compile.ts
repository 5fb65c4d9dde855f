import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { UserError } from "../protocol/messages";
import { CompileError, SOURCE_EXTENSIONS, type Transpile } from "./transpile";

/** The user's module and the local files it imports, transpiled, ready for the runtime to evaluate. */
export interface CompiledModule {
  entry: string;
  /** Absolute filename -> CommonJS code with an inline source map. */
  modules: Record<string, string>;
  /** `${importing file}\0${specifier}` -> the file it names (TypeScript's "./x.js" may mean ./x.ts). */
  resolutions: Record<string, string>;
}

/** Every local file the module is built from (to watch for changes). */
export const filesOf = (compiled: CompiledModule) => Object.keys(compiled.modules);

// `require("./x")` as both esbuild and TypeScript emit it for imports, re-exports and import().
const RELATIVE_REQUIRE = /\brequire\(\s*["'](\.{1,2}\/[^"']*|\.{1,2})["']\s*\)/g;

/**
 * Transpiles the module and, following its relative imports, every local file it uses. Packages
 * (bare names, and `live-interface` itself) are not followed: the runtime resolves them as Node
 * would from the module's folder, and hands `live-interface` its own instance.
 */
export async function compileModule(entry: string, transpile: Transpile): Promise<CompiledModule | { error: UserError }> {
  const compiled: CompiledModule = { entry, modules: {}, resolutions: {} };
  const root = path.dirname(entry);
  const queue = [entry];
  try {
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (file in compiled.modules) continue;
      const code = await transpile(await fs.readFile(file, "utf8"), file);
      compiled.modules[file] = code;
      for (const [, specifier] of code.matchAll(RELATIVE_REQUIRE)) {
        const target = await resolveLocal(path.dirname(file), specifier!);
        if (!target) continue; // Node will report it, at the line that imports it
        compiled.resolutions[`${file}\0${specifier}`] = target;
        if (SOURCE_EXTENSIONS.includes(path.extname(target))) queue.push(target);
      }
    }
    return compiled;
  } catch (err) {
    if (err instanceof CompileError) {
      return { error: { kind: "load", message: `${path.basename(err.file)} does not compile: ${err.message}`, location: `${path.relative(root, err.file)}:${err.line}:${err.column}` } };
    }
    return { error: { kind: "load", message: `could not read ${path.relative(root, entry) || entry}: ${(err as Error).message}` } };
  }
}

const CANDIDATE_SUFFIXES = ["", ...SOURCE_EXTENSIONS, ".json", ...SOURCE_EXTENSIONS.map((e) => `/index${e}`)];

/** Node's lookup for a relative specifier, plus TypeScript's convention that "./x.js" may be ./x.ts. */
export async function resolveLocal(dir: string, specifier: string): Promise<string | undefined> {
  const base = path.resolve(dir, specifier);
  const candidates = CANDIDATE_SUFFIXES.map((s) => base + s);
  const js = /\.(m|c)?js$/.exec(base);
  if (js) candidates.push(...[".ts", ".tsx", ".mts", ".cts"].map((e) => base.slice(0, -js[0].length) + e));
  for (const c of candidates) {
    const stat = await fs.stat(c).catch(() => undefined);
    if (stat?.isFile()) return c;
  }
  return undefined;
}
