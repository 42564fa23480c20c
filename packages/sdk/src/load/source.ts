import { Bool, Float64, makeData, makeVector, RecordBatchReader, Table, tableFromIPC, tableToIPC, Utf8, type Vector } from 'apache-arrow';
import type { BulkData } from '../engine/types.ts';
import type { TableName } from '../schema.ts';
import { LoadError } from './errors.ts';

export type Format = 'csv' | 'parquet' | 'arrow' | 'json';
export type Encoding = 'utf-8' | 'gbk' | 'gb18030' | 'utf-16le';

/** Anything a table can be loaded from. A string is CSV or JSON text unless it looks like a URL or path. */
export type SourceData = Blob | ArrayBuffer | Uint8Array | string | URL | Table | readonly object[];

export interface SourceSpec {
  data: SourceData;
  /** Detected from the content when omitted. */
  format?: Format;
  /** Text encoding of CSV/JSON bytes; detected (BOM, UTF-8, else GBK) when omitted. */
  encoding?: Encoding;
  /** CSV delimiter; detected when omitted. */
  delimiter?: string;
}

export type Source = SourceData | SourceSpec;

/** What a source becomes before the engine sees it. */
export interface ResolvedSource {
  bulk: BulkData;
  format: Format;
  /** CSV rows are numbered as a spreadsheet does (header = row 1). */
  rowOffset: number;
  /** The text has lines after the header, so reading no row at all is an error. */
  expectsRows?: boolean;
}

const URL_LIKE = /^(https?:\/\/|\.{0,2}\/)[^\s]*$|^[^\s,;\t]+\.(csv|tsv|txt|parquet|arrow|feather|ipc|json|ndjson)$/i;

function isSpec(source: Source): source is SourceSpec {
  return (
    typeof source === 'object' &&
    source !== null &&
    !Array.isArray(source) &&
    'data' in source &&
    !(source instanceof Table) &&
    !(source instanceof Blob) &&
    !(source instanceof URL)
  );
}

function fileProblem(table: TableName, expected: string, got: string): LoadError {
  return new LoadError([{ kind: 'file', table, row: null, column: null, expected, got }], 1);
}

async function fetchBytes(table: TableName, url: string | URL): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw fileProblem(table, `a readable file at ${String(url)}`, (error as Error).message);
  }
  if (!response.ok) throw fileProblem(table, `a readable file at ${String(url)}`, `HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function detectFormat(bytes: Uint8Array, name?: string): Format {
  if (startsWith(bytes, [0x50, 0x41, 0x52, 0x31])) return 'parquet'; // PAR1
  if (startsWith(bytes, ARROW_FILE_MAGIC)) return 'arrow';
  if (startsWith(bytes, [0xff, 0xff, 0xff, 0xff])) return 'arrow'; // IPC stream continuation marker
  const ext = name?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'json' || ext === 'ndjson') return 'json';
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x5b || bytes[i] === 0x7b ? 'json' : 'csv';
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GBK, the encoding of bank exports. */
export function decodeText(bytes: Uint8Array, encoding?: Encoding): string {
  if (encoding) return new TextDecoder(encoding).decode(bytes);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

// Vectors are assembled from buffers rather than with Arrow's builders, which compile their null
// checks with `new Function`: a page under a strict CSP (no 'unsafe-eval') must still load objects.

function validity(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

function numberVector(values: readonly (number | null)[]): Vector {
  const data = Float64Array.from(values, (v) => v ?? 0);
  return makeVector(makeData({ type: new Float64(), length: values.length, data, ...validity(values) }));
}

function boolVector(values: readonly (boolean | null)[]): Vector {
  const data = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v) data[i >> 3]! |= 1 << (i & 7);
  });
  return makeVector(makeData({ type: new Bool(), length: values.length, data, ...validity(values) }));
}

function textVector(values: readonly (string | null)[]): Vector {
  const encoder = new TextEncoder();
  const encoded = values.map((v) => (v === null ? new Uint8Array() : encoder.encode(v)));
  const valueOffsets = new Int32Array(values.length + 1);
  encoded.forEach((bytes, i) => (valueOffsets[i + 1] = valueOffsets[i]! + bytes.length));
  const data = new Uint8Array(valueOffsets[values.length]!);
  encoded.forEach((bytes, i) => data.set(bytes, valueOffsets[i]!));
  return makeVector(makeData({ type: new Utf8(), length: values.length, valueOffsets, data, ...validity(values) }));
}

/** Arrow IPC of plain objects: numbers stay numbers, booleans booleans, anything else text. */
export function objectsToIpc(table: TableName, objects: readonly object[]): Uint8Array {
  const rows = objects as readonly Record<string, unknown>[];
  const names: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new LoadError([{ kind: 'file', table, row: i + 1, column: null, expected: 'an object of column values', got: String(row) }], 1);
    }
    for (const key of Object.keys(row)) if (!seen.has(key)) seen.add(key), names.push(key);
  });
  checkColumnNames(table, names);
  // No prototype: a column may be called __proto__.
  const columns: Record<string, Vector> = Object.create(null);
  for (const name of names) {
    const values = rows.map((r) => r[name]);
    const present = values.filter((v) => v !== null && v !== undefined);
    const asText = (v: unknown) =>
      v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (present.length > 0 && present.every((v) => typeof v === 'number')) {
      columns[name] = numberVector(values.map((v) => (typeof v === 'number' ? v : null)));
    } else if (present.length > 0 && present.every((v) => typeof v === 'boolean')) {
      columns[name] = boolVector(values.map((v) => (typeof v === 'boolean' ? v : null)));
    } else {
      columns[name] = textVector(values.map(asText));
    }
  }
  if (names.length === 0) throw new LoadError([{ kind: 'file', table, row: null, column: null, expected: 'at least one row with columns', got: 'no columns' }], 1);
  return tableToIPC(new Table(columns), 'stream');
}

/** The loader numbers rows in a column of this name; a file may not use it. */
export const RESERVED_COLUMN = '__strata_row';

/**
 * DuckDB names are case-insensitive: two columns equal but for case would be renamed on insert
 * and a mapping could read the wrong one, so they are an error, as is the loader's own name.
 */
export function checkColumnNames(table: TableName, names: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const folded = name.toLowerCase();
    if (folded === RESERVED_COLUMN) throw fileProblem(table, `no column named ${RESERVED_COLUMN} (the loader's own)`, name);
    const other = seen.get(folded);
    if (other !== undefined) throw fileProblem(table, 'column names that differ by more than letter case', `${other}, ${name}`);
    seen.set(folded, name);
  }
}

const ARROW_FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];

/** duckdb-wasm inserts the IPC stream format only: an Arrow file is re-framed as a stream first. */
function toIpcStream(table: TableName, bytes: Uint8Array): Uint8Array {
  let names: string[];
  let stream = bytes;
  try {
    if (startsWith(bytes, ARROW_FILE_MAGIC)) {
      const whole = tableFromIPC(bytes);
      names = whole.schema.fields.map((f) => f.name);
      stream = tableToIPC(whole, 'stream');
    } else {
      names = RecordBatchReader.from(bytes).open().schema.fields.map((f) => f.name);
    }
  } catch (error) {
    throw fileProblem(table, 'a readable Arrow IPC file', (error as Error).message);
  }
  checkColumnNames(table, names);
  return stream;
}

function parseJson(table: TableName, text: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n'))) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw fileProblem(table, 'valid JSON (an array of objects, or one object per line)', (error as Error).message);
    }
    if (Array.isArray(value)) return value as Record<string, unknown>[];
    return [value as Record<string, unknown>];
  }
  return trimmed.split(/\r?\n/).flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch (error) {
      throw new LoadError([{ kind: 'file', table, row: i + 1, column: null, expected: 'one JSON object per line', got: line.slice(0, 200) }], 1);
    }
  });
}

/** Turns any accepted source into bytes the engine inserts, without touching the database. */
export async function resolveSource(table: TableName, source: Source): Promise<ResolvedSource> {
  const spec: SourceSpec = isSpec(source) ? source : { data: source };
  const { data } = spec;
  if (data instanceof Table) {
    checkColumnNames(table, data.schema.fields.map((f) => f.name));
    return { bulk: { format: 'arrow', ipc: tableToIPC(data, 'stream') }, format: 'arrow', rowOffset: 0 };
  }
  if (Array.isArray(data)) return { bulk: { format: 'arrow', ipc: objectsToIpc(table, data) }, format: 'arrow', rowOffset: 0 };

  let bytes: Uint8Array;
  let name: string | undefined;
  if (data instanceof URL || (typeof data === 'string' && URL_LIKE.test(data.trim()))) {
    name = String(data);
    bytes = await fetchBytes(table, data instanceof URL ? data : data.trim());
  } else if (typeof data === 'string') {
    const format = spec.format ?? detectFormat(new TextEncoder().encode(data.slice(0, 64)));
    return fromText(table, format, data, spec);
  } else if (data instanceof Blob) {
    name = 'name' in data ? String((data as File).name) : undefined;
    bytes = new Uint8Array(await data.arrayBuffer());
  } else if (data instanceof ArrayBuffer) {
    bytes = new Uint8Array(data);
  } else if (data instanceof Uint8Array) {
    bytes = data;
  } else {
    throw fileProblem(table, 'a File, Blob, bytes, text, URL, Arrow table or array of objects', Object.prototype.toString.call(data));
  }
  if (bytes.length === 0) throw fileProblem(table, 'a non-empty file', 'an empty file');
  const format = spec.format ?? detectFormat(bytes, name);
  if (format === 'parquet') return { bulk: { format: 'parquet', bytes }, format, rowOffset: 0 };
  if (format === 'arrow') return { bulk: { format: 'arrow', ipc: toIpcStream(table, bytes) }, format, rowOffset: 0 };
  return fromText(table, format, decodeText(bytes, spec.encoding), spec);
}

function fromText(table: TableName, format: Format, text: string, spec: SourceSpec): ResolvedSource {
  if (format === 'json') return { bulk: { format: 'arrow', ipc: objectsToIpc(table, parseJson(table, text)) }, format, rowOffset: 0 };
  if (format !== 'csv') throw fileProblem(table, `${format} bytes`, 'text');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw fileProblem(table, 'a CSV file with a header row', 'an empty file');
  const header = parseCsvHeader(body, spec.delimiter);
  if (header.columns.includes('')) throw fileProblem(table, 'a name for every column in the header', header.columns.join(header.delimiter));
  checkColumnNames(table, header.columns);
  const afterHeader = body.slice(body.search(/\r?\n|\r/) >= 0 ? body.search(/\r?\n|\r/) : body.length);
  return { bulk: { format: 'csv', text: body, options: header }, format, rowOffset: 1, expectsRows: afterHeader.trim() !== '' };
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The header record's column names and the delimiter (the candidate that splits the header most,
 * comma on a tie). Reading the header here, not by DuckDB's sniffer, keeps a malformed row an
 * error with its line number instead of a guess at another dialect.
 */
export function parseCsvHeader(text: string, delimiter?: string): { delimiter: string; columns: string[]; newline: 'lf' | 'other' } {
  let end = 0;
  let quoted = false;
  for (; end < text.length; end++) {
    const ch = text[end];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
  }
  const line = text.slice(0, end);
  const split = (d: string) => {
    const fields: string[] = [];
    let field = '';
    let inQuotes = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (inQuotes) {
        if (ch === '"' && line[i + 1] === '"') (field += '"'), i++;
        else if (ch === '"') inQuotes = false;
        else field += ch;
      } else if (ch === '"') inQuotes = true;
      else if (ch === d) fields.push(field.trim()), (field = '');
      else field += ch;
    }
    fields.push(field.trim());
    return fields;
  };
  const chosen = delimiter ?? DELIMITERS.reduce((best, d) => (split(d).length > split(best).length ? d : best), ',');
  // DuckDB needs LF named explicitly when a quoted header name holds a CR; CRLF reads by default.
  const newline = text[end] === '\n' ? 'lf' : 'other';
  return { delimiter: chosen, columns: split(chosen), newline };
}
