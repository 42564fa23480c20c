/**
 * The queries the benchmark runs through Strata, Mosaic and native DuckDB: segments by tier, NPL by
 * industry class and the campaign funnel, each unfiltered, filtered by a tier and by a branch. No
 * DOM: the page and the Node side (native DuckDB) build the very same SQL from the sdk's modules.
 */
import type { DataDefaults, FilterClause, Strata } from '@strata/sdk';
import { nplQuery } from '../../../packages/sdk/src/queries/npl.ts';
import type { Query } from '../../../packages/sdk/src/queries/query.ts';
import { segmentsQuery } from '../../../packages/sdk/src/queries/segments.ts';
import { funnelQuery } from '../../../packages/sdk/src/queries/pipeline.ts';
import { literal } from '../../../packages/sdk/src/sql/quote.ts';

export const SHARED_QUERIES = ['segments', 'npl', 'funnel'] as const;
export type SharedQueryName = (typeof SHARED_QUERIES)[number];
export const SHARED_FILTERS = ['none', 'tier', 'branch'] as const;
export type SharedFilter = (typeof SHARED_FILTERS)[number];

const SOURCE = 'bench';

function clauses(filter: SharedFilter, value: string | undefined): FilterClause[] {
  return filter === 'none' || value === undefined ? [] : [{ field: filter, op: 'in', values: [value], source: SOURCE }];
}

/**
 * The SDK's query for a shared query and filter (what `strata.segments(…)` etc. run), with the
 * data's defaults (`strata.dataDefaults()`) as the SDK writes them in.
 */
export function sharedQuery(
  name: SharedQueryName,
  filter: SharedFilter,
  value: string | undefined,
  campaign: string | undefined,
  defaults: DataDefaults,
): Query<unknown> {
  const ctx = { clauses: clauses(filter, value), defaults };
  if (name === 'segments') return segmentsQuery(ctx, { by: 'tier', measure: 'balance' });
  if (name === 'npl') return nplQuery(ctx, { by: 'industry_class' });
  return funnelQuery(ctx, { campaign });
}

/** The query's SQL with each `?` replaced by its value, written by the sdk's quoting module. */
export function inlineParams(q: Query<unknown>): string {
  let i = 0;
  // The sdk's SQL has no `?` inside a literal: every value is bound, so each `?` is a placeholder.
  const sql = q.sql.replace(/\?/g, () => literal(q.params[i++] ?? null));
  if (i !== q.params.length) throw new Error(`${q.params.length} values for ${i} placeholders`);
  return sql;
}

/**
 * The SDK's SQL for a shared query with its values written in (for Mosaic's connector, which binds
 * none), and the SDK's last step from its rows to the metric's (the funnel's grid), if any.
 */
export function sharedInlined(
  name: SharedQueryName,
  filter: SharedFilter,
  value: string | undefined,
  campaign: string | undefined,
  defaults: DataDefaults,
): { sql: string; shape: (rows: unknown[]) => unknown[] } {
  const q = sharedQuery(name, filter, value, campaign, defaults);
  return { sql: inlineParams(q), shape: (rows) => (q.shape ? q.shape(rows as never[]) : rows) };
}

/** A shared query through the SDK's public method, with the Strata's current filters. */
export function askSdk(strata: Strata, name: SharedQueryName, campaign: string | undefined): Promise<unknown[] & { sql: string }> {
  if (name === 'segments') return strata.segments({ by: 'tier', measure: 'balance' });
  if (name === 'npl') return strata.npl({ by: 'industry_class' });
  return strata.funnel({ campaign });
}

/** Runs a shared query through the SDK's public method, timed until plain rows are in hand. */
export async function runStrataShared(
  strata: Strata,
  name: SharedQueryName,
  filter: SharedFilter,
  value: string | undefined,
  campaign: string | undefined,
): Promise<{ ms: number; rows: unknown[]; sql: string }> {
  for (const clause of clauses(filter, value)) strata.filters.set(clause);
  try {
    const t0 = performance.now();
    const rows = await askSdk(strata, name, campaign);
    const ms = performance.now() - t0;
    const built = sharedQuery(name, filter, value, campaign, await strata.dataDefaults());
    if (built.sql !== rows.sql) throw new Error(`the benchmark's ${name} query is not the SDK's`);
    return { ms, rows, sql: rows.sql };
  } finally {
    strata.filters.remove(SOURCE);
  }
}
