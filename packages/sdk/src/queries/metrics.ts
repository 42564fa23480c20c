/**
 * What every metric is built on (statements, context, the data's defaults, groupings, the cubes),
 * and the loan and customer metrics: segments, NPL, its trend, the class mix and vintage, each as
 * SQL over the derived layer (queries/facts.ts) with the row type it returns. The other families
 * have their own modules (migration, pipeline, attainment, kpis). Aggregates are cast to DOUBLE
 * and dates formatted as text, so rows hold plain numbers and strings.
 */
import { DIMENSION_NAMES, DIMENSIONS, dimension, type DimensionInput, type DimensionName, type Fact } from '../dimensions.ts';
import { StrataOptionError } from '../errors.ts';
import type { FilterClause } from '../filters.ts';
import { CLASSIFICATIONS, NPL_CLASSES, type Classification } from '../schema.ts';
import { date, str } from '../sql/quote.ts';
import { id, join, raw, sql, type Fragment } from '../sql/tag.ts';
import { BORROWER_CUBE, BORROWER_CUBE_COLUMNS, BORROWER_CUBE_CUSTOMER_COLUMNS, BORROWERS_AT_ONE_BRANCH_SQL, CUSTOMER_CUBE, CUSTOMER_CUBE_COLUMNS, CUSTOMER_FACTS, LATEST_AS_OF_SQL, LOAN_CUBE, LOAN_CUBE_COLUMNS, LOAN_FACTS, MONTHS, PIPELINE_FACTS, REFERENCE_DATE_SQL } from './facts.ts';
import { CUSTOMERS_MISSING_SQL, requireCustomers } from './missing-data.ts';
import { query, type Query } from './query.ts';
import { loansAt, monthEnd, where, whereFor, type MonthEnd } from './where.ts';

/** x / NULLIF(y, 0), as DuckDB divides DOUBLEs. */
export const ratio = (x: number | null, y: number | null): number | null => (x === null || y === null || y === 0 ? null : x / y);

export const NPL_IN = raw(`(${NPL_CLASSES.map(str).join(', ')})`);
export const LOANS = id(LOAN_FACTS);
const CUSTOMERS = id(CUSTOMER_FACTS);
export const PIPELINE = id(PIPELINE_FACTS);

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
  /** No customer is loaded, but loans or leads are: a customer's fields are unknown (queries/missing-data.ts). */
  customersMissing: boolean;
}

/** A month end as a bound date, or the latest month end in the data. */
export function asOfFragment(asOf: string | undefined, defaults: DataDefaults | undefined): MonthEnd {
  if (asOf) return monthEnd(sql`CAST(${asOf} AS DATE)`, false);
  return monthEnd(defaults ? raw(date(defaults.latestAsOf)) : LATEST_AS_OF_SQL, true);
}

/** The month end before `to` (default: before the latest). */
export function previousAsOfFragment(to: string | undefined, defaults: DataDefaults | undefined): MonthEnd {
  if (!to && defaults) return monthEnd(raw(date(defaults.previousAsOf)), false);
  return monthEnd(sql`(SELECT max(as_of) FROM ${id(MONTHS)} WHERE as_of < ${asOfFragment(to, defaults)})`, false);
}

/** The reference date: a given one, or the data's own "today". */
export function referenceFragment(asOf: string | undefined, defaults: DataDefaults | undefined): Fragment {
  if (asOf) return sql`CAST(${asOf} AS DATE)`;
  return defaults ? raw(date(defaults.referenceDate)) : REFERENCE_DATE_SQL;
}

/** A campaign by id, or the one running at the reference date `asOf` (else the latest to end). */
export function campaignFragment(campaign: string | undefined, asOf: string | undefined, defaults: DataDefaults | undefined): Fragment {
  if (campaign) return sql`CAST(${campaign} AS VARCHAR)`;
  if (!asOf && defaults) return raw(defaults.campaignId === null ? 'CAST(NULL AS VARCHAR)' : str(defaults.campaignId));
  const ref = referenceFragment(asOf, defaults);
  return sql`(SELECT campaign_id FROM campaigns ORDER BY (${ref} BETWEEN start_date AND end_date) DESC, end_date DESC, campaign_id LIMIT 1)`;
}

/** The data's defaults, worked out by the very subqueries a metric runs without them. */
export function dataDefaultsQuery(): Query<DataDefaults> {
  return query<DataDefaults>(
    sql`SELECT strftime(${LATEST_AS_OF_SQL}, '%Y-%m-%d') AS "latestAsOf",
  strftime(${previousAsOfFragment(undefined, undefined)}, '%Y-%m-%d') AS "previousAsOf",
  strftime(${REFERENCE_DATE_SQL}, '%Y-%m-%d') AS "referenceDate",
  CAST(${campaignFragment(undefined, undefined, undefined)} AS VARCHAR) AS "campaignId",
  ${BORROWERS_AT_ONE_BRANCH_SQL} AS "borrowersAtOneBranch",
  ${CUSTOMERS_MISSING_SQL} AS "customersMissing"`,
  );
}

interface Grouping {
  key: Fragment;
  /** The label as an aggregate (for GROUP BY queries). */
  label: Fragment;
  /** The label of one row (before grouping). */
  rowLabel: Fragment;
}

/** The dimensions a metric over `fact` can group by: the fields that fact has. */
export const fieldsOf = (fact: Fact): DimensionName[] => DIMENSION_NAMES.filter((name) => (DIMENSIONS[name].facts as readonly Fact[]).includes(fact));

/** `by` (any spelling) as a dimension of `fact`, or a StrataOptionError saying which `metric` cannot group by it. */
export function groupingDimension(fact: Fact, by: DimensionInput, metric: string): ReturnType<typeof dimension> {
  const dim = dimension(by, 'by');
  if (!dim.facts.includes(fact)) {
    const accepted = `a field of ${fact}: one of ${fieldsOf(fact).join(', ')}`;
    throw new StrataOptionError('by', by, accepted, `${metric} cannot be grouped by ${dim.name}: it is not a field of ${fact} (by must be ${accepted})`);
  }
  return dim;
}

/** Key and label expressions of a grouping dimension on a fact; a constant 'all' when none. */
export function grouping(fact: Fact, by: DimensionInput | undefined, metric: string): Grouping {
  if (by === undefined) return { key: raw(`'all'`), label: raw(`'all'`), rowLabel: raw(`'all'`) };
  const dim = groupingDimension(fact, by, metric);
  const key = dim.type === 'date' ? sql`strftime(${id(dim.key)}, '%Y-%m-%d')` : sql`CAST(${id(dim.key)} AS VARCHAR)`;
  if (!dim.labelColumn) return { key, label: key, rowLabel: key };
  return { key, label: sql`COALESCE(any_value(${id(dim.labelColumn)}), ${key})`, rowLabel: sql`COALESCE(${id(dim.labelColumn)}, ${key})` };
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
  /**
   * No customer is loaded but loans or leads are: a metric grouping or filtering by a customer's
   * field throws MissingDataError (queries/missing-data.ts). Unknown (undefined): not checked.
   */
  customersMissing?: boolean;
}

/** Where a loan aggregate reads its rows, and how it counts loans there. */
export interface LoanSource {
  from: Fragment;
  /** Loans, and loans meeting a condition (never NULL). */
  count: Fragment;
  countWhere: (condition: Fragment) => Fragment;
}

const LOAN_FACTS_SOURCE: LoanSource = { from: LOANS, count: raw('count(*)'), countWhere: (c) => sql`count(*) FILTER (WHERE ${c})` };

const LOAN_CUBE_SOURCE: LoanSource = {
  from: id(LOAN_CUBE),
  count: raw('COALESCE(sum(loans), 0)'),
  countWhere: (c) => sql`COALESCE(sum(loans) FILTER (WHERE ${c}), 0)`,
};

/** The WHERE conditions of the clauses on loans (the loan facts or a cube). */
export const loanConditions = (ctx: MetricContext, asOf: MonthEnd, alias = '') => whereFor('loans', ctx.clauses, asOf, alias, ctx.plain);

/**
 * Whether a cube of `fact` rows with `columns` can answer: every filter clause and every grouping is
 * on one of them (a clause on another fact's field selects customers by a subquery: no cube has that).
 */
export function cubeCovers(ctx: MetricContext, groupings: readonly (DimensionInput | undefined)[], columns: readonly string[], fact: Fact = 'loans'): boolean {
  if (ctx.plain) return false;
  const grouped = groupings.every((by) => {
    if (by === undefined) return true;
    const dim = dimension(by);
    return columns.includes(dim.key) && (dim.labelColumn === undefined || columns.includes(dim.labelColumn));
  });
  const filtered = ctx.clauses.every((clause) => {
    if (clause.field === 'stage' && fact !== 'pipeline') return columns.includes('lead_stages');
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
export function loanSource(ctx: MetricContext, groupings: readonly (DimensionInput | undefined)[], at?: MonthEnd): LoanSource {
  if (cubeCovers(ctx, groupings, LOAN_CUBE_COLUMNS)) return LOAN_CUBE_SOURCE;
  return at ? { ...LOAN_FACTS_SOURCE, from: loansAt(at, ctx.plain) } : LOAN_FACTS_SOURCE;
}

// ─── Segments ──────────────────────────────────────────────────────────────────────────────

export const SEGMENT_MEASURES = ['customers', 'balance', 'deposits', 'contribution'] as const;
export type SegmentMeasure = (typeof SEGMENT_MEASURES)[number];

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
          FROM ${customerCube ? id(CUSTOMER_CUBE) : CUSTOMERS} ${customerWhere} GROUP BY 1), l AS (${loanPart})
SELECT COALESCE(c.key, l.key) AS key, COALESCE(c.label, l.label) AS label, COALESCE(c.customers, 0)::DOUBLE AS customers, ${loanFigures},
  COALESCE(c.deposits, 0)::DOUBLE AS deposits, COALESCE(c.contribution, 0)::DOUBLE AS contribution, ${share(measured)}
FROM c FULL OUTER JOIN l ON c.key IS NOT DISTINCT FROM l.key
ORDER BY ${measured} DESC NULLS LAST, 1`,
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

export type ClassMixRow = { key: string | null; label: string | null; total: number } & Record<Classification, number>;

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

// ─── Vintage ───────────────────────────────────────────────────────────────────────────────

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
