import type { DataframeProps } from "../../protocol/components";
import type { Wire } from "../../protocol/messages";
import { Component, ValueError, type ComponentOptions } from "./component";

export type Cell = string | number | boolean | null;

/** A table: column names and rows of cells. */
export interface Table {
  headers: string[];
  data: Cell[][];
}

/** What fn may return: a table (headers optional), bare rows, or records. */
export type TableLike = { readonly headers?: readonly string[]; readonly data: readonly (readonly Cell[])[] } | readonly (readonly Cell[])[] | readonly Record<string, Cell>[];

export interface DataframeOptions extends Omit<ComponentOptions<Table>, "value"> {
  /** Initial value: a table, bare rows, or records. */
  value?: TableLike;
  /** Column names (when fn or `value` gives bare rows). */
  headers?: string[];
  /** As an input: the user may edit the cells (default true for inputs). */
  editable?: boolean;
  /** Per column, what an edited cell becomes: "str" (default) or "number" or "bool". */
  datatype?: ("str" | "number" | "bool")[];
}

const isCell = (v: unknown): v is Cell => v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * A table of values. fn receives `{ headers, data }`; it may return that, bare rows (`[[1, "a"], ...]`,
 * named by the `headers` option), or records (`[{ name: "a", n: 1 }, ...]`, named by their keys).
 * As an input its cells can be edited.
 */
export class Dataframe extends Component<Table, TableLike | null | undefined, "dataframe"> {
  readonly type = "dataframe";
  constructor(private readonly options: DataframeOptions = {}) {
    const value = options.value === undefined ? undefined : toTable(options.value, options.headers);
    if (typeof value === "string") throw new ValueError(`Dataframe "${options.label ?? ""}": value must be ${value}`);
    super({ ...options, value });
  }
  preprocess(wire: Wire): Table {
    const t = this.table(wire);
    const types = this.options.datatype;
    if (types) t.data = t.data.map((row) => row.map((c, i) => convert(c, types[i])));
    return t;
  }
  postprocess(value: TableLike | null | undefined): Wire {
    if (value === null || value === undefined) return this.defaultValue() as unknown as Wire;
    return this.table(value) as unknown as Wire;
  }
  defaultValue(): Table {
    return { headers: this.options.headers ?? [], data: [] };
  }
  protected props(): DataframeProps {
    return { editable: this.options.editable, datatype: this.options.datatype };
  }
  private table(value: unknown): Table {
    const t = toTable(value, this.options.headers);
    return typeof t === "string" ? this.fail(t, value) : t;
  }
}

/** `value` as a table, or what it should have been. */
function toTable(value: unknown, headers: string[] | undefined): Table | string {
  const rowsOf = (v: unknown[]): Cell[][] | string => {
    const bad = v.findIndex((row) => !Array.isArray(row) || !row.every(isCell));
    return bad >= 0 ? `rows of strings, numbers, booleans or null (row ${bad} is not)` : v.map((row) => [...(row as Cell[])]);
  };
  const withHeaders = (h: string[], data: Cell[][] | string): Table | string => (typeof data === "string" ? data : { headers: h, data });
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === "object" && v !== null && !Array.isArray(v))) {
      const keys = [...new Set(value.flatMap((r) => Object.keys(r as object)))];
      return withHeaders(keys, rowsOf(value.map((r) => keys.map((k) => (r as Record<string, Cell>)[k] ?? null))));
    }
    return withHeaders(headers ?? [], rowsOf(value));
  }
  if (typeof value === "object" && value !== null && Array.isArray((value as Table).data)) {
    const t = value as Table;
    return withHeaders(Array.isArray(t.headers) ? t.headers.map(String) : (headers ?? []), rowsOf(t.data));
  }
  return "{ headers, data }, rows, or records";
}

function convert(c: Cell, type: "str" | "number" | "bool" | undefined): Cell {
  if (type === "number") return c === null || c === "" ? null : Number(c);
  if (type === "bool") return c === true || c === "true";
  return c;
}
