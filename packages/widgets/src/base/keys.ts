/**
 * A segment's key as its mark carries it (text), and back as the value a click selects: the SDK's
 * rows give keys as text or NULL, while filters take them typed (an industry class is a number, a
 * flag a boolean, no value is NULL). One place, so that NULL never becomes '' or class 0.
 */
import { dimension, type DimensionName, type FilterValue } from '@strata/sdk';

/** The mark key of a row whose key is NULL: a text no code can be. */
export const NULL_KEY = '\u0000';

export const markKey = (key: string | null): string => key ?? NULL_KEY;

/** The filter value a mark's key selects on `field`: numbers for integer fields, booleans for flags, NULL for no value. */
export function filterValueOf(field: DimensionName, key: string): FilterValue {
  if (key === NULL_KEY) return null;
  const type = dimension(field).type;
  if (type === 'int') return Number(key);
  if (type === 'bool') return key === 'true';
  return key;
}

/** A selected value as the marks' keys are compared with it. */
export const selectedKey = (value: FilterValue): string => (value === null ? NULL_KEY : String(value));
