// A notebook cell's TypeScript as the kernel runs it: one async function per cell, whose top-level
// declarations land in the notebook's shared scope (the kernel's global object), so that later cells
// see them and running a cell again simply redefines them (`const x` twice is no error here). Every
// edit below keeps the code on its lines, so an error's line maps back to the cell through the
// transpiler's source map alone.
import type * as TS from "typescript";
import { CELL_API, CELL_FRAME, CELL_PARENT, cellFile } from "../runtime/cell-names";

export { CELL_API, CELL_FRAME, CELL_PARENT, cellFile };

export interface CellCode {
  /** A script whose completion value is a promise of the cell's value. */
  script: string;
  /** Cell line (1-based) of each script line (index 0: script line 1). */
  lines: number[];
  /** Import specifiers the cell names (relative ones are compiled and sent along by the host). */
  imports: string[];
}

export class CellSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

interface Edit {
  at: number;
  /** Order of making: of two insertions at one place, the one made first comes first. */
  seq?: number;
  /** Characters replaced from `at` (0: an insertion). */
  length: number;
  text: string;
}

export function compileCell(ts: typeof TS, source: string): CellCode {
  const out = ts.transpileModule(source, {
    fileName: "cell.ts",
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      sourceMap: true,
      // Imports stay as written: one used only by a later cell must still run in this one.
      verbatimModuleSyntax: true,
      jsx: ts.JsxEmit.React,
    },
  });
  const error = out.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (error) {
    const at = error.file && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : { line: 0, character: 0 };
    throw new CellSyntaxError(ts.flattenDiagnosticMessageText(error.messageText, "\n"), at.line + 1, at.character + 1);
  }
  const js = out.outputText.replace(/\/\/# sourceMappingURL=\S+\s*$/, "");
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const edits: Edit[] = [];
  const imports: string[] = [];
  const hoisted: string[] = [];
  const statements = file.statements;
  const text = (node: TS.Node) => js.slice(node.getStart(file), node.end);
  const replace = (node: TS.Node, by: string) => {
    const start = node.getStart(file);
    // The same number of lines, so that later lines keep their numbers.
    const newlines = (js.slice(start, node.end).match(/\n/g) ?? []).length;
    edits.push({ at: start, length: node.end - start, text: by + "\n".repeat(newlines) });
  };
  const insert = (at: number, by: string) => edits.push({ at, length: 0, text: by });
  const dropModifiers = (node: TS.Node) => {
    for (const m of ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : []) {
      if (m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword) edits.push({ at: m.getStart(file), length: m.end - m.getStart(file), text: "" });
    }
  };

  /** Names the cell declares: they become properties of the global object first, so that assigning them works in strict code too. */
  const declared: string[] = [];
  const names = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) declared.push(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) names(el.name);
  };

  statements.forEach((statement, i) => {
    const last = i === statements.length - 1;
    if (ts.isImportDeclaration(statement)) {
      const spec = (statement.moduleSpecifier as TS.StringLiteral).text;
      imports.push(spec);
      const m = `${CELL_API}.m${i}`;
      const parts = [`${m} = await ${CELL_API}.import(${JSON.stringify(spec)});`];
      const clause = statement.importClause;
      if (clause?.name) {
        declared.push(clause.name.text);
        parts.push(`${clause.name.text} = ${CELL_API}.defaultOf(${m});`);
      }
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        declared.push(bindings.name.text);
        parts.push(`${bindings.name.text} = ${m};`);
      }
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) {
          declared.push(el.name.text);
          parts.push(`${el.name.text} = ${m}[${JSON.stringify((el.propertyName ?? el.name).text)}];`);
        }
      }
      return replace(statement, parts.join(" "));
    }
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier) return replace(statement, ""); // TypeScript's `export {}`
    if (ts.isVariableStatement(statement)) {
      // `const a = 1, { b } = o;` -> `(a = 1, { b } = o);`: assignments to the shared scope.
      dropModifiers(statement);
      const list = statement.declarationList;
      const keyword = list.getFirstToken(file)!;
      edits.push({ at: keyword.getStart(file), length: keyword.end - keyword.getStart(file), text: "(" });
      for (const d of list.declarations) {
        names(d.name);
        if (!d.initializer) insert(d.name.end, " = undefined");
      }
      insert(list.end, ")");
      return;
    }
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      // Stays a declaration (hoisted within the cell, as users expect) and is shared from the cell's start.
      dropModifiers(statement);
      hoisted.push(`globalThis[${JSON.stringify(statement.name.text)}] = ${statement.name.text};`);
      return;
    }
    if (ts.isClassDeclaration(statement) && statement.name) {
      dropModifiers(statement);
      declared.push(statement.name.text);
      insert(statement.getStart(file), `${statement.name.text} = `);
      insert(statement.end, ";");
      return;
    }
    if (ts.isExportAssignment(statement)) {
      // `export default x` in a cell: its value is the cell's value.
      return last ? replace(statement, `return (${text(statement.expression)});`) : replace(statement, `${text(statement.expression)};`);
    }
    if (last && ts.isExpressionStatement(statement)) {
      insert(statement.expression.getStart(file), "return (");
      insert(statement.expression.end, ")");
    }
  });
  interruptibleAwaits(ts, file, edits);

  edits.forEach((e, i) => (e.seq = i));
  let body = js;
  // Applied from the end, so that each edit's position still holds; at one place, the later first.
  for (const e of edits.sort((a, b) => b.at - a.at || b.seq! - a.seq!)) body = body.slice(0, e.at) + e.text + body.slice(e.at + e.length);
  // Strict, as TypeScript modules are (and as the transpiler may have said already, which would now
  // sit after other code and mean nothing): the declared names exist first, so assigning them works.
  body = body.replace(/^\s*["']use strict["'];?/, "");
  const declare = declared.length ? `${CELL_API}.declare(${JSON.stringify([...new Set(declared)])});` : "";
  const script = `(async () => { "use strict"; ${declare} ${hoisted.join(" ")} ${body}\n})()`;
  return { script, lines: cellLines(out.sourceMapText ?? "", script.split("\n").length), imports };
}

/**
 * The cell's own awaits (not those inside functions it defines, which may run later from an
 * interface) go through the kernel, so that interrupt ends a cell waiting on something that never
 * settles, and a `for await` loop, at its next step.
 */
function interruptibleAwaits(ts: typeof TS, file: TS.SourceFile, edits: Edit[]): void {
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isAwaitExpression(node)) {
      edits.push({ at: node.expression.getStart(file), length: 0, text: `${CELL_API}.step(` });
      edits.push({ at: node.expression.end, length: 0, text: ")" });
    }
    if (ts.isForOfStatement(node) && node.awaitModifier) {
      edits.push({ at: node.expression.getStart(file), length: 0, text: `${CELL_API}.steps(` });
      edits.push({ at: node.expression.end, length: 0, text: ")" });
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * For each generated line, the source line it came from (the first mapping on it), read from the
 * source map's `mappings` (base64 VLQ: per segment, the deltas of generated column, source, source
 * line, source column). Lines without a mapping take the previous line's.
 */
export function cellLines(sourceMap: string, count: number): number[] {
  const mappings = sourceMap ? ((JSON.parse(sourceMap) as { mappings?: string }).mappings ?? "") : "";
  const lines: number[] = [];
  let sourceLine = 0;
  for (const line of mappings.split(";")) {
    let first: number | undefined;
    for (const segment of line.split(",")) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = BASE64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      if (fields.length >= 3) {
        sourceLine += fields[2]!;
        first ??= sourceLine;
      }
    }
    lines.push((first ?? sourceLine) + 1);
  }
  while (lines.length < count) lines.push(lines[lines.length - 1] ?? 1);
  return lines;
}
