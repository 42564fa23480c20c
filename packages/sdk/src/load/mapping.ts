import type { TableName } from '../schema.ts';

export type MoneyUnit = 'yuan' | 'wan' | 'yi';
export type PlainValue = string | number | boolean;

/**
 * How a mapping may spell a unit: `元`/`yuan`, `万`/`万元`/`wan`, `亿`/`亿元`/`yi`, in brackets
 * (half- or full-width) and with spaces or not. Anything else is a LoadError naming it.
 */
export type UnitSpelling = MoneyUnit | '元' | '万' | '万元' | '亿' | '亿元' | (string & {});

/**
 * How one table of a user's file maps onto the canonical model. Every key is a canonical
 * column name; every value names something in the user's file.
 */
export interface TableMapping {
  /** Canonical column → the file's column. `$row` takes the record number (for files without an id). */
  columns?: Record<string, string>;
  /** Canonical column → { value in the file → canonical value }, applied before parsing. */
  values?: Record<string, Record<string, PlainValue>>;
  /**
   * Money columns given in 万元 or 亿元 instead of yuan (see UnitSpelling). A unit in the column's
   * header (`贷款余额(万元)`) applies without this; a unit given here wins over the header's.
   */
  units?: Record<string, UnitSpelling>;
  /** Canonical column → one value for every row (for example `as_of` of a single-month file). */
  constants?: Record<string, PlainValue>;
  /** Money columns whose negative values mean "nothing owed" (credit balances on cards). */
  negativeToZero?: string[];
  /**
   * A wide file with one group of columns per value of `column` (typically one per month end):
   * each group gives canonical column → file column, and yields one row per source row.
   */
  unpivot?: { column: string; groups: Record<string, Record<string, string>> };
  /** The decimal separator of the file's numbers: `.` (the default: 1,234.56) or `,` (1.234,56 and 1 234,56). */
  decimal?: '.' | ',';
}

export type Mapping = Partial<Record<TableName, TableMapping>>;

/** Whether dangling references (a loan whose customer is not loaded) stop a load or only warn. */
export type OrphanPolicy = 'error' | 'warning';
