// Watches a module's files and calls back shortly after one of them changes. It watches their
// folders: editors often save by replacing a file, which ends a watch on the file itself.
import * as fs from "node:fs";
import * as path from "node:path";

/** How long after a change the callback comes (an editor's save can be several writes). */
const SETTLE_MS = 50;

export class FileWatch {
  private watchers: fs.FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly changed: () => void) {}

  /** Watches `files` (instead of what it watched before). */
  watch(files: string[]): void {
    this.close();
    const wanted = new Set(files);
    const folders = new Set(files.map((f) => path.dirname(f)));
    this.watchers = [...folders].map((folder) =>
      fs.watch(folder, (_event, name) => {
        if (!name || !wanted.has(path.join(folder, name.toString()))) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(this.changed, SETTLE_MS);
      }),
    );
  }

  close(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}
