import type { Table } from 'apache-arrow';

/** Plain JS of one Arrow value: numbers, strings, booleans, null (never BigInt or Decimal objects). */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && 'valueOf' in value) {
    const primitive = (value as { valueOf(): unknown }).valueOf();
    if (typeof primitive === 'bigint') return Number(primitive);
  }
  return value;
}

/** Rows of an Arrow table as plain objects. Queries cast aggregates to DOUBLE and dates to text. */
export function toRows<T>(table: Table): T[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((name) => table.getChild(name));
  const rows: T[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c] as string] = plain(columns[c]?.get(i));
    rows[i] = row as T;
  }
  return rows;
}
