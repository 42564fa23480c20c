/**
 * The files of a bundle, made from the tables of an engine after a load that passed every check
 * (`strata pack` loads, then calls this): the canonical tables and the derived layer built under
 * the loading Strata's rules. Parquet, written by parquet-wasm, the reader a load uses: measured
 * at 200k loans it loads as fast as an Arrow stream (which duckdb-wasm takes as it is) at a fifth
 * of the bytes to fetch and hash (docs/bundle.md).
 */
import { tableToIPC } from 'apache-arrow';
import { ipcToParquet } from '../engine/parquet.ts';
import { toRows } from '../engine/rows.ts';
import type { Engine } from '../engine/types.ts';
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
 * The columns to write; a boolean column holding only nulls as an integer one, because
 * apache-arrow writes an all-null boolean column without its values buffer, which parquet-wasm
 * refuses. A bundle's load gives a column of nulls its listed type back (load/bundle.ts).
 */
async function selectColumns(engine: Engine, table: string, columns: readonly BundleColumn[]): Promise<string> {
  const booleans = columns.filter((c) => c.type === 'BOOLEAN');
  const counts = booleans.length === 0 ? {} : toRows<Record<string, number>>(await engine.query(`SELECT ${booleans.map((c) => `count(${ident(c.name)})::DOUBLE AS ${ident(c.name)}`).join(', ')} FROM ${ident(table)}`))[0]!;
  return columns.map((c) => (c.type === 'BOOLEAN' && counts[c.name] === 0 ? `NULL::INTEGER AS ${ident(c.name)}` : ident(c.name))).join(', ');
}

/**
 * Packs the given tables as loaded in `engine` (canonical columns, in their stored order) and the
 * derived layer built under `rules` by `deriveSql`, with parquet-wasm's wasm from `parquetWasm`.
 */
export async function packTables(
  engine: Engine,
  tables: readonly TableName[],
  options: { strataVersion: string; rules: Rules; deriveSql: DeriveSql; parquetWasm: () => Promise<BufferSource | URL | string> },
): Promise<PackedBundle> {
  const files: PackedBundle['files'] = [];
  const write = async (name: string, columns: BundleColumn[]): Promise<BundleTable | BundleDerivedTable> => {
    const result = await engine.query(`SELECT ${await selectColumns(engine, name, columns)} FROM ${ident(name)}`);
    const bytes = await ipcToParquet(tableToIPC(result, 'stream'), options.parquetWasm);
    const file = `${name}.parquet`;
    files.push({ file, bytes });
    return { name: name as TableName, file, rows: result.numRows, bytes: bytes.byteLength, sha256: await sha256Hex(bytes), columns };
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
