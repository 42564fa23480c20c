/**
 * Node only: writes a synthetic data set to a folder, one file per table (branches.parquet, loans.parquet, …).
 *
 * Parquet and CSV go through native DuckDB (@duckdb/node-api): tables are created with the canonical column
 * types, rows are appended with its Appender chunk by chunk (loans streamed, never all in JS memory), then
 * `COPY … TO`. Arrow is written as IPC streams with apache-arrow, loans as one record batch per chunk.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { DuckDBDateValue, DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int32,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Table,
  Utf8,
  makeData,
  tableToIPC,
  type DataType,
} from 'apache-arrow';
import { SCHEMA, TABLE_NAMES, type ColumnSpec, type ColumnType, type LoanRow, type TableName } from '@strata/sdk';
import { createSynth, type ResolvedSynthOptions, type SynthOptions } from './index.ts';

export type SynthFormat = 'parquet' | 'arrow' | 'csv';
export const SYNTH_FORMATS: readonly SynthFormat[] = ['parquet', 'arrow', 'csv'];

export interface WriteDatasetOptions extends SynthOptions {
  /** File format (default 'parquet'); the extension is the format's name (.parquet, .arrow, .csv). */
  format?: SynthFormat;
  /** Loan rows generated and appended per step (default 100_000). */
  chunkRows?: number;
}

export interface WriteDatasetResult {
  folder: string;
  format: SynthFormat;
  options: ResolvedSynthOptions;
  /** The loans' month-end snapshot dates, oldest first. */
  monthEnds: readonly string[];
  /** Absolute path of each table's file. */
  files: Record<TableName, string>;
  rows: Record<TableName, number>;
  bytes: Record<TableName, number>;
  timings: {
    /** Organisation, customers, campaign, pipeline and the loan plan. */
    generateMs: number;
    /** Loans: generating, appending and writing the file. */
    loansMs: number;
    /** Everything, from the call to the last file closed. */
    totalMs: number;
    /** Appending and writing each table (loans included). */
    tablesMs: Record<TableName, number>;
  };
}

type Row = Record<string, unknown>;

const SQL_TYPE: Record<ColumnType, string> = {
  text: 'VARCHAR',
  enum: 'VARCHAR',
  double: 'DOUBLE',
  int: 'INTEGER',
  date: 'DATE',
  bool: 'BOOLEAN',
};

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

const DAY_MS = 86_400_000;
const dayNumbers = new Map<string, number>();
/** 'YYYY-MM-DD' → days since 1970-01-01. */
function dayNumber(text: string): number {
  let day = dayNumbers.get(text);
  if (day === undefined) {
    day = Math.round(Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10))) / DAY_MS);
    if (dayNumbers.size < 100_000) dayNumbers.set(text, day);
  }
  return day;
}

/** Writes every table of the data set the options describe into `folder` (created if missing). */
export async function writeDataset(folder: string, options: WriteDatasetOptions = {}): Promise<WriteDatasetResult> {
  const t0 = performance.now();
  const { format = 'parquet', chunkRows = 100_000, ...synthOptions } = options;
  if (!SYNTH_FORMATS.includes(format)) throw new RangeError(`format must be one of ${SYNTH_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  const dir = resolve(folder);
  await mkdir(dir, { recursive: true });
  const synth = createSynth(synthOptions);
  const generateMs = performance.now() - t0;

  const files = {} as Record<TableName, string>;
  const rows = {} as Record<TableName, number>;
  const bytes = {} as Record<TableName, number>;
  const tablesMs = {} as Record<TableName, number>;
  const source = (table: TableName): Iterable<readonly Row[]> => {
    if (table === 'loans') return synth.loanChunks(chunkRows) as Iterable<readonly Row[]>;
    return [synth[table] as unknown as readonly Row[]];
  };

  const writer = format === 'arrow' ? arrowWriter() : await duckdbWriter(format);
  try {
    for (const table of TABLE_NAMES) {
      const t = performance.now();
      const path = join(dir, `${table}.${format}`);
      await rm(path, { force: true });
      rows[table] = await writer.write(table, path, source(table));
      files[table] = path;
      bytes[table] = (await stat(path)).size;
      tablesMs[table] = performance.now() - t;
    }
  } finally {
    writer.close();
  }
  return {
    folder: dir,
    format,
    options: synth.options,
    monthEnds: synth.monthEnds,
    files,
    rows,
    bytes,
    timings: { generateMs, loansMs: tablesMs.loans, totalMs: performance.now() - t0, tablesMs },
  };
}

interface TableWriter {
  /** Writes the chunks of one table to `path`; returns the number of rows written. */
  write(table: TableName, path: string, chunks: Iterable<readonly Row[]>): Promise<number>;
  close(): void;
}

// ---- DuckDB: Parquet and CSV ------------------------------------------------------------------------------------

async function duckdbWriter(format: 'parquet' | 'csv'): Promise<TableWriter> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const dates = new Map<string, DuckDBDateValue>();
  const date = (text: string) => {
    let v = dates.get(text);
    if (!v) dates.set(text, (v = new DuckDBDateValue(dayNumber(text))));
    return v;
  };
  const copyOptions = format === 'parquet' ? '(FORMAT parquet)' : '(FORMAT csv, HEADER true)';
  return {
    async write(table, path, chunks) {
      const columns = SCHEMA[table].columns;
      await connection.run(`CREATE OR REPLACE TABLE ${ident(table)} (${columns.map((c) => `${ident(c.name)} ${SQL_TYPE[c.type]}`).join(', ')})`);
      const count = await appendAll(connection, table, columns, chunks, date);
      await connection.run(`COPY ${ident(table)} TO ${literal(path)} ${copyOptions}`);
      await connection.run(`DROP TABLE ${ident(table)}`);
      return count;
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

type AppendValue = (appender: DuckDBAppender, value: unknown) => void;

function appendFunction(type: ColumnType, date: (text: string) => DuckDBDateValue): AppendValue {
  switch (type) {
    case 'text':
    case 'enum':
      return (a, v) => a.appendVarchar(v as string);
    case 'double':
      return (a, v) => a.appendDouble(v as number);
    case 'int':
      return (a, v) => a.appendInteger(v as number);
    case 'date':
      return (a, v) => a.appendDate(date(v as string));
    case 'bool':
      return (a, v) => a.appendBoolean(v as boolean);
  }
}

async function appendAll(
  connection: DuckDBConnection,
  table: TableName,
  columns: readonly ColumnSpec[],
  chunks: Iterable<readonly Row[]>,
  date: (text: string) => DuckDBDateValue,
): Promise<number> {
  const names = columns.map((c) => c.name);
  const appenders = columns.map((c) => appendFunction(c.type, date));
  const width = names.length;
  const appender = await connection.createAppender(table);
  let count = 0;
  const fast = table === 'loans' && names.join() === LOAN_COLUMNS.join();
  try {
    for (const chunk of chunks) {
      if (fast) {
        appendLoans(appender, chunk as unknown as readonly LoanRow[], date);
        appender.flushSync();
        count += chunk.length;
        continue;
      }
      for (const row of chunk) {
        for (let k = 0; k < width; k++) {
          const value = row[names[k] as string];
          if (value === null || value === undefined) appender.appendNull();
          else (appenders[k] as AppendValue)(appender, value);
        }
        appender.endRow();
      }
      appender.flushSync();
      count += chunk.length;
    }
  } finally {
    appender.closeSync();
  }
  return count;
}

const LOAN_COLUMNS = ['as_of', 'loan_id', 'customer_id', 'branch_id', 'product', 'balance', 'classification', 'dpd', 'origination_date', 'maturity_date', 'original_amount'];

/** The loans table is most of the data: append its rows without the generic per-column dispatch. */
function appendLoans(a: DuckDBAppender, rows: readonly LoanRow[], date: (text: string) => DuckDBDateValue): void {
  for (const r of rows) {
    a.appendDate(date(r.as_of));
    a.appendVarchar(r.loan_id);
    a.appendVarchar(r.customer_id);
    if (r.branch_id === null) a.appendNull();
    else a.appendVarchar(r.branch_id);
    a.appendVarchar(r.product);
    a.appendDouble(r.balance);
    a.appendVarchar(r.classification);
    if (r.dpd === null) a.appendNull();
    else a.appendInteger(r.dpd);
    if (r.origination_date === null) a.appendNull();
    else a.appendDate(date(r.origination_date));
    if (r.maturity_date === null) a.appendNull();
    else a.appendDate(date(r.maturity_date));
    if (r.original_amount === null) a.appendNull();
    else a.appendDouble(r.original_amount);
    a.endRow();
  }
}

// ---- Arrow IPC streams -------------------------------------------------------------------------------------------

function arrowType(type: ColumnType): DataType {
  switch (type) {
    case 'text':
    case 'enum':
      return new Utf8();
    case 'double':
      return new Float64();
    case 'int':
      return new Int32();
    case 'date':
      return new DateDay();
    case 'bool':
      return new Bool();
  }
}

export function arrowSchema(table: TableName): Schema {
  return new Schema(SCHEMA[table].columns.map((c) => new Field(c.name, arrowType(c.type), !c.required)));
}

const encoder = new TextEncoder();

/** Validity bitmap (bit set = value present), or undefined when nothing is null. */
function validity(values: readonly unknown[]): { nullCount: number; nullBitmap: Uint8Array | undefined } {
  let nullCount = 0;
  for (const v of values) if (v === null || v === undefined) nullCount++;
  if (nullCount === 0) return { nullCount, nullBitmap: undefined };
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => {
    if (v !== null && v !== undefined) nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
  });
  return { nullCount, nullBitmap };
}

/** One column of one batch, built straight into Arrow buffers (no per-value builder calls). */
function arrowColumn(type: DataType, columnType: ColumnType, values: readonly unknown[]) {
  const length = values.length;
  const { nullCount, nullBitmap } = validity(values);
  switch (columnType) {
    case 'text':
    case 'enum': {
      // ASCII strings (ids, codes) are copied char by char; others go through TextEncoder.
      const valueOffsets = new Int32Array(length + 1);
      const other = new Map<number, Uint8Array>();
      let total = 0;
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (typeof v === 'string') {
          let ascii = true;
          for (let j = 0; j < v.length; j++) {
            if (v.charCodeAt(j) > 0x7f) {
              ascii = false;
              break;
            }
          }
          if (ascii) total += v.length;
          else {
            const e = encoder.encode(v);
            other.set(i, e);
            total += e.length;
          }
        }
        valueOffsets[i + 1] = total;
      }
      const data = new Uint8Array(total);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (typeof v !== 'string') continue;
        const at = valueOffsets[i] as number;
        const e = other.get(i);
        if (e) data.set(e, at);
        else for (let j = 0; j < v.length; j++) data[at + j] = v.charCodeAt(j);
      }
      return makeData({ type: type as Utf8, length, nullCount, nullBitmap, valueOffsets, data });
    }
    case 'double':
      return makeData({ type: type as Float64, length, nullCount, nullBitmap, data: Float64Array.from(values, (v) => (v as number | null) ?? 0) });
    case 'int':
      return makeData({ type: type as Int32, length, nullCount, nullBitmap, data: Int32Array.from(values, (v) => (v as number | null) ?? 0) });
    case 'date':
      return makeData({ type: type as DateDay, length, nullCount, nullBitmap, data: Int32Array.from(values, (v) => (v === null || v === undefined ? 0 : dayNumber(v as string))) });
    case 'bool': {
      const data = new Uint8Array((length + 7) >> 3);
      values.forEach((v, i) => {
        if (v === true) data[i >> 3] = (data[i >> 3] as number) | (1 << (i & 7));
      });
      return makeData({ type: type as Bool, length, nullCount, nullBitmap, data });
    }
  }
}

/** One record batch of rows in the canonical column types. */
export function arrowBatch(table: TableName, schema: Schema, rows: readonly Row[]): RecordBatch {
  const children = SCHEMA[table].columns.map((c, k) =>
    arrowColumn((schema.fields[k] as Field).type, c.type, rows.map((r) => r[c.name] ?? null)),
  );
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }));
}

function arrowWriter(): TableWriter {
  return {
    async write(table, path, chunks) {
      const schema = arrowSchema(table);
      let count = 0;
      if (table !== 'loans') {
        const batches = [...chunks].map((rows) => arrowBatch(table, schema, rows));
        for (const b of batches) count += b.numRows;
        await writeFile(path, tableToIPC(new Table(schema, batches), 'stream'));
        return count;
      }
      const writer = new RecordBatchStreamWriter();
      const out = createWriteStream(path);
      const piped = writer.toNodeStream().pipe(out);
      const done = once(piped, 'finish');
      writer.reset(undefined, schema);
      for (const rows of chunks) {
        writer.write(arrowBatch(table, schema, rows));
        count += rows.length;
        // let the pipe drain the bytes of this batch before building the next one
        await new Promise((r) => setImmediate(r));
      }
      writer.finish();
      writer.close();
      await done;
      return count;
    },
    close() {},
  };
}
