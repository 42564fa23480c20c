/**
 * Where the loans of one month end went by another: the migration matrix (each class's balance by
 * its class later, exits included) and the regulator's 迁徙率 (DESIGN.md "Metric definitions").
 */
import { CLASSIFICATIONS, type Classification } from '../schema.ts';
import { num, str } from '../sql/quote.ts';
import { id, raw, sql, type Fragment } from '../sql/tag.ts';
import { MIGRATION_CUBE, MIGRATION_CUBE_COLUMNS } from './facts.ts';
import { asOfFragment, cubeCovers, loanConditions, LOANS, NPL_IN, previousAsOfFragment, type DataDefaults, type MetricContext } from './metrics.ts';
import { requireCustomers } from './missing-data.ts';
import { query, type Query } from './query.ts';
import { monthEnd, where, type MonthEnd } from './where.ts';

export type MigrationTarget = Classification | 'exited';

export interface MigrationRow {
  from_class: Classification;
  to_class: MigrationTarget;
  /** Balance at `from` of the loans that went from from_class to to_class. */
  balance_from: number;
  /** Their balance at `to` (0 for loans that exited: repaid, written off or sold). */
  balance_to: number;
  /** balance_from / all balance in from_class at `from`: each from_class row sums to 1. */
  share: number | null;
}

const CLASS_VALUES = raw(`(VALUES ${CLASSIFICATIONS.map((c, i) => `(${str(c)}, ${i})`).join(', ')})`);
const TARGET_VALUES = raw(`(VALUES ${[...CLASSIFICATIONS, 'exited'].map((c, i) => `(${str(c)}, ${i})`).join(', ')})`);

/** Month ends `from` and `to`, defaulting to the previous and the latest. */
function migrationMonths(options: { from?: string; to?: string }, defaults: DataDefaults | undefined): { from: MonthEnd; to: MonthEnd } {
  const to = asOfFragment(options.to, defaults);
  const from = options.from ? monthEnd(sql`CAST(${options.from} AS DATE)`, false) : previousAsOfFragment(options.to, defaults);
  return { from, to };
}

/**
 * The loans at `from` with where each went by `to`: starting class `c0`, class at `to` `c1` (NULL
 * for loans gone), balances `b0` and `b1` (0 when gone), and `repaid` (b0 - b1 where the balance
 * of a loan still there fell). Rows per loan from the loan facts, or per cell of the migration
 * cube, which holds the default months summed: the same sums either way, money being exact.
 */
function migrationMoves(ctx: MetricContext, options: { from?: string; to?: string }): Fragment {
  requireCustomers(ctx, ['loans']);
  if (!options.from && !options.to && ctx.defaults && cubeCovers(ctx, [], MIGRATION_CUBE_COLUMNS)) {
    const w = where(loanConditions(ctx, asOfFragment(undefined, ctx.defaults)));
    return sql`SELECT classification AS c0, to_class AS c1, balance_from AS b0, balance_to AS b1, repaid FROM ${id(MIGRATION_CUBE)} ${w}`;
  }
  const { from, to } = migrationMonths(options, ctx.defaults);
  const w = where([sql`t0.as_of = ${from}`, ...loanConditions(ctx, from, 't0')]);
  return sql`SELECT t0.classification AS c0, t1.classification AS c1, t0.balance AS b0, COALESCE(t1.balance, 0) AS b1,
  CASE WHEN t1.balance < t0.balance THEN t0.balance - t1.balance ELSE 0 END AS repaid
FROM ${LOANS} t0 LEFT JOIN (SELECT loan_id, classification, balance FROM ${LOANS} WHERE as_of = ${to}) t1 USING (loan_id) ${w}`;
}

export function migrationQuery(ctx: MetricContext, options: { from?: string; to?: string }): Query<MigrationRow> {
  return query<MigrationRow>(
    sql`WITH moved AS (${migrationMoves(ctx, options)}),
moves AS (SELECT c0, COALESCE(c1, 'exited') AS c1, sum(b0) AS b0, sum(b1) AS b1 FROM moved GROUP BY 1, 2)
SELECT f.c AS from_class, t.c AS to_class, COALESCE(m.b0, 0)::DOUBLE AS balance_from, COALESCE(m.b1, 0)::DOUBLE AS balance_to,
  (COALESCE(m.b0, 0) / NULLIF(sum(COALESCE(m.b0, 0)) OVER (PARTITION BY f.c), 0))::DOUBLE AS share
FROM ${CLASS_VALUES} f(c, i) CROSS JOIN ${TARGET_VALUES} t(c, i)
LEFT JOIN moves m ON m.c0 = f.c AND m.c1 = t.c
ORDER BY f.i, t.i`,
  );
}

/**
 * The regulator's 迁徙率 of one class X between `from` (t0) and `to` (t1), or of 正常贷款 (pass and
 * special mention together, `normal_loans`):
 * rate = downgraded_balance / (balance − reduction).
 */
export interface MigrationRateRow {
  from_class: Classification | 'normal_loans';
  /** 期初余额: the balance of the class at t0. */
  balance: number;
  /**
   * 向下迁徙金额: the t1 balance of the loans that were X at t0 and are in a worse class at t1
   * (normal_loans: the t1 balance of those that are non-performing at t1).
   */
  downgraded_balance: number;
  /** The t0 balance of the loans gone by t1 (repaid, written off, disposed). */
  exited_balance: number;
  /** Σ (b0 − b1) where positive, of the loans still there at t1. */
  repaid: number;
  /** 期间减少金额 = exited_balance + repaid. */
  reduction: number;
  /** downgraded_balance / (balance − reduction); null for loss (nothing is worse) and for a zero denominator. */
  rate: number | null;
}

/** The rows' order: each class, then 正常贷款. */
const NORMAL_LOANS_ORDER = CLASSIFICATIONS.length;

export function migrationRatesQuery(ctx: MetricContext, options: { from?: string; to?: string }): Query<MigrationRateRow> {
  // The sums stay exact (DECIMAL) until the last SELECT: the cube's and the loans' agree to the bit.
  return query<MigrationRateRow>(
    sql`WITH moved AS (${migrationMoves(ctx, options)}),
ranked AS (SELECT moved.*, r0.i AS i0, r1.i AS i1 FROM moved JOIN ${CLASS_VALUES} r0(c, i) ON r0.c = moved.c0 LEFT JOIN ${CLASS_VALUES} r1(c, i) ON r1.c = moved.c1),
per_class AS (
  SELECT f.c AS from_class, f.i AS i, sum(b0) AS balance, sum(b1) FILTER (WHERE i1 > i0) AS downgraded,
    sum(b0) FILTER (WHERE c1 IS NULL) AS exited, sum(repaid) AS repaid
  FROM ${CLASS_VALUES} f(c, i) LEFT JOIN ranked ON ranked.c0 = f.c GROUP BY 1, 2
  UNION ALL
  SELECT 'normal_loans', ${raw(num(NORMAL_LOANS_ORDER))}, sum(b0), sum(b1) FILTER (WHERE c1 IN ${NPL_IN}), sum(b0) FILTER (WHERE c1 IS NULL), sum(repaid)
  FROM moved WHERE c0 IN ('pass', 'special_mention'))
SELECT from_class, COALESCE(balance, 0)::DOUBLE AS balance, COALESCE(downgraded, 0)::DOUBLE AS downgraded_balance,
  COALESCE(exited, 0)::DOUBLE AS exited_balance, COALESCE(repaid, 0)::DOUBLE AS repaid,
  (COALESCE(exited, 0) + COALESCE(repaid, 0))::DOUBLE AS reduction,
  CASE WHEN from_class <> 'loss' THEN
    (COALESCE(downgraded, 0) / NULLIF(COALESCE(balance, 0) - COALESCE(exited, 0) - COALESCE(repaid, 0), 0))::DOUBLE END AS rate
FROM per_class ORDER BY i`,
  );
}
