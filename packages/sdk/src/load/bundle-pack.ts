/**
 * The files of a bundle, made from the canonical tables of an engine after a load that passed
 * every check (`strata pack` loads, then calls this). Arrow IPC streams, because duckdb-wasm takes
 * them as they are: a bundle's load decodes nothing (Parquet would go through parquet-wasm first).
 */
import { tableToIPC } from 'apache-arrow';
import type { Engine } from '../engine/types.ts';
import { SCHEMA, type TableName } from '../schema.ts';
import { ident } from '../sql/quote.ts';
import { BUNDLE_FORMAT, BUNDLE_SCHEMA_VERSION, canonicalColumns, sha256Hex, type BundleManifest, type BundleTable } from './bundle-manifest.ts';

export interface PackedBundle {
  manifest: BundleManifest;
  /** Each table's file name and bytes, in the manifest's order. */
  files: { file: string; bytes: Uint8Array }[];
}

/** Packs the given tables as loaded in `engine` (canonical columns, in their stored order). */
export async function packTables(engine: Engine, tables: readonly TableName[], strataVersion: string): Promise<PackedBundle> {
  const entries: BundleTable[] = [];
  const files: PackedBundle['files'] = [];
  for (const name of tables) {
    const columns = SCHEMA[name].columns.map((c) => ident(c.name)).join(', ');
    const result = await engine.query(`SELECT ${columns} FROM ${ident(name)}`);
    const bytes = tableToIPC(result, 'stream');
    const file = `${name}.arrow`;
    entries.push({ name, file, rows: result.numRows, bytes: bytes.byteLength, sha256: await sha256Hex(bytes), columns: canonicalColumns(name) });
    files.push({ file, bytes });
  }
  const manifest: BundleManifest = { format: BUNDLE_FORMAT, schemaVersion: BUNDLE_SCHEMA_VERSION, createdAt: new Date().toISOString(), strataVersion, tables: entries };
  return { manifest, files };
}
