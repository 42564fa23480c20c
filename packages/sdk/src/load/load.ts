import type { Engine } from '../engine/types.ts';
import { DERIVED_TABLES, type FactsNames } from '../queries/facts.ts';
import { toRows } from '../engine/rows.ts';
import type { TableName } from '../schema.ts';
import { countSql, emptyNextTableSql, nextTableSql, swapTableSql } from './sql.ts';
import { LoadError, type LoadWarning } from './errors.ts';
import type { AppliedUnit } from './plan.ts';
import { engineProblem } from './engine-problems.ts';
import { stageTables, Staging, type LoadInput, type LoadOptions, type Staged } from './stage.ts';
import type { Encoding, Format } from './source.ts';
import type { BundleReport } from './bundle-manifest.ts';

export type { AppliedUnit } from './plan.ts';
export type { LoadInput, LoadOptions } from './stage.ts';

export interface LoadReport {
  /** Rows now in each table this load replaced. */
  rows: Partial<Record<TableName, number>>;
  warnings: LoadWarning[];
  /** Columns of each file that map to nothing in the model and were left out. */
  ignoredColumns: Partial<Record<TableName, string[]>>;
  /** Every money field loaded, with its unit and where that came from. */
  units: AppliedUnit[];
  /** Per table, field → the file's column (or `<value> (constant)`, `$row`, unpivoted columns joined by `/`). */
  columns: Partial<Record<TableName, Record<string, string>>>;
  /** How each file was read. */
  files: Partial<Record<TableName, { format: Format; encoding: Encoding | null }>>;
  /** Tables emptied because the load replaced all tables (`replace: 'all'`). */
  emptied: TableName[];
  /** For a bundle (`load({ bundle })`): which files matched their hashes and which were checked again. */
  bundle?: BundleReport;
}

/** The derived layer's statements, built from and into the given names, for this many loan rows. */
export type DeriveSql = (names: FactsNames, loanRows: number) => string[];

/**
 * Builds the derived layer beside the current one (from `source` names, into `next` names) and
 * swaps it in, with the `replaced` tables' next versions, by renames in one transaction.
 */
export async function deriveAndSwap(
  engine: Engine,
  deriveSql: DeriveSql,
  next: (table: string) => string,
  source: FactsNames['source'],
  replaced: readonly string[],
): Promise<void> {
  const [loans] = toRows<{ n: number }>(await engine.query(countSql(source('loans'))));
  for (const statement of deriveSql({ source, derived: next }, loans?.n ?? 0)) await engine.query(statement);
  await swapIn(engine, next, replaced);
}

/** Puts the `replaced` tables' and the derived layer's next versions in place, by renames in one transaction. */
export async function swapIn(engine: Engine, next: (table: string) => string, replaced: readonly string[]): Promise<void> {
  await swapTables(engine, next, [...replaced, ...DERIVED_TABLES]);
}

/** Puts the `tables`' next versions in place, by renames in one transaction. */
export async function swapTables(engine: Engine, next: (table: string) => string, tables: readonly string[]): Promise<void> {
  await engine.transaction(async (run) => {
    for (const table of tables) for (const statement of swapTableSql(table, next(table))) await run(statement);
  });
}

/**
 * Rebuilds the derived layer from the tables as they are (after a change of rules): built beside
 * and swapped in, so that a failure changes nothing.
 */
export async function rebuildDerived(engine: Engine, deriveSql: DeriveSql): Promise<void> {
  const staging = new Staging(engine);
  try {
    await deriveAndSwap(engine, deriveSql, (table) => staging.name('next', table), (table) => table, []);
  } finally {
    await staging.drop();
  }
}

/** What a load of the staged tables returns (a preview shows the same before anything changes). */
export function reportOf(staged: Staged): LoadReport {
  const report: LoadReport = { rows: {}, warnings: staged.warnings, ignoredColumns: {}, units: [], columns: {}, files: {}, emptied: staged.emptied };
  for (const [table, t] of staged.tables) {
    report.rows[table] = t.rows;
    if (t.planned.ignored.length > 0) report.ignoredColumns[table] = t.planned.ignored;
    report.units.push(...t.planned.units);
    report.columns[table] = Object.fromEntries(t.planned.plan.sourceLabels);
    report.files[table] = { format: t.format, encoding: t.encoding };
  }
  return report;
}

/**
 * Loads tables all or nothing: every file is staged, converted and checked; only when no file
 * has a problem are the canonical tables replaced (and, with `replace: 'all'`, the others
 * emptied), in one transaction. A LoadError leaves every table exactly as it was.
 */
export async function loadTables(engine: Engine, input: LoadInput, options: LoadOptions, deriveSql: DeriveSql): Promise<LoadReport> {
  const staging = new Staging(engine);
  try {
    const staged = await stageTables(engine, input, options, staging, false);
    if (staged.problems.total > 0) throw staged.problems.toError();
    const replaced: string[] = [...staged.tables.keys(), ...staged.emptied];
    const next = (table: string) => staging.name('next', table);
    let step = 'build the new tables';
    try {
      // Everything new is built beside what is loaded (each table, then the derived layer from
      // them), and swapped in by renames in one transaction: nobody sees a half-loaded state, a
      // failure before the swap changes nothing, and the transaction holds no rows of its own.
      for (const [table, t] of staged.tables) {
        await engine.query(nextTableSql(table, t.typed!, next(table)));
        for (const statement of t.release) await engine.query(statement);
      }
      for (const table of staged.emptied) await engine.query(emptyNextTableSql(table, next(table)));
      step = 'derive tiers, groups and facts and swap the tables in';
      await deriveAndSwap(engine, deriveSql, next, (table) => (replaced.includes(table) ? next(table) : table), replaced);
    } catch (error) {
      throw new LoadError([await engineProblem(engine, staged.given[0] ?? 'loans', error, { step })], 1);
    }
    return reportOf(staged);
  } finally {
    await staging.drop();
  }
}
