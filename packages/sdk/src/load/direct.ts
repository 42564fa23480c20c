/**
 * The load's fast path: a file whose columns already hold the canonical values (the generator's
 * Parquet, a bundle's) needs no typed copy. Its canonical columns are a view over the staged file
 * (renames, no casts), which the checks read and the canonical table is copied from. Whether the
 * values are canonical as they are is decided per table: the plan's column types first, then one
 * pass over the text columns (trimmed, known codes); any other file takes the typed copy, so its
 * values and problems are exactly what they were.
 */
import { SCHEMA, type ColumnSpec } from '../schema.ts';
import { SQL_TYPES } from '../queries/tables.ts';
import { ident, str } from '../sql/quote.ts';
import { rawName, ROW, type ConversionPlan } from './sql.ts';

/** The file's column giving each mapped canonical column, when it is already of the canonical type. */
function directColumns(plan: ConversionPlan): Map<string, string> | null {
  if (plan.groups.length !== 1) return null;
  const [group] = plan.groups;
  const columns = new Map<string, string>();
  for (const spec of SCHEMA[plan.table].columns) {
    const origin = group!.origins.get(spec.name);
    if (origin === undefined) continue;
    // A constant or record number is made by the conversion; a recoded value, another unit or a
    // negative made zero changes what the file says.
    if (origin.kind !== 'column' || origin.type !== SQL_TYPES[spec.type]) return null;
    if ((plan.mapping.values.get(spec.name)?.length ?? 0) > 0 || plan.mapping.negativeToZero.has(spec.name)) return null;
    if (spec.money && (plan.units.get(spec.name) ?? 'yuan') !== 'yuan') return null;
    if (spec.type === 'enum' && (spec.codes ?? []).length === 0) return null;
    columns.set(spec.name, origin.name);
  }
  // Loans without a class column get theirs from days past due: that is a conversion.
  if (plan.table === 'loans' && !columns.has('classification')) return null;
  return columns;
}

/** A value the conversion would change: text it would trim or blank out, a code it would translate. */
function changedSql(spec: ColumnSpec, column: string): string | null {
  const c = ident(column);
  if (spec.type === 'text') return `(${c} <> trim(${c}) OR ${c} = '')`;
  if (spec.type === 'enum') return `${c} NOT IN (${(spec.codes ?? []).map(str).join(', ')})`;
  return null;
}

/**
 * One statement answering whether the staged file's values are canonical as they are (`direct`),
 * or null when its columns' types alone rule the fast path out. It stops at the first value the
 * conversion would change.
 */
export function directCheckSql(plan: ConversionPlan, numbered: string): string | null {
  const columns = directColumns(plan);
  if (!columns) return null;
  const changed: string[] = [];
  for (const spec of SCHEMA[plan.table].columns) {
    const column = columns.get(spec.name);
    const sql = column === undefined ? null : changedSql(spec, column);
    if (sql) changed.push(sql);
    // A loan's blank class would be filled from days past due.
    if (column !== undefined && plan.table === 'loans' && spec.name === 'classification') changed.push(`${ident(column)} IS NULL`);
  }
  if (changed.length === 0) return `SELECT true AS direct`;
  return `SELECT NOT EXISTS (SELECT 1 FROM ${ident(numbered)} WHERE ${changed.join(' OR ')}) AS direct`;
}

/**
 * The typed staging table's columns as a view over the numbered file: each canonical column (NULL
 * of its type when unmapped) and its `__raw__` twin, which are the same values here.
 */
export function directViewSql(plan: ConversionPlan, numbered: string, typed: string): string {
  const columns = directColumns(plan);
  if (!columns) throw new Error(`${plan.table}: not a file for the fast path`);
  const spec = SCHEMA[plan.table].columns;
  const canonical = spec.map((c) => {
    const column = columns.get(c.name);
    return `${column === undefined ? `CAST(NULL AS ${SQL_TYPES[c.type]})` : ident(column)} AS ${ident(c.name)}`;
  });
  const raws = spec.flatMap((c) => {
    const column = columns.get(c.name);
    return column === undefined ? [] : [`${ident(column)} AS ${ident(rawName(c.name))}`];
  });
  return `CREATE OR REPLACE TEMP VIEW ${ident(typed)} AS SELECT ${[ROW, ...canonical, ...raws].join(', ')} FROM ${ident(numbered)}`;
}
