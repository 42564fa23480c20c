/**
 * A view's table as a file's sheet: for people (units in the headers, amounts in 万元 to the cent,
 * ratios as percentages with two decimals, counts whole) or raw (the exact values the view holds).
 * CSV and xlsx are written from the same sheet.
 */
import type { Lang } from '../i18n.ts';
import { Decimal, toCsv, type CsvCell } from './export.ts';
import { et, withUnit } from './export-labels.ts';
import type { TableData, ValueKind } from './view.ts';

export type SheetKind = ValueKind | 'raw';

export interface SheetCell {
  /** A number scaled to its unit (amounts in 万元, ratios in %), text, or nothing. */
  value: string | number | null;
  kind: SheetKind;
}

export interface Sheet {
  header: string[];
  rows: SheetCell[][];
}

/** Decimals shown for each kind of number in the people's files. */
export const DECIMALS: Record<ValueKind, number> = { amount: 2, ratio: 2, count: 0, number: 2, text: 0 };

/** `value` rounded half away from zero to `digits` decimals, exactly as its decimal text reads (no binary drift: 1.005 → 1.01). */
export function roundTo(value: number, digits: number): number {
  if (Math.abs(value) < 1e-9) return 0;
  const rounded = Math.sign(value) * Math.round(Number(`${Math.abs(value)}e${digits}`));
  const result = Number(`${rounded}e-${digits}`);
  return Object.is(result, -0) ? 0 : result;
}

/** A number in its column's unit: 万元 for amounts (to the cent), % for ratios, whole counts. */
function scaled(kind: ValueKind, value: number): number {
  switch (kind) {
    case 'amount':
      // To the cent first, then in 万元: 58891245.61000013 → 5889.124561.
      return roundTo(value, 2) / 1e4;
    case 'ratio':
      return roundTo(value * 100, 6);
    case 'count':
      return Math.round(value);
    default:
      return roundTo(value, 6);
  }
}

function unitOf(lang: Lang, kind: ValueKind): string | undefined {
  return kind === 'amount' ? et(lang, 'unit_wan') : kind === 'ratio' ? et(lang, 'unit_percent') : undefined;
}

/**
 * The sheet a person reads. Where a column's kind varies by row (the KPI strip: amounts, ratios,
 * counts), a 单位 column after the first names each row's unit, and that column's header has none.
 */
export function peopleSheet(lang: Lang, data: TableData): Sheet {
  const { columns, rows } = data;
  const perRow = columns.find((c) => typeof c.kind === 'function')?.kind as ((row: unknown) => ValueKind) | undefined;
  const kindOf = (c: TableData['columns'][number], row: unknown): ValueKind =>
    typeof c.kind === 'function' ? c.kind(row) : c.kind ?? (c.numeric ? 'number' : 'text');
  const header: string[] = [];
  columns.forEach((c, i) => {
    const unit = typeof c.kind === 'string' ? unitOf(lang, c.kind) : undefined;
    header.push(unit ? withUnit(lang, c.label, unit) : c.label);
    if (i === 0 && perRow) header.push(et(lang, 'unit'));
  });
  const body = rows.map((row) => {
    const cells: SheetCell[] = [];
    columns.forEach((c, i) => {
      const value = c.value(row);
      const kind = kindOf(c, row);
      if (typeof value !== 'number') cells.push({ value, kind: 'text' });
      else cells.push({ value: Number.isFinite(value) && kind !== 'text' ? scaled(kind, value) : null, kind });
      if (i === 0 && perRow) cells.push({ value: unitOf(lang, perRow(row)) ?? '', kind: 'text' });
    });
    return cells;
  });
  return { header, rows: body };
}

/** The sheet as the view holds it: the exact values, headers without units, each name's code in a column before it. */
export function rawSheet(lang: Lang, data: TableData): Sheet {
  const header = data.columns.flatMap((c) => (c.code ? [et(lang, 'code', { label: c.label }), c.label] : [c.label]));
  const rows = data.rows.map((row) =>
    data.columns.flatMap((c) => {
      const cell = { value: c.value(row), kind: 'raw' as const };
      return c.code ? [{ value: c.code(row), kind: 'raw' as const }, cell] : [cell];
    }),
  );
  return { header, rows };
}

/** A cell in CSV: a people's number with its kind's decimals (never a formula), text as text, raw values as they are. */
function csvCell({ value, kind }: SheetCell): CsvCell {
  if (typeof value !== 'number' || kind === 'raw') return value;
  const digits = DECIMALS[kind];
  return new Decimal(roundTo(value, digits).toFixed(digits));
}

export function sheetToCsv(sheet: Sheet): string {
  return toCsv(sheet.header, sheet.rows.map((cells) => cells.map(csvCell)));
}
