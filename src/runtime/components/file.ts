import * as path from "node:path";
import { MAX_MEDIA_BYTES, type Wire } from "../../protocol/messages";
import { mimeOf, readAllowedFile } from "../file-access";
import type { FileProps } from "../../protocol/components";
import { Component, type ComponentOptions } from "./component";

/** A file's name, type and bytes. */
export interface FileData {
  name: string;
  mime: string;
  bytes: Uint8Array;
}

/** What fn may return for a file: a path (inside the module's folder or the temporary folder), or the contents. */
export type FileLike = string | FileData | { name: string; text: string; mime?: string } | { name: string; bytes: Uint8Array; mime?: string };

export interface FileOptions<M extends boolean = false> extends Omit<ComponentOptions<never>, "value"> {
  /** Accepted types, as in <input accept>: extensions (".csv") or MIME types ("image/*"). */
  fileTypes?: string[];
  /** Several files at once: fn receives an array. */
  multiple?: M;
}

/**
 * Files: as an input, uploads (fn receives `FileData`, or `FileData[]` with `multiple`); as an output,
 * downloads (fn returns a path, `{ name, text }` or `{ name, bytes }`, or an array of them). Each file
 * is at most 16 MiB; paths are read only from the module's folder or the temporary folder.
 */
export class File<M extends boolean = false> extends Component<M extends true ? FileData[] : FileData | null, FileLike | FileLike[] | null | undefined, "file"> {
  readonly type = "file";
  constructor(private readonly options: FileOptions<M> = {}) {
    super(options);
  }
  preprocess(wire: Wire): M extends true ? FileData[] : FileData | null {
    const files = (Array.isArray(wire) ? wire : wire ? [wire] : []).map((f, i) => this.fileData(f, i));
    return (this.options.multiple ? files : (files[0] ?? null)) as M extends true ? FileData[] : FileData | null;
  }
  postprocess(value: FileLike | FileLike[] | null | undefined): Wire {
    if (value === null || value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map((f) => this.read(f)) as unknown as Wire;
  }
  defaultValue(): M extends true ? FileData[] : FileData | null {
    return (this.options.multiple ? [] : null) as M extends true ? FileData[] : FileData | null;
  }
  protected props(): FileProps {
    return { fileTypes: this.options.fileTypes, multiple: this.options.multiple ?? false };
  }

  private fileData(f: unknown, i: number): FileData {
    const v = f as Partial<FileData>;
    if (typeof v?.name !== "string" || !(v.bytes instanceof Uint8Array)) return this.fail(`files { name, mime, bytes } (file ${i} is not)`, f);
    if (v.bytes.byteLength > MAX_MEDIA_BYTES) return this.fail(`files of at most ${MAX_MEDIA_BYTES / 2 ** 20} MiB (${v.name} is ${v.bytes.byteLength} bytes)`, v.name);
    return { name: path.basename(v.name), mime: typeof v.mime === "string" ? v.mime : "application/octet-stream", bytes: v.bytes };
  }

  private read(f: FileLike): FileData {
    if (typeof f === "string") {
      const read = readAllowedFile(f);
      return read instanceof Error ? this.fail(`a file it may serve: ${read.message}`, f) : read;
    }
    if (typeof f === "object" && f !== null && typeof f.name === "string") {
      const bytes = "text" in f && typeof f.text === "string" ? new TextEncoder().encode(f.text) : "bytes" in f && f.bytes instanceof Uint8Array ? f.bytes : undefined;
      if (bytes) {
        if (bytes.byteLength > MAX_MEDIA_BYTES) return this.fail(`files of at most ${MAX_MEDIA_BYTES / 2 ** 20} MiB`, f.name);
        return { name: path.basename(f.name), mime: f.mime ?? mimeOf(f.name), bytes };
      }
    }
    return this.fail("a path, { name, text } or { name, bytes }", f);
  }
}
