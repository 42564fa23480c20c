/**
 * What every metric is built on: its context, the data's defaults, month ends and campaigns,
 * groupings, and where loan aggregates read (facts or cubes). Each metric family has its own module
 * (segments, npl, vintage, migration, pipeline, attainment, kpis): its SQL over the derived layer
 * (queries/facts.ts), the row type it returns and any shape step. Aggregates are cast to DOUBLE
 * and dates formatted as text, so rows hold plain numbers and strings; a group's key keeps its
 * field's type (a number, a boolean, text: `grouping`).
 */
import type { Rules } from '../rules.ts';
import { DIMENSION_NAMES, DIMENSIONS, dimension, type DimensionInput, type DimensionName, type Fact } from '../dimensions.ts';
import { StrataOptionError } from '../errors.ts';
import type { FilterClause } from '../filters.ts';
import { NPL_CLASSES } from '../schema.ts';
import { date, str } from '../sql/quote.ts';
import { id, raw, sql, type Fragment } from '../sql/tag.ts';
import { BORROWERS_AT_ONE_BRANCH_SQL, LATEST_AS_OF_SQL, LOAN_CUBE, LOAN_CUBE_COLUMNS, LOAN_FACTS, MONTHS, PIPELINE_FACTS, REFERENCE_DATE_SQL } from './facts.ts';
import { CUSTOMERS_MISSING_SQL } from './missing-data.ts';
import { query, type Query } from './query.ts';
import { loansAt, monthEnd, whereFor, type MonthEnd } from './where.ts';

/** x / NULLIF(y, 0), as DuckDB divides DOUBLEs. */
export const ratio = (x: number | null, y: number | null): number | null => (x === null || y === null || y === 0 ? null : x / y);

export const NPL_IN = raw(`(${NPL_CLASSES.map(str).join(', ')})`);
export const LOANS = id(LOAN_FACTS);
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
  /**
   * The group key as the dimension types it (a number for an industry class, a boolean for a flag,
   * text for a code, a date as YYYY-MM-DD, NULL for no value): rows hand it back as a FilterValue.
   */
  key: Fragment;
  /** The label as an aggregate (for GROUP BY queries): a name, else the key as text. */
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
  // The key keeps its column's type (INTEGER, BOOLEAN, VARCHAR: toRows makes them plain numbers,
  // booleans and text); the label is its text, as the key was before keys were typed.
  const key = dim.type === 'date' ? sql`strftime(${id(dim.key)}, '%Y-%m-%d')` : id(dim.key);
  const text = dim.type === 'date' || dim.type === 'text' ? key : sql`CAST(${key} AS VARCHAR)`;
  if (!dim.labelColumn) return { key, label: text, rowLabel: text };
  return { key, label: sql`COALESCE(any_value(${id(dim.labelColumn)}), ${text})`, rowLabel: sql`COALESCE(${id(dim.labelColumn)}, ${text})` };
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
  /** The Strata's rules, for the metrics that read them at query time (lists, cadence); default the rules' defaults. */
  rules?: Rules;
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
