/**
 * Each metric of the default dashboard as one SDK call, for "each metric on its own": the page
 * times them on duckdb-wasm, native.ts on native DuckDB through the same SDK. No DOM.
 */
import type { Strata } from '@strata/sdk';

const SOURCE = 'bench';

export type MetricCalls = Record<string, () => Promise<unknown>>;

/** The calls, each with the options the default dashboard gives it (the first campaign's). */
export async function metricCalls(db: Strata): Promise<MetricCalls> {
  const campaign = (await db.campaigns())[0]?.campaign_id;
  const calls: MetricCalls = {
    kpis: () => db.kpis({ campaign }),
    segments: () => db.segments({ by: 'tier', measure: 'balance' }),
    npl: () => db.npl({ by: 'industry_class' }),
    nplTrend: () => db.nplTrend({}),
    classMix: () => db.classMix({ by: 'as_of' }),
    migration: () => db.migration({}),
    migrationRates: () => db.migrationRates({}),
    funnel: () => db.funnel({ campaign }),
    lostReasons: () => db.lostReasons({ campaign }),
    overdue: () => db.overdueFollowUps({ campaign }),
    attainment: () => db.attainment({ campaign, by: 'branch' }),
    rowCount: () => db.rowCount({ table: 'loans' }),
    rows: () => db.rows({ table: 'loans', offset: 0, limit: 50 }),
  };
  return calls;
}

/** The filtered state: the tier with the largest balance. */
export async function filterByTopTier(db: Strata): Promise<void> {
  const top = (await db.segments({ by: 'tier', measure: 'balance' }))[0]?.key;
  db.filters.set({ field: 'tier', op: 'in', values: [String(top)], source: SOURCE });
}

export function clearTierFilter(db: Strata): void {
  db.filters.remove(SOURCE);
}
