import type { TableName } from '../schema.ts';
import { LoadError } from './errors.ts';

/** A problem of a file as a whole (no row, no column). */
export function fileProblem(table: TableName, expected: string, got: string): LoadError {
  return new LoadError([{ kind: 'file', table, row: null, column: null, expected, got }], 1);
}

/** The loader numbers rows in a column of this name; a file may not use it. */
export const RESERVED_COLUMN = '__strata_row';

/**
 * DuckDB names are case-insensitive: two columns equal but for case would be renamed on insert
 * and a mapping could read the wrong one, so they are an error, as is the loader's own name.
 */
export function checkColumnNames(table: TableName, names: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const folded = name.toLowerCase();
    if (folded === RESERVED_COLUMN) throw fileProblem(table, `no column named ${RESERVED_COLUMN} (the loader's own)`, name);
    const other = seen.get(folded);
    if (other !== undefined) throw fileProblem(table, 'column names that differ by more than letter case', `${other}, ${name}`);
    seen.set(folded, name);
  }
}
