// Which folders fn's file outputs may be read from: the module's own folder (and below) and the
// system's temporary folder, where fn writes what it makes. A path anywhere else (`/etc/passwd`,
// `../../secrets`, a symbolic link leading out) is refused: an interface must not become a way to
// read the machine's files.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MAX_MEDIA_BYTES } from "../protocol/messages";

let moduleFolder = process.cwd();

/** Set by the runtime when it loads a module. */
export function setModuleFolder(folder: string): void {
  moduleFolder = folder;
}

/** The folders file outputs may come from. */
export function allowedFolders(): string[] {
  return [moduleFolder, os.tmpdir()].map((f) => {
    try {
      return fs.realpathSync(f);
    } catch {
      return path.resolve(f);
    }
  });
}

/**
 * The real path of `file` (relative paths are taken from the module's folder) if it lies inside an
 * allowed folder; otherwise an Error saying why.
 */
export function resolveAllowed(file: string): string | Error {
  const wanted = path.resolve(moduleFolder, file);
  let real: string;
  try {
    real = fs.realpathSync(wanted); // follows links: where the bytes really are
  } catch {
    return new Error(`${file}: no such file`);
  }
  const folders = allowedFolders();
  if (!folders.some((f) => real === f || real.startsWith(f + path.sep))) {
    return new Error(`${file}: files are only served from the module's folder (${folders[0]}) or the temporary folder (${folders[1]})`);
  }
  return real;
}

const MIME: Record<string, string> = {
  ".txt": "text/plain", ".csv": "text/csv", ".json": "application/json", ".md": "text/markdown", ".html": "text/html", ".pdf": "application/pdf",
  ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml", ".bmp": "image/bmp",
  ".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".mp4": "video/mp4", ".webm": "video/webm",
};

/** The MIME type a file name suggests. */
export const mimeOf = (name: string) => MIME[path.extname(name).toLowerCase()] ?? "application/octet-stream";

/** A file fn named, read if it is allowed (see resolveAllowed) and within the size cap; else an Error. */
export function readAllowedFile(file: string): { name: string; mime: string; bytes: Uint8Array } | Error {
  const real = resolveAllowed(file);
  if (real instanceof Error) return real;
  const size = fs.statSync(real).size;
  if (size > MAX_MEDIA_BYTES) return new Error(`${file} is ${size} bytes; files may be at most ${MAX_MEDIA_BYTES / 2 ** 20} MiB`);
  return { name: path.basename(real), mime: mimeOf(real), bytes: new Uint8Array(fs.readFileSync(real)) };
}
