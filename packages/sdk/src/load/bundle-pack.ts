/**
 * The files of a bundle, made from the canonical tables of an engine after a load that passed
 * every check (`strata pack` loads, then calls this). Parquet, written by parquet-wasm, the reader
 * a load uses: measured at 200k loans it loads as fast as an Arrow stream (which duckdb-wasm takes
 * as it is) at a fifth of the bytes to fetch and hash (docs/bundle.md).
 */
import { tableToIPC } from 'apache-arrow';
import { ipcToParquet } from '../engine/parquet.ts';
import { toRows } from '../engine/rows.ts';
import type { Engine } from '../engine/types.ts';
import { SCHEMA, type TableName } from '../schema.ts';
import { ident } from '../sql/quote.ts';
import { BUNDLE_FORMAT, BUNDLE_SCHEMA_VERSION, canonicalColumns, sha256Hex, type BundleManifest, type BundleTable } from './bundle-manifest.ts';

export interface PackedBundle {
  manifest: BundleManifest;
  /** Each table's file name and bytes, in the manifest's order. */
  files: { file: string; bytes: Uint8Array }[];
}

/**
 * The canonical columns to write; a boolean column holding only nulls as an integer one, because
 * apache-arrow writes an all-null boolean column without its values buffer, which parquet-wasm
 * refuses. A bundle's load gives a column of nulls its canonical type back (load/bundle.ts).
 */
async function selectColumns(engine: Engine, table: TableName): Promise<string> {
  const booleans = SCHEMA[table].columns.filter((c) => c.type === 'bool');
  const counts = booleans.length === 0 ? {} : toRows<Record<string, number>>(await engine.query(`SELECT ${booleans.map((c) => `count(${ident(c.name)})::DOUBLE AS ${ident(c.name)}`).join(', ')} FROM ${ident(table)}`))[0]!;
  return SCHEMA[table].columns.map((c) => (c.type === 'bool' && counts[c.name] === 0 ? `NULL::INTEGER AS ${ident(c.name)}` : ident(c.name))).join(', ');
}

/**
 * Packs the given tables as loaded in `engine` (canonical columns, in their stored order), with
 * parquet-wasm's wasm from `parquetWasm`.
 */
export async function packTables(
  engine: Engine,
  tables: readonly TableName[],
  strataVersion: string,
  parquetWasm: () => Promise<BufferSource | URL | string>,
): Promise<PackedBundle> {
  const entries: BundleTable[] = [];
  const files: PackedBundle['files'] = [];
  for (const name of tables) {
    const columns = await selectColumns(engine, name);
    const result = await engine.query(`SELECT ${columns} FROM ${ident(name)}`);
    const bytes = await ipcToParquet(tableToIPC(result, 'stream'), parquetWasm);
    const file = `${name}.parquet`;
    entries.push({ name, file, rows: result.numRows, bytes: bytes.byteLength, sha256: await sha256Hex(bytes), columns: canonicalColumns(name) });
    files.push({ file, bytes });
  }
  const manifest: BundleManifest = { format: BUNDLE_FORMAT, schemaVersion: BUNDLE_SCHEMA_VERSION, createdAt: new Date().toISOString(), strataVersion, tables: entries };
  return { manifest, files };
}
