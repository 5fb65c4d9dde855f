// A TypeScript server plugin, contributed by the Live Interface extension: where a workspace has not
// installed `live-interface`, `import * as li from "live-interface"` resolves to the declarations the
// extension ships, so the module type-checks and completes. An installed copy always wins.
"use strict";
const fs = require("fs");
const path = require("path");

/** dist/types of the extension (or repository) this plugin sits in, found by walking up. */
function findTypes(start) {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "dist", "types");
    if (fs.existsSync(path.join(candidate, "index.d.ts"))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const ENTRY = { "live-interface": "index.d.ts", "live-interface/client": path.join("client", "index.d.ts") };

function init({ typescript: ts }) {
  const types = findTypes(__dirname);
  const shipped = (name) => types && ENTRY[name] && path.join(types, ENTRY[name]);
  const fallback = (name, resolved) => {
    const file = !resolved && shipped(name);
    return file ? { resolvedFileName: file, extension: ts.Extension.Dts, isExternalLibraryImport: true } : resolved;
  };
  return {
    create(info) {
      const host = info.languageServiceHost;
      const log = (text) => info.project.projectService.logger.info(`[live-interface] ${text}`);
      log(types ? `types at ${types}` : "no shipped types found");
      if (!types) return info.languageService;
      const resolve = (name, containingFile, options) => ts.resolveModuleName(name, containingFile, options, ts.sys).resolvedModule;
      // TypeScript 5: resolveModuleNameLiterals; older: resolveModuleNames. Patch whichever is used.
      const literals = host.resolveModuleNameLiterals;
      host.resolveModuleNameLiterals = (names, containingFile, redirected, options, ...rest) => {
        const results = literals
          ? literals.call(host, names, containingFile, redirected, options, ...rest)
          : names.map((n) => ({ resolvedModule: resolve(n.text, containingFile, options) }));
        return results.map((r, i) => ({ ...r, resolvedModule: fallback(names[i].text, r.resolvedModule) }));
      };
      const moduleNames = host.resolveModuleNames;
      if (moduleNames) {
        host.resolveModuleNames = (names, containingFile, reused, redirected, options, ...rest) =>
          moduleNames.call(host, names, containingFile, reused, redirected, options, ...rest).map((r, i) => fallback(names[i], r));
      }
      return info.languageService;
    },
  };
}

module.exports = init;
