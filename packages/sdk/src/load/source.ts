import { RecordBatchReader, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { ipcFileProblem, ipcStreamFraming, withEndMarker } from './arrow-framing.ts';
import type { BulkData } from '../engine/types.ts';
import type { TableName } from '../schema.ts';
import { checkColumnNames, fileProblem } from './column-names.ts';
import { LoadError } from './errors.ts';
import { objectsToIpc, parseJson } from './objects.ts';
import { decodeFileText, oneLineBreak, type Encoding } from './text.ts';

export { checkColumnNames, RESERVED_COLUMN } from './column-names.ts';
export { objectsToIpc } from './objects.ts';
export { decodeText, type Encoding } from './text.ts';

export type Format = 'csv' | 'parquet' | 'arrow' | 'json';

const FORMAT_NAMES: Record<Format, string> = { csv: 'CSV', parquet: 'Parquet', arrow: 'Arrow', json: 'JSON' };

/**
 * Anything a table can be loaded from. A string is CSV or JSON text unless it is one line that
 * looks like a URL or a path (read from disk in Node, fetched relative to the page in a browser).
 */
export type SourceData = Blob | ArrayBuffer | Uint8Array | string | URL | Table | readonly object[];

export interface SourceSpec {
  data: SourceData;
  /** Detected from the content when omitted. */
  format?: Format;
  /** Text encoding of CSV/JSON bytes; detected (BOM, UTF-8, else GB18030) when omitted. */
  encoding?: Encoding;
  /** CSV delimiter; detected when omitted. */
  delimiter?: string;
}

export type Source = SourceData | SourceSpec;

/** What a source becomes before the engine sees it. */
export interface ResolvedSource {
  bulk: BulkData;
  format: Format;
  /** The encoding CSV/JSON bytes were read in; null for binary formats, objects, Arrow tables and text given as a string. */
  encoding: Encoding | null;
  /** CSV rows are numbered as a spreadsheet does (header = row 1). */
  rowOffset: number;
  /** The text has lines after the header, so reading no row at all is an error. */
  expectsRows?: boolean;
  /**
   * What the source was and its size in bytes, for problem reports (the engine may take the bytes
   * it is given away): a file's own size, else that of the Arrow data made of it. Unset for CSV
   * text given as a string, whose size is counted when needed.
   */
  size?: { what: string; bytes: number };
}

/** How path strings and file: URLs are read where there is a file system (the Node entry point installs it). */
export interface LocalFiles {
  /** The absolute path a path (relative to the working directory) or file: URL names; throws when it names none. */
  resolve(location: string | URL): string;
  /** The file's bytes; throws an Error saying why not (no such file, permission denied …). */
  read(path: string): Promise<Uint8Array>;
}

let localFiles: LocalFiles | undefined;

/** Without it (in a browser) a path is a URL relative to the page and a file: URL an error. */
export function setLocalFiles(files: LocalFiles | undefined): void {
  localFiles = files;
}

/**
 * One line that is a URL (http, https, file, blob, data), a path (./, ../, /, \, C:\) or a name
 * ending in a data file's extension. CSV text has a line break after its header; one line with a
 * comma, semicolon or tab and no such start is a header.
 */
const LOCATION =
  /^(?:https?:\/\/|file:|blob:|data:|\.{0,2}[\\/]|[a-z]:[\\/])[^\r\n]*$|^[^\r\n,;\t]+\.(?:csv|tsv|txt|parquet|arrow|feather|ipc|json|ndjson)$/i;
export const URL_SCHEME = /^[a-z][a-z0-9+.-]+:/i; // two letters at least: C:\ is a Windows drive

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

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

async function fetchBytes(table: TableName, url: string | URL): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw fileProblem(table, `a readable file at ${String(url)}`, message(error));
  }
  if (!response.ok) throw fileProblem(table, `a readable file at ${String(url)}`, `HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The bytes at a URL or path, and the name its format may be told by. */
export async function readLocation(table: TableName, location: string | URL): Promise<{ bytes: Uint8Array; name: string }> {
  let url: URL | undefined;
  try {
    url = location instanceof URL ? location : URL_SCHEME.test(location) ? new URL(location) : undefined;
  } catch (error) {
    throw fileProblem(table, 'a URL or a path', `${location}: ${message(error)}`);
  }
  if (url && url.protocol !== 'file:') return { bytes: await fetchBytes(table, url), name: url.pathname };
  if (!localFiles) {
    if (url) throw fileProblem(table, 'a URL the page can fetch: a file: URL is read in Node only (in a browser, pass the File itself)', url.href);
    return { bytes: await fetchBytes(table, location as string), name: location as string };
  }
  let path: string;
  try {
    path = localFiles.resolve(location);
  } catch (error) {
    throw fileProblem(table, 'a file: URL that names a local file', `${String(location)}: ${message(error)}`);
  }
  try {
    return { bytes: await localFiles.read(path), name: path };
  } catch (error) {
    throw fileProblem(table, `a readable file at ${path}`, message(error));
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1
const ARROW_FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // ARROW1

function detectFormat(bytes: Uint8Array, name?: string): Format {
  if (startsWith(bytes, PARQUET_MAGIC)) return 'parquet';
  if (startsWith(bytes, ARROW_FILE_MAGIC)) return 'arrow';
  if (startsWith(bytes, [0xff, 0xff, 0xff, 0xff])) return 'arrow'; // IPC stream continuation marker
  const ext = name?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'parquet') return 'parquet';
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc') return 'arrow';
  if (ext === 'json' || ext === 'ndjson') return 'json';
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x5b || bytes[i] === 0x7b ? 'json' : 'csv';
}

/** Parquet's magic at both ends: a file cut short loses its footer (and every row with it). */
function checkParquet(table: TableName, bytes: Uint8Array): void {
  if (!startsWith(bytes, PARQUET_MAGIC)) throw fileProblem(table, 'a Parquet file (PAR1 at its start)', 'a file that does not start with PAR1');
  if (bytes.length < 12 || !startsWith(bytes, PARQUET_MAGIC, bytes.length - 4)) {
    throw fileProblem(table, 'a whole Parquet file (PAR1 at its start and end)', `a file cut off after ${bytes.length} bytes: it does not end with PAR1`);
  }
}

/**
 * duckdb-wasm inserts the IPC stream format only: an Arrow file is re-framed as a stream first.
 * The framing is checked before (apache-arrow reads a truncated stream as a shorter one), and a
 * stream goes over ending in its end-of-stream marker: duckdb-wasm finishes an insert at that
 * marker only (without it the connection is left mid-insert and the next insert fails).
 */
function toIpcStream(table: TableName, bytes: Uint8Array): Uint8Array {
  const file = startsWith(bytes, ARROW_FILE_MAGIC);
  let stream = bytes;
  if (file) {
    const problem = ipcFileProblem(bytes);
    if (problem !== null) throw fileProblem(table, 'a whole Arrow IPC file', problem);
  } else {
    const framing = ipcStreamFraming(bytes);
    if (framing.problem !== null) throw fileProblem(table, 'a whole Arrow IPC stream', framing.problem);
    if (framing.end < bytes.length) {
      throw fileProblem(table, 'a whole Arrow IPC stream', `${bytes.length - framing.end} bytes after its end-of-stream marker (from byte ${framing.end}): two streams one after the other?`);
    }
    stream = framing.terminated ? bytes : withEndMarker(bytes);
  }
  let names: string[];
  try {
    if (file) {
      const whole = tableFromIPC(bytes);
      names = whole.schema.fields.map((f) => f.name);
      stream = tableToIPC(whole, 'stream');
    } else {
      names = RecordBatchReader.from(stream).open().schema.fields.map((f) => f.name);
    }
  } catch (error) {
    throw fileProblem(table, 'a readable Arrow IPC file', message(error));
  }
  checkColumnNames(table, names);
  return stream;
}

/**
 * Turns any accepted source into bytes the engine inserts, without touching the database. Every
 * failure is a LoadError: one this module did not foresee is wrapped as an internal problem.
 */
export async function resolveSource(table: TableName, source: Source): Promise<ResolvedSource> {
  try {
    return await resolve(table, source);
  } catch (error) {
    if (error instanceof LoadError) throw error;
    throw new LoadError([{ kind: 'internal', table, row: null, column: null, expected: 'a source Strata can read', got: message(error).slice(0, 200) }], 1);
  }
}

async function resolve(table: TableName, source: Source): Promise<ResolvedSource> {
  const spec: SourceSpec = isSpec(source) ? source : { data: source };
  const { data } = spec;
  if (data instanceof Table) {
    checkColumnNames(table, data.schema.fields.map((f) => f.name));
    const ipc = tableToIPC(data, 'stream');
    return { bulk: { format: 'arrow', ipc }, format: 'arrow', encoding: null, rowOffset: 0, size: { what: 'an Arrow table', bytes: ipc.byteLength } };
  }
  if (Array.isArray(data)) {
    const ipc = objectsToIpc(table, data);
    return { bulk: { format: 'arrow', ipc }, format: 'arrow', encoding: null, rowOffset: 0, size: { what: 'an array of objects (as Arrow)', bytes: ipc.byteLength } };
  }

  let bytes: Uint8Array;
  let name: string | undefined;
  if (data instanceof URL || (typeof data === 'string' && LOCATION.test(data.trim()))) {
    ({ bytes, name } = await readLocation(table, data instanceof URL ? data : data.trim()));
  } else if (typeof data === 'string') {
    const format = spec.format ?? detectFormat(new TextEncoder().encode(data.slice(0, 64)));
    return fromText(table, format, data, null, spec);
  } else if (data instanceof Blob) {
    name = 'name' in data ? String((data as File).name) : undefined;
    bytes = new Uint8Array(await data.arrayBuffer());
  } else if (data instanceof ArrayBuffer) {
    bytes = new Uint8Array(data);
  } else if (data instanceof Uint8Array) {
    bytes = data;
  } else {
    throw fileProblem(table, 'a File, Blob, bytes, text, URL, path, Arrow table or array of objects', Object.prototype.toString.call(data));
  }
  if (bytes.length === 0) throw fileProblem(table, 'a non-empty file', 'an empty file');
  const format = spec.format ?? detectFormat(bytes, name);
  const size = { what: `${format === 'arrow' ? 'an' : 'a'} ${FORMAT_NAMES[format]} file`, bytes: bytes.byteLength };
  if (format === 'parquet') {
    checkParquet(table, bytes);
    return { bulk: { format: 'parquet', bytes }, format, encoding: null, rowOffset: 0, size };
  }
  if (format === 'arrow') {
    const ipc = toIpcStream(table, bytes);
    // The engine hands its bytes to the worker, which detaches them: the caller's own stay theirs.
    return { bulk: { format: 'arrow', ipc: ipc === data || ipc.buffer === data ? ipc.slice() : ipc }, format, encoding: null, rowOffset: 0, size };
  }
  const { text, encoding } = decodeFileText(table, bytes, spec.encoding);
  return { ...fromText(table, format, text, encoding, spec), size };
}

function fromText(table: TableName, format: Format, text: string, encoding: Encoding | null, spec: SourceSpec): ResolvedSource {
  if (format === 'json') {
    const ipc = objectsToIpc(table, parseJson(table, text));
    return { bulk: { format: 'arrow', ipc }, format, encoding, rowOffset: 0, size: { what: 'JSON text (as Arrow)', bytes: ipc.byteLength } };
  }
  if (format !== 'csv') throw fileProblem(table, `${format} bytes`, 'text');
  const body = oneLineBreak(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (body.trim() === '') throw fileProblem(table, 'a CSV file with a header row', 'an empty file');
  const header = parseCsvHeader(body, spec.delimiter);
  if (header.columns.includes('')) throw fileProblem(table, 'a name for every column in the header', header.columns.join(header.delimiter));
  checkColumnNames(table, header.columns);
  const afterHeader = body.slice(body.search(/\r?\n|\r/) >= 0 ? body.search(/\r?\n|\r/) : body.length);
  return { bulk: { format: 'csv', text: body, options: header }, format, encoding, rowOffset: 1, expectsRows: afterHeader.trim() !== '' };
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
