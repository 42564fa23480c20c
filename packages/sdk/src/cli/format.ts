/** Rows as an aligned text table: ratios as percentages, amounts and counts with thousands separators. */

type Row = Record<string, unknown>;

const RATIO_COLUMN = /(^|_)(ratio|share|conversion|attainment|pace|rate|coverage)(_count)?$/;
/** kpis rows hold a ratio or an amount in the same columns, depending on the row's metric. */
const RATIO_KPIS = new Set(['npl_ratio', 'special_mention_ratio', 'attainment', 'pace']);

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function isRatio(column: string, row: Row): boolean {
  if (['value', 'previous', 'change'].includes(column) && typeof row.metric === 'string') return RATIO_KPIS.has(row.metric);
  return RATIO_COLUMN.test(column);
}

/** A group's key (typed: a class number, a flag) is printed as `--filter field=value` takes it back. */
const KEY_COLUMN = 'key';

export function formatValue(column: string, value: unknown, row: Row): string {
  if (value === null || value === undefined) return '-';
  if (column === KEY_COLUMN) return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // A list (the fields targets do not follow): its items, or none.
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.join(', ');
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (isRatio(column, row)) return `${(value * 100).toFixed(2)}%`;
    return Number.isInteger(value) ? whole.format(value) : decimal.format(value);
  }
  return String(value);
}

/** Terminal columns a text takes: CJK and full-width characters take two. */
function width(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    n += wide ? 2 : 1;
  }
  return n;
}

const pad = (text: string, size: number, right: boolean) => {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return right ? fill + text : text + fill;
};

export function formatTable(rows: readonly Row[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = Object.keys(rows[0] as Row);
  const cells = rows.map((row) => columns.map((c) => formatValue(c, row[c], row)));
  // Keys stay left-aligned, as codes: a class number is a name, not an amount.
  const numeric = columns.map((c) => c !== KEY_COLUMN && rows.every((row) => row[c] === null || typeof row[c] === 'number'));
  const widths = columns.map((c, i) => Math.max(width(c), ...cells.map((line) => width(line[i] as string))));
  const line = (values: string[]) => values.map((v, i) => pad(v, widths[i] as number, numeric[i] as boolean)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
