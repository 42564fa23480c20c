import type { TableName } from '../schema.ts';

export type MoneyUnit = 'yuan' | 'wan' | 'yi';
export type PlainValue = string | number | boolean;

/**
 * How one table of a user's file maps onto the canonical model. Every key is a canonical
 * column name; every value names something in the user's file.
 */
export interface TableMapping {
  /** Canonical column → the file's column. `$row` takes the record number (for files without an id). */
  columns?: Record<string, string>;
  /** Canonical column → { value in the file → canonical value }, applied before parsing. */
  values?: Record<string, Record<string, PlainValue>>;
  /** Money columns given in 万元 (`wan`) or 亿元 (`yi`) instead of yuan. */
  units?: Record<string, MoneyUnit>;
  /** Canonical column → one value for every row (for example `as_of` of a single-month file). */
  constants?: Record<string, PlainValue>;
  /** Money columns whose negative values mean "nothing owed" (credit balances on cards). */
  negativeToZero?: string[];
  /**
   * A wide file with one group of columns per value of `column` (typically one per month end):
   * each group gives canonical column → file column, and yields one row per source row.
   */
  unpivot?: { column: string; groups: Record<string, Record<string, string>> };
}

export type Mapping = Partial<Record<TableName, TableMapping>>;

/** Whether dangling references (a loan whose customer is not loaded) stop a load or only warn. */
export type OrphanPolicy = 'error' | 'warning';

export const UNIT_FACTORS: Readonly<Record<MoneyUnit, number>> = { yuan: 1, wan: 10_000, yi: 100_000_000 };
