/**
 * The words of <strata-import>'s lines: a problem group or warning as one line in the user's
 * language, a preview cell, the result of a load. Plain functions of the SDK's objects.
 */
import { SCHEMA, type LoadError, type LoadReport, type LoadWarning, type TableName } from '@strata/sdk';
import { codeLabel, type Lang } from '../i18n.ts';
import { fieldName, imt, kindLabel, tableLabel, unitLabel } from './strings.ts';

export type ProblemGroup = LoadError['groups'][number];

/** A group of problems, or a warning, as a heading and its details (count and rows, example, what was expected). */
export interface ProblemLine {
  heading: string;
  details: string[];
  /** What was expected (the SDK's words); empty when the heading says it all. */
  expected: string;
}

function heading(lang: Lang, p: Pick<ProblemGroup, 'kind' | 'table' | 'column' | 'field'>): string {
  if (p.kind === 'missing_table') {
    // The table not loaded is the one the field refers to (loans.customer_id → customers).
    const spec = SCHEMA[p.table]?.columns.find((c) => c.name === p.field);
    const missing = spec?.references?.table ?? p.table;
    return missing === 'customers' ? imt(lang, 'missing_customers') : imt(lang, 'missing_table', { table: tableLabel(lang, missing) });
  }
  const sep = lang === 'en' ? ': ' : '：';
  const name = p.field ? fieldName(lang, p.field) : p.column;
  const where = name && p.column && p.column !== p.field && p.column !== name ? `${name} (${p.column})` : name;
  return where ? `${where}${sep}${kindLabel(lang, p.kind)}` : kindLabel(lang, p.kind);
}

function rowsText(lang: Lang, count: number, rows: readonly number[]): string {
  const list = rows.join(imt(lang, 'list_sep'));
  return imt(lang, 'count_rows', { n: count.toLocaleString(lang), rows: list, more: count > rows.length ? imt(lang, 'count_more') : '' });
}

export function groupLine(lang: Lang, group: ProblemGroup): ProblemLine {
  const details: string[] = [];
  if (group.rows.length > 0) details.push(rowsText(lang, group.count, group.rows));
  else if (group.count > 1) details.push(imt(lang, 'count', { n: group.count.toLocaleString(lang) }));
  if (group.got !== null && group.got !== '') details.push(imt(lang, 'example', { got: group.got }));
  return { heading: heading(lang, group), details, expected: imt(lang, 'expected', { expected: group.expected }) };
}

export function warningLine(lang: Lang, warning: LoadWarning): ProblemLine {
  // A table not loaded: the heading names it and what is lost; the count says how many rows refer to it.
  if (warning.kind === 'missing_table') {
    return { heading: heading(lang, { ...warning, field: warning.field ?? null }), details: [imt(lang, 'refer', { n: warning.count.toLocaleString(lang) })], expected: '' };
  }
  const details: string[] = [];
  if (warning.count > 1) details.push(imt(lang, 'count', { n: warning.count.toLocaleString(lang) }));
  if (warning.row !== null) details.push(imt(lang, 'first_row', { row: warning.row }));
  if (warning.got !== null && warning.got !== '') details.push(imt(lang, 'example', { got: warning.got }));
  return { heading: heading(lang, { ...warning, field: warning.field ?? null }), details, expected: imt(lang, 'expected', { expected: warning.expected }) };
}

const amounts = new Map<Lang, Intl.NumberFormat>();

/** A preview cell as the user reads it: amounts in yuan in full (15,500,000), codes in words. */
export function cellText(lang: Lang, table: TableName, field: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return imt(lang, value ? 'yes' : 'no');
  const spec = SCHEMA[table]?.columns.find((c) => c.name === field);
  if (typeof value === 'number') {
    if (!spec?.money) return String(value);
    let format = amounts.get(lang);
    if (!format) amounts.set(lang, (format = new Intl.NumberFormat(lang, { maximumFractionDigits: 4 })));
    return format.format(value);
  }
  return spec?.type === 'enum' ? codeLabel(lang, value, field) : value;
}

/** The line after a load: rows loaded, units applied, tables emptied, warnings. */
export function resultLine(lang: Lang, report: LoadReport): string {
  const sep = imt(lang, 'list_sep');
  const parts = Object.entries(report.rows).map(([table, rows]) =>
    imt(lang, 'loaded', { table: tableLabel(lang, table as TableName), rows: (rows ?? 0).toLocaleString(lang) }),
  );
  const converted = report.units.filter((u) => u.unit !== 'yuan');
  if (converted.length > 0) {
    const list = converted.map((u) => imt(lang, 'unit_item', { column: u.source, unit: unitLabel(lang, u.unit) })).join(sep);
    parts.push(imt(lang, 'units_applied', { list }));
  }
  if (report.emptied.length > 0) parts.push(imt(lang, 'emptied', { list: report.emptied.map((t) => tableLabel(lang, t)).join(sep) }));
  if (report.warnings.length > 0) parts.push(imt(lang, 'warning_count', { n: report.warnings.length }));
  return parts.join('').trim();
}
