/**
 * Every row of the table's selection for its exports, fetched in pages (cancellable: a new query
 * aborts it), in the grid's order and masking, for people (units in the headers, amounts in 万元
 * to the cent, days whole) or raw (the values as the SDK returns them): CSV, a part a page joined
 * into the file, and xlsx. The table imports this module on its first export: it comes with the
 * base's export code (the strata-export chunk), none of it loaded with the page.
 */
import type { Strata } from '@strata/sdk';
import { downloadBlob } from '../base/export.ts';
import { peopleSheet, rawSheet, sheetToCsv, type Sheet } from '../base/export-table.ts';
import type { TableColumn } from '../base/view.ts';
import type { Lang } from '../i18n.ts';
import type { ListRow } from './columns.ts';
import type { RowsQuery } from './pages.ts';

export type SheetChoice = 'people' | 'raw';
export type FileFormat = 'csv' | 'csv_raw' | 'xlsx';

/** What an export reads: where, which rows, which columns, in what language, a page of how many rows. */
export interface ExportJob {
  db: Strata;
  query: RowsQuery;
  columns: TableColumn<ListRow>[];
  lang: Lang;
  pageRows: number;
  signal?: AbortSignal;
}

async function* pagesOf({ db, query, pageRows, signal }: ExportJob): AsyncGenerator<ListRow[]> {
  for (let offset = 0; ; offset += pageRows) {
    const rows = await db.rows({ ...query, offset, limit: pageRows, signal });
    signal?.throwIfAborted();
    if (rows.length > 0) yield [...rows];
    if (rows.length < pageRows) return;
  }
}

/** A page of rows as the people's sheet or the raw one. */
function sheetOf(job: ExportJob, choice: SheetChoice, rows: ListRow[]): Sheet {
  return choice === 'raw' ? rawSheet(job.lang, { columns: job.columns, rows }) : peopleSheet(job.lang, { columns: job.columns, rows });
}

/** The CSV file in parts (the header, then a part a page): UTF-8 with BOM, formula-safe. */
export async function csvParts(job: ExportJob, choice: SheetChoice): Promise<string[]> {
  const head = sheetToCsv(sheetOf(job, choice, []));
  const parts = [head];
  for await (const rows of pagesOf(job)) parts.push(sheetToCsv(sheetOf(job, choice, rows)).slice(head.length));
  return parts;
}

/** The people's sheet of every row as an Excel workbook (write-excel-file, fetched on first use). */
export async function xlsxOf(job: ExportJob, title: string): Promise<Blob> {
  const rows: ListRow[] = [];
  for await (const page of pagesOf(job)) rows.push(...page);
  const { sheetToXlsx } = await import('../base/export-xlsx.ts');
  return sheetToXlsx(sheetOf(job, 'people', rows), title);
}

/** The file of every row in `format`, handed to the browser's downloads under the name `fileName` gives (unless aborted meanwhile). */
export async function downloadRows(job: ExportJob, format: FileFormat, title: string, fileName: (ext: string) => Promise<string>): Promise<void> {
  const blob =
    format === 'xlsx'
      ? await xlsxOf(job, title)
      : new Blob(await csvParts(job, format === 'csv' ? 'people' : 'raw'), { type: 'text/csv;charset=utf-8' });
  const name = await fileName(format === 'xlsx' ? 'xlsx' : 'csv');
  job.signal?.throwIfAborted();
  downloadBlob(blob, name);
}
