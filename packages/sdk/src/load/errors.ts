import type { TableName } from '../schema.ts';

/** One thing wrong with a file, precise enough to find and fix it. */
export interface LoadProblem {
  table: TableName;
  /**
   * Where in the source: for CSV the row as a spreadsheet shows it (the header is row 1, the
   * first data row is row 2); for other formats the 1-based record number. Null when the problem
   * is the file or a whole column.
   */
  row: number | null;
  /** The source column (as named in the file), or the canonical column when it is missing. */
  column: string | null;
  expected: string;
  got: string | null;
}

export const MAX_REPORTED_PROBLEMS = 100;

/** A load that changed nothing: every problem found (up to 100 listed) and how many in all. */
export class LoadError extends Error {
  override name = 'LoadError';
  constructor(
    readonly problems: readonly LoadProblem[],
    readonly total: number,
  ) {
    super(LoadError.summarise(problems, total));
  }

  private static summarise(problems: readonly LoadProblem[], total: number): string {
    const lines = problems.slice(0, 5).map(formatProblem);
    const more = total > lines.length ? `\n  … and ${total - lines.length} more` : '';
    return `Load failed with ${total} problem${total === 1 ? '' : 's'}; nothing was changed.\n  ${lines.join('\n  ')}${more}`;
  }
}

export function formatProblem(p: LoadProblem): string {
  const where = [p.table, p.row !== null ? `row ${p.row}` : null, p.column !== null ? `column "${p.column}"` : null]
    .filter(Boolean)
    .join(', ');
  return `${where}: expected ${p.expected}, got ${p.got === null ? 'nothing' : JSON.stringify(p.got)}`;
}

/** A problem worth knowing that did not stop the load (for example an orphan reference). */
export type LoadWarning = LoadProblem & { count: number };
