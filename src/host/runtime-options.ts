import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { SupervisorOptions } from "../runtime/supervisor";
import { esbuildTranspiler, typescriptTranspiler, type Transpile } from "../runtime/transpile";

let transpile: Transpile | undefined;

/** The TypeScript that VS Code ships (where it has one), else this repository's (development). */
const bundledTypescript = () => path.join(vscode.env.appRoot, "extensions", "node_modules", "typescript", "lib", "typescript.js");

/** TypeScript's API, for notebook cells (they are parsed as well as transpiled). */
export function typescriptApi(): typeof import("typescript") {
  const bundled = bundledTypescript();
  // A computed name: the bundler must not pull typescript into the extension.
  const name = fs.existsSync(bundled) ? bundled : "typescript";
  return require(name) as typeof import("typescript");
}

/**
 * The transpiler for user modules. The extension does not ship esbuild (its native binary alone is
 * larger than the whole package may be, and platform-specific): it uses the TypeScript that VS Code
 * itself ships. esbuild is used where it is installed (running the extension from this repository).
 */
function transpiler(): Transpile {
  if (transpile) return transpile;
  const bundled = bundledTypescript();
  if (fs.existsSync(bundled)) return (transpile = typescriptTranspiler(bundled));
  try {
    require.resolve("esbuild");
    return (transpile = esbuildTranspiler());
  } catch {
    throw new Error(`no TypeScript transpiler found (looked for ${bundled} and esbuild)`);
  }
}

/** Runtime options from the `liveInterface.*` settings. */
export function runtimeOptions(log: (text: string) => void): SupervisorOptions {
  const settings = vscode.workspace.getConfiguration("liveInterface");
  return {
    timeout: settings.get<number>("runTimeout", 30),
    transpile: transpiler(),
    // Saving the module reloads it: a worker kept ready makes that a matter of loading the module.
    warmSpare: true,
    onLog: (text) => log(text.replace(/\n$/, "")),
  };
}
