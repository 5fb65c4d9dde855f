import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Writes files into a fresh folder outside the repository (no node_modules beside it); returns its path. */
export function tempModules(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "li-test-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
