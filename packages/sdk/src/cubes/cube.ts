/**
 * A cube of the derived layer held in memory: its rows read once per engine generation into
 * columns (the fields as plain values, counts as numbers, money as exact integers of 0.0001 yuan),
 * for the metrics a click asks to be answered here without SQL (Falcon's idea: the interaction
 * index in the page; Mosaic still queries its pre-aggregates). A cube is a few thousand rows
 * however many loans there are, so a pass over it takes well under a millisecond.
 */
import { DIMENSION_NAMES, DIMENSIONS, type DimensionType } from '../dimensions.ts';
import { toRows } from '../engine/rows.ts';
import type { Engine, QueryOptions } from '../engine/types.ts';
import { ident } from '../sql/quote.ts';
import { parseUnits } from './exact.ts';

export type CellValue = string | number | boolean | null;

/** How a cube column reads in SQL and in JavaScript. */
export type CubeColumnType = DimensionType | 'bits' | 'label';

/** A cube's layout: its fields, and its measures by kind (counts are whole, money is exact). */
export interface CubeSpec {
  table: string;
  /** The fields (dimension keys, label columns, `lead_stages`). */
  fields: readonly string[];
  counts: readonly string[];
  money: readonly string[];
  /** Dates that are no field a clause selects on (a lead's created_at, say), read as YYYY-MM-DD text. */
  dates?: readonly string[];
  /** Read only while the table has at most this many rows (a table of facts, not a cube): else SQL answers. */
  maxRows?: number;
}

/** A field coded for fast tests and groupings: each row's code, and each code's value. */
export interface CodedField {
  codes: Uint32Array;
  values: readonly CellValue[];
}

/** Money of a column: the exact units, and the same as numbers where a double holds them exactly (else NaN, as for null). */
export interface MoneyColumn {
  exact: readonly (bigint | null)[];
  small: Float64Array;
}

export interface Cube {
  spec: CubeSpec;
  rows: number;
  /** Each field's values, row by row (dates as YYYY-MM-DD text). */
  fields: Readonly<Record<string, readonly CellValue[]>>;
  /** The same fields coded (filter.ts, group.ts). */
  coded: Readonly<Record<string, CodedField>>;
  counts: Readonly<Record<string, readonly number[]>>;
  /** Money as units of 0.0001 yuan; null where the cube's sum is null. */
  money: Readonly<Record<string, readonly (bigint | null)[]>>;
  moneyColumns: Readonly<Record<string, MoneyColumn>>;
  dates: Readonly<Record<string, readonly (string | null)[]>>;
  /** False for a table of facts over its `maxRows` (or empty): SQL answers over it. */
  held: boolean;
}

const TYPE_BY_KEY = new Map<string, DimensionType>(DIMENSION_NAMES.map((name) => [DIMENSIONS[name].key, DIMENSIONS[name].type]));

/** The type of a cube field: its dimension's, `bits` for lead stages, `label` for a name column. */
export function fieldType(column: string): CubeColumnType {
  if (column === 'lead_stages') return 'bits';
  return TYPE_BY_KEY.get(column) ?? 'label';
}

/** The SELECT that reads a cube as plain values: dates as text, numbers as DOUBLE, money as its decimal text. */
export function readCubeSql(spec: CubeSpec): string {
  const fields = spec.fields.map((column) => {
    const type = fieldType(column);
    const c = ident(column);
    if (type === 'date') return `strftime(${c}, '%Y-%m-%d') AS ${c}`;
    if (type === 'int' || type === 'bits') return `CAST(${c} AS DOUBLE) AS ${c}`;
    return c;
  });
  const counts = spec.counts.map((c) => `CAST(${ident(c)} AS DOUBLE) AS ${ident(c)}`);
  const money = spec.money.map((c) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}`);
  const dates = (spec.dates ?? []).map((c) => `strftime(${ident(c)}, '%Y-%m-%d') AS ${ident(c)}`);
  const limit = spec.maxRows === undefined ? '' : ` WHERE (SELECT count(*) FROM ${ident(spec.table)}) <= ${spec.maxRows}`;
  return `SELECT ${[...fields, ...counts, ...money, ...dates].join(', ')} FROM ${ident(spec.table)}${limit}`;
}

export async function readCube(engine: Engine, spec: CubeSpec, options: QueryOptions = {}): Promise<Cube> {
  const rows = toRows<Record<string, unknown>>(await engine.query(readCubeSql(spec), [], options));
  // A table over its maxRows comes back empty: not held, as an empty one (SQL answers either just as well).
  const held = spec.maxRows === undefined || rows.length > 0;
  const column = <T>(name: string, read: (value: unknown) => T): T[] => rows.map((row) => read(row[name] ?? null));
  const fields = Object.fromEntries(spec.fields.map((c) => [c, column(c, (v) => v as CellValue)]));
  const money = Object.fromEntries(spec.money.map((c) => [c, column(c, (v) => parseUnits(v as string | null))]));
  return {
    spec,
    rows: rows.length,
    fields,
    coded: Object.fromEntries(Object.entries(fields).map(([c, values]) => [c, code(values)])),
    counts: Object.fromEntries(spec.counts.map((c) => [c, column(c, (v) => (v as number | null) ?? 0)])),
    money,
    moneyColumns: Object.fromEntries(
      Object.entries(money).map(([c, exact]) => [
        c,
        { exact, small: Float64Array.from(exact, (u) => (u !== null && u <= MAX_SAFE && u >= -MAX_SAFE ? Number(u) : NaN)) },
      ]),
    ),
    dates: Object.fromEntries((spec.dates ?? []).map((c) => [c, column(c, (v) => v as string | null)])),
    held,
  };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Values coded in the order first met (equal values, as Map keys, share a code). */
function code(values: readonly CellValue[]): CodedField {
  const seen = new Map<CellValue, number>();
  const codes = new Uint32Array(values.length);
  values.forEach((v, row) => {
    let c = seen.get(v);
    if (c === undefined) seen.set(v, (c = seen.size));
    codes[row] = c;
  });
  return { codes, values: [...seen.keys()] };
}

/** A field's value as the SQL group label writes it: `CAST(x AS VARCHAR)`, dates as YYYY-MM-DD. */
export function keyText(value: CellValue): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
