/**
 * The marketing pipeline: the funnel (with what a target counts as actual at its disbursed stage),
 * lost reasons and leads waiting for a follow-up (待跟进).
 */
import type { DimensionInput } from '../dimensions.ts';
import type { FilterValue } from '../filters.ts';
import { FUNNEL_STAGES, type Stage, type TargetMetric } from '../schema.ts';
import { str } from '../sql/quote.ts';
import { raw, sql, type Fragment } from '../sql/tag.ts';
import { actualSql, countsTowardsTarget } from './attainment.ts';
import { asOfFragment, campaignFragment, grouping, PIPELINE, referenceFragment, type MetricContext } from './metrics.ts';
import { requireCustomers } from './missing-data.ts';
import { query, shapedQuery, type Query } from './query.ts';
import { where, whereFor } from './where.ts';

export interface FunnelRow {
  /**
   * The group's value of the field grouped by, typed as the dimension is (a number for an industry
   * class, a boolean for a flag, text for a code, YYYY-MM-DD for a month end, null for no value;
   * 'all' without a grouping): the value a filter clause on that field takes.
   */
  key: FilterValue;
  label: string | null;
  stage: Exclude<Stage, 'lost'>;
  /** Leads that reached this stage or a later one (lost leads count as identified only). */
  count: number;
  amount: number;
  /** Leads currently at this stage. */
  current: number;
  /** n_k / n_(k-1); null for the first stage. */
  step_conversion: number | null;
  /** n_k / n_1. */
  overall_conversion: number | null;
  /**
   * On the disbursed stage: what the `metric` option's target counts as actual (attainment's actual
   * for the same metric, key and filters: disbursed leads dated within [campaign start, min(end,
   * reference date)]); null on the other stages.
   */
  target_actual: number | null;
}

const STAGE_ORDINAL = raw(`CASE stage ${FUNNEL_STAGES.map((s, i) => `WHEN ${str(s)} THEN ${i + 1}`).join(' ')} WHEN 'lost' THEN 1 END`);

/** The conditions on the leads of a campaign (default: the one running at the reference date `asOf`) under the filters. */
export function pipelineConditions(ctx: MetricContext, campaign: string | undefined, asOf?: string): Fragment[] {
  const c = campaignFragment(campaign, asOf, ctx.defaults);
  return [sql`campaign_id IS NOT DISTINCT FROM ${c}`, ...whereFor('pipeline', ctx.clauses, asOfFragment(undefined, ctx.defaults), '', ctx.plain)];
}

/** What the funnel's statement returns: leads per key and stage, with the leads that reached that stage or a later one. */
export interface FunnelCountRow {
  /**
   * The group's value of the field grouped by, typed as the dimension is (a number for an industry
   * class, a boolean for a flag, text for a code, YYYY-MM-DD for a month end, null for no value;
   * 'all' without a grouping): the value a filter clause on that field takes.
   */
  key: FilterValue;
  label: string | null;
  /** The stage's place in FUNNEL_STAGES, from 1 (a lost lead's is 1: it counts as identified only); null for an unknown stage. */
  reached: number | null;
  stage: string | null;
  leads: number;
  /** Leads, and their amount, at this place or a later one in the key. */
  reached_leads: number;
  reached_amount: number;
  /** What the target metric counts among these leads (only disbursed ones count). */
  target_actual: number;
}

/**
 * The funnel's rows from its counts: each stage of each key, with zeros for stages no lead reached.
 * Keys come in the statement's order (as SQL's ORDER BY key).
 */
export function funnelRows(counts: FunnelCountRow[]): FunnelRow[] {
  const byKey = new Map<FilterValue, FunnelCountRow[]>();
  for (const row of counts) {
    const keyRows = byKey.get(row.key);
    if (keyRows) keyRows.push(row);
    else byKey.set(row.key, [row]);
  }
  const rows: FunnelRow[] = [];
  for (const [key, keyRows] of byKey) {
    // The leads (and amount) at each place or later: from the nearest place at or after it that has leads.
    const reachedAt = (ord: number) =>
      keyRows.filter((r) => r.reached !== null && r.reached >= ord).sort((a, b) => a.reached! - b.reached!)[0];
    let first: number | null = null;
    let before: number | null = null;
    FUNNEL_STAGES.forEach((stage, i) => {
      const reached = reachedAt(i + 1);
      const count = reached?.reached_leads ?? 0;
      if (i === 0) first = count;
      rows.push({
        key,
        label: keyRows[0]!.label,
        stage,
        count,
        amount: reached?.reached_amount ?? 0,
        current: keyRows.find((r) => r.stage === stage)?.leads ?? 0,
        step_conversion: i === 0 || !before ? null : count / before,
        overall_conversion: first ? count / first : null,
        target_actual: stage === 'disbursed' ? (keyRows.find((r) => r.stage === stage)?.target_actual ?? 0) : null,
      });
      before = count;
    });
  }
  return rows;
}

export function funnelQuery(
  ctx: MetricContext,
  options: { campaign?: string; by?: DimensionInput; metric?: TargetMetric; asOf?: string },
): Query<FunnelRow> {
  const metric = options.metric ?? 'loan_amount';
  const g = grouping('pipeline', options.by, 'funnel');
  requireCustomers(ctx, ['pipeline'], options.by);
  const w = where(pipelineConditions(ctx, options.campaign, options.asOf));
  const campaign = campaignFragment(options.campaign, options.asOf, ctx.defaults);
  // Leads per key and stage, summed from the furthest stage down (exact: counts and DECIMAL sums);
  // the grid of every key's six stages and the ratios are made in TypeScript (funnelRows): planning
  // them in SQL (a join of each key's stages to the leads at or beyond them) cost more than the scan.
  // The target's actual is attainment's: the same leads (the campaign `c`'s, to its reference date).
  return shapedQuery(
    sql`WITH c AS (SELECT start_date, end_date, ${referenceFragment(options.asOf, ctx.defaults)} AS ref FROM campaigns WHERE campaign_id = ${campaign}),
g AS (SELECT ${g.key} AS key, any_value(${g.rowLabel}) AS label, ${STAGE_ORDINAL} AS reached, stage, count(*) AS leads, sum(amount) AS amount,
    ${actualSql(metric, countsTowardsTarget(raw('c.ref')))} AS target_actual
  FROM ${PIPELINE} LEFT JOIN c ON TRUE ${w} GROUP BY ALL)
SELECT key, label, reached, stage, leads::DOUBLE AS leads, (sum(leads) OVER k)::DOUBLE AS reached_leads, COALESCE(sum(amount) OVER k, 0)::DOUBLE AS reached_amount,
  target_actual::DOUBLE AS target_actual
FROM g WINDOW k AS (PARTITION BY key ORDER BY reached DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY key, reached, stage`,
    funnelRows,
  );
}

export interface LostReasonRow {
  reason: string | null;
  count: number;
  amount: number;
  share: number | null;
}

export function lostReasonsQuery(ctx: MetricContext, options: { campaign?: string }): Query<LostReasonRow> {
  requireCustomers(ctx, ['pipeline']);
  const w = where([...pipelineConditions(ctx, options.campaign), raw(`stage = 'lost'`)]);
  return query<LostReasonRow>(
    sql`SELECT lost_reason AS reason, count(*)::DOUBLE AS count, COALESCE(sum(amount), 0)::DOUBLE AS amount,
  (count(*) / sum(count(*)) OVER ())::DOUBLE AS share FROM ${PIPELINE} ${w} GROUP BY 1 ORDER BY count DESC, reason`,
  );
}

export interface OverdueRow {
  /**
   * The group's value of the field grouped by, typed as the dimension is (a number for an industry
   * class, a boolean for a flag, text for a code, YYYY-MM-DD for a month end, null for no value;
   * 'all' without a grouping): the value a filter clause on that field takes.
   */
  key: FilterValue;
  label: string | null;
  /** Open leads (not disbursed, not lost) with no update for more than `days` days. */
  count: number;
  amount: number;
  /** Days since the oldest of them was last touched. */
  max_days: number;
}

export function overdueQuery(
  ctx: MetricContext,
  options: { campaign?: string; by?: DimensionInput; days?: number; asOf?: string },
): Query<OverdueRow> {
  const days = options.days ?? 14;
  const g = grouping('pipeline', options.by ?? 'manager', 'overdueFollowUps');
  requireCustomers(ctx, ['pipeline'], options.by);
  const w = where(pipelineConditions(ctx, options.campaign));
  const ref = referenceFragment(options.asOf, ctx.defaults);
  return query<OverdueRow>(
    sql`WITH p AS (SELECT *, datediff('day', COALESCE(updated_at, created_at), ${ref}) AS idle FROM ${PIPELINE} ${w})
SELECT ${g.key} AS key, ${g.label} AS label, count(*)::DOUBLE AS count, COALESCE(sum(amount), 0)::DOUBLE AS amount, max(idle)::DOUBLE AS max_days
FROM p WHERE stage NOT IN ('disbursed', 'lost') AND idle > CAST(${days} AS INTEGER)
GROUP BY 1 ORDER BY count DESC, key`,
  );
}

