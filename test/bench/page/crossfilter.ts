/**
 * Cross-filtering three views both ways, on the same duckdb-wasm database (browser code):
 *
 * - **Mosaic**, as its users build it: three `MosaicClient`s (the latest month's loans by tier, by
 *   branch and by industry class: balance and count) filtered by one `Selection.crossfilter()`,
 *   with the Coordinator's pre-aggregation. A click is `selection.update(clausePoint(…))`, timed
 *   until the other two clients have their rows; before it, untimed, `selection.activate` (what
 *   Mosaic's interactors do on hover) builds the pre-aggregated tables the update reads.
 * - **Strata**: the SDK's own answers for the same three views (`npl` by tier, branch and industry
 *   class: balance, counts, NPL figures and shares), each without its own clause, asked as one
 *   `strata.plan` after the same clause is set, timed until the rows are in hand.
 *
 * Neither side draws anything here: the dashboard's clicks (render included) are timed apart.
 */
import { Coordinator, MosaicClient, Selection, clausePoint, type SelectionClause } from '@uwdata/mosaic-core';
import { Query, column, count, float64, sum, type FilterExpr } from '@uwdata/mosaic-sql';
import type { DimensionName, FilterValue, PlanRequest, Strata } from '@strata/sdk/browser';
import { quantile } from './quantile.ts';

const LATEST_LOANS = 'strata_latest_loan_facts';

/** The three views: the field each groups and selects by. */
const FIELDS = ['tier', 'branch_id', 'industry_class'] as const;
type Field = (typeof FIELDS)[number];
/** The dimension of Strata's filters for each. */
const DIMENSION: Record<Field, DimensionName> = { tier: 'tier', branch_id: 'branch', industry_class: 'industry_class' };

class GroupClient extends MosaicClient {
  /** Called with each result's row count. */
  onResult?: (rows: number) => void;

  constructor(
    readonly field: Field,
    selection: Selection,
  ) {
    super(selection);
  }

  override query(filter?: FilterExpr | null): Query {
    return Query.from(LATEST_LOANS)
      .select({ key: column(this.field), balance: float64(sum('balance')), loans: float64(count()) })
      .where(filter ?? [])
      .groupby(this.field);
  }

  override queryResult(data: unknown): this {
    this.onResult?.((data as { numRows: number }).numRows);
    return this;
  }
}

export interface CrossfilterSide {
  /** Per click, ms until the other views' rows were in hand. */
  clicks: number[];
  p50: number;
  p95: number;
  /** Mosaic only: the untimed activation before each click (building its pre-aggregated tables), p50. */
  activateP50?: number;
}

export interface CrossfilterResult {
  mosaic: CrossfilterSide;
  strata: CrossfilterSide;
  /** The clicks made on both sides: the view's field and the value selected. */
  picks: { field: Field; value: FilterValue }[];
}

const side = (clicks: number[], activate?: number[]): CrossfilterSide => ({
  clicks,
  p50: quantile(clicks, 0.5),
  p95: quantile(clicks, 0.95),
  ...(activate ? { activateP50: quantile(activate, 0.5) } : {}),
});

/** `clicks` clicks round the three views, each on another of the view's values, on both sides. */
export async function crossfilter(strata: Strata, coordinator: Coordinator, clicks: number): Promise<CrossfilterResult> {
  // The values to click: each view's keys in the whole bank, largest first (as the bars list them).
  const keys = new Map<Field, FilterValue[]>();
  for (const field of FIELDS) {
    const rows = await strata.npl({ by: DIMENSION[field], unfiltered: true });
    // Typed as a clause takes them (a class a number): nothing to convert.
    keys.set(field, rows.map((r) => r.key));
  }
  const picks = Array.from({ length: clicks }, (_, i) => {
    const field = FIELDS[i % FIELDS.length]!;
    const values = keys.get(field)!;
    return { field, value: values[Math.floor(i / FIELDS.length) % Math.max(values.length, 1)] ?? null };
  });

  // Mosaic: connect the clients and wait for their first rows.
  const selection = Selection.crossfilter();
  const clients = FIELDS.map((field) => new GroupClient(field, selection));
  const first = clients.map((client) => new Promise<void>((resolve) => (client.onResult = () => resolve())));
  for (const client of clients) coordinator.connect(client);
  await Promise.all(first);
  const mosaicClicks: number[] = [];
  const activations: number[] = [];
  for (const { field, value } of picks) {
    const source = clients[FIELDS.indexOf(field)]!;
    const clause = (): SelectionClause => clausePoint(field, value, { source });
    const activated = performance.now();
    selection.activate(clause());
    await Promise.all([...coordinator.preaggregator.entries.values()].map((entry) => (entry && 'result' in entry ? entry.result : null)));
    activations.push(performance.now() - activated);
    const others = clients.filter((c) => c !== source);
    const answered = others.map((client) => new Promise<void>((resolve) => (client.onResult = () => resolve())));
    const start = performance.now();
    selection.update(clause());
    await Promise.all(answered);
    mosaicClicks.push(performance.now() - start);
  }
  for (const client of clients) coordinator.disconnect(client);

  // Strata: the same clauses, one plan per click.
  const requests: PlanRequest[] = FIELDS.map((field) => ({ metric: 'npl', options: { by: DIMENSION[field], exclude: `bench-${field}` } }));
  const strataClicks: number[] = [];
  strata.filters.clear();
  // Untimed, as Mosaic's clients' first queries are: the plan's first use (its code, the cubes read).
  await strata.plan(requests);
  for (const { field, value } of picks) {
    strata.filters.set({ field: DIMENSION[field], op: 'in', values: [value], source: `bench-${field}` });
    const start = performance.now();
    const answers = await strata.plan(requests);
    strataClicks.push(performance.now() - start);
    const failed = answers.find((a) => a.error);
    if (failed) throw failed.error;
  }
  strata.filters.clear();
  return { mosaic: side(mosaicClicks, activations), strata: side(strataClicks), picks };
}
