/**
 * A sheet as an Excel workbook, with write-excel-file (imported on demand: its own chunk, fetched
 * the first time someone exports xlsx). Numbers are numbers with a number format (万元 with
 * thousands separators and two decimals, % with two, counts whole); the header row is bold and
 * stays in view when scrolling.
 */
import writeXlsxFile, { type Cell } from 'write-excel-file/browser';
import type { Sheet, SheetCell } from './export-table.ts';

/** Excel's number format for each kind of a people's sheet (raw values keep Excel's General). */
export const XLSX_FORMATS: Record<string, string> = { amount: '#,##0.00', ratio: '0.00', count: '#,##0', number: '0.00' };

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(title: string): string {
  return title.replace(/[:\\/?*[\]]/g, '-').slice(0, 31) || 'Strata';
}

function cell({ value, kind }: SheetCell): Cell {
  if (value === null) return null;
  if (typeof value === 'number') return { value, type: Number, format: XLSX_FORMATS[kind] };
  // Text is text: write-excel-file writes it as a shared string, never a formula.
  return { value, type: String };
}

export async function sheetToXlsx(sheet: Sheet, title: string): Promise<Blob> {
  const header: Cell[] = sheet.header.map((value) => ({ value, type: String, fontWeight: 'bold', wrap: true }));
  const data: Cell[][] = [header, ...sheet.rows.map((row) => row.map(cell))];
  const columns = sheet.header.map((h, i) => ({
    width: Math.min(40, Math.max(10, [...h].length * 1.6, ...sheet.rows.slice(0, 200).map((r) => String(r[i]?.value ?? '').length * 1.2))),
  }));
  return writeXlsxFile(data, { sheet: sheetName(title), columns, stickyRowsCount: 1 }).toBlob();
}
