import * as path from "node:path";
import type { UserError } from "../protocol/messages";

/**
 * `live-interface` is never bundled into the module: the runtime hands the module its own instance.
 * (Without this, a tsconfig `paths` entry or a local copy would give the module a second library whose
 * classes the runtime would not recognise.)
 */
const keepLibraryExternal = {
  name: "live-interface-external",
  setup(build: { onResolve(o: { filter: RegExp }, cb: (a: { path: string }) => { path: string; external: boolean }): void }) {
    build.onResolve({ filter: /^live-interface(\/.*)?$/ }, (args) => ({ path: args.path, external: true }));
  },
};

export interface CompiledModule {
  code: string;
  /** Every local file the module was built from (to watch for changes). */
  files: string[];
}

/**
 * Compiles the user's TypeScript module and its relative imports into one CommonJS script with an
 * inline source map. Packages (node_modules, and `live-interface` itself) stay as `require` calls and
 * are resolved at run time from the module's folder, as Node would.
 */
export async function compileModule(file: string): Promise<CompiledModule | { error: UserError }> {
  const esbuild = await import("esbuild");
  try {
    const result = await esbuild.build({
      entryPoints: [file],
      absWorkingDir: path.dirname(file),
      bundle: true,
      packages: "external",
      platform: "node",
      format: "cjs",
      target: "node20",
      sourcemap: "inline",
      sourcesContent: false,
      write: false,
      metafile: true,
      logLevel: "silent",
      outfile: file + ".js",
      plugins: [keepLibraryExternal],
    });
    const code = result.outputFiles.find((f) => f.path.endsWith(".js"))!.text;
    const files = Object.keys(result.metafile.inputs).map((f) => path.resolve(path.dirname(file), f));
    return { code, files };
  } catch (err) {
    const first = (err as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors?.[0];
    if (!first) return { error: { kind: "load", message: `could not compile ${file}: ${(err as Error).message}` } };
    const loc = first.location;
    return {
      error: {
        kind: "load",
        message: `${path.basename(file)} does not compile: ${first.text}`,
        location: loc ? `${path.relative(path.dirname(file), path.resolve(path.dirname(file), loc.file))}:${loc.line}:${loc.column + 1}` : undefined,
      },
    };
  }
}
