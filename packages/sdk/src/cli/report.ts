/** `strata check`'s text: what a load did, table by table, so an analyst can see it read the files right. */
import { formatProblem, type LoadError } from '../load/errors.ts';
import type { AppliedUnit, LoadReport } from '../load/load.ts';
import type { MoneyUnit } from '../load/mapping.ts';
import type { TableName } from '../schema.ts';
import { formatTable } from './format.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const UNIT_NAMES: Record<MoneyUnit, string> = { yuan: '元 (yuan)', wan: '万元 (wan)', yi: '亿元 (yi)' };
const UNIT_FROM: Record<AppliedUnit['from'], string> = { mapping: 'the mapping', header: 'the column header', default: 'default (no unit given)' };

export function reportText(report: LoadReport): string {
  const tables = Object.entries(report.rows).map(([table, rows]) => {
    const file = report.files[table as TableName];
    return { table, rows, format: file?.format ?? '-', encoding: file?.encoding ?? '-' };
  });
  const lines = [formatTable(tables)];
  if (report.emptied.length > 0) lines.push('', `Emptied (a new data set replaces every table): ${report.emptied.join(', ')}`);
  if (report.bundle) {
    const { verified, rechecked } = report.bundle;
    lines.push('', `Bundle: ${verified.length > 0 ? `${verified.join(', ')} as packed (hashes match)` : 'no file as packed'}`);
    if (rechecked.length > 0) lines.push(`  changed since packed: ${rechecked.join(', ')}; every table was checked again`);
  }
  if (report.units.length > 0) {
    lines.push('', 'Money columns (loaded in yuan):');
    const rows = report.units.map((u) => ({ table: u.table, field: u.field, column: u.source, unit: UNIT_NAMES[u.unit], from: UNIT_FROM[u.from] }));
    lines.push(...formatTable(rows).split('\n').map((line) => `  ${line}`));
  }
  if (report.warnings.length > 0) {
    lines.push('', `Warnings (${report.warnings.length}):`);
    for (const w of report.warnings) lines.push(`  ${formatProblem(w)} (${plural(w.count, 'row')})`);
  }
  const ignored = Object.entries(report.ignoredColumns);
  if (ignored.length > 0) {
    lines.push('', 'Ignored columns (mapped to nothing):');
    for (const [table, columns] of ignored) lines.push(`  ${table}: ${(columns ?? []).join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * A failed load as lines: one per group of problems (the same kind, table, column and expectation),
 * counted, with its first rows and example, so that a flood of one mistake is one line beside the others.
 */
export function loadErrorText(error: LoadError): string[] {
  const lines = [`Load failed: ${plural(error.total, 'problem')}; nothing was loaded.`];
  for (const g of error.groups) {
    if (g.count === 1) {
      lines.push(`  ${formatProblem({ ...g, row: g.rows[0] ?? null })}`);
      continue;
    }
    const where = [g.table, g.column !== null ? `column "${g.column}"` : null].filter(Boolean).join(', ');
    const rows = g.rows.length > 0 ? ` (rows ${g.rows.join(', ')}${g.count > g.rows.length ? ', …' : ''})` : '';
    const got = g.got === null ? 'nothing' : JSON.stringify(g.got);
    lines.push(`  ${where}: ${plural(g.count, 'problem')}${rows}: expected ${g.expected}, got ${got} first`);
  }
  const grouped = error.groups.reduce((sum, g) => sum + g.count, 0);
  if (error.total > grouped) lines.push(`  … and ${error.total - grouped} more`);
  return lines;
}
