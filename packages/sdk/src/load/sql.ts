/**
 * SQL of loading: staging a file's columns, converting them to the canonical types, and swapping
 * the result in (the checks' SQL is in load/checks.ts). A file's values are never spliced into SQL:
 * they stay data inside DuckDB; only names and the mapping's values pass through `quote`.
 */
import { CARD_PRODUCTS, SCHEMA, type ColumnSpec, type TableName } from '../schema.ts';
import { codeLookup } from './codes.ts';
import type { CheckedTableMapping } from './mapping-check.ts';
import type { MoneyUnit } from './mapping.ts';
import { RESERVED_COLUMN } from './source.ts';
import { UNIT_FACTORS } from './units.ts';
import { ident, num, str } from '../sql/quote.ts';
import { columnsDdl, SQL_TYPES } from '../queries/tables.ts';

export const ROW = RESERVED_COLUMN;
/** The column of a typed staging table that keeps what the file said for `column`. */
export const rawName = (column: string) => `__raw__${column}`;

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
  mapping: CheckedTableMapping;
  /** The unit of each money column (from the mapping, the header, or yuan by default). */
  units: ReadonlyMap<string, MoneyUnit>;
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
function isNative(spec: ColumnSpec, origin: ColumnOrigin, mapping: CheckedTableMapping): boolean {
  if (origin.kind !== 'column' || (mapping.values.get(spec.name)?.length ?? 0) > 0) return false;
  if (spec.type === 'double') return NUMERIC_TYPES.test(origin.type);
  if (spec.type === 'int') return NUMERIC_TYPES.test(origin.type) && !FLOAT_TYPES.test(origin.type);
  if (spec.type === 'date') return origin.type === 'DATE' || origin.type.startsWith('TIMESTAMP');
  if (spec.type === 'bool') return origin.type === 'BOOLEAN';
  return false;
}

/** The raw expression: native value, or text after the mapping's value recoding. */
function rawExpression(spec: ColumnSpec, origin: ColumnOrigin, mapping: CheckedTableMapping): string {
  if (isNative(spec, origin, mapping)) return ident((origin as { name: string }).name);
  const text = asText(origin);
  const recode = mapping.values.get(spec.name) ?? [];
  if (recode.length === 0) return text;
  const whens = recode
    .map(([from, to]) => `WHEN TRIM(${str(from)}) THEN ${str(String(to))}`)
    .join(' ');
  return `CASE ${text} ${whens} ELSE ${text} END`;
}

const normalizedCode = (expr: string) => `regexp_replace(lower(trim(${expr})), '[\\s-]+', '_', 'g')`;

/**
 * Text → DOUBLE, strictly: thousands separators only where they belong (1,234,567.89, full-width
 * commas too), so that 12,34 and 1.234,56 are no numbers rather than 1234 and 1.23456; with
 * `decimal: ','`, 1.234,56 and 1 234,56 read as 1234.56. Currency signs, 元 and spaces are dropped;
 * Excel's 1.5E+06 reads. NULL when the text is no number.
 */
function numberSql(raw: string, decimal: '.' | ','): string {
  const cast = `TRY_CAST(${raw} AS DOUBLE)`;
  // Most files write plain numbers, which DuckDB's cast reads at once; it also reads 1_000, nan and
  // inf (no amounts), and with a decimal comma 1.234 means 1234: those go the long way.
  const plain = `isfinite(${cast}) AND NOT contains(${raw}, '_')${decimal === ',' ? ` AND NOT contains(${raw}, '.')` : ''}`;
  const pattern = str(decimal === '.' ? '^[+-]?(\\d{1,3}([,，]\\d{3})+|\\d*)(\\.\\d*)?([eE][+-]?\\d+)?$' : '^[+-]?(\\d{1,3}(\\.\\d{3})+|\\d*)(,\\d*)?([eE][+-]?\\d+)?$');
  const digits = (text: string) => (decimal === '.' ? `replace(replace(${text}, ',', ''), '，', '')` : `replace(replace(${text}, '.', ''), ',', '.')`);
  // Dropping signs and spaces costs more than the match: only for text that does not match as it is.
  const cleaned = `regexp_replace(${raw}, ${str('[\\s\u00a0\u3000¥￥元]')}, '', 'g')`;
  return `CASE WHEN ${plain} THEN ${cast}
    WHEN regexp_full_match(${raw}, ${pattern}) THEN TRY_CAST(${digits(raw)} AS DOUBLE)
    WHEN regexp_full_match(${cleaned}, ${pattern}) THEN TRY_CAST(${digits(cleaned)} AS DOUBLE) END`;
}

/** Whether every group gives this column in its canonical type already. */
function isNativeColumn(plan: ConversionPlan, column: ColumnSpec): boolean {
  return plan.groups.every((g) => {
    const origin = g.origins.get(column.name);
    return origin !== undefined && isNative(column, origin, plan.mapping);
  });
}

/** What the file said, as text for a problem report (native numbers without a trailing `.0`). */
export function gotText(plan: ConversionPlan, column: ColumnSpec): string {
  const raw = ident(rawName(column.name));
  if (!isNativeColumn(plan, column)) return `CAST(${raw} AS VARCHAR)`;
  if (column.type === 'date') return `strftime(${raw}, '%Y-%m-%d')`;
  if (column.type === 'double' || column.type === 'int') {
    return `CASE WHEN ${raw} = trunc(${raw}) AND abs(${raw}) < 1e15 THEN CAST(CAST(${raw} AS BIGINT) AS VARCHAR) ELSE CAST(${raw} AS VARCHAR) END`;
  }
  return `CAST(${raw} AS VARCHAR)`;
}

/** Raw (text or native) → canonical type; NULL where the value cannot be read. */
function convertExpression(spec: ColumnSpec, raw: string, native: boolean, plan: ConversionPlan): string {
  switch (spec.type) {
    case 'text':
      return raw;
    case 'double': {
      const factor = spec.money ? UNIT_FACTORS[plan.units.get(spec.name) ?? 'yuan'] : 1;
      const base = native ? `CAST(${raw} AS DOUBLE)` : numberSql(raw, plan.mapping.decimal);
      const scaled = factor === 1 ? base : `(${base} * ${num(factor)})`;
      return plan.mapping.negativeToZero.has(spec.name) ? `greatest(${scaled}, 0)` : scaled;
    }
    case 'int': {
      if (native) return `TRY_CAST(${raw} AS INTEGER)`;
      const d = numberSql(raw, plan.mapping.decimal);
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
    return `${convertExpression(column, ident(rawName(column.name)), nativeColumn(column), plan)} AS ${ident(column.name)}`;
  });
  const finals = spec.columns.map((column) => {
    let expr = ident(column.name);
    if (plan.table === 'loans' && column.name === 'classification') {
      // Floors fill only rows the file left blank: an unreadable class stays an error.
      const floors = classificationFromDpd(ident('dpd'), ident('product'));
      expr = mapped.has(column.name) ? `CASE WHEN ${ident(rawName(column.name))} IS NULL THEN ${floors} ELSE ${expr} END` : floors;
    }
    return `CAST(${expr} AS ${SQL_TYPES[column.type]}) AS ${ident(column.name)}`;
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

/** The first rows of a typed staging table as they will load (dates as YYYY-MM-DD). */
export function previewRowsSql(table: TableName, typed: string, limit: number): string {
  const columns = SCHEMA[table].columns.map((c) => (c.type === 'date' ? `strftime(${ident(c.name)}, '%Y-%m-%d') AS ${ident(c.name)}` : ident(c.name)));
  return `SELECT ${columns.join(', ')} FROM ${ident(typed)} ORDER BY ${ROW} LIMIT ${num(limit)}`;
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

/** An empty next version of a canonical table (a load that replaces all tables empties the others). */
export function emptyNextTableSql(table: TableName, next: string): string {
  return `CREATE OR REPLACE TABLE ${ident(next)} (${columnsDdl(table)})`;
}
