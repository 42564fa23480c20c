/**
 * What the engine said when a load failed, as a problem a user can act on: running out of memory,
 * text that is not UTF-8 (with its column and record), a CSV line over DuckDB's limit, a malformed
 * CSV row; anything else wrapped with the table, never naming the loader's staging tables.
 */
import { toRows } from '../engine/rows.ts';
import type { Engine } from '../engine/types.ts';
import type { TableName } from '../schema.ts';
import { SqlQuoteError } from '../sql/quote.ts';
import type { LoadProblem } from './errors.ts';
import type { ResolvedSource } from './source.ts';
import { firstInvalidText } from './utf8.ts';

/**
 * An engine error's text. duckdb-wasm sends some as JSON (`{"exception_type": "Out of Memory",
 * "exception_message": …}`): those read as DuckDB's others do, "<type> Error: <message>".
 */
export function engineMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (!text.startsWith('{')) return text;
  try {
    const parsed = JSON.parse(text) as { exception_type?: unknown; exception_message?: unknown };
    if (typeof parsed.exception_message === 'string') {
      return typeof parsed.exception_type === 'string' ? `${parsed.exception_type} Error: ${parsed.exception_message}` : parsed.exception_message;
    }
  } catch {
    // Not JSON after all: the text as it is.
  }
  return text;
}

/** A staging table's name (`__strata_raw_loans_3`): the loader's own, which a user never sees. */
const STAGING_NAME = /__strata_(?:raw|numbered|typed|next)_(\w+?)_\d+\b/g;

/** The message with each staging table named by the table it stages. */
export const withoutStagingNames = (message: string): string => message.replace(STAGING_NAME, '$1');

/**
 * DuckDB over its memory limit or failing to allocate, a wasm allocator failing (parquet-wasm's
 * failures are worded "Out of Memory Error" by engine/parquet.ts), JavaScript failing to allocate.
 */
const OUT_OF_MEMORY = /out of memory|\bOOM\b|could not allocate|failed to allocate|bad_alloc|allocation failed|maximum memory size|cannot enlarge memory/i;
/** DuckDB refusing Arrow text on insert, parquet-wasm refusing a Parquet text column. */
const NOT_UTF8 = /invalid unicode|non[ -]utf-?8|invalid utf-?8/i;
const CSV_LINE = /CSV Error on Line:\s*(\d+)/i;
const LINE_TOO_LONG = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes/i;
const FIELD_COUNTS = /Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)/i;
const ORIGINAL_LINE = /Original Line:\s*(.*)/i;
const UNCLOSED_QUOTE = /unterminated quote/i;

/** A line of the file as a problem shows it: its first 200 characters. */
const shorten = (line: string) => (line.length > 200 ? `${line.slice(0, 200)}…` : line);

/** Bytes as a person reads them: 2 MB, 41.8 MB, 512 kB (decimal units, as DuckDB's line limit is). */
export function formatBytes(bytes: number): string {
  const [unit, size] = bytes >= 1e9 ? ['GB', 1e9] : bytes >= 1e6 ? ['MB', 1e6] : bytes >= 1e3 ? ['kB', 1e3] : ['bytes', 1];
  const value = bytes / (size as number);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** The length of text in UTF-8, without encoding it. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) (n += 4), i++;
    else n += 3;
  }
  return n;
}

/** What the source was and its size. */
function sizeOf(source: ResolvedSource): string {
  const { what, bytes } = source.size ?? { what: 'CSV text', bytes: source.bulk.format === 'csv' ? utf8Length(source.bulk.text) : 0 };
  return `${what} of ${formatBytes(bytes)}`;
}

/**
 * Running out of memory, worded the same whoever ran out (DuckDB over its limit, the wasm
 * allocator, parquet-wasm): the engine's memory limit and the file's size. The tables loaded
 * before are untouched (a load only swaps them at the end).
 */
async function memoryProblem(engine: Engine, table: TableName, at: FailedStep): Promise<LoadProblem> {
  let limit: string | undefined;
  try {
    limit = toRows<{ limit: string }>(await engine.query(`SELECT current_setting('memory_limit') AS "limit"`))[0]?.limit;
  } catch {
    // An engine that cannot even say its limit: the problem without it.
  }
  return {
    kind: 'file',
    table,
    row: null,
    column: null,
    expected: `a file that fits in the engine's memory${limit ? ` (${limit}, shared by every table loaded)` : ''}`,
    got: at.source ? sizeOf(at.source) : `more than that, to ${at.step}`,
  };
}

/** Text that is not UTF-8 in Arrow or Parquet: its column and record where they can be found. */
async function textProblem(table: TableName, source: ResolvedSource, reread: FailedStep['reread']): Promise<LoadProblem> {
  const expected = 'text in UTF-8';
  const { bulk } = source;
  if (bulk.format === 'arrow') {
    // In a browser the worker took the bytes (they are detached): the source is read again.
    const ipc = bulk.ipc.byteLength > 0 ? bulk.ipc : await reread?.().then((again) => (again.bulk.format === 'arrow' ? again.bulk.ipc : undefined), () => undefined);
    const found = ipc ? firstInvalidText(ipc) : null;
    if (found) return { kind: 'value', table, row: found.row, column: found.column, expected, got: `bytes that are not UTF-8: ${found.bytes}` };
  } else if (bulk.format === 'parquet') {
    const { invalidTextInParquet } = await import('../engine/parquet.ts');
    const found = invalidTextInParquet(bulk.bytes);
    if (found) {
      const [only] = found.textColumns;
      const column = found.textColumns.length === 1 ? only! : null;
      const where = column === null && found.textColumns.length > 0 ? ` in one of its text columns (${found.textColumns.join(', ')})` : '';
      return { kind: column === null ? 'file' : 'value', table, row: found.row, column, expected, got: `bytes that are not UTF-8${where}` };
    }
  }
  return { kind: 'file', table, row: null, column: null, expected, got: 'bytes that are not UTF-8 in a text column' };
}

/**
 * A CSV that DuckDB could not read: a line over its limit, a quote that never closes, or a row
 * with the wrong number of fields, with the line. DuckDB's limit (read_csv's max_line_size, 2,000,000 bytes) is kept, not
 * raised: a CSV's read buffer must hold a line, so a larger limit costs every load its memory,
 * and no field of a bank's export runs to megabytes (such a line is a quote left open, or binary).
 */
function csvProblem(table: TableName, message: string): LoadProblem | null {
  const line = CSV_LINE.exec(message)?.[1];
  const row = line ? Number(line) : null;
  const original = ORIGINAL_LINE.exec(message)?.[1] ?? '';
  const long = LINE_TOO_LONG.exec(message);
  if (long) return { kind: 'file', table, row, column: null, expected: `a line of at most ${formatBytes(Number(long[1]))}`, got: `a line of ${formatBytes(Number(long[2]))}` };
  const shown = shorten(original.split(/\r?\n|\r/)[0] ?? '');
  if (UNCLOSED_QUOTE.test(message)) return { kind: 'file', table, row, column: null, expected: 'a closing quote for every quoted field', got: `a quote that never closes: ${shown}` };
  const counts = FIELD_COUNTS.exec(message);
  if (row !== null && counts) {
    // DuckDB stops counting at the first extra field, so "more" is all it knows for long rows.
    const got = Number(counts[2]) > Number(counts[1]) ? 'more fields' : `${counts[2]} field${counts[2] === '1' ? '' : 's'}`;
    return { kind: 'file', table, row, column: null, expected: `${counts[1]} fields, as in the header`, got: `${got}: ${shown}`.trim() };
  }
  return null;
}

/** Where a load failed: what it was doing (in words), and the source when a file was being read. */
export interface FailedStep {
  /** "convert the values", "check the values" …: what the engine was asked to do. */
  step: string;
  /** The source, when the failure came while it was staged. */
  source?: ResolvedSource;
  /** The engine was reading the file itself (a failure is the file's unless it says otherwise). */
  reading?: boolean;
  /** The source resolved again, for a report that needs bytes the engine took. */
  reread?: () => Promise<ResolvedSource>;
}

/** An engine failure during a load, as a problem of the table it was working on. */
export async function engineProblem(engine: Engine, table: TableName, error: unknown, at: FailedStep): Promise<LoadProblem> {
  const full = withoutStagingNames(engineMessage(error));
  const message = full.split('\n')[0] ?? full;
  // Names reach SQL quoted; a name SQL cannot carry at all is the file's, not the engine's.
  if (error instanceof SqlQuoteError) {
    return { kind: 'file', table, row: null, column: null, expected: 'column names SQL can carry (no NUL character, no unpaired surrogate)', got: message };
  }
  if (OUT_OF_MEMORY.test(full)) return memoryProblem(engine, table, at);
  if (at.source && NOT_UTF8.test(full)) return textProblem(table, at.source, at.reread);
  if (at.reading && at.source?.bulk.format === 'csv') {
    const csv = csvProblem(table, full);
    if (csv) return csv;
  }
  if (at.reading && at.source) {
    const line = CSV_LINE.exec(full)?.[1];
    return { kind: 'file', table, row: line ? Number(line) : null, column: null, expected: `a readable ${at.source.format} file`, got: message };
  }
  return { kind: 'internal', table, row: null, column: null, expected: `the engine to ${at.step}`, got: message };
}
