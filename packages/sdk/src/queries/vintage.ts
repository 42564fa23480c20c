/**
 * Vintage: each origination cohort's cumulative NPL balance against its original amount, by months
 * on book.
 */
import type { DimensionInput } from '../dimensions.ts';
import type { FilterValue } from '../filters.ts';
import { raw, sql } from '../sql/tag.ts';
import { asOfFragment, grouping, loanConditions, LOANS, NPL_IN, type MetricContext } from './metrics.ts';
import { requireCustomers } from './missing-data.ts';
import { query, type Query } from './query.ts';
import { where } from './where.ts';

export interface VintageRow {
  /** Origination month, YYYY-MM. */
  cohort: string;
  /**
   * The group's value of the field grouped by, typed as the dimension is (a number for an industry
   * class, a boolean for a flag, text for a code, YYYY-MM-DD for a month end, null for no value;
   * 'all' without a grouping): the value a filter clause on that field takes.
   */
  key: FilterValue;
  /** Months on book at the snapshot. */
  mob: number;
  original_amount: number;
  /** Cumulative NPL balance: each loan's balance when it first became NPL, once that is ≤ mob. */
  npl_balance: number;
  ratio: number | null;
}

export function vintageQuery(ctx: MetricContext, options: { by?: DimensionInput }): Query<VintageRow> {
  const g = grouping('loans', options.by, 'vintage');
  requireCustomers(ctx, ['loans'], options.by);
  const w = where([raw('origination_date IS NOT NULL'), ...loanConditions(ctx, asOfFragment(undefined, ctx.defaults))]);
  return query<VintageRow>(
    sql`WITH lf AS (SELECT loan_id, as_of, balance, classification, original_amount, origination_date, ${g.key} AS key,
    datediff('month', date_trunc('month', origination_date), date_trunc('month', as_of)) AS mob
  FROM ${LOANS} ${w}),
loan AS (SELECT loan_id, strftime(min(origination_date), '%Y-%m') AS cohort, any_value(key) AS key,
  COALESCE(max(original_amount), arg_min(balance, as_of)) AS original FROM lf GROUP BY loan_id),
first_npl AS (SELECT loan_id, min(mob) AS npl_mob, arg_min(balance, as_of) AS npl_balance FROM lf WHERE classification IN ${NPL_IN} GROUP BY loan_id),
cohorts AS (SELECT cohort, key, sum(original) AS original FROM loan GROUP BY 1, 2),
observed AS (SELECT DISTINCT loan.cohort, loan.key, lf.mob FROM lf JOIN loan USING (loan_id) WHERE lf.mob >= 0),
npl AS (SELECT loan.cohort, loan.key, f.npl_mob, sum(f.npl_balance) AS npl_balance FROM first_npl f JOIN loan USING (loan_id) GROUP BY 1, 2, 3)
SELECT o.cohort, o.key, o.mob::DOUBLE AS mob, c.original::DOUBLE AS original_amount,
  COALESCE(sum(n.npl_balance), 0)::DOUBLE AS npl_balance,
  (COALESCE(sum(n.npl_balance), 0) / NULLIF(c.original, 0))::DOUBLE AS ratio
FROM observed o JOIN cohorts c ON c.cohort = o.cohort AND c.key IS NOT DISTINCT FROM o.key
LEFT JOIN npl n ON n.cohort = o.cohort AND n.key IS NOT DISTINCT FROM o.key AND n.npl_mob <= o.mob
GROUP BY o.cohort, o.key, o.mob, c.original
ORDER BY o.cohort, o.key, o.mob`,
  );
}
