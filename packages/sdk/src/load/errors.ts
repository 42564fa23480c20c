import type { TableName } from '../schema.ts';

/**
 * What sort of problem: how a user interface groups and words them.
 * - `file`: the file as a whole (unreadable, empty, wrong encoding, truncated)
 * - `mapping`: the mapping itself (`column` names the mapping key, such as `loans.units.balance`)
 * - `missing_column`: a required field no column maps to, or a mapped column the file lacks
 * - `value`: a value that cannot be read as its field's type (number, date, code, yes/no)
 * - `required`: a required value left blank
 * - `range`: a value out of range (negative, too large, a date before 1900 …)
 * - `duplicate`: a key given twice
 * - `orphan`: a reference to a row the referenced table does not hold (either direction)
 * - `missing_table`: (a warning) a table the loaded ones refer to holds no rows
 * - `unit`: (a warning) a money column whose magnitudes look implausible for its unit
 * - `internal`: the engine failed while loading (its message wrapped)
 */
export type ProblemKind =
  | 'file'
  | 'mapping'
  | 'missing_column'
  | 'value'
  | 'required'
  | 'range'
  | 'duplicate'
  | 'orphan'
  | 'missing_table'
  | 'unit'
  | 'internal';

/** One thing wrong with a file, precise enough to find and fix it. */
export interface LoadProblem {
  kind: ProblemKind;
  table: TableName;
  /**
   * Where in the source: for CSV the row as a spreadsheet shows it (the header is row 1, the
   * first data row is row 2); for other formats the 1-based record number. Null when the problem
   * is the file or a whole column.
   */
  row: number | null;
  /** The source column (as named in the file), or the canonical column when it is missing. */
  column: string | null;
  /** The canonical field concerned, when there is one (for a user interface to name it in its language). */
  field?: string | null;
  expected: string;
  got: string | null;
}

export const MAX_REPORTED_PROBLEMS = 100;
/** Rows a group names (its first ones): enough to find the pattern in a spreadsheet. */
export const GROUP_ROWS = 5;

/**
 * Problems of one sort (kind, table, column, field and what was expected), however many: how a
 * user interface shows a flood as one line beside the other problems.
 */
export interface LoadProblemGroup {
  kind: ProblemKind;
  table: TableName;
  column: string | null;
  field: string | null;
  expected: string;
  /** Problems of this group in all. */
  count: number;
  /** The first (up to 5) rows, ascending; empty for problems of the file or a whole column. */
  rows: number[];
  /** The first example. */
  got: string | null;
}

const groupKey = (p: Pick<LoadProblem, 'kind' | 'table' | 'column' | 'field' | 'expected'>) =>
  JSON.stringify([p.table, p.kind, p.column, p.field ?? null, p.expected]);

/** Groups of a list of problems, each counted as listed (for errors made without their groups). */
export function groupProblems(problems: readonly LoadProblem[]): LoadProblemGroup[] {
  const groups = new Map<string, LoadProblemGroup>();
  for (const p of problems) {
    const key = groupKey(p);
    let group = groups.get(key);
    if (!group) {
      group = { kind: p.kind, table: p.table, column: p.column, field: p.field ?? null, expected: p.expected, count: 0, rows: [], got: p.got };
      groups.set(key, group);
    }
    group.count++;
    if (p.row !== null) group.rows.push(p.row);
  }
  return [...groups.values()].map((g) => ({ ...g, rows: [...new Set(g.rows)].sort((a, b) => a - b).slice(0, GROUP_ROWS) }));
}

/**
 * A load that changed nothing: every problem found, in groups (one per sort of problem, counted),
 * and up to 100 of them listed: spread across the groups, so that one flood never hides another,
 * then in table and row order.
 */
export class LoadError extends Error {
  override name = 'LoadError';
  readonly groups: readonly LoadProblemGroup[];
  constructor(
    readonly problems: readonly LoadProblem[],
    readonly total: number,
    groups?: readonly LoadProblemGroup[],
  ) {
    super(LoadError.summarise(problems, total));
    this.groups = groups ?? groupProblems(problems);
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
