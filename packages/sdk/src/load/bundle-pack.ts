/**
 * The files of a bundle, made from the canonical tables of an engine after a load that passed
 * every check (`strata pack` loads, then calls this). Parquet, written by parquet-wasm, the reader
 * a load uses: measured at 200k loans it loads as fast as an Arrow stream (which duckdb-wasm takes
 * as it is) at a fifth of the bytes to fetch and hash (docs/bundle.md).
 */
import { tableToIPC } from 'apache-arrow';
import { ipcToParquet } from '../engine/parquet.ts';
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
    const columns = SCHEMA[name].columns.map((c) => ident(c.name)).join(', ');
    const result = await engine.query(`SELECT ${columns} FROM ${ident(name)}`);
    const bytes = await ipcToParquet(tableToIPC(result, 'stream'), parquetWasm);
    const file = `${name}.parquet`;
    entries.push({ name, file, rows: result.numRows, bytes: bytes.byteLength, sha256: await sha256Hex(bytes), columns: canonicalColumns(name) });
    files.push({ file, bytes });
  }
  const manifest: BundleManifest = { format: BUNDLE_FORMAT, schemaVersion: BUNDLE_SCHEMA_VERSION, createdAt: new Date().toISOString(), strataVersion, tables: entries };
  return { manifest, files };
}
