// How user code finds its imports inside a runtime worker (the panel's module worker and the notebook
// kernel alike): `live-interface` is this very library instance, wherever the code sits on disk; the
// user's own files arrive transpiled from the host; every other name resolves as Node would.
import Module from "node:module";
import * as path from "node:path";
import * as library from "./library";
import type { CompiledModule } from "./compile";
import { SOURCE_EXTENSIONS } from "./transpile";

type ModuleInternals = typeof Module & {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string;
  _extensions: Record<string, (module: Module & { _compile(code: string, filename: string): void }, filename: string) => void>;
};

/** Transpiled files and how their relative imports resolve, merged from every `addCompiled`. */
const compiled: Pick<CompiledModule, "modules" | "resolutions"> = { modules: {}, resolutions: {} };

/** Makes these transpiled files (and their resolutions) what `require` loads. */
export function addCompiled(more: Pick<CompiledModule, "modules" | "resolutions">): void {
  Object.assign(compiled.modules, more.modules);
  Object.assign(compiled.resolutions, more.resolutions);
}

let installed = false;

/** Installs the hooks into Node's CommonJS loader (once per thread). */
export function installModuleHooks(): void {
  if (installed) return;
  installed = true;
  const internals = Module as ModuleInternals;
  const load = internals._load;
  internals._load = function (request, parent, isMain) {
    if (request === "live-interface") return library;
    if (request === "live-interface/client") return load.call(this, path.join(__dirname, "client.js"), parent, isMain);
    return load.call(this, request, parent, isMain);
  };
  // Relative imports resolve as the compiler resolved them (TypeScript's "./x.js" may name ./x.ts).
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, ...rest) {
    const known = parent?.filename && compiled.resolutions[`${parent.filename}\0${request}`];
    return known || resolve.call(this, request, parent, ...rest);
  };
  for (const ext of SOURCE_EXTENSIONS) {
    const original = internals._extensions[ext] ?? internals._extensions[".js"]!;
    internals._extensions[ext] = (module, filename) => {
      const code = compiled.modules[filename];
      return code !== undefined ? module._compile(code, filename) : original(module, filename);
    };
  }
}
