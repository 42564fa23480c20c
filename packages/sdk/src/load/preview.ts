/**
 * A load tried without changing anything: the same staging, conversion and checks as a load,
 * then the first rows as they would load, and the report or the error the load would give.
 */
import type { Engine } from '../engine/types.ts';
import { toRows } from '../engine/rows.ts';
import { previewRowsSql } from './sql.ts';
import type { TableName } from '../schema.ts';
import { LoadError, type LoadWarning } from './errors.ts';
import { reportOf, type LoadReport } from './load.ts';
import type { MoneyUnit } from './mapping.ts';
import type { FileColumnUse } from './plan.ts';
import type { Encoding, Format } from './source.ts';
import { stageTables, Staging, type LoadInput, type LoadOptions } from './stage.ts';

export type PreviewOptions = LoadOptions & {
  /** Rows shown per table (default 10). */
  rows?: number;
};

export interface TablePreview {
  format: Format;
  encoding: Encoding | null;
  /** Records in the file. */
  sourceRows: number;
  /** Every column of the file, with the field and unit it gives (field null: ignored). */
  columns: { source: string; field: string | null; unit: MoneyUnit | null; unitFrom: FileColumnUse['unitFrom'] }[];
  /** Fields filled by a constant (its value) or by the record number (`$row`). */
  constants: Record<string, string>;
  /** Required fields no column gives. */
  missing: string[];
  /** The first rows exactly as they will load (canonical fields; dates as YYYY-MM-DD). */
  rows: Record<string, string | number | boolean | null>[];
}

export interface LoadPreview {
  /** Every table whose file could be read. */
  tables: Partial<Record<TableName, TablePreview>>;
  warnings: LoadWarning[];
  /** What load() would return; null when it would fail. */
  report: LoadReport | null;
  /** What load() would throw; null when it would succeed. */
  error: LoadError | null;
}

export const PREVIEW_ROWS = 10;

export async function previewTables(engine: Engine, input: LoadInput, options: PreviewOptions): Promise<LoadPreview> {
  const limit = options.rows ?? PREVIEW_ROWS;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`rows: expected a whole number of 0 or more, got ${String(limit)}`);
  const staging = new Staging(engine);
  try {
    let staged;
    try {
      staged = await stageTables(engine, input, options, staging, true);
    } catch (error) {
      if (error instanceof LoadError) return { tables: {}, warnings: [], report: null, error };
      throw error;
    }
    const tables: LoadPreview['tables'] = {};
    for (const [table, t] of staged.tables) {
      const rows = t.typed && limit > 0 ? toRows<Record<string, string | number | boolean | null>>(await engine.query(previewRowsSql(table, t.typed, limit))) : [];
      const { columns, constants, missing } = t.planned;
      tables[table] = { format: t.format, encoding: t.encoding, sourceRows: t.sourceRows, columns, constants, missing, rows };
    }
    const error = staged.problems.total > 0 ? staged.problems.toError() : null;
    return { tables, warnings: staged.warnings, report: error ? null : reportOf(staged), error };
  } finally {
    await staging.drop();
  }
}
