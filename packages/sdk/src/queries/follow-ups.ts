/**
 * Follow-up metrics from the contacts (跟进记录): how much of a list was contacted lately, the leads
 * whose agreed follow-up date has come (待跟进) per manager, and the customers behind their tier's
 * visit cadence. Dates are the reference date's (or `asOf`), as the lists'.
 */
import type { DimensionInput } from '../dimensions.ts';
import type { FilterValue } from '../filters.ts';
import { DEFAULT_RULES } from '../rules.ts';
import { id, raw, sql } from '../sql/tag.ts';
import { CUSTOMER_FACTS } from './facts.ts';
import type { ListPreset } from './list-names.ts';
import { cadenceDays, listSelect } from './lists.ts';
import { asOfFragment, grouping, PIPELINE, referenceFragment, type MetricContext } from './metrics.ts';
import { pipelineConditions } from './pipeline.ts';
import { query, type Query } from './query.ts';
import { where, whereFor } from './where.ts';

/** A list's customers (or leads) per manager or branch, and those contacted within `within` days. */
export interface CoverageRow {
  key: FilterValue;
  label: string | null;
  listed: number;
  contacted: number;
  /** contacted / listed. */
  coverage: number | null;
}

export function coverageQuery(
  ctx: MetricContext,
  options: { preset?: ListPreset; days?: number; within?: number; campaign?: string; asOf?: string; by?: 'manager' | 'branch' },
): Query<CoverageRow> {
  const { select } = listSelect(ctx, ctx.rules ?? DEFAULT_RULES, options);
  const key = raw(options.by === 'branch' ? 'branch_id' : 'manager_id');
  const label = raw(options.by === 'branch' ? 'branch_name' : 'manager_name');
  const within = options.within ?? 30;
  return query(sql`WITH listed AS (${select})
SELECT ${key} AS key, COALESCE(any_value(${label}), ${key}) AS label, count(*)::DOUBLE AS listed,
  (count(*) FILTER (WHERE days_since_contact <= CAST(${within} AS INTEGER)))::DOUBLE AS contacted,
  ((count(*) FILTER (WHERE days_since_contact <= CAST(${within} AS INTEGER))) / count(*))::DOUBLE AS coverage
FROM listed GROUP BY 1 ORDER BY listed DESC, key`);
}

/** Open leads whose last contact's agreed next date has come (待跟进), per manager or another field of the leads. */
export interface PendingRow {
  key: FilterValue;
  label: string | null;
  due: number;
  amount: number;
  /** The most days past a due lead's next date. */
  max_days_past: number;
}

export function pendingQuery(ctx: MetricContext, options: { campaign?: string; by?: DimensionInput; asOf?: string }): Query<PendingRow> {
  const g = grouping('pipeline', options.by ?? 'manager', 'pendingFollowUps');
  const ref = referenceFragment(options.asOf, ctx.defaults);
  return query(sql`WITH d AS (SELECT CAST(${ref} AS DATE) AS ref),
last AS (SELECT lead_id, next_date FROM contacts WHERE lead_id IS NOT NULL AND contact_date <= (SELECT ref FROM d)
  QUALIFY row_number() OVER (PARTITION BY lead_id ORDER BY contact_date DESC, contact_id DESC) = 1),
p AS (SELECT * FROM ${PIPELINE} ${where(pipelineConditions(ctx, options.campaign))})
SELECT ${g.key} AS key, ${g.label} AS label, count(*)::DOUBLE AS due, COALESCE(sum(amount), 0)::DOUBLE AS amount,
  max((SELECT ref FROM d) - last.next_date)::DOUBLE AS max_days_past
FROM p JOIN last USING (lead_id)
WHERE stage NOT IN ('disbursed', 'lost') AND last.next_date <= (SELECT ref FROM d)
GROUP BY 1 ORDER BY due DESC, key`);
}

/** Per tier with a cadence (rules.cadence): its customers, and those without a contact within it. */
export interface CadenceRow {
  key: string;
  label: string;
  cadence_days: number;
  customers: number;
  behind: number;
  behind_share: number | null;
}

export function cadenceQuery(ctx: MetricContext, options: { asOf?: string }): Query<CadenceRow> {
  const rules = ctx.rules ?? DEFAULT_RULES;
  const ref = referenceFragment(options.asOf, ctx.defaults);
  const conditions = whereFor('customers', ctx.clauses, asOfFragment(undefined, ctx.defaults), 'c', ctx.plain);
  return query(sql`WITH d AS (SELECT CAST(${ref} AS DATE) AS ref),
k AS (SELECT customer_id, max(contact_date) AS last_contact FROM contacts WHERE customer_id IS NOT NULL AND contact_date <= (SELECT ref FROM d) GROUP BY customer_id),
t AS (SELECT c.tier, ${cadenceDays(rules.cadence, raw('c.tier'))} AS days, k.last_contact FROM ${id(CUSTOMER_FACTS)} c LEFT JOIN k USING (customer_id) ${where(conditions)})
SELECT tier AS key, tier AS label, any_value(days)::DOUBLE AS cadence_days, count(*)::DOUBLE AS customers,
  (count(*) FILTER (WHERE last_contact IS NULL OR (SELECT ref FROM d) - last_contact > days))::DOUBLE AS behind,
  ((count(*) FILTER (WHERE last_contact IS NULL OR (SELECT ref FROM d) - last_contact > days)) / count(*))::DOUBLE AS behind_share
FROM t WHERE days IS NOT NULL GROUP BY tier ORDER BY tier`);
}
