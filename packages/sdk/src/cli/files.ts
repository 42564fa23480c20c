import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE_FORMAT } from '../load/bundle-manifest.ts';
import type { LoadInput } from '../load/load.ts';
import type { Mapping } from '../load/mapping.ts';
import type { Format, SourceSpec } from '../load/source.ts';
import { TABLE_NAMES, type TableName } from '../schema.ts';
import { UsageError } from './args.ts';

const EXTENSIONS = ['.csv', '.tsv', '.txt', '.parquet', '.arrow', '.ipc', '.feather', '.json', '.ndjson'];

/** JSON and CSV by the file's extension; binary formats are detected from their bytes. */
function formatOf(file: string): Format | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json' || ext === '.ndjson') return 'json';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  return undefined;
}

/** The table a file is named after (loans.csv → loans), if any. */
function tableOf(file: string): TableName | undefined {
  const ext = path.extname(file).toLowerCase();
  const base = path.basename(file, path.extname(file)).toLowerCase();
  return EXTENSIONS.includes(ext) ? TABLE_NAMES.find((t) => t === base) : undefined;
}

const isTable = (name: string): name is TableName => (TABLE_NAMES as readonly string[]).includes(name);

function kindOf(file: string): 'file' | 'folder' {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new UsageError(`No such file or folder: ${file}`);
  }
  return stat.isDirectory() ? 'folder' : 'file';
}

/**
 * Which file feeds which table, from the --data arguments: `table=path`, a folder of files named
 * after tables, a file named after a table, or (with a mapping) one file for every mapped table.
 */
export function assignFiles(data: readonly string[], mapping: Mapping | undefined): Map<TableName, string> {
  const files = new Map<TableName, string>();
  const assign = (table: TableName, file: string) => {
    const previous = files.get(table);
    if (previous !== undefined) throw new UsageError(`Two files for table ${table}: ${previous} and ${file}`);
    files.set(table, file);
  };
  const shared: string[] = [];
  for (const arg of data) {
    const eq = arg.indexOf('=');
    const named = eq > 0 ? arg.slice(0, eq) : undefined;
    if (named !== undefined && isTable(named)) {
      const file = arg.slice(eq + 1);
      if (kindOf(file) !== 'file') throw new UsageError(`${named}= needs a file, got the folder ${file}`);
      assign(named, file);
    } else if (named !== undefined && !existsSync(arg)) {
      throw new UsageError(`Unknown table ${JSON.stringify(named)} in --data ${arg}: expected one of ${TABLE_NAMES.join(', ')}`);
    } else if (kindOf(arg) === 'folder') {
      const found = readdirSync(arg).filter((f) => tableOf(f) !== undefined);
      if (found.length === 0) throw new UsageError(`No file named after a table in ${arg} (expected loans.csv, customers.parquet, ...)`);
      for (const f of found) assign(tableOf(f) as TableName, path.join(arg, f));
    } else if (tableOf(arg) !== undefined) {
      assign(tableOf(arg) as TableName, arg);
    } else {
      shared.push(arg);
    }
  }
  if (shared.length > 1) throw new UsageError(`Cannot tell which tables ${shared.join(' and ')} are: use table=path`);
  const [file] = shared;
  if (file !== undefined) {
    const mapped = Object.keys(mapping ?? {}).filter(isTable).filter((t) => !files.has(t));
    if (mapped.length === 0) {
      throw new UsageError(`Cannot tell which table ${file} is: name it after a table (loans.csv ...), use table=path, or give --map`);
    }
    for (const table of mapped) assign(table, file);
  }
  return files;
}

/**
 * A bundle's manifest when it is the one --data given (`--data out/manifest.json`, made by
 * `strata pack`); a dashboard's manifest of files, or anything else, is left to assignFiles.
 */
export function bundleManifest(data: readonly string[]): string | undefined {
  const [file] = data;
  if (data.length !== 1 || file === undefined || path.basename(file).toLowerCase() !== 'manifest.json' || kindOf(file) !== 'file') return undefined;
  try {
    return (JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as { format?: unknown }).format === BUNDLE_FORMAT ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Reads each file once, as bytes, into the input of `Strata.load`. */
export function readInput(files: Map<TableName, string>): LoadInput {
  const cache = new Map<string, Uint8Array>();
  const input: LoadInput = {};
  for (const [table, file] of files) {
    let bytes = cache.get(file);
    if (!bytes) {
      const buffer = readFileSync(file);
      bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      cache.set(file, bytes);
    }
    const spec: SourceSpec = { data: bytes };
    const format = formatOf(file);
    if (format) spec.format = format;
    input[table] = spec;
  }
  return input;
}

/** A JSON file given on the command line (mapping, rules), or a usage error saying why not. */
export function readJson(flag: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${flag}: ${file} is not valid JSON (${(error as Error).message})`);
  }
}

export function readMapping(file: string): Mapping {
  const mapping = readJson('--map', file);
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
    throw new UsageError(`--map: ${file} must hold an object of tables, e.g. { "loans": { "columns": { ... } } }`);
  }
  const unknown = Object.keys(mapping).filter((t) => !isTable(t));
  if (unknown.length > 0) throw new UsageError(`--map: unknown table ${unknown.join(', ')} in ${file} (tables: ${TABLE_NAMES.join(', ')})`);
  return mapping as Mapping;
}
