/**
 * A group's key as a mark carries it. The SDK's rows give keys typed as a filter takes them (an
 * industry class a number, a flag a boolean, no value null); d3 joins marks by text, so a mark
 * carries the key's text, NULL as a text no code can be. A click hands the row's own typed key to
 * the selection: nothing is ever parsed back from text, so NULL never becomes '' or class 0.
 */
import type { FilterValue } from '@strata/sdk';

/** The mark key of a row whose key is NULL: a text no code can be (filter values never contain NUL). */
export const NULL_KEY = '\u0000';

/**
 * The text a mark carries for a typed key, and a selected value as marks' keys are compared with it
 * (a value given as text, '1', matches the class 1 as SQL would: keys of one field share one type).
 */
export const markKey = (value: FilterValue): string => (value === null ? NULL_KEY : String(value));

/** A key as text for people and orders (codeLabel, compareKeys): NULL stays null. */
export const keyText = (value: FilterValue): string | null => (value === null ? null : String(value));

/** The typed key of the row a mark stands for; undefined when no row carries that mark key. */
export function rowKeyOf(rows: readonly { key: FilterValue }[], mark: string): FilterValue | undefined {
  const row = rows.find((r) => markKey(r.key) === mark);
  return row === undefined ? undefined : row.key;
}
