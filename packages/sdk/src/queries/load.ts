/**
 * SQL of loading: staging a file's columns, converting them to the canonical types, finding
 * every problem, and swapping the result in. A file's values are never spliced into SQL:
 * they stay data inside DuckDB; only names and the mapping's values pass through `quote`.
 */
import { CARD_PRODUCTS, SCHEMA, type ColumnSpec, type TableName } from '../schema.ts';
import { codeLookup, CODE_ALIASES } from '../load/codes.ts';
import type { ProblemKind } from '../load/errors.ts';
import { UNIT_FACTORS, type TableMapping } from '../load/mapping.ts';
import { RESERVED_COLUMN } from '../load/source.ts';
import { ident, num, str } from '../sql/quote.ts';
import { MAX_MONEY } from './facts.ts';

export const ROW = RESERVED_COLUMN;
const rawName = (column: string) => `__raw__${column}`;

/** A canonical column's origin in the file: a source column, the record number or a constant. */
export type ColumnOrigin =
  | { kind: 'column'; name: string; type: string }
  | { kind: 'row' }
  | { kind: 'constant'; value: string | number | boolean };

/** Per unpivot group (or the single group of a plain file): canonical column → origin. */
export interface ConversionPlan {
  table: TableName;
  groups: { origins: Map<string, ColumnOrigin> }[];
  /** Label of each canonical column's source for problem reports. */
  sourceLabels: Map<string, string>;
  mapping: TableMapping;
}

const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const FLOAT_TYPES = /^(FLOAT|DOUBLE|DECIMAL.*)$/;

export function describeSql(table: string): string {
  return `SELECT column_name, column_type FROM (DESCRIBE ${ident(table)})`;
}

export interface DescribeRow {
  column_name: string;
  column_type: string;
}

/**
 * Numbers each source record: this number is what problem reports call the row. A view over the
 * raw table's rowid (its insertion order), so numbering costs no copy of the file.
 */
export function numberRowsSql(target: string, raw: string, rowOffset: number): string {
  return `CREATE OR REPLACE TEMP VIEW ${ident(target)} AS SELECT (rowid + ${num(rowOffset + 1)})::BIGINT AS ${ROW}, * FROM ${ident(raw)}`;
}

export function dropTableSql(name: string): string {
  return `DROP TABLE IF EXISTS ${ident(name)}`;
}

export function dropViewSql(name: string): string {
  return `DROP VIEW IF EXISTS ${ident(name)}`;
}

/** The origin's value as trimmed text, NULL when blank; integral floats print without `.0`. */
function asText(origin: ColumnOrigin): string {
  if (origin.kind === 'row') return `CAST(${ROW} AS VARCHAR)`;
  if (origin.kind === 'constant') return `NULLIF(TRIM(${str(String(origin.value))}), '')`;
  const col = ident(origin.name);
  if (FLOAT_TYPES.test(origin.type)) {
    return `CASE WHEN ${col} = trunc(${col}) AND abs(${col}) < 1e15 THEN CAST(CAST(${col} AS BIGINT) AS VARCHAR) ELSE CAST(${col} AS VARCHAR) END`;
  }
  if (origin.type === 'DATE') return `strftime(${col}, '%Y-%m-%d')`;
  return `NULLIF(TRIM(CAST(${col} AS VARCHAR)), '')`;
}

/** Whether the origin already has the canonical type, so no text round trip is needed. */
function isNative(spec: ColumnSpec, origin: ColumnOrigin, mapping: TableMapping): boolean {
  if (origin.kind !== 'column' || mapping.values?.[spec.name]) return false;
  if (spec.type === 'double') return NUMERIC_TYPES.test(origin.type);
  if (spec.type === 'int') return NUMERIC_TYPES.test(origin.type) && !FLOAT_TYPES.test(origin.type);
  if (spec.type === 'date') return origin.type === 'DATE' || origin.type.startsWith('TIMESTAMP');
  if (spec.type === 'bool') return origin.type === 'BOOLEAN';
  return false;
}

/** The raw expression: native value, or text after the mapping's value recoding. */
function rawExpression(spec: ColumnSpec, origin: ColumnOrigin, mapping: TableMapping): string {
  if (isNative(spec, origin, mapping)) return ident((origin as { name: string }).name);
  const text = asText(origin);
  const recode = mapping.values?.[spec.name];
  if (!recode || Object.keys(recode).length === 0) return text;
  const whens = Object.entries(recode)
    .map(([from, to]) => `WHEN TRIM(${str(from)}) THEN ${str(String(to))}`)
    .join(' ');
  return `CASE ${text} ${whens} ELSE ${text} END`;
}

const normalizedCode = (expr: string) => `regexp_replace(lower(trim(${expr})), '[\\s-]+', '_', 'g')`;
const cleanNumber = (expr: string) => `regexp_replace(${expr}, '[,，\\s¥￥元]', '', 'g')`;

/** Whether every group gives this column in its canonical type already. */
function isNativeColumn(plan: ConversionPlan, column: ColumnSpec): boolean {
  return plan.groups.every((g) => {
    const origin = g.origins.get(column.name);
    return origin !== undefined && isNative(column, origin, plan.mapping);
  });
}

/** What the file said, as text for a problem report (native numbers without a trailing `.0`). */
function gotText(plan: ConversionPlan, column: ColumnSpec): string {
  const raw = ident(rawName(column.name));
  if (!isNativeColumn(plan, column)) return `CAST(${raw} AS VARCHAR)`;
  if (column.type === 'date') return `strftime(${raw}, '%Y-%m-%d')`;
  if (column.type === 'double' || column.type === 'int') {
    return `CASE WHEN ${raw} = trunc(${raw}) AND abs(${raw}) < 1e15 THEN CAST(CAST(${raw} AS BIGINT) AS VARCHAR) ELSE CAST(${raw} AS VARCHAR) END`;
  }
  return `CAST(${raw} AS VARCHAR)`;
}

/** Raw (text or native) → canonical type; NULL where the value cannot be read. */
function convertExpression(spec: ColumnSpec, raw: string, native: boolean, mapping: TableMapping): string {
  switch (spec.type) {
    case 'text':
      return raw;
    case 'double': {
      const factor = spec.money ? UNIT_FACTORS[mapping.units?.[spec.name] ?? 'yuan'] : 1;
      const base = native ? `CAST(${raw} AS DOUBLE)` : `TRY_CAST(${cleanNumber(raw)} AS DOUBLE)`;
      const scaled = factor === 1 ? base : `(${base} * ${num(factor)})`;
      return mapping.negativeToZero?.includes(spec.name) ? `greatest(${scaled}, 0)` : scaled;
    }
    case 'int': {
      if (native) return `TRY_CAST(${raw} AS INTEGER)`;
      const d = `TRY_CAST(${cleanNumber(raw)} AS DOUBLE)`;
      return `CASE WHEN ${d} = trunc(${d}) THEN TRY_CAST(${d} AS INTEGER) END`;
    }
    case 'date': {
      if (native) return `CAST(${raw} AS DATE)`;
      const formats = ['%Y-%m-%d', '%Y/%m/%d', '%Y%m%d', '%Y.%m.%d', '%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S'];
      return `COALESCE(${formats.map((f) => `CAST(TRY_STRPTIME(${raw}, ${str(f)}) AS DATE)`).join(', ')})`;
    }
    case 'bool': {
      if (native) return raw;
      const yes = ['true', 't', '1', 'yes', 'y', '是', '√'];
      const no = ['false', 'f', '0', 'no', 'n', '否', '×'];
      const n = normalizedCode(raw);
      return `CASE WHEN ${n} IN (${yes.map(str).join(', ')}) THEN TRUE WHEN ${n} IN (${no.map(str).join(', ')}) THEN FALSE END`;
    }
    case 'enum': {
      const lookup = codeLookup(spec.name, spec.codes ?? []);
      const whens = [...lookup].map(([alias, code]) => `WHEN ${str(alias)} THEN ${str(code)}`).join(' ');
      // A canonical code as it is skips the normalising regexp: most files use the codes.
      const codes = (spec.codes ?? []).map(str).join(', ');
      const normalized = `CASE ${normalizedCode(raw)} ${whens} END`;
      return codes ? `CASE WHEN ${raw} IN (${codes}) THEN ${raw} ELSE ${normalized} END` : normalized;
    }
  }
}

/** Five-category floors from days past due (DESIGN.md), card products on their own scale. */
function classificationFromDpd(dpd: string, product: string): string {
  const scale = (sm: number, sub: number, doubtful: number) =>
    `CASE WHEN ${dpd} <= 0 THEN 'pass' WHEN ${dpd} <= ${sm} THEN 'special_mention' WHEN ${dpd} <= ${sub} THEN 'substandard' WHEN ${dpd} <= ${doubtful} THEN 'doubtful' ELSE 'loss' END`;
  const cards = CARD_PRODUCTS.map(str).join(', ');
  return `CASE WHEN ${dpd} IS NULL THEN NULL WHEN ${product} IN (${cards}) THEN ${scale(90, 120, 180)} ELSE ${scale(90, 270, 360)} END`;
}

/**
 * Builds the typed staging table: one canonical column per spec column (NULL where unmapped),
 * plus `__raw__<column>` keeping what the file said, for problem reports.
 */
export function convertSql(plan: ConversionPlan, numbered: string, typed: string, options: { temporary: boolean }): string {
  const spec = SCHEMA[plan.table];
  const mapped = new Set(plan.groups.flatMap((g) => [...g.origins.keys()]));
  const groupSelects = plan.groups.map((group) => {
    const parts = [ROW];
    for (const column of spec.columns) {
      const origin = group.origins.get(column.name);
      parts.push(`${origin ? rawExpression(column, origin, plan.mapping) : 'NULL'} AS ${ident(rawName(column.name))}`);
    }
    return `SELECT ${parts.join(', ')} FROM ${ident(numbered)}`;
  });
  const nativeColumn = (column: ColumnSpec) => isNativeColumn(plan, column);
  const converted = spec.columns.map((column) => {
    if (!mapped.has(column.name)) return `NULL AS ${ident(column.name)}`;
    return `${convertExpression(column, ident(rawName(column.name)), nativeColumn(column), plan.mapping)} AS ${ident(column.name)}`;
  });
  const castTo: Record<ColumnSpec['type'], string> = { text: 'VARCHAR', enum: 'VARCHAR', double: 'DOUBLE', int: 'INTEGER', date: 'DATE', bool: 'BOOLEAN' };
  const finals = spec.columns.map((column) => {
    let expr = ident(column.name);
    if (plan.table === 'loans' && column.name === 'classification') {
      // Floors fill only rows the file left blank: an unreadable class stays an error.
      const floors = classificationFromDpd(ident('dpd'), ident('product'));
      expr = mapped.has(column.name) ? `CASE WHEN ${ident(rawName(column.name))} IS NULL THEN ${floors} ELSE ${expr} END` : floors;
    }
    return `CAST(${expr} AS ${castTo[column.type]}) AS ${ident(column.name)}`;
  });
  const raws = spec.columns.filter((c) => mapped.has(c.name)).map((c) => ident(rawName(c.name)));
  // One group keeps the file's order as it is (DuckDB keeps insertion order); unpivot groups are
  // put back in row order, each record's groups together.
  // Temporary (uncompressed, see the engine's storage settings) unless the file is too big for that.
  return `CREATE OR REPLACE ${options.temporary ? 'TEMP ' : ''}TABLE ${ident(typed)} AS
SELECT ${[ROW, ...finals, ...raws].join(', ')}
FROM (SELECT ${[ROW, ...converted, ...raws].join(', ')} FROM (${groupSelects.join(' UNION ALL ')}))${plan.groups.length > 1 ? `
ORDER BY ${ROW}` : ''}`;
}

/** What a problem row of the validation query looks like. */
export interface ProblemRow {
  kind: ProblemKind;
  row: number | null;
  field: string | null;
  column: string | null;
  expected: string;
  got: string | null;
  total: number;
}

function expectedOf(spec: ColumnSpec, mapping: TableMapping): string {
  switch (spec.type) {
    case 'double': {
      const unit = mapping.units?.[spec.name];
      if (!spec.money) return 'a number';
      return unit === 'wan' ? 'an amount in 万元 (e.g. 1,234.5)' : unit === 'yi' ? 'an amount in 亿元' : 'an amount in yuan (e.g. 1,234.56)';
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

/** Every row-level problem of a typed staging table, the first 100 in row order, with the total. */
export function problemsSql(plan: ConversionPlan, typed: string, references: readonly ReferenceCheck[]): string {
  const spec = SCHEMA[plan.table];
  const mapped = new Set(plan.groups.flatMap((g) => [...g.origins.keys()]));
  const t = ident(typed);
  const label = (column: string) => str(plan.sourceLabels.get(column) ?? column);
  const parts: string[] = [];
  for (const column of spec.columns) {
    const c = ident(column.name);
    const raw = ident(rawName(column.name));
    if (mapped.has(column.name)) {
      parts.push(
        `SELECT 'value' AS kind, ${ROW} AS "row", ${label(column.name)} AS "column", ${str(column.name)} AS field, ${str(expectedOf(column, plan.mapping))} AS expected, ${gotText(plan, column)} AS got FROM ${t} WHERE ${raw} IS NOT NULL AND ${c} IS NULL`,
      );
    }
    if (column.required && (mapped.has(column.name) || (plan.table === 'loans' && column.name === 'classification'))) {
      const raw0 = mapped.has(column.name) ? `${raw} IS NULL AND ` : '';
      parts.push(
        `SELECT 'required', ${ROW}, ${label(column.name)}, ${str(column.name)}, ${str(`a value (${column.name} is required)`)}, NULL FROM ${t} WHERE ${raw0}${c} IS NULL`,
      );
    }
    if (column.nonNegative && mapped.has(column.name)) {
      parts.push(`SELECT 'range', ${ROW}, ${label(column.name)}, ${str(column.name)}, 'a value of 0 or more', ${gotText(plan, column)} FROM ${t} WHERE ${c} < 0`);
    }
    if (column.money && mapped.has(column.name)) {
      parts.push(`SELECT 'range', ${ROW}, ${label(column.name)}, ${str(column.name)}, 'an amount below 100 trillion yuan (10^14)', ${gotText(plan, column)} FROM ${t} WHERE abs(${c}) >= ${num(MAX_MONEY)}`);
    }
    if (column.type === 'date' && mapped.has(column.name)) {
      parts.push(
        `SELECT 'range', ${ROW}, ${label(column.name)}, ${str(column.name)}, 'a date between 1900-01-01 and 2100-12-31', ${gotText(plan, column)} FROM ${t} WHERE ${c} < DATE '1900-01-01' OR ${c} > DATE '2100-12-31'`,
      );
    }
  }
  const key = spec.key.map(ident);
  const keyText = spec.key.map((k) => `COALESCE(CAST(${ident(k)} AS VARCHAR), '')`).join(` || ' / ' || `);
  parts.push(
    `SELECT 'duplicate', ${ROW}, ${str(spec.key.map((k) => plan.sourceLabels.get(k) ?? k).join(' + '))}, NULL, ${str(`a unique ${spec.key.join(' + ')}`)},
       ${keyText} || ' (also in row ' || CAST(first_row AS VARCHAR) || ')'
     FROM (SELECT ${ROW}, ${key.join(', ')}, min(${ROW}) OVER (PARTITION BY ${key.join(', ')}) AS first_row FROM ${t} WHERE ${key.map((k) => `${k} IS NOT NULL`).join(' AND ')})
     WHERE ${ROW} <> first_row`,
  );
  for (const ref of references) {
    parts.push(
      `SELECT 'orphan', s.${ROW}, ${label(ref.column)}, ${str(ref.column)}, ${str(`a ${ref.targetColumn} that exists in ${ref.targetTable}`)}, CAST(s.${ident(ref.column)} AS VARCHAR)
       FROM ${t} s ANTI JOIN ${ident(ref.target)} r ON r.${ident(ref.targetColumn)} = s.${ident(ref.column)}
       WHERE s.${ident(ref.column)} IS NOT NULL`,
    );
  }
  return `SELECT kind, "row"::DOUBLE AS "row", "column", field, expected, got, (count(*) OVER ())::DOUBLE AS total
FROM (${parts.join('\nUNION ALL\n')})
ORDER BY "row" NULLS FIRST, "column"
LIMIT 100`;
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

export function countSql(table: string): string {
  return `SELECT count(*)::DOUBLE AS n FROM ${ident(table)}`;
}

/**
 * The next version of a canonical table, from its typed staging table: the canonical columns in
 * row order (the typed table is in row order already, see convertSql), in the compressed database.
 */
export function nextTableSql(table: TableName, typed: string, next: string): string {
  const columns = SCHEMA[table].columns.map((c) => ident(c.name)).join(', ');
  return `CREATE OR REPLACE TABLE ${ident(next)} AS SELECT ${columns} FROM ${ident(typed)}`;
}

/** Puts a next version in place of a table, inside the caller's transaction (a catalog change: no rows are copied). */
export function swapTableSql(table: string, next: string): string[] {
  return [`DROP TABLE IF EXISTS ${ident(table)}`, `ALTER TABLE ${ident(next)} RENAME TO ${ident(table)}`];
}

const SQL_TYPES: Record<ColumnSpec['type'], string> = { text: 'VARCHAR', enum: 'VARCHAR', double: 'DOUBLE', int: 'INTEGER', date: 'DATE', bool: 'BOOLEAN' };

/** The empty canonical tables, so every metric runs before anything is loaded. */
export function createCanonicalTablesSql(): string[] {
  return Object.values(SCHEMA).map(
    (table) =>
      `CREATE TABLE IF NOT EXISTS ${ident(table.name)} (${table.columns.map((c) => `${ident(c.name)} ${SQL_TYPES[c.type]}`).join(', ')})`,
  );
}

