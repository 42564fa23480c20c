import type { FilterValue } from '../filters.ts';

/** Text in DuckDB's order for VARCHAR: by code point (as its UTF-8 bytes compare, not JavaScript's UTF-16 units), nulls last. */
export function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * Group keys in DuckDB's order for their type (ORDER BY key): numbers by value, false before true,
 * text as compareText, nulls last. A grouping's keys are all of one type.
 */
export function compareKey(a: FilterValue, b: FilterValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  return compareText(String(a), String(b));
}
