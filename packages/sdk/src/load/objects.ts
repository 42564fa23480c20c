import { Bool, Float64, makeData, makeVector, Table, tableToIPC, Utf8, type Vector } from 'apache-arrow';
import type { TableName } from '../schema.ts';
import { checkColumnNames } from './column-names.ts';
import { LoadError, MAX_REPORTED_PROBLEMS, type LoadProblem } from './errors.ts';
import { ProblemList } from './problems.ts';

// Vectors are assembled from buffers rather than with Arrow's builders, which compile their null
// checks with `new Function`: a page under a strict CSP (no 'unsafe-eval') must still load objects.

function validity(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

function numberVector(values: readonly (number | null)[]): Vector {
  const data = Float64Array.from(values, (v) => v ?? 0);
  return makeVector(makeData({ type: new Float64(), length: values.length, data, ...validity(values) }));
}

function boolVector(values: readonly (boolean | null)[]): Vector {
  const data = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v) data[i >> 3]! |= 1 << (i & 7);
  });
  return makeVector(makeData({ type: new Bool(), length: values.length, data, ...validity(values) }));
}

function textVector(values: readonly (string | null)[]): Vector {
  const encoder = new TextEncoder();
  const encoded = values.map((v) => (v === null ? new Uint8Array() : encoder.encode(v)));
  const valueOffsets = new Int32Array(values.length + 1);
  encoded.forEach((bytes, i) => (valueOffsets[i + 1] = valueOffsets[i]! + bytes.length));
  const data = new Uint8Array(valueOffsets[values.length]!);
  encoded.forEach((bytes, i) => data.set(bytes, valueOffsets[i]!));
  return makeVector(makeData({ type: new Utf8(), length: values.length, valueOffsets, data, ...validity(values) }));
}

/** More distinct keys than any export has columns: objects keyed by ids, not rows. */
export const MAX_OBJECT_COLUMNS = 10_000;

type Cell = string | number | boolean | null;

/** A thrown value's message, however odd the value. */
function reason(error: unknown): string {
  try {
    return (error instanceof Error ? error.message : String(error)).slice(0, 200);
  } catch {
    return 'an error that cannot be shown';
  }
}

/** What a value is, in a few words, without converting it (a nested value is never walked). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value.slice(0, 200);
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : value instanceof Date ? 'an invalid Date' : 'an object';
}

/** A cell as the table holds it (a Date as YYYY-MM-DD), or undefined for a value that is no cell. */
function cellOf(value: unknown): Cell | undefined {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return String(value);
    case 'object':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? calendarDay(value) : undefined;
    default:
      return undefined;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The calendar day a Date stands for: a date parsed from '2024-01-31' is UTC midnight, one made as
 * `new Date(2024, 0, 31)` is local midnight (UTC 16:00 the day before in China): each means its own day.
 */
function calendarDay(date: Date): string {
  const utcMidnight = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0;
  return utcMidnight
    ? date.toISOString().slice(0, 10)
    : `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Arrow IPC of plain objects: numbers stay numbers, booleans booleans, dates YYYY-MM-DD, anything
 * else text. Each row's own enumerable keys are read once. A row that is not an object, a value
 * that is no cell (an object, an array, a function …) or a key that throws when read is a
 * problem with its row (1-based) and column, so nothing deep is ever walked or stringified.
 */
export function objectsToIpc(table: TableName, objects: readonly unknown[]): Uint8Array {
  // Per sort of problem: how many, and the first ones (rows come in order).
  const found = new Map<string, { count: number; samples: LoadProblem[] }>();
  const report = (p: Omit<LoadProblem, 'table'>) => {
    const key = JSON.stringify([p.kind, p.column, p.expected]);
    const group = found.get(key) ?? { count: 0, samples: [] };
    found.set(key, group);
    group.count++;
    if (group.samples.length < MAX_REPORTED_PROBLEMS) group.samples.push({ table, ...p });
  };
  const n = objects.length;
  // No prototype lookups: a column may be called __proto__ or constructor.
  const columns = new Map<string, Cell[]>();
  for (let i = 0; i < n; i++) {
    let row: unknown;
    let keys: string[];
    try {
      row = objects[i];
      if (typeof row !== 'object' || row === null || Array.isArray(row) || row instanceof Date) {
        report({ kind: 'file', row: i + 1, column: null, expected: 'an object of column values', got: kindOf(row) });
        continue;
      }
      keys = Object.keys(row);
    } catch (error) {
      report({ kind: 'file', row: i + 1, column: null, expected: 'an object of column values', got: `reading it failed: ${reason(error)}` });
      continue;
    }
    for (const key of keys) {
      let cell: Cell | undefined;
      let value: unknown;
      try {
        value = (row as Record<string, unknown>)[key];
        cell = cellOf(value);
      } catch (error) {
        report({ kind: 'value', row: i + 1, column: key, expected: 'a value that can be read', got: `reading it failed: ${reason(error)}` });
        continue;
      }
      if (cell === undefined) {
        report({ kind: 'value', row: i + 1, column: key, expected: 'text, a number, true/false or a date', got: kindOf(value) });
        continue;
      }
      let values = columns.get(key);
      if (!values) {
        if (columns.size === MAX_OBJECT_COLUMNS) {
          throw new LoadError([{ kind: 'file', table, row: i + 1, column: key, expected: `at most ${MAX_OBJECT_COLUMNS} distinct keys (columns)`, got: 'more' }], 1);
        }
        values = new Array<Cell>(n).fill(null);
        columns.set(key, values);
      }
      values[i] = cell;
    }
  }
  if (found.size > 0) {
    const problems = new ProblemList();
    for (const { count, samples } of found.values()) problems.addGroup(samples[0]!, count, samples);
    throw problems.toError();
  }
  checkColumnNames(table, [...columns.keys()]);
  if (columns.size === 0) throw new LoadError([{ kind: 'file', table, row: null, column: null, expected: 'at least one row with columns', got: 'no columns' }], 1);
  const vectors: Record<string, Vector> = Object.create(null);
  for (const [name, values] of columns) {
    const present = values.filter((v) => v !== null);
    if (present.length > 0 && present.every((v) => typeof v === 'number')) vectors[name] = numberVector(values as (number | null)[]);
    else if (present.length > 0 && present.every((v) => typeof v === 'boolean')) vectors[name] = boolVector(values as (boolean | null)[]);
    else vectors[name] = textVector(values.map((v) => (v === null ? null : String(v))));
  }
  return tableToIPC(new Table(vectors), 'stream');
}

/**
 * Rows of a JSON text: an array of objects, one object, or one object per line. Unreadable JSON
 * is a problem of the whole text (or of its line); what the rows hold is objectsToIpc's to check.
 */
export function parseJson(table: TableName, text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n'))) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new LoadError(
        [{ kind: 'file', table, row: null, column: null, expected: 'valid JSON (an array of objects, or one object per line)', got: reason(error) }],
        1,
      );
    }
    return Array.isArray(value) ? value : [value];
  }
  return trimmed.split(/\r?\n/).flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      throw new LoadError([{ kind: 'file', table, row: i + 1, column: null, expected: 'one JSON object per line', got: line.slice(0, 200) }], 1);
    }
  });
}
