/**
 * The ceiling: the same tables and the same SQL in native DuckDB (@duckdb/node-api, in this Node
 * process, all cores), read into plain JS rows as the SDK does. `runNative`: tables filled straight
 * from the Parquet files (the generator's output is already canonical), then the sdk's derived layer
 * built, and the shared queries. `runNativeSdk`: the SDK itself on its native engine
 * (createNativeEngine): a load with every check, then each metric of the default dashboard.
 */
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { createNativeEngine, Strata, TABLE_NAMES, type MetricRows } from '@strata/sdk/node';
import { toRows } from '../../packages/sdk/src/engine/rows.ts';
import { rebuildFactsSql } from '../../packages/sdk/src/queries/derive.ts';
import { dataDefaultsQuery, type DataDefaults } from '../../packages/sdk/src/queries/metrics.ts';
import { createCanonicalTablesSql } from '../../packages/sdk/src/queries/tables.ts';
import { resolveRules } from '../../packages/sdk/src/rules.ts';
import { ident, literal } from '../../packages/sdk/src/sql/quote.ts';
import { sharedQuery, type SharedFilter, type SharedQueryName } from './page/shared.ts';
import type { BenchDataset } from './data.ts';
import { clearTierFilter, filterByTopTier, metricCalls } from './page/metric-calls.ts';
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

/** One metric on native DuckDB: through the SDK, and its SQL statement alone. */
export interface NativeMetric {
  /** The SDK call, its result cache cleared first (as the page times it): cubes answer where they would in a page. */
  sdkMs: number;
  /** Whether the SDK answered from its cubes in memory ('cube') or ran the statement ('sql'); null for an answer without one (rowCount's count). */
  source: 'sql' | 'cube' | null;
  /** The metric's statement run on the engine and read into plain rows (and shaped), whoever answered the call. */
  sqlMs: number | null;
}

export interface NativeSdkResult {
  /** A load of the Parquet files through Strata, every check, the derived layer and cubes built, on a new engine each time. */
  readyRuns: number[];
  readyMs: number;
  unfiltered: Record<string, NativeMetric>;
  filtered: Record<string, NativeMetric>;
}

const timed = async (repeat: number, run: () => Promise<unknown>): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i <= repeat; i++) {
    const start = performance.now();
    await run();
    if (i > 0) times.push(performance.now() - start);
  }
  return median(times);
};

/** The SDK on native DuckDB: `loads` loads to ready, then each metric `repeat` times (after one untimed run). */
export async function runNativeSdk(dataset: BenchDataset, loads: number, repeat: number): Promise<NativeSdkResult> {
  const files = Object.fromEntries(TABLE_NAMES.map((table) => [table, join(dataset.folder, `${table}.${dataset.format}`)]));
  const readyRuns: number[] = [];
  let strata: Strata | undefined;
  try {
    for (let run = 0; run < loads; run++) {
      await strata?.close();
      strata = await Strata.open({ engine: await createNativeEngine() });
      const start = performance.now();
      await strata.load(files);
      readyRuns.push(performance.now() - start);
    }
    const db = strata!;
    const calls = await metricCalls(db);
    const metrics = async (): Promise<Record<string, NativeMetric>> => {
      const out: Record<string, NativeMetric> = {};
      for (const [name, call] of Object.entries(calls)) {
        let answer: Partial<MetricRows<unknown>> | undefined;
        const sdkMs = await timed(repeat, async () => {
          db.clearCache();
          answer = (await call()) as Partial<MetricRows<unknown>>;
        });
        const q = answer?.query;
        const sqlMs = q
          ? await timed(repeat, async () => {
              const rows = toRows<never>(await db.engine.query(q.sql, q.params));
              if (q.shape) q.shape(rows);
            })
          : null;
        out[name] = { sdkMs, source: answer?.source ?? null, sqlMs };
      }
      return out;
    };
    const unfiltered = await metrics();
    await filterByTopTier(db);
    const filtered = await metrics();
    clearTierFilter(db);
    return { readyRuns, readyMs: median(readyRuns), unfiltered, filtered };
  } finally {
    await strata?.close();
  }
}
