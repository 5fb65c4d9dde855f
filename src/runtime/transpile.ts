import * as path from "node:path";

/** TypeScript/JSX source -> CommonJS with an inline source map. Throws CompileError on bad syntax. */
export type Transpile = (source: string, filename: string) => Promise<string>;

/** A syntax error in the user's code, with where it is. */
export class CompileError extends Error {
  override name = "CompileError";
  constructor(message: string, readonly file: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

const LOADERS: Record<string, "ts" | "tsx" | "js" | "jsx"> = {
  ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx",
};

/** The extensions compileModule transpiles (a module's own files; packages are left to Node). */
export const SOURCE_EXTENSIONS = Object.keys(LOADERS);

/** esbuild (the library's dependency): fast, and its service stays up between reloads. */
export function esbuildTranspiler(): Transpile {
  return async (source, filename) => {
    const esbuild = await import("esbuild");
    try {
      const result = await esbuild.transform(source, {
        loader: LOADERS[path.extname(filename)] ?? "ts",
        format: "cjs",
        platform: "node",
        target: "node20",
        sourcemap: "inline",
        sourcesContent: false,
        sourcefile: filename,
        logLevel: "silent",
      });
      return result.code;
    } catch (err) {
      const first = (err as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors?.[0];
      if (!first) throw err;
      throw new CompileError(first.text, filename, first.location?.line ?? 1, (first.location?.column ?? 0) + 1);
    }
  };
}

interface TypeScriptApi {
  transpileModule(source: string, options: object): { outputText: string; diagnostics?: Diagnostic[] };
  flattenDiagnosticMessageText(text: unknown, newLine: string): string;
  ModuleKind: { CommonJS: number };
  ScriptTarget: { ES2022: number };
  JsxEmit: { React: number };
}
interface Diagnostic {
  category: number;
  messageText: unknown;
  start?: number;
  file?: { getLineAndCharacterOfPosition(pos: number): { line: number; character: number } };
}

/**
 * TypeScript's own transpiler, from a given typescript package (VS Code ships one): used where the
 * esbuild binary is not at hand, e.g. in the VS Code extension, whose package must stay small and
 * platform-independent.
 */
export function typescriptTranspiler(typescriptPath: string): Transpile {
  let ts: TypeScriptApi | undefined;
  return async (source, filename) => {
    ts ??= require(typescriptPath) as TypeScriptApi;
    const out = ts.transpileModule(source, {
      fileName: filename,
      reportDiagnostics: true,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        inlineSourceMap: true,
        jsx: ts.JsxEmit.React,
        allowJs: true,
      },
    });
    const error = out.diagnostics?.find((d) => d.category === 1);
    if (error) {
      const pos = error.file && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : { line: 0, character: 0 };
      throw new CompileError(ts.flattenDiagnosticMessageText(error.messageText, "\n"), filename, pos.line + 1, pos.character + 1);
    }
    return out.outputText;
  };
}
