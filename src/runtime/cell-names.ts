// The names a notebook cell's code and the kernel's worker (notebook-worker.ts) agree on; the
// notebook's kernel (notebook/cell-code.ts) writes cells with them.

/** What a cell's script calls in the kernel: imports, and awaits that interrupt can stop. */
export const CELL_API = "__liCell";

/** The module cells import from (it is not a file: relative imports resolve from its folder, the notebook's). */
export const CELL_PARENT = "__notebook_cells__.js";

/** The file name a cell's stack frames carry, by its execution count: "cell [3].ts". */
export const cellFile = (count: number) => `cell [${count}].ts`;

/** A stack frame's place in a cell file (cellFile): the file, its count, line and column. */
export const CELL_FRAME = /(cell \[(\d+)\]\.ts):(\d+):(\d+)/g;
