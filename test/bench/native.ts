/**
 * The ceiling: the same tables and the same SQL in native DuckDB (@duckdb/node-api, in this Node
 * process, all cores), read into plain JS rows as the SDK does. Tables are filled straight from the
 * Parquet files (the generator's output is already canonical), then the sdk's derived layer is built.
 */
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { TABLE_NAMES } from '@strata/sdk';
import { rebuildFactsSql } from '../../packages/sdk/src/queries/derive.ts';
import { dataDefaultsQuery, type DataDefaults } from '../../packages/sdk/src/queries/metrics.ts';
import { createCanonicalTablesSql } from '../../packages/sdk/src/queries/tables.ts';
import { resolveRules } from '../../packages/sdk/src/rules.ts';
import { ident, literal } from '../../packages/sdk/src/sql/quote.ts';
import { sharedQuery, type SharedFilter, type SharedQueryName } from './page/shared.ts';
import type { BenchDataset } from './data.ts';
import { median } from './page/quantile.ts';

export interface NativeQuery {
  name: SharedQueryName;
  filter: SharedFilter;
  value: string | undefined;
  campaign: string | undefined;
}

export interface NativeResult {
  /** From empty tables to the derived layer built (Parquet read natively). */
  readyMs: number;
  queries: (NativeQuery & { ms: number; rows: Record<string, unknown>[] })[];
}


export async function runNative(dataset: BenchDataset, queries: NativeQuery[], repeat: number): Promise<NativeResult> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const statement of createCanonicalTablesSql()) await connection.run(statement);
    const t0 = performance.now();
    for (const table of TABLE_NAMES) {
      const file = join(dataset.folder, `${table}.${dataset.format}`);
      await connection.run(`INSERT INTO ${ident(table)} BY NAME SELECT * FROM read_parquet(${literal(file)})`);
    }
    for (const statement of rebuildFactsSql(resolveRules())) await connection.run(statement);
    const readyMs = performance.now() - t0;
    const defaults = (await connection.runAndReadAll(dataDefaultsQuery().sql)).getRowObjectsJS()[0] as unknown as DataDefaults;

    const results: NativeResult['queries'] = [];
    for (const q of queries) {
      const built = sharedQuery(q.name, q.filter, q.value, q.campaign, defaults);
      const times: number[] = [];
      let rows: Record<string, unknown>[] = [];
      for (let i = 0; i < repeat + 1; i++) {
        const start = performance.now();
        const reader = await connection.runAndReadAll(built.sql, built.params as DuckDBValue[]);
        rows = reader.getRowObjectsJS() as Record<string, unknown>[];
        if (built.shape) rows = built.shape(rows as never[]) as Record<string, unknown>[];
        if (i > 0) times.push(performance.now() - start);
      }
      results.push({ ...q, ms: median(times), rows });
    }
    return { readyMs, queries: results };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
