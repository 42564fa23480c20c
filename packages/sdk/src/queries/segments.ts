/**
 * Segments: customers and borrowers per value of a field at a month end, with their balance, NPL
 * balance, deposits and contribution, and each segment's share of the measure asked for.
 */
import { dimension, type DimensionInput } from '../dimensions.ts';
import type { FilterValue } from '../filters.ts';
import { StrataOptionError } from '../errors.ts';
import { id, raw, sql, type Fragment } from '../sql/tag.ts';
import { BORROWER_CUBE, BORROWER_CUBE_COLUMNS, BORROWER_CUBE_CUSTOMER_COLUMNS, CUSTOMER_CUBE, CUSTOMER_CUBE_COLUMNS, CUSTOMER_FACTS } from './facts.ts';
import { asOfFragment, cubeCovers, grouping, loanConditions, NPL_IN, type MetricContext } from './metrics.ts';
import { requireCustomers } from './missing-data.ts';
import { query, type Query } from './query.ts';
import { loansAt, where, whereFor } from './where.ts';

import { SEGMENT_MEASURES, type SegmentMeasure } from './measures.ts';

export { SEGMENT_MEASURES, type SegmentMeasure };

export interface SegmentRow {
  /**
   * The group's value of the field grouped by, typed as the dimension is (a number for an industry
   * class, a boolean for a flag, text for a code, YYYY-MM-DD for a month end, null for no value;
   * 'all' without a grouping): the value a filter clause on that field takes.
   */
  key: FilterValue;
  label: string | null;
  customers: number;
  borrowers: number;
  balance: number;
  npl_balance: number;
  npl_ratio: number | null;
  deposits: number | null;
  contribution: number | null;
  /** The measure's share of the total over all segments shown. */
  share: number | null;
}

export function segmentsQuery(ctx: MetricContext, options: { by: DimensionInput; measure?: SegmentMeasure; asOf?: string }): Query<SegmentRow> {
  const measure = options.measure ?? 'customers';
  // The measure names a column in the SQL text: only one of the list, however the builder is called.
  if (!SEGMENT_MEASURES.includes(measure)) throw new StrataOptionError('measure', measure, `one of ${SEGMENT_MEASURES.join(', ')}`);
  const dim = dimension(options.by);
  requireCustomers(ctx, dim.facts.includes('customers') ? ['customers', 'loans'] : ['loans'], options.by);
  const asOf = asOfFragment(options.asOf, ctx.defaults);
  const loanGroup = grouping('loans', options.by, 'segments');
  // The borrower cube holds the default month end only.
  const borrowerCube =
    !options.asOf &&
    ctx.defaults !== undefined &&
    cubeCovers(ctx, [options.by], ctx.defaults.borrowersAtOneBranch ? BORROWER_CUBE_COLUMNS : BORROWER_CUBE_CUSTOMER_COLUMNS);
  const loanWhere = where([...(borrowerCube ? [] : [sql`as_of = ${asOf}`]), ...loanConditions(ctx, asOf)]);
  // Counts and sums stay exact (integers, DECIMAL) until the last SELECT, so that the shares' totals
  // are the same whatever order the rows come in, from a cube or from the facts.
  const loanPart = borrowerCube
    ? sql`SELECT ${loanGroup.key} AS key, ${loanGroup.label} AS label, sum(balance) AS balance,
       COALESCE(sum(npl_balance), 0) AS npl_balance, sum(borrowers) AS borrowers
     FROM ${id(BORROWER_CUBE)} ${loanWhere} GROUP BY 1`
    : sql`SELECT ${loanGroup.key} AS key, ${loanGroup.label} AS label, sum(balance) AS balance,
       COALESCE(sum(balance) FILTER (WHERE classification IN ${NPL_IN}), 0) AS npl_balance, count(DISTINCT customer_id) AS borrowers
     FROM ${loansAt(asOf, ctx.plain)} ${loanWhere} GROUP BY 1`;
  const share = (column: Fragment) => sql`COALESCE(${column}, 0)::DOUBLE / NULLIF(sum(COALESCE(${column}, 0)) OVER (), 0)::DOUBLE AS share`;
  const loanFigures = sql`COALESCE(l.borrowers, 0)::DOUBLE AS borrowers, COALESCE(l.balance, 0)::DOUBLE AS balance, COALESCE(l.npl_balance, 0)::DOUBLE AS npl_balance,
  l.npl_balance::DOUBLE / NULLIF(l.balance::DOUBLE, 0) AS npl_ratio`;
  if (!dim.facts.includes('customers')) {
    const measured = measure === 'customers' ? raw('l.borrowers') : measure === 'balance' ? raw('l.balance') : undefined;
    return query<SegmentRow>(
      sql`WITH l AS (${loanPart})
SELECT key, label, COALESCE(l.borrowers, 0)::DOUBLE AS customers, ${loanFigures}, NULL::DOUBLE AS deposits, NULL::DOUBLE AS contribution,
  ${measured ? share(measured) : raw('NULL::DOUBLE AS share')}
FROM l ORDER BY ${raw(measure === 'customers' ? 'l.borrowers' : 'l.balance')} DESC NULLS LAST, key`,
    );
  }
  const customerGroup = grouping('customers', options.by, 'segments');
  const customerWhere = where(whereFor('customers', ctx.clauses, asOf, '', ctx.plain));
  const customerCube = cubeCovers(ctx, [options.by], CUSTOMER_CUBE_COLUMNS, 'customers');
  const measured = raw(measure === 'balance' ? 'l.balance' : `c.${measure}`);
  return query<SegmentRow>(
    sql`WITH c AS (SELECT ${customerGroup.key} AS key, ${customerGroup.label} AS label,
          ${raw(customerCube ? 'sum(customers)' : 'count(*)')} AS customers, COALESCE(sum(deposits_avg), 0) AS deposits, COALESCE(sum(contribution), 0) AS contribution
          FROM ${id(customerCube ? CUSTOMER_CUBE : CUSTOMER_FACTS)} ${customerWhere} GROUP BY 1), l AS (${loanPart})
SELECT COALESCE(c.key, l.key) AS key, COALESCE(c.label, l.label) AS label, COALESCE(c.customers, 0)::DOUBLE AS customers, ${loanFigures},
  COALESCE(c.deposits, 0)::DOUBLE AS deposits, COALESCE(c.contribution, 0)::DOUBLE AS contribution, ${share(measured)}
FROM c FULL OUTER JOIN l ON c.key IS NOT DISTINCT FROM l.key
ORDER BY ${measured} DESC NULLS LAST, 1`,
  );
}
