// fn's doc comment, read from the module's source: the interface's description for programs and
// agents (an MCP tool's description). The runtime cannot see it (transpiling drops comments, and a
// function's text starts after them), so the host reads the file: the /** … */ right before `fn:`
// (or the `fn(…)` method), or, for `fn: name` / `fn,`, right before that function's declaration.
import * as fs from "node:fs";

const DOC = String.raw`/\*\*((?:(?!\*/)[\s\S])*)\*/\s*`;

/** The text of fn's doc comment in `source`, its @tags left out; undefined when it has none. */
export function fnDocComment(source: string): string | undefined {
  const inline = new RegExp(`${DOC}(?:async\\s+)?(?:\\*\\s*)?fn\\s*[:(]`).exec(source);
  if (inline) return clean(inline[1]!);
  const named = /[{,]\s*fn\s*(?::\s*([A-Za-z_$][\w$]*)\s*)?[,}\n]/.exec(source);
  const name = named && (named[1] ?? "fn");
  if (!name) return undefined;
  const declared = new RegExp(`${DOC}(?:export\\s+)?(?:(?:async\\s+)?function\\s*\\*?\\s*${name.replace(/\$/g, "\\$")}\\s*\\(|(?:const|let|var)\\s+${name.replace(/\$/g, "\\$")}\\s*[=:])`).exec(source);
  return declared ? clean(declared[1]!) : undefined;
}

/** fn's doc comment in `file`, or undefined (no file, no comment, the file cannot be read). */
export function fnDocOfFile(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return fnDocComment(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function clean(body: string): string | undefined {
  const lines = body.split("\n").map((l) => l.replace(/^\s*\*? ?/, "").trimEnd());
  const tag = lines.findIndex((l) => l.startsWith("@"));
  const text = (tag >= 0 ? lines.slice(0, tag) : lines).join("\n").trim();
  return text || undefined;
}
