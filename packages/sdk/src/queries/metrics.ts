/**
 * Every metric as SQL over the derived layer (queries/facts.ts), with the row type it returns.
 * Aggregates are cast to DOUBLE and dates formatted as text, so rows hold plain numbers and strings.
 */
import { DIMENSIONS, dimension, type DimensionInput, type Fact } from '../dimensions.ts';
import type { SqlValue } from '../engine/types.ts';
import type { FilterClause } from '../filters.ts';
import { CLASSIFICATIONS, FUNNEL_STAGES, NPL_CLASSES, type Classification, type Stage, type TargetMetric, type TargetScope } from '../schema.ts';
import { date, ident, str } from '../sql/quote.ts';
import { BORROWER_CUBE, BORROWER_CUBE_COLUMNS, BORROWER_CUBE_CUSTOMER_COLUMNS, BORROWERS_AT_ONE_BRANCH_SQL, CUSTOMER_CUBE, CUSTOMER_CUBE_COLUMNS, CUSTOMER_FACTS, LATEST_AS_OF_SQL, LOAN_CUBE, LOAN_CUBE_COLUMNS, LOAN_FACTS, MIGRATION_CUBE, MIGRATION_CUBE_COLUMNS, MONTHS, PIPELINE_FACTS, REFERENCE_DATE_SQL } from './facts.ts';
import { fragment, join, loansAt, predicate, where, whereFor, type Fragment, type MonthEnd } from './where.ts';

/** A statement and its bound values; `Row` is the shape of each result row. */
export interface Query<Row> {
  sql: string;
  params: SqlValue[];
  /** Type-level only: the row shape. */
  readonly row?: Row;
  /**
   * Makes the metric's rows from the statement's (plain rows of the shape its SQL names), where a
   * last step is cheaper in TypeScript than planned in SQL. Without it the statement's rows are the
   * metric's. Only arithmetic DuckDB would do the same way (IEEE doubles), so the numbers are the same.
   */
  readonly shape?: (rows: never[]) => Row[];
}

const query = <Row>(f: Fragment): Query<Row> => ({ sql: f.sql, params: f.params });

const shapedQuery = <Raw, Row>(f: Fragment, shape: (rows: Raw[]) => Row[]): Query<Row> => ({
  sql: f.sql,
  params: f.params,
  shape: shape as (rows: never[]) => Row[],
});

/** x / NULLIF(y, 0), as DuckDB divides DOUBLEs. */
const ratio = (x: number | null, y: number | null): number | null => (x === null || y === null || y === 0 ? null : x / y);

const NPL_IN = `(${NPL_CLASSES.map(str).join(', ')})`;
const LOANS = ident(LOAN_FACTS);
const CUSTOMERS = ident(CUSTOMER_FACTS);
const PIPELINE = ident(PIPELINE_FACTS);

/**
 * What a metric uses when its caller names no month, date or campaign, read once per load
 * (dataDefaultsQuery). Written into a query as constants, they spare it the subqueries that would
 * work them out again: those cost planning time on every query.
 */
export interface DataDefaults {
  /** The latest month end (YYYY-MM-DD), null without loans. */
  latestAsOf: string | null;
  /** The month end before it. */
  previousAsOf: string | null;
  /** The data's "today": the latest month end, else the latest activity. */
  referenceDate: string | null;
  /** The campaign running at the reference date, else the latest to end. */
  campaignId: string | null;
  /**
   * Whether each borrower's loans at the latest month end are all at one branch (true without
   * borrowers): then segments counts borrowers per branch from the borrower cube too.
   */
  borrowersAtOneBranch: boolean;
}

/** A month end as a bound date, or the latest month end in the data. */
export function asOfFragment(asOf: string | undefined, defaults: DataDefaults | undefined): MonthEnd {
  if (asOf) return { ...fragment('CAST(? AS DATE)', [asOf]), latest: false };
  return { ...fragment(defaults ? date(defaults.latestAsOf) : LATEST_AS_OF_SQL), latest: true };
}

/** The month end before `to` (default: before the latest). */
function previousAsOfFragment(to: string | undefined, defaults: DataDefaults | undefined): MonthEnd {
  if (!to && defaults) return { ...fragment(date(defaults.previousAsOf)), latest: false };
  const t = asOfFragment(to, defaults);
  return { ...fragment(`(SELECT max(as_of) FROM ${ident(MONTHS)} WHERE as_of < ${t.sql})`, t.params), latest: false };
}

/** The reference date: a given one, or the data's own "today". */
function referenceFragment(asOf: string | undefined, defaults: DataDefaults | undefined): Fragment {
  if (asOf) return fragment('CAST(? AS DATE)', [asOf]);
  return fragment(defaults ? date(defaults.referenceDate) : REFERENCE_DATE_SQL);
}

/** A campaign by id, or the one running at the reference date `asOf` (else the latest to end). */
function campaignFragment(campaign: string | undefined, asOf: string | undefined, defaults: DataDefaults | undefined): Fragment {
  if (campaign) return fragment('CAST(? AS VARCHAR)', [campaign]);
  if (!asOf && defaults) return fragment(defaults.campaignId === null ? 'CAST(NULL AS VARCHAR)' : str(defaults.campaignId));
  const ref = referenceFragment(asOf, defaults);
  return fragment(
    `(SELECT campaign_id FROM campaigns ORDER BY (${ref.sql} BETWEEN start_date AND end_date) DESC, end_date DESC, campaign_id LIMIT 1)`,
    ref.params,
  );
}

/** The data's defaults, worked out by the very subqueries a metric runs without them. */
export function dataDefaultsQuery(): Query<DataDefaults> {
  return query<DataDefaults>(
    fragment(`SELECT strftime(${LATEST_AS_OF_SQL}, '%Y-%m-%d') AS "latestAsOf",
  strftime(${previousAsOfFragment(undefined, undefined).sql}, '%Y-%m-%d') AS "previousAsOf",
  strftime(${REFERENCE_DATE_SQL}, '%Y-%m-%d') AS "referenceDate",
  CAST(${campaignFragment(undefined, undefined, undefined).sql} AS VARCHAR) AS "campaignId",
  ${BORROWERS_AT_ONE_BRANCH_SQL} AS "borrowersAtOneBranch"`),
  );
}

interface Grouping {
  key: string;
  /** The label as an aggregate (for GROUP BY queries). */
  label: string;
  /** The label of one row (before grouping). */
  rowLabel: string;
}

/** Key and label expressions of a grouping dimension on a fact; a constant 'all' when none. */
function grouping(fact: Fact, by: DimensionInput | undefined, metric: string): Grouping {
  if (by === undefined) return { key: `'all'`, label: `'all'`, rowLabel: `'all'` };
  const dim = dimension(by);
  if (!dim.facts.includes(fact)) {
    throw new RangeError(`${metric} cannot be grouped by ${dim.name}: it is not a field of ${fact}`);
  }
  const key = dim.type === 'date' ? `strftime(${ident(dim.key)}, '%Y-%m-%d')` : `CAST(${ident(dim.key)} AS VARCHAR)`;
  if (!dim.labelColumn) return { key, label: key, rowLabel: key };
  return { key, label: `COALESCE(any_value(${ident(dim.labelColumn)}), ${key})`, rowLabel: `COALESCE(${ident(dim.labelColumn)}, ${key})` };
}

export interface MetricContext {
  clauses: readonly FilterClause[];
  /** The data's defaults for the engine's current tables; without them, subqueries work them out. */
  defaults?: DataDefaults;
  /**
   * The plain SQL, to check the shortcuts against: loan aggregates read the loan facts even where a
   * cube would do, and a stage clause selects customers by a subquery on the leads (not by bits).
   */
  plain?: boolean;
}

/** Where a loan aggregate reads its rows, and how it counts loans there. */
interface LoanSource {
  from: string;
  /** Loans, and loans meeting a condition (never NULL). */
  count: string;
  countWhere: (condition: string) => string;
}

const LOAN_FACTS_SOURCE: LoanSource = { from: LOANS, count: 'count(*)', countWhere: (c) => `count(*) FILTER (WHERE ${c})` };

const LOAN_CUBE_SOURCE: LoanSource = {
  from: ident(LOAN_CUBE),
  count: 'COALESCE(sum(loans), 0)',
  countWhere: (c) => `COALESCE(sum(loans) FILTER (WHERE ${c}), 0)`,
};

/** The WHERE conditions of the clauses on loans (the loan facts or a cube). */
const loanConditions = (ctx: MetricContext, asOf: MonthEnd, alias = '') => whereFor('loans', ctx.clauses, asOf, alias, ctx.plain);

/**
 * Whether a cube of `fact` rows with `columns` can answer: every filter clause and every grouping is
 * on one of them (a clause on another fact's field selects customers by a subquery: no cube has that).
 */
function cubeCovers(ctx: MetricContext, groupings: readonly (DimensionInput | undefined)[], columns: readonly string[], fact: Fact = 'loans'): boolean {
  if (ctx.plain) return false;
  const grouped = groupings.every((by) => {
    if (by === undefined) return true;
    const dim = dimension(by);
    return columns.includes(dim.key) && (dim.labelColumn === undefined || columns.includes(dim.labelColumn));
  });
  const filtered = ctx.clauses.every((clause) => {
    if (clause.field === 'stage') return columns.includes('lead_stages');
    const dim = DIMENSIONS[clause.field];
    return (dim.facts as readonly Fact[]).includes(fact) && columns.includes(dim.key);
  });
  return grouped && filtered;
}

/**
 * The loan cube where it can answer, else the loan facts (the latest month's own table, for an
 * aggregate of that one month end `at`): for aggregates made only of counts and sums of money
 * (exact, so the same either way).
 */
function loanSource(ctx: MetricContext, groupings: readonly (DimensionInput | undefined)[], at?: MonthEnd): LoanSource {
  if (cubeCovers(ctx, groupings, LOAN_CUBE_COLUMNS)) return LOAN_CUBE_SOURCE;
  return at ? { ...LOAN_FACTS_SOURCE, from: loansAt(at, ctx.plain) } : LOAN_FACTS_SOURCE;
}

// ─── Segments ──────────────────────────────────────────────────────────────────────────────

export type SegmentMeasure = 'customers' | 'balance' | 'deposits' | 'contribution';

export interface SegmentRow {
  key: string | null;
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
  if (!['customers', 'balance', 'deposits', 'contribution'].includes(measure)) {
    throw new RangeError(`measure must be customers, balance, deposits or contribution, got ${JSON.stringify(measure)}`);
  }
  const dim = dimension(options.by);
  const asOf = asOfFragment(options.asOf, ctx.defaults);
  const loanGroup = grouping('loans', options.by, 'segments');
  // The borrower cube holds the default month end only.
  const borrowerCube =
    !options.asOf &&
    ctx.defaults !== undefined &&
    cubeCovers(ctx, [options.by], ctx.defaults.borrowersAtOneBranch ? BORROWER_CUBE_COLUMNS : BORROWER_CUBE_CUSTOMER_COLUMNS);
  const loanWhere = where([...(borrowerCube ? [] : [fragment(`as_of = ${asOf.sql}`, asOf.params)]), ...loanConditions(ctx, asOf)]);
  // Counts and sums stay exact (integers, DECIMAL) until the last SELECT, so that the shares' totals
  // are the same whatever order the rows come in, from a cube or from the facts.
  const loanPart = fragment(
    borrowerCube
      ? `SELECT ${loanGroup.key} AS key, ${loanGroup.label} AS label, sum(balance) AS balance,
       COALESCE(sum(npl_balance), 0) AS npl_balance, sum(borrowers) AS borrowers
     FROM ${ident(BORROWER_CUBE)} ${loanWhere.sql} GROUP BY 1`
      : `SELECT ${loanGroup.key} AS key, ${loanGroup.label} AS label, sum(balance) AS balance,
       COALESCE(sum(balance) FILTER (WHERE classification IN ${NPL_IN}), 0) AS npl_balance, count(DISTINCT customer_id) AS borrowers
     FROM ${loansAt(asOf, ctx.plain)} ${loanWhere.sql} GROUP BY 1`,
    loanWhere.params,
  );
  const share = (column: string) => `COALESCE(${column}, 0)::DOUBLE / NULLIF(sum(COALESCE(${column}, 0)) OVER (), 0)::DOUBLE AS share`;
  const loanFigures = `COALESCE(l.borrowers, 0)::DOUBLE AS borrowers, COALESCE(l.balance, 0)::DOUBLE AS balance, COALESCE(l.npl_balance, 0)::DOUBLE AS npl_balance,
  l.npl_balance::DOUBLE / NULLIF(l.balance::DOUBLE, 0) AS npl_ratio`;
  if (!dim.facts.includes('customers')) {
    const measured = measure === 'customers' ? 'l.borrowers' : measure === 'balance' ? 'l.balance' : 'NULL';
    return query<SegmentRow>(
      join(
        [
          fragment('WITH l AS ('),
          loanPart,
          fragment(`)
SELECT key, label, COALESCE(l.borrowers, 0)::DOUBLE AS customers, ${loanFigures}, NULL::DOUBLE AS deposits, NULL::DOUBLE AS contribution,
  ${measured === 'NULL' ? 'NULL::DOUBLE AS share' : share(measured)}
FROM l ORDER BY ${measure === 'customers' ? 'l.borrowers' : 'l.balance'} DESC NULLS LAST, key`),
        ],
        '',
      ),
    );
  }
  const customerGroup = grouping('customers', options.by, 'segments');
  const customerWhere = where(whereFor('customers', ctx.clauses, asOf, '', ctx.plain));
  const customerCube = cubeCovers(ctx, [options.by], CUSTOMER_CUBE_COLUMNS, 'customers');
  const measured = measure === 'balance' ? 'l.balance' : `c.${measure}`;
  return query<SegmentRow>(
    join(
      [
        fragment(`WITH c AS (SELECT ${customerGroup.key} AS key, ${customerGroup.label} AS label,
          ${customerCube ? 'sum(customers)' : 'count(*)'} AS customers, COALESCE(sum(deposits_avg), 0) AS deposits, COALESCE(sum(contribution), 0) AS contribution
          FROM ${customerCube ? ident(CUSTOMER_CUBE) : CUSTOMERS} `),
        customerWhere,
        fragment(' GROUP BY 1), l AS ('),
        loanPart,
        fragment(`)
SELECT COALESCE(c.key, l.key) AS key, COALESCE(c.label, l.label) AS label, COALESCE(c.customers, 0)::DOUBLE AS customers, ${loanFigures},
  COALESCE(c.deposits, 0)::DOUBLE AS deposits, COALESCE(c.contribution, 0)::DOUBLE AS contribution, ${share(measured)}
FROM c FULL OUTER JOIN l ON c.key IS NOT DISTINCT FROM l.key
ORDER BY ${measured} DESC NULLS LAST, 1`),
      ],
      '',
    ),
  );
}

// ─── NPL ───────────────────────────────────────────────────────────────────────────────────

export interface NplRow {
  key: string | null;
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

const nplMeasures = (source: LoanSource) => `sum(balance)::DOUBLE AS balance,
  COALESCE(sum(balance) FILTER (WHERE classification IN ${NPL_IN}), 0)::DOUBLE AS npl_balance,
  ${source.count}::DOUBLE AS loans,
  (${source.countWhere(`classification IN ${NPL_IN}`)})::DOUBLE AS npl_loans,
  COALESCE(sum(balance) FILTER (WHERE classification = 'special_mention'), 0)::DOUBLE AS special_mention_balance`;

const NPL_RATIOS = `npl_balance / NULLIF(balance, 0) AS npl_ratio, npl_loans / NULLIF(loans, 0) AS npl_ratio_count,
  special_mention_balance / NULLIF(balance, 0) AS special_mention_ratio`;

export function nplQuery(ctx: MetricContext, options: { by?: DimensionInput; asOf?: string }): Query<NplRow> {
  const g = grouping('loans', options.by, 'npl');
  const asOf = asOfFragment(options.asOf, ctx.defaults);
  const source = loanSource(ctx, [options.by], asOf);
  const w = where([fragment(`as_of = ${asOf.sql}`, asOf.params), ...loanConditions(ctx, asOf)]);
  // The share's total is added exactly (exact_balance), so it does not depend on the groups' order.
  return query<NplRow>(
    join(
      [
        fragment(`WITH g AS (SELECT ${g.key} AS key, ${g.label} AS label, ${nplMeasures(source)}, sum(balance) AS exact_balance FROM ${source.from} `),
        w,
        fragment(` GROUP BY 1)
SELECT key, label, balance, npl_balance, loans, npl_loans, special_mention_balance, ${NPL_RATIOS},
  balance / NULLIF(sum(exact_balance) OVER (), 0)::DOUBLE AS balance_share
FROM g ORDER BY balance DESC, key`),
      ],
      '',
    ),
  );
}

export interface NplTrendRow {
  as_of: string;
  key: string | null;
  label: string | null;
  balance: number;
  npl_balance: number;
  npl_ratio: number | null;
  loans: number;
  npl_loans: number;
  npl_ratio_count: number | null;
  special_mention_balance: number;
  special_mention_ratio: number | null;
}

export function nplTrendQuery(ctx: MetricContext, options: { by?: DimensionInput; from?: string; to?: string }): Query<NplTrendRow> {
  const g = grouping('loans', options.by, 'nplTrend');
  const range: Fragment[] = [];
  if (options.from) range.push(fragment('as_of >= CAST(? AS DATE)', [options.from]));
  if (options.to) range.push(fragment('as_of <= CAST(? AS DATE)', [options.to]));
  // A clause reaching loans through the customer uses the latest month end for its cohort.
  const source = loanSource(ctx, [options.by]);
  const w = where([...range, ...loanConditions(ctx, asOfFragment(options.to, ctx.defaults))]);
  return query<NplTrendRow>(
    join(
      [
        fragment(`WITH g AS (SELECT as_of, ${g.key} AS key, ${g.label} AS label, ${nplMeasures(source)} FROM ${source.from} `),
        w,
        fragment(` GROUP BY 1, 2)
SELECT strftime(as_of, '%Y-%m-%d') AS as_of, key, label, balance, npl_balance, loans, npl_loans, special_mention_balance, ${NPL_RATIOS}
FROM g ORDER BY g.as_of, key`),
      ],
      '',
    ),
  );
}

export type ClassMixRow = { key: string | null; label: string | null; total: number } & Record<Classification, number>;

export function classMixQuery(ctx: MetricContext, options: { by?: DimensionInput; asOf?: string }): Query<ClassMixRow> {
  const g = grouping('loans', options.by, 'classMix');
  const monthly = options.by !== undefined && dimension(options.by).name === 'as_of';
  const asOf = asOfFragment(options.asOf, ctx.defaults);
  const source = loanSource(ctx, [options.by], monthly ? undefined : asOf);
  const w = where([...(monthly ? [] : [fragment(`as_of = ${asOf.sql}`, asOf.params)]), ...loanConditions(ctx, asOf)]);
  const classes = CLASSIFICATIONS.map((c) => `COALESCE(sum(balance) FILTER (WHERE classification = ${str(c)}), 0)::DOUBLE AS ${ident(c)}`).join(', ');
  return query<ClassMixRow>(
    join(
      [
        fragment(`SELECT ${g.key} AS key, ${g.label} AS label, ${classes}, COALESCE(sum(balance), 0)::DOUBLE AS total FROM ${source.from} `),
        w,
        fragment(` GROUP BY 1 ORDER BY ${monthly ? 'key' : 'total DESC, key'}`),
      ],
      '',
    ),
  );
}

// ─── Migration and vintage ─────────────────────────────────────────────────────────────────

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

const CLASS_VALUES = `(VALUES ${CLASSIFICATIONS.map((c, i) => `(${str(c)}, ${i})`).join(', ')})`;
const TARGET_VALUES = `(VALUES ${[...CLASSIFICATIONS, 'exited'].map((c, i) => `(${str(c)}, ${i})`).join(', ')})`;

/** Month ends `from` and `to`, defaulting to the previous and the latest. */
function migrationMonths(options: { from?: string; to?: string }, defaults: DataDefaults | undefined): { from: MonthEnd; to: MonthEnd } {
  const to = asOfFragment(options.to, defaults);
  const from = options.from ? { ...fragment('CAST(? AS DATE)', [options.from]), latest: false } : previousAsOfFragment(options.to, defaults);
  return { from, to };
}

/**
 * The loans at `from` with where each went by `to`: starting class `c0`, class at `to` `c1` (NULL
 * for loans gone), balances `b0` and `b1` (0 when gone), and `repaid` (b0 - b1 where the balance
 * fell). Rows per loan from the loan facts, or per cell of the migration cube, which holds the
 * default months summed: the same sums either way, money being exact.
 */
function migrationMoves(ctx: MetricContext, options: { from?: string; to?: string }): Fragment {
  if (!options.from && !options.to && ctx.defaults && cubeCovers(ctx, [], MIGRATION_CUBE_COLUMNS)) {
    const w = where(loanConditions(ctx, asOfFragment(undefined, ctx.defaults)));
    return join(
      [
        fragment(`SELECT classification AS c0, to_class AS c1, balance_from AS b0, balance_to AS b1, repaid FROM ${ident(MIGRATION_CUBE)} `),
        w,
      ],
      '',
    );
  }
  const { from, to } = migrationMonths(options, ctx.defaults);
  const w = where([fragment(`t0.as_of = ${from.sql}`, from.params), ...loanConditions(ctx, from, 't0')]);
  return join(
    [
      fragment(`SELECT t0.classification AS c0, t1.classification AS c1, t0.balance AS b0, COALESCE(t1.balance, 0) AS b1,
  CASE WHEN t1.balance < t0.balance THEN t0.balance - t1.balance ELSE 0 END AS repaid
FROM ${LOANS} t0 LEFT JOIN (SELECT loan_id, classification, balance FROM ${LOANS} WHERE as_of = `),
      to,
      fragment(') t1 USING (loan_id) '),
      w,
    ],
    '',
  );
}

export function migrationQuery(ctx: MetricContext, options: { from?: string; to?: string }): Query<MigrationRow> {
  return query<MigrationRow>(
    join(
      [
        fragment('WITH moved AS ('),
        migrationMoves(ctx, options),
        fragment(`),
moves AS (SELECT c0, COALESCE(c1, 'exited') AS c1, sum(b0) AS b0, sum(b1) AS b1 FROM moved GROUP BY 1, 2)
SELECT f.c AS from_class, t.c AS to_class, COALESCE(m.b0, 0)::DOUBLE AS balance_from, COALESCE(m.b1, 0)::DOUBLE AS balance_to,
  (COALESCE(m.b0, 0) / NULLIF(sum(COALESCE(m.b0, 0)) OVER (PARTITION BY f.c), 0))::DOUBLE AS share
FROM ${CLASS_VALUES} f(c, i) CROSS JOIN ${TARGET_VALUES} t(c, i)
LEFT JOIN moves m ON m.c0 = f.c AND m.c1 = t.c
ORDER BY f.i, t.i`),
      ],
      '',
    ),
  );
}

export interface MigrationRateRow {
  from_class: Classification;
  /** Balance in from_class at `from`. */
  balance: number;
  /** Of it, the balance in a worse class at `to` (measured at `from`). */
  worse_balance: number;
  /** 迁徙率: worse_balance / balance. */
  rate: number | null;
  /** Balance reduction by repayment of the loans still present at `to` (stated beside the rate). */
  repaid: number;
  /** Balance at `from` of loans gone by `to`. */
  exited_balance: number;
}

export function migrationRatesQuery(ctx: MetricContext, options: { from?: string; to?: string }): Query<MigrationRateRow> {
  return query<MigrationRateRow>(
    join(
      [
        fragment('WITH moved AS ('),
        migrationMoves(ctx, options),
        fragment(`),
ranked AS (SELECT moved.*, r0.i AS i0, r1.i AS i1 FROM moved JOIN ${CLASS_VALUES} r0(c, i) ON r0.c = moved.c0 LEFT JOIN ${CLASS_VALUES} r1(c, i) ON r1.c = moved.c1)
SELECT f.c AS from_class, COALESCE(sum(b0), 0)::DOUBLE AS balance,
  COALESCE(sum(b0) FILTER (WHERE i1 > i0), 0)::DOUBLE AS worse_balance,
  (COALESCE(sum(b0) FILTER (WHERE i1 > i0), 0) / NULLIF(sum(b0), 0))::DOUBLE AS rate,
  COALESCE(sum(repaid), 0)::DOUBLE AS repaid,
  COALESCE(sum(b0) FILTER (WHERE c1 IS NULL), 0)::DOUBLE AS exited_balance
FROM ${CLASS_VALUES} f(c, i) LEFT JOIN ranked ON ranked.c0 = f.c
GROUP BY f.c, f.i ORDER BY f.i`),
      ],
      '',
    ),
  );
}

export interface VintageRow {
  /** Origination month, YYYY-MM. */
  cohort: string;
  key: string | null;
  /** Months on book at the snapshot. */
  mob: number;
  original_amount: number;
  /** Cumulative NPL balance: each loan's balance when it first became NPL, once that is ≤ mob. */
  npl_balance: number;
  ratio: number | null;
}

export function vintageQuery(ctx: MetricContext, options: { by?: DimensionInput }): Query<VintageRow> {
  const g = grouping('loans', options.by, 'vintage');
  const key = g.key;
  const w = where([fragment('origination_date IS NOT NULL'), ...loanConditions(ctx, asOfFragment(undefined, ctx.defaults))]);
  return query<VintageRow>(
    join(
      [
        fragment(`WITH lf AS (SELECT loan_id, as_of, balance, classification, original_amount, origination_date, ${key} AS key,
    datediff('month', date_trunc('month', origination_date), date_trunc('month', as_of)) AS mob
  FROM ${LOANS} `),
        w,
        fragment(`),
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
ORDER BY o.cohort, o.key, o.mob`),
      ],
      '',
    ),
  );
}

// ─── Pipeline ──────────────────────────────────────────────────────────────────────────────

export interface FunnelRow {
  key: string | null;
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
}

const STAGE_VALUES = `(VALUES ${FUNNEL_STAGES.map((s, i) => `(${str(s)}, ${i + 1})`).join(', ')})`;
const STAGE_ORDINAL = `CASE stage ${FUNNEL_STAGES.map((s, i) => `WHEN ${str(s)} THEN ${i + 1}`).join(' ')} WHEN 'lost' THEN 1 END`;

function pipelineWhere(ctx: MetricContext, campaign: string | undefined): Fragment {
  const c = campaignFragment(campaign, undefined, ctx.defaults);
  return where([fragment(`campaign_id IS NOT DISTINCT FROM ${c.sql}`, c.params), ...whereFor('pipeline', ctx.clauses, asOfFragment(undefined, ctx.defaults), '', ctx.plain)]);
}

/** What the funnel's statement returns: leads per key and stage, with the leads that reached that stage or a later one. */
interface FunnelCountRow {
  key: string | null;
  label: string | null;
  /** The stage's place in FUNNEL_STAGES, from 1 (a lost lead's is 1: it counts as identified only); null for an unknown stage. */
  reached: number | null;
  stage: string | null;
  leads: number;
  /** Leads, and their amount, at this place or a later one in the key. */
  reached_leads: number;
  reached_amount: number;
}

/**
 * The funnel's rows from its counts: each stage of each key, with zeros for stages no lead reached.
 * Keys come in the statement's order (as SQL's ORDER BY key).
 */
function funnelRows(counts: FunnelCountRow[]): FunnelRow[] {
  const byKey = new Map<string | null, FunnelCountRow[]>();
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
      });
      before = count;
    });
  }
  return rows;
}

export function funnelQuery(ctx: MetricContext, options: { campaign?: string; by?: DimensionInput }): Query<FunnelRow> {
  const g = grouping('pipeline', options.by, 'funnel');
  const w = pipelineWhere(ctx, options.campaign);
  // Leads per key and stage, summed from the furthest stage down (exact: counts and DECIMAL sums);
  // the grid of every key's six stages and the ratios are made in TypeScript (funnelRows): planning
  // them in SQL (a join of each key's stages to the leads at or beyond them) cost more than the scan.
  return shapedQuery(
    join(
      [
        fragment(`WITH g AS (SELECT ${g.key} AS key, any_value(${g.rowLabel}) AS label, ${STAGE_ORDINAL} AS reached, stage, count(*) AS leads, sum(amount) AS amount
  FROM ${PIPELINE} `),
        w,
        fragment(` GROUP BY ALL)
SELECT key, label, reached, stage, leads::DOUBLE AS leads, (sum(leads) OVER k)::DOUBLE AS reached_leads, COALESCE(sum(amount) OVER k, 0)::DOUBLE AS reached_amount
FROM g WINDOW k AS (PARTITION BY key ORDER BY reached DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY key, reached, stage`),
      ],
      '',
    ),
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
  const w = pipelineWhere(ctx, options.campaign);
  return query<LostReasonRow>(
    join(
      [
        fragment(`SELECT lost_reason AS reason, count(*)::DOUBLE AS count, COALESCE(sum(amount), 0)::DOUBLE AS amount,
  (count(*) / sum(count(*)) OVER ())::DOUBLE AS share FROM ${PIPELINE} `),
        w,
        fragment(` ${w.sql ? 'AND' : 'WHERE'} stage = 'lost' GROUP BY 1 ORDER BY count DESC, reason`),
      ],
      '',
    ),
  );
}

export interface OverdueRow {
  key: string | null;
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
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${days}`);
  const g = grouping('pipeline', options.by ?? 'manager', 'overdueFollowUps');
  const w = pipelineWhere(ctx, options.campaign);
  const ref = referenceFragment(options.asOf, ctx.defaults);
  return query<OverdueRow>(
    join(
      [
        fragment(`WITH p AS (SELECT *, datediff('day', COALESCE(updated_at, created_at), `),
        ref,
        fragment(`) AS idle FROM ${PIPELINE} `),
        w,
        fragment(`)
SELECT ${g.key} AS key, ${g.label} AS label, count(*)::DOUBLE AS count, COALESCE(sum(amount), 0)::DOUBLE AS amount, max(idle)::DOUBLE AS max_days
FROM p WHERE stage NOT IN ('disbursed', 'lost') AND idle > CAST(? AS INTEGER)
GROUP BY 1 ORDER BY count DESC, key`, [days]),
      ],
      '',
    ),
  );
}

export interface AttainmentRow {
  key: string;
  label: string | null;
  actual: number;
  target: number | null;
  /** 完成率 = actual / target. */
  attainment: number | null;
  /** 序时进度 = days elapsed / days in the campaign, at the reference date. */
  pace: number;
  /** attainment ≥ pace. */
  ahead: boolean;
  rank: number;
  /** Among the last five (后5名) when there are more than five. */
  bottom_five: boolean;
}

/** Disbursed leads that count towards a loan-amount target. */
const LOAN_PRODUCTS = `product NOT IN ('credit_card', 'card_installment', 'deposit')`;

/** How each target metric's actual is counted from disbursed leads. */
const ACTUALS: Record<TargetMetric, string> = {
  loan_amount: `COALESCE(sum(amount) FILTER (WHERE ${LOAN_PRODUCTS}), 0)`,
  cards: `count(*) FILTER (WHERE product = 'credit_card')`,
  installment_amount: `COALESCE(sum(amount) FILTER (WHERE product = 'card_installment'), 0)`,
  new_customers: `count(*) FILTER (WHERE customer_id IS NULL)`,
};

/** What attainment's statement returns: one row per target, per actual, per name of a key, and the pace. */
interface AttainmentPartRow {
  part: 'target' | 'actual' | 'label' | 'pace';
  key: string | null;
  value: number | null;
  label: string | null;
}

/** Text in DuckDB's order (by code point, as its UTF-8 bytes compare), not JavaScript's UTF-16 units. */
function compareText(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * Attainment's rows from its parts: every key with a target or an actual, ranked by attainment
 * (ties share a rank, no attainment last), the bottom five when there are more than five, in order
 * of rank then key.
 */
function attainmentRows(parts: AttainmentPartRow[]): AttainmentRow[] {
  const of = (part: AttainmentPartRow['part']) => parts.filter((p) => p.part === part);
  const targets = new Map(of('target').map((p) => [p.key, p.value]));
  const actuals = new Map(of('actual').map((p) => [p.key, p.value]));
  const labels = new Map(of('label').map((p) => [p.key, p.label]));
  const pace = of('pace')[0]?.value ?? null;
  const keys = [...new Set([...targets.keys(), ...actuals.keys()])].filter((k): k is string => k !== null).sort(compareText);
  const rows = keys.map((key) => {
    const actual = actuals.get(key) ?? 0;
    const target = targets.get(key) ?? null;
    const attainment = ratio(actual, target);
    return { key, label: labels.get(key) ?? null, actual, target, attainment, pace: pace!, ahead: attainment !== null && pace !== null && attainment >= pace, rank: 0, bottom_five: false };
  });
  // rank() over attainment, highest first, none last: a row's rank is one more than the rows before its first equal.
  const highest = [...rows].sort((a, b) => (a.attainment === null ? (b.attainment === null ? 0 : 1) : b.attainment === null ? -1 : b.attainment - a.attainment));
  highest.forEach((row, i) => {
    const previous = highest[i - 1];
    row.rank = previous && previous.attainment === row.attainment ? previous.rank : i + 1;
  });
  if (rows.length > 5) {
    // row_number() over attainment, none first, then key from the last: the first five.
    const lowest = [...rows].reverse().sort((a, b) => (a.attainment === null ? (b.attainment === null ? 0 : -1) : b.attainment === null ? 1 : a.attainment - b.attainment));
    for (const row of lowest.slice(0, 5)) row.bottom_five = true;
  }
  return rows.sort((a, b) => a.rank - b.rank);
}

export function attainmentQuery(
  ctx: MetricContext,
  options: { campaign?: string; by: TargetScope; metric?: TargetMetric; asOf?: string },
): Query<AttainmentRow> {
  const metric = options.metric ?? 'loan_amount';
  if (!(metric in ACTUALS)) throw new RangeError(`metric must be one of ${Object.keys(ACTUALS).join(', ')}, got ${JSON.stringify(metric)}`);
  if (options.by !== 'branch' && options.by !== 'manager') throw new RangeError(`attainment by must be branch or manager, got ${JSON.stringify(options.by)}`);
  const ref = referenceFragment(options.asOf, ctx.defaults);
  const campaign = campaignFragment(options.campaign, options.asOf, ctx.defaults);
  const keyColumn = options.by === 'branch' ? 'branch_id' : 'manager_id';
  const names = options.by === 'branch' ? 'branches' : 'managers';
  const scopeClauses = ctx.clauses.filter((c) => c.field === options.by);
  const kept = (key: string) => scopeClauses.map((clause) => predicate(key, 'text', clause));
  const targetWhere = where([
    fragment(`targets.campaign_id = c.campaign_id AND scope = CAST(? AS VARCHAR) AND metric = CAST(? AS VARCHAR) AND scope_id IS NOT NULL`, [options.by, metric]),
    ...kept('scope_id'),
  ]);
  const actualWhere = where([
    fragment(`p.campaign_id = c.campaign_id AND p.stage = 'disbursed' AND COALESCE(p.updated_at, p.created_at) BETWEEN c.start_date AND least(c.end_date, c.ref) AND p.${keyColumn} IS NOT NULL`),
    ...whereFor('pipeline', ctx.clauses, asOfFragment(undefined, ctx.defaults), 'p', ctx.plain),
    ...kept(`p.${keyColumn}`),
  ]);
  // Targets and actuals per key, the names and the pace as plain parts; joining them, ranking and
  // ordering are done by attainmentRows: planning those joins and windows cost more than the scans.
  return shapedQuery(
    join(
      [
        fragment('WITH c AS (SELECT campaign_id, start_date, end_date, '),
        ref,
        fragment(' AS ref FROM campaigns WHERE campaign_id = '),
        campaign,
        fragment(`)
SELECT 'target' AS part, scope_id AS key, sum(target)::DOUBLE AS value FROM targets, c `),
        targetWhere,
        fragment(` GROUP BY 1, 2
UNION ALL BY NAME
SELECT 'actual' AS part, p.${keyColumn} AS key, (${ACTUALS[metric]})::DOUBLE AS value FROM ${PIPELINE} p, c `),
        actualWhere,
        fragment(` GROUP BY 1, 2
UNION ALL BY NAME
SELECT 'pace' AS part, greatest(0, least(1, (datediff('day', start_date, ref) + 1) / (datediff('day', start_date, end_date) + 1)::DOUBLE))::DOUBLE AS value FROM c
UNION ALL BY NAME
SELECT 'label' AS part, ${keyColumn} AS key, name AS label FROM ${names}`),
      ],
      '',
    ),
    attainmentRows,
  );
}

// ─── KPIs ──────────────────────────────────────────────────────────────────────────────────

export type KpiName =
  | 'loans'
  | 'balance'
  | 'npl_ratio'
  | 'special_mention_ratio'
  | 'customers'
  | 'deposits'
  | 'attainment'
  | 'pace';

export interface KpiRow {
  metric: KpiName;
  value: number | null;
  /** The same figure at the previous month end (null where the data has no history). */
  previous: number | null;
  change: number | null;
  as_of: string | null;
  previous_as_of: string | null;
}

/** What the kpis' statement returns: one row per part (the rest of its columns NULL), all numbers DOUBLE. */
interface KpiPartRow {
  part: 'months' | 'loans' | 'customers' | 'campaign' | 'target' | 'actual';
  as_of: string | null;
  previous_as_of: string | null;
  loans: number | null;
  loans_p: number | null;
  balance: number | null;
  balance_p: number | null;
  npl_balance: number | null;
  npl_balance_p: number | null;
  special_mention_balance: number | null;
  special_mention_balance_p: number | null;
  customers: number | null;
  customers_p: number | null;
  deposits: number | null;
  pace: number | null;
  pace_p: number | null;
  target: number | null;
  actual: number | null;
  actual_p: number | null;
}

/** The kpis' rows (a figure each, at the month end and the one before) from the parts of its statement. */
function kpiRows(parts: KpiPartRow[]): KpiRow[] {
  const part = (name: KpiPartRow['part']) => parts.find((p) => p.part === name);
  const months = part('months')!;
  const loans = part('loans')!;
  const customers = part('customers')!;
  const campaign = part('campaign');
  const target = part('target')?.target ?? null;
  const actual = part('actual')!;
  // Without a previous month end there is no previous figure (not a figure of zero).
  const before = <T>(value: T): T | null => (months.previous_as_of === null ? null : value);
  const figures: [KpiName, number | null, number | null][] = [
    ['loans', loans.loans, loans.loans_p],
    ['balance', loans.balance, loans.balance_p],
    ['npl_ratio', ratio(loans.npl_balance, loans.balance), ratio(loans.npl_balance_p, loans.balance_p)],
    ['special_mention_ratio', ratio(loans.special_mention_balance, loans.balance), ratio(loans.special_mention_balance_p, loans.balance_p)],
    ['customers', customers.customers, before(customers.customers_p)],
    ['deposits', customers.deposits, null],
    ['attainment', ratio(actual.actual, target), before(ratio(actual.actual_p, target))],
    ['pace', campaign?.pace ?? null, before(campaign?.pace_p ?? null)],
  ];
  return figures.map(([metric, value, previous]) => ({
    metric,
    value,
    previous,
    change: value === null || previous === null ? null : value - previous,
    as_of: months.as_of,
    previous_as_of: months.previous_as_of,
  }));
}

export function kpisQuery(ctx: MetricContext, options: { asOf?: string; campaign?: string }): Query<KpiRow> {
  const asOf = asOfFragment(options.asOf, ctx.defaults);
  const previous = previousAsOfFragment(options.asOf, ctx.defaults);
  // The two month ends: the data's defaults as constants, else worked out once in CTEs (cur, prev)
  // and joined where used. Only these two are scanned: every month would grow with the history kept.
  const constants = !options.asOf && ctx.defaults !== undefined;
  const [cur, prev] = constants ? [asOf.sql, previous.sql] : ['cur.d', 'prev.d'];
  const months = constants ? '' : ', cur, prev';
  const loans = loanSource(ctx, []);
  const loanWhere = where([fragment(`as_of IN (${cur}, ${prev})`), ...loanConditions(ctx, asOf)]);
  const customerWhere = where(whereFor('customers', ctx.clauses, asOf, '', ctx.plain));
  // The customer cube counts customers opened by the default month ends only.
  const customerCube = constants && cubeCovers(ctx, [], CUSTOMER_CUBE_COLUMNS, 'customers');
  const campaign = campaignFragment(options.campaign, options.asOf, ctx.defaults);
  const theCampaign = fragment(`c.campaign_id = ${campaign.sql}`, campaign.params);
  const pipelineWhere = where([
    theCampaign,
    fragment(`p.campaign_id = c.campaign_id AND p.stage = 'disbursed'`),
    ...whereFor('pipeline', ctx.clauses, asOf, 'p', ctx.plain),
  ]);
  // Each loan figure at a month end: NULL where that month has no loans (as with a row per month end).
  const atMonth = (suffix: string, d: string) => {
    const has = `count(*) FILTER (WHERE as_of = ${d}) > 0`;
    const balanceWhere = (condition: string) => `CASE WHEN ${has} THEN COALESCE(sum(balance) FILTER (WHERE as_of = ${d} AND ${condition}), 0) END`;
    return `(CASE WHEN ${has} THEN ${loans.countWhere(`as_of = ${d}`)} END)::DOUBLE AS loans${suffix},
  sum(balance) FILTER (WHERE as_of = ${d})::DOUBLE AS balance${suffix},
  (${balanceWhere(`classification IN ${NPL_IN}`)})::DOUBLE AS npl_balance${suffix},
  (${balanceWhere(`classification = 'special_mention'`)})::DOUBLE AS special_mention_balance${suffix}`;
  };
  const actualTo = (d: string) =>
    `COALESCE(sum(amount) FILTER (WHERE ${LOAN_PRODUCTS} AND COALESCE(p.updated_at, p.created_at) BETWEEN c.start_date AND least(c.end_date, ${d})), 0)::DOUBLE`;
  const paceAt = (d: string) => `greatest(0, least(1, (datediff('day', c.start_date, ${d}) + 1) / (datediff('day', c.start_date, c.end_date) + 1)::DOUBLE))::DOUBLE`;
  // Each part a plain aggregate (one row; the campaign's, none without a campaign), the figures made
  // from them by kpiRows: planning one statement of joins and CTEs over these parts cost more than
  // all their scans.
  return shapedQuery(
    join(
      [
        ...(constants ? [] : [fragment('WITH cur AS (SELECT '), asOf, fragment(' AS d), prev AS (SELECT '), previous, fragment(' AS d)\n')]),
        fragment(`SELECT 'months' AS part, strftime(${cur}, '%Y-%m-%d') AS as_of, strftime(${prev}, '%Y-%m-%d') AS previous_as_of${constants ? '' : ' FROM cur, prev'}
UNION ALL BY NAME
SELECT 'loans' AS part, ${atMonth('', cur)},
  ${atMonth('_p', prev)}
  FROM ${loans.from}${months} `),
        loanWhere,
        fragment(`
UNION ALL BY NAME
${
  customerCube
    ? `SELECT 'customers' AS part, COALESCE(sum(customers_latest), 0)::DOUBLE AS customers, COALESCE(sum(customers_previous), 0)::DOUBLE AS customers_p,
  sum(deposits_avg)::DOUBLE AS deposits FROM ${ident(CUSTOMER_CUBE)} `
    : `SELECT 'customers' AS part, (count(*) FILTER (WHERE open_date IS NULL OR open_date <= ${cur}))::DOUBLE AS customers,
  (count(*) FILTER (WHERE open_date IS NULL OR open_date <= ${prev}))::DOUBLE AS customers_p, sum(deposits_avg)::DOUBLE AS deposits FROM ${CUSTOMERS}${months} `
}`),
        customerWhere,
        fragment(`
UNION ALL BY NAME
SELECT 'campaign' AS part, ${paceAt(cur)} AS pace, ${paceAt(prev)} AS pace_p FROM campaigns c${months} WHERE `),
        theCampaign,
        fragment(`
UNION ALL BY NAME
SELECT 'target' AS part, sum(t.target)::DOUBLE AS target FROM targets t, campaigns c
  WHERE t.campaign_id = c.campaign_id AND t.scope = 'branch' AND t.metric = 'loan_amount' AND `),
        theCampaign,
        fragment(`
UNION ALL BY NAME
SELECT 'actual' AS part, ${actualTo(cur)} AS actual, ${actualTo(prev)} AS actual_p FROM ${PIPELINE} p, campaigns c${months} `),
        pipelineWhere,
      ],
      '',
    ),
    kpiRows,
  );
}
