import { DataType, type Table, type Vector } from 'apache-arrow';

// Arrow's own decoder drops a leading U+FEFF from every string: data text must come back whole.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function utf8Values(vector: Vector): (string | null)[] {
  const out: (string | null)[] = [];
  for (const data of vector.data) {
    const offsets = data.valueOffsets as Int32Array;
    const values = data.values as Uint8Array;
    for (let i = 0; i < data.length; i++) {
      out.push(data.getValid(i) ? utf8.decode(values.subarray(offsets[i], offsets[i + 1])) : null);
    }
  }
  return out;
}

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
  const columns = table.schema.fields.map((field, c) => {
    const vector = table.getChildAt(c);
    if (!vector) return () => null;
    if (DataType.isUtf8(field.type)) {
      const strings = utf8Values(vector);
      return (i: number) => strings[i];
    }
    return (i: number) => plain(vector.get(i));
  });
  const rows: T[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = Object.create(null);
    for (let c = 0; c < names.length; c++) row[names[c] as string] = columns[c]!(i);
    rows[i] = { ...row } as T;
  }
  return rows;
}
