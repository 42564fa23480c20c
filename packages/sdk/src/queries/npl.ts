/**
 * NPL per group at a month end (不良率 by balance and by count, 关注率, the share of balance), its
 * trend over the month ends, and the class mix (the balance in each class).
 */
import { dimension, type DimensionInput } from '../dimensions.ts';
import type { FilterValue } from '../filters.ts';
import { CLASSIFICATIONS, type Classification } from '../schema.ts';
import { str } from '../sql/quote.ts';
import { id, join, raw, sql, type Fragment } from '../sql/tag.ts';
import { asOfFragment, grouping, loanConditions, loanSource, NPL_IN, type LoanSource, type MetricContext } from './metrics.ts';
import { requireCustomers } from './missing-data.ts';
import { query, type Query } from './query.ts';
import { where } from './where.ts';

export interface NplRow {
  /**
   * The group's value of the field grouped by, typed as the dimension is (a number for an industry
   * class, a boolean for a flag, text for a code, YYYY-MM-DD for a month end, null for no value;
   * 'all' without a grouping): the value a filter clause on that field takes.
   */
  key: FilterValue;
  label: string | null;
  balance: number;
  npl_balance: number;
  /** 不良率 by balance. */
  npl_ratio: number | null;
  loans: number;
  npl_loans: number;
  /** 不良率 by count. */
  npl_ratio_count: number | null;
  special_mention_balance: number;
  /** 关注率. */
  special_mention_ratio: number | null;
  /** This segment's share of all balance shown. */
  balance_share: number | null;
}

const nplMeasures = (source: LoanSource) => sql`sum(balance)::DOUBLE AS balance,
  COALESCE(sum(balance) FILTER (WHERE classification IN ${NPL_IN}), 0)::DOUBLE AS npl_balance,
  ${source.count}::DOUBLE AS loans,
  (${source.countWhere(sql`classification IN ${NPL_IN}`)})::DOUBLE AS npl_loans,
  COALESCE(sum(balance) FILTER (WHERE classification = 'special_mention'), 0)::DOUBLE AS special_mention_balance`;

const NPL_RATIOS = sql`npl_balance / NULLIF(balance, 0) AS npl_ratio, npl_loans / NULLIF(loans, 0) AS npl_ratio_count,
  special_mention_balance / NULLIF(balance, 0) AS special_mention_ratio`;

export function nplQuery(ctx: MetricContext, options: { by?: DimensionInput; asOf?: string }): Query<NplRow> {
  const g = grouping('loans', options.by, 'npl');
  requireCustomers(ctx, ['loans'], options.by);
  const asOf = asOfFragment(options.asOf, ctx.defaults);
  const source = loanSource(ctx, [options.by], asOf);
  const w = where([sql`as_of = ${asOf}`, ...loanConditions(ctx, asOf)]);
  // The share's total is added exactly (exact_balance), so it does not depend on the groups' order.
  return query<NplRow>(
    sql`WITH g AS (SELECT ${g.key} AS key, ${g.label} AS label, ${nplMeasures(source)}, sum(balance) AS exact_balance FROM ${source.from} ${w} GROUP BY 1)
SELECT key, label, balance, npl_balance, loans, npl_loans, special_mention_balance, ${NPL_RATIOS},
  balance / NULLIF(sum(exact_balance) OVER (), 0)::DOUBLE AS balance_share
FROM g ORDER BY balance DESC, key`,
  );
}

/** NPL's figures at one month end (no share: each month's groups stand alone). */
export interface NplTrendRow extends Omit<NplRow, 'balance_share'> {
  as_of: string;
}

export function nplTrendQuery(ctx: MetricContext, options: { by?: DimensionInput; from?: string; to?: string }): Query<NplTrendRow> {
  const g = grouping('loans', options.by, 'nplTrend');
  requireCustomers(ctx, ['loans'], options.by);
  const range: Fragment[] = [];
  if (options.from) range.push(sql`as_of >= CAST(${options.from} AS DATE)`);
  if (options.to) range.push(sql`as_of <= CAST(${options.to} AS DATE)`);
  // A clause reaching loans through the customer uses the latest month end for its cohort.
  const source = loanSource(ctx, [options.by]);
  const w = where([...range, ...loanConditions(ctx, asOfFragment(options.to, ctx.defaults))]);
  return query<NplTrendRow>(
    sql`WITH g AS (SELECT as_of, ${g.key} AS key, ${g.label} AS label, ${nplMeasures(source)} FROM ${source.from} ${w} GROUP BY 1, 2)
SELECT strftime(as_of, '%Y-%m-%d') AS as_of, key, label, balance, npl_balance, loans, npl_loans, special_mention_balance, ${NPL_RATIOS}
FROM g ORDER BY g.as_of, key`,
  );
}

/** The balance in each class per group (`key` typed as NplRow's). */
export type ClassMixRow = { key: FilterValue; label: string | null; total: number } & Record<Classification, number>;

export function classMixQuery(ctx: MetricContext, options: { by?: DimensionInput; asOf?: string }): Query<ClassMixRow> {
  const g = grouping('loans', options.by, 'classMix');
  requireCustomers(ctx, ['loans'], options.by);
  const monthly = options.by !== undefined && dimension(options.by).name === 'as_of';
  const asOf = asOfFragment(options.asOf, ctx.defaults);
  const source = loanSource(ctx, [options.by], monthly ? undefined : asOf);
  const w = where([...(monthly ? [] : [sql`as_of = ${asOf}`]), ...loanConditions(ctx, asOf)]);
  const classes = join(
    CLASSIFICATIONS.map((c) => sql`COALESCE(sum(balance) FILTER (WHERE classification = ${raw(str(c))}), 0)::DOUBLE AS ${id(c)}`),
    ', ',
  );
  return query<ClassMixRow>(
    sql`SELECT ${g.key} AS key, ${g.label} AS label, ${classes}, COALESCE(sum(balance), 0)::DOUBLE AS total FROM ${source.from} ${w} GROUP BY 1 ORDER BY ${raw(monthly ? 'key' : 'total DESC, key')}`,
  );
}
