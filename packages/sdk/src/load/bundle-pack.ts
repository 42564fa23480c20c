/**
 * The files of a bundle, made from the tables of an engine after a load that passed every check
 * (`strata pack` loads, then calls this): the canonical tables and the derived layer built under
 * the loading Strata's rules. Parquet, written by native DuckDB's own writer (Snappy): measured at
 * 200k loans a page loads it as fast as an Arrow stream (which duckdb-wasm takes as it is) at a
 * fifth of the bytes to fetch and hash (docs/bundle.md). A page reads it with parquet-wasm in
 * batches of PARQUET_CHUNK_ROWS: row groups of that many rows are one batch each, and their
 * dictionaries span more rows than DuckDB's default groups (122,880 rows: 1M loans 8 % larger).
 */
import type { NativeDuckDBEngine } from '../engine/duckdb-node.ts';
import { PARQUET_CHUNK_ROWS } from '../engine/parquet.ts';
import { toRows } from '../engine/rows.ts';
import { DERIVED_TABLES } from '../queries/facts.ts';
import type { Rules } from '../rules.ts';
import { type TableName } from '../schema.ts';
import { ident } from '../sql/quote.ts';
import {
  BUNDLE_FORMAT,
  BUNDLE_SCHEMA_VERSION,
  type BundleColumn,
  type BundleDerivedTable,
  type BundleManifest,
  type BundleTable,
} from './bundle-manifest.ts';
import { canonicalColumns, deriveFingerprint, sha256Hex } from './bundle-files.ts';
import type { DeriveSql } from './load.ts';
import { describeSql, type DescribeRow } from './sql.ts';

export interface PackedBundle {
  manifest: BundleManifest;
  /** Each table's file name and bytes, in the manifest's order. */
  files: { file: string; bytes: Uint8Array }[];
}

/**
 * Packs the given tables as loaded in `engine` (canonical columns, in their stored order) and the
 * derived layer built under `rules` by `deriveSql`.
 */
export async function packTables(
  engine: NativeDuckDBEngine,
  tables: readonly TableName[],
  options: { strataVersion: string; rules: Rules; deriveSql: DeriveSql },
): Promise<PackedBundle> {
  const files: PackedBundle['files'] = [];
  const write = async (name: string, columns: BundleColumn[]): Promise<BundleTable | BundleDerivedTable> => {
    const { bytes, rows } = await engine.parquet(`SELECT ${columns.map((c) => ident(c.name)).join(', ')} FROM ${ident(name)}`, PARQUET_CHUNK_ROWS);
    const file = `${name}.parquet`;
    files.push({ file, bytes });
    return { name: name as TableName, file, rows, bytes: bytes.byteLength, sha256: await sha256Hex(bytes), columns };
  };
  const entries: BundleTable[] = [];
  for (const name of tables) entries.push((await write(name, canonicalColumns(name))) as BundleTable);
  const derived: BundleDerivedTable[] = [];
  for (const name of DERIVED_TABLES) {
    const columns = toRows<DescribeRow>(await engine.query(describeSql(name))).map((c) => ({ name: c.column_name, type: c.column_type }));
    derived.push((await write(name, columns)) as BundleDerivedTable);
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    strataVersion: options.strataVersion,
    tables: entries,
    derived: { rules: options.rules, sql: await deriveFingerprint(options.deriveSql), tables: derived },
  };
  return { manifest, files };
}
