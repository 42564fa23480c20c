/**
 * The checks of staged tables, with their SQL: each table's values, ranges, duplicates and
 * references (counted in one statement per table, which runs on 10M rows; the problems' rows are
 * listed only when a count is not zero), references from loaded tables into the new ones, a
 * referenced table that holds nothing, and the plausibility of money's units.
 */
import type { Engine } from '../engine/types.ts';
import { toRows } from '../engine/rows.ts';
import { gotText, rawName, ROW, type ConversionPlan } from './sql.ts';
import { MAX_MONEY } from '../queries/facts.ts';
import { SCHEMA, TABLE_NAMES, type ColumnSpec, type TableName } from '../schema.ts';
import { ident, num, str } from '../sql/quote.ts';
import { CODE_ALIASES } from './codes.ts';
import type { LoadProblem, LoadWarning, ProblemKind } from './errors.ts';
import type { OrphanPolicy } from './mapping.ts';
import type { ProblemList } from './problems.ts';
import type { StagedTable } from './stage.ts';
import { PLAUSIBLE_MEDIANS, UNIT_LABELS, unitWarning } from './units.ts';

/** A problem row of the validation query: one of the first 100 of its group, with the group's count. */
export interface ProblemRow {
  kind: ProblemKind;
  row: number | null;
  field: string | null;
  column: string | null;
  expected: string;
  got: string | null;
  group_count: number;
}

function expectedOf(spec: ColumnSpec, plan: ConversionPlan): string {
  switch (spec.type) {
    case 'double': {
      const example = plan.mapping.decimal === ',' ? '1.234,56' : '1,234.56';
      if (!spec.money) return `a number (e.g. ${example})`;
      const unit = plan.units.get(spec.name) ?? 'yuan';
      return `an amount in ${unit === 'yuan' ? 'yuan' : UNIT_LABELS[unit]} (e.g. ${example})`;
    }
    case 'int':
      return 'a whole number';
    case 'date':
      return 'a date such as 2024-01-31, 2024/1/31 or 20240131';
    case 'bool':
      return 'yes or no (true/false, 1/0, 是/否)';
    case 'enum': {
      const aliases = Object.values(CODE_ALIASES[spec.name] ?? {})
        .map((names) => names[0])
        .filter((name): name is string => name !== undefined);
      return `one of ${(spec.codes ?? []).join(', ')}${aliases.length ? ` (or ${aliases.join(', ')})` : ''}`;
    }
    case 'text':
      return 'text';
  }
}

export interface ReferenceCheck {
  column: string;
  /** The table holding the referenced keys (a staged one when it loads in the same call). */
  target: string;
  targetColumn: string;
  targetTable: TableName;
}

/** Most problems listed per group: the error lists at most 100 in all. */
const GROUP_SAMPLE = 100;

/**
 * One sort of problem of a typed staging table: the statement listing its rows, and how to count
 * them without listing any (a condition on the table's rows, or a statement of its own).
 */
interface ProblemPart {
  select: string;
  count: { where: string } | { sql: string };
}

/**
 * The sorts of row-level problems of a typed staging table. With `direct` (a view over a file
 * already canonical, see load/direct.ts) no value can fail its conversion: those are left out.
 */
function problemParts(plan: ConversionPlan, typed: string, references: readonly ReferenceCheck[], direct: boolean): ProblemPart[] {
  const spec = SCHEMA[plan.table];
  const mapped = new Set(plan.groups.flatMap((g) => [...g.origins.keys()]));
  const t = ident(typed);
  const label = (column: string) => str(plan.sourceLabels.get(column) ?? column);
  const parts: ProblemPart[] = [];
  // Every part names its columns: any of them may come first in the union.
  const values = (kind: string, row: string, column: string, field: string, expected: string, got: string) =>
    `SELECT ${kind} AS kind, ${row} AS "row", ${column} AS "column", ${field} AS field, ${expected} AS expected, ${got} AS got`;
  const where = (select: string, condition: string) => parts.push({ select: `${select} FROM ${t} WHERE ${condition}`, count: { where: condition } });
  for (const column of spec.columns) {
    const c = ident(column.name);
    const raw = ident(rawName(column.name));
    if (mapped.has(column.name) && !direct) {
      where(
        values(`'value'`, ROW, label(column.name), str(column.name), str(expectedOf(column, plan)), gotText(plan, column)),
        `${raw} IS NOT NULL AND ${c} IS NULL`,
      );
    }
    if (column.required && (mapped.has(column.name) || (plan.table === 'loans' && column.name === 'classification'))) {
      const raw0 = mapped.has(column.name) ? `${raw} IS NULL AND ` : '';
      where(values(`'required'`, ROW, label(column.name), str(column.name), str(`a value (${column.name} is required)`), 'NULL'), `${raw0}${c} IS NULL`);
    }
    if (column.nonNegative && mapped.has(column.name)) {
      where(values(`'range'`, ROW, label(column.name), str(column.name), `'a value of 0 or more'`, gotText(plan, column)), `${c} < 0`);
    }
    if (column.money && mapped.has(column.name)) {
      where(values(`'range'`, ROW, label(column.name), str(column.name), `'an amount below 100 trillion yuan (10^14)'`, gotText(plan, column)), `abs(${c}) >= ${num(MAX_MONEY)}`);
    }
    if (column.type === 'date' && mapped.has(column.name)) {
      where(
        values(`'range'`, ROW, label(column.name), str(column.name), `'a date between 1900-01-01 and 2100-12-31'`, gotText(plan, column)),
        `${c} < DATE '1900-01-01' OR ${c} > DATE '2100-12-31'`,
      );
    }
  }
  const key = spec.key.map(ident);
  const keyText = spec.key.map((k) => `COALESCE(CAST(${ident(k)} AS VARCHAR), '')`).join(` || ' / ' || `);
  const keyed = key.map((k) => `${k} IS NOT NULL`).join(' AND ');
  parts.push({
    select: `${values(`'duplicate'`, ROW, str(spec.key.map((k) => plan.sourceLabels.get(k) ?? k).join(' + ')), 'NULL', str(`a unique ${spec.key.join(' + ')}`), `${keyText} || ' (also in row ' || CAST(first_row AS VARCHAR) || ')'`)}
     FROM (SELECT ${ROW}, ${key.join(', ')}, min(${ROW}) OVER (PARTITION BY ${key.join(', ')}) AS first_row FROM ${t} WHERE ${keyed})
     WHERE ${ROW} <> first_row`,
    // Keys held more than once: none exactly when no row repeats an earlier one's key.
    count: { sql: `SELECT count(*) FROM (SELECT 1 FROM ${t} WHERE ${keyed} GROUP BY ${key.join(', ')} HAVING count(*) > 1)` },
  });
  for (const ref of references) {
    const orphans = `FROM ${t} s ANTI JOIN ${ident(ref.target)} r ON r.${ident(ref.targetColumn)} = s.${ident(ref.column)}
       WHERE s.${ident(ref.column)} IS NOT NULL`;
    parts.push({
      select: `${values(`'orphan'`, `s.${ROW}`, label(ref.column), str(ref.column), str(`a ${ref.targetColumn} that exists in ${ref.targetTable}`), `CAST(s.${ident(ref.column)} AS VARCHAR)`)}
       ${orphans}`,
      count: { sql: `SELECT count(*) ${orphans}` },
    });
  }
  return parts;
}

/**
 * How many problems of each sort a typed staging table has (`p0`, `p1` … in problemParts' order),
 * in one statement that lists no row: a clean table, the usual case, is checked by this alone.
 */
export function problemCountsSql(plan: ConversionPlan, typed: string, references: readonly ReferenceCheck[], direct: boolean): string {
  const parts = problemParts(plan, typed, references, direct);
  const filters: string[] = [];
  const queries: string[] = [];
  parts.forEach(({ count }, i) => {
    if ('where' in count) filters.push(`count(*) FILTER (WHERE ${count.where})::DOUBLE AS p${i}`);
    else queries.push(`(SELECT (${count.sql})::DOUBLE AS p${i})`);
  });
  const sources = [...(filters.length > 0 ? [`(SELECT ${filters.join(', ')} FROM ${ident(typed)})`] : []), ...queries];
  return `SELECT * FROM ${sources.join(', ')}`;
}

/**
 * The row-level problems of a typed staging table, in one statement (it runs on 10M rows): each
 * group of problems (kind, column, field, expected) counted, with its first 100 in row order.
 * `only` (indexes of problemParts, from problemCountsSql) leaves out sorts counted as none.
 */
export function problemsSql(plan: ConversionPlan, typed: string, references: readonly ReferenceCheck[], direct = false, only?: ReadonlySet<number>): string {
  const parts = problemParts(plan, typed, references, direct).filter((_, i) => !only || only.has(i));
  const group = 'PARTITION BY kind, "column", field, expected';
  return `SELECT kind, "row"::DOUBLE AS "row", "column", field, expected, got, (count(*) OVER (${group}))::DOUBLE AS group_count
FROM (${parts.map((p) => p.select).join('\nUNION ALL\n')})
QUALIFY row_number() OVER (${group} ORDER BY "row" NULLS FIRST, got) <= ${GROUP_SAMPLE}
ORDER BY kind, "column", field, expected, "row" NULLS FIRST`;
}

export interface OrphanCountRow {
  column: string;
  count: number;
  first_row: number;
  example: string;
}

/** Orphan references counted per column, for loads that only warn about them. */
export function orphanCountsSql(typed: string, references: readonly ReferenceCheck[]): string {
  const t = ident(typed);
  return references
    .map(
      (ref) => `SELECT ${str(ref.column)} AS "column", count(*)::DOUBLE AS count, min(s.${ROW})::DOUBLE AS first_row, CAST(min(s.${ident(ref.column)}) AS VARCHAR) AS example
       FROM ${t} s ANTI JOIN ${ident(ref.target)} r ON r.${ident(ref.targetColumn)} = s.${ident(ref.column)}
       WHERE s.${ident(ref.column)} IS NOT NULL HAVING count(*) > 0`,
    )
    .join('\nUNION ALL\n');
}

/** A loaded table whose references the new version of the table they point at must still hold. */
export interface ReverseCheck {
  /** The loaded (canonical) table and its referring column. */
  table: TableName;
  column: string;
  /** The staged new version of the referenced table. */
  target: string;
  targetColumn: string;
}

export interface ReverseOrphanRow {
  table: TableName;
  column: string;
  count: number;
  example: string;
}

/** Rows of loaded tables whose references the new files lack, counted per table and column. */
export function reverseOrphansSql(checks: readonly ReverseCheck[]): string {
  return checks
    .map(
      (check) => `SELECT ${str(check.table)} AS "table", ${str(check.column)} AS "column", count(*)::DOUBLE AS count, CAST(min(s.${ident(check.column)}) AS VARCHAR) AS example
       FROM ${ident(check.table)} s ANTI JOIN ${ident(check.target)} r ON r.${ident(check.targetColumn)} = s.${ident(check.column)}
       WHERE s.${ident(check.column)} IS NOT NULL HAVING count(*) > 0`,
    )
    .join('\nUNION ALL\n');
}

/** How many rows give a value in `column` (references to a table that will hold none). */
export function nonNullCountSql(typed: string, column: string): string {
  return `SELECT count(${ident(column)})::DOUBLE AS n FROM ${ident(typed)}`;
}

/** The median and count of each money column's positive values (`m0`, `n0`, `m1` …), for the unit's plausibility. */
export function moneyMediansSql(typed: string, fields: readonly string[]): string {
  const parts = fields.flatMap((f, i) => [
    `median(${ident(f)}) FILTER (WHERE ${ident(f)} > 0)::DOUBLE AS m${i}`,
    `count(${ident(f)}) FILTER (WHERE ${ident(f)} > 0)::DOUBLE AS n${i}`,
  ]);
  return `SELECT ${parts.join(', ')} FROM ${ident(typed)}`;
}

/**
 * Whether a staged table is checked: converted, and its columns fit. A preview converts the others
 * too (to show their rows), but checks nothing against them, as a load would not have them.
 */
export const isChecked = (t: StagedTable | undefined): t is StagedTable & { typed: string } => !!t?.typed && t.planned.problems.length === 0;

/**
 * What a table missing entirely costs, for the tables whose absence takes figures away (a
 * missing branch or campaign table only leaves ids without names, and is not warned about).
 */
const MISSING_TABLE_EFFECTS: Partial<Record<TableName, string>> = {
  customers: 'tiers, customer groups and every figure by customer are unavailable',
};

/** What the checks of one load share. */
export interface CheckContext {
  given: readonly TableName[];
  tables: ReadonlyMap<TableName, StagedTable>;
  rowsIn: ReadonlyMap<TableName, boolean>;
  problems: ProblemList;
  warnings: LoadWarning[];
}

/**
 * One table's rows: values, ranges, duplicates and its references (to a table loaded with it, or
 * else to the one loaded before, when that holds rows); a referenced table with no rows at all;
 * the plausibility of its money's unit.
 */
export async function checkTable(engine: Engine, staged: StagedTable, policy: OrphanPolicy, ctx: CheckContext): Promise<void> {
  const { table, planned } = staged;
  const typed = staged.typed!;
  const { plan } = planned;
  const mapped = new Set(plan.groups.flatMap((g) => [...g.origins.keys()]));
  const references: ReferenceCheck[] = [];
  for (const column of SCHEMA[table].columns) {
    if (!column.references || !mapped.has(column.name)) continue;
    const target = column.references.table;
    const note = MISSING_TABLE_EFFECTS[target];
    if (!ctx.rowsIn.get(target)) {
      if (!note) continue;
      const [row] = toRows<{ n: number }>(await engine.query(nonNullCountSql(typed, column.name)));
      if ((row?.n ?? 0) === 0) continue;
      ctx.warnings.push({
        kind: 'missing_table',
        table,
        row: null,
        column: plan.sourceLabels.get(column.name) ?? column.name,
        field: column.name,
        expected: `a ${target} file (${column.name} refers to ${target})`,
        got: `no ${target} loaded: ${note}`,
        count: row!.n,
      });
      continue;
    }
    const staged = ctx.tables.get(target);
    if (!ctx.given.includes(target)) references.push({ column: column.name, target, targetColumn: column.references.column, targetTable: target });
    else if (isChecked(staged)) references.push({ column: column.name, target: staged.typed, targetColumn: column.references.column, targetTable: target });
  }

  // Counted first; rows are listed only for the sorts of problem found.
  const checked = policy === 'error' ? references : [];
  const [counts] = toRows<Record<string, number>>(await engine.query(problemCountsSql(plan, typed, checked, staged.direct)));
  const found = new Set(Object.entries(counts ?? {}).flatMap(([part, n]) => (n > 0 ? [Number(part.slice(1))] : [])));
  if (found.size > 0) ctx.problems.addRows(table, toRows<ProblemRow>(await engine.query(problemsSql(plan, typed, checked, staged.direct, found))));
  if (policy === 'warning' && references.length > 0) {
    for (const o of toRows<OrphanCountRow>(await engine.query(orphanCountsSql(typed, references)))) {
      const ref = references.find((r) => r.column === o.column)!;
      ctx.warnings.push({
        kind: 'orphan',
        table,
        field: o.column,
        row: o.first_row,
        column: plan.sourceLabels.get(o.column) ?? o.column,
        expected: `a ${ref.targetColumn} that exists in ${ref.targetTable}`,
        got: o.example,
        count: o.count,
      });
    }
  }

  // Only what the file's columns say: a constant is the user's own figure (a count stand-in, say).
  const fromFile = (field: string) => plan.groups.every((g) => g.origins.get(field)?.kind === 'column');
  const ranged = planned.units.filter((u) => PLAUSIBLE_MEDIANS[table]?.[u.field] && fromFile(u.field));
  if (ranged.length > 0) {
    const [medians] = toRows<Record<string, number | null>>(await engine.query(moneyMediansSql(typed, ranged.map((u) => u.field))));
    ranged.forEach((u, i) => {
      const median = medians?.[`m${i}`];
      const count = medians?.[`n${i}`] ?? 0;
      const warning = median === null || median === undefined ? undefined : unitWarning(table, u.field, u.source, u.unit, median, count);
      if (warning) ctx.warnings.push(warning);
    });
  }
}

/**
 * References into the new tables from loaded tables this load keeps: a customers file that
 * lacks customers the loaded loans name orphans those loans, under the same policy.
 */
export async function checkReverse(
  engine: Engine,
  checked: readonly StagedTable[],
  policy: OrphanPolicy,
  ctx: CheckContext,
): Promise<void> {
  const checks: ReverseCheck[] = [];
  for (const staged of checked) {
    for (const table of TABLE_NAMES) {
      // A table given is checked the other way; an empty one (or one emptied) refers to nothing.
      if (ctx.given.includes(table) || !ctx.rowsIn.get(table)) continue;
      for (const column of SCHEMA[table].columns) {
        if (column.references?.table !== staged.table) continue;
        checks.push({ table, column: column.name, target: staged.typed!, targetColumn: column.references.column });
      }
    }
  }
  if (checks.length === 0) return;
  for (const o of toRows<ReverseOrphanRow>(await engine.query(reverseOrphansSql(checks)))) {
    const target = SCHEMA[o.table].columns.find((c) => c.name === o.column)!.references!;
    const problem: LoadProblem = {
      kind: 'orphan',
      table: o.table,
      row: null,
      column: o.column,
      field: o.column,
      expected: `a ${target.column} that exists in the new ${target.table} file (${o.count} row${o.count === 1 ? '' : 's'} of the loaded ${o.table} refer${o.count === 1 ? 's' : ''} to one it lacks)`,
      got: o.example,
    };
    if (policy === 'warning') ctx.warnings.push({ ...problem, count: o.count });
    else ctx.problems.addGroup(problem, o.count, [problem]);
  }
}
