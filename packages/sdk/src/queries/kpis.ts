/**
 * The headline figures: loans, balance, NPL and special-mention ratios, customers, deposits, and the
 * current campaign's loan-amount actual, target, 完成率 and 序时进度, each at the month end and the
 * one before.
 */
import { DIMENSIONS, type DimensionName, type Fact } from '../dimensions.ts';
import type { FilterClause } from '../filters.ts';
import { str } from '../sql/quote.ts';
import { id, join, raw, sql, type Fragment } from '../sql/tag.ts';
import { CUSTOMER_CUBE, CUSTOMER_CUBE_COLUMNS, CUSTOMER_FACTS, MONTHS } from './facts.ts';
import { actualSql, countsTowardsTarget, fieldList, paceSql, periodSql, readFieldList, targetsFrom, untargetedFields, type Period } from './attainment.ts';
import {
  asOfFragment,
  campaignFragment,
  cubeCovers,
  loanConditions,
  loanSource,
  NPL_IN,
  PIPELINE,
  previousAsOfFragment,
  ratio,
  type MetricContext,
} from './metrics.ts';
import { requireCustomers } from './missing-data.ts';
import { query, shapedQuery, type Query } from './query.ts';
import { where, whereFor, type MonthEnd } from './where.ts';

export type KpiName =
  | 'loans'
  | 'balance'
  | 'npl_ratio'
  | 'special_mention_ratio'
  | 'customers'
  | 'deposits'
  | 'attainment'
  | 'pace'
  | 'actual'
  | 'target'
  | 'actual_share';

export interface KpiRow {
  metric: KpiName;
  value: number | null;
  /** The same figure at the previous month end (null where the data has no history). */
  previous: number | null;
  change: number | null;
  as_of: string | null;
  previous_as_of: string | null;
  /** The campaign's period at the month end, on the attainment, pace, actual and target rows (null without a campaign); null on the others. */
  period: Period | null;
  /** The fields of the current filters the targets do not follow ([] when none), on every row. */
  untargeted: DimensionName[];
}

/** The filter fields the kpis' target follows: a manager clause picks those managers' targets, else a branch clause those branches'. */
export const TARGETED: readonly DimensionName[] = ['branch', 'manager'];

/**
 * What the kpis' statement returns: one row per part (the rest of its columns NULL), all numbers
 * DOUBLE. The statement states what else shapes its figures (results are cached by statement).
 */
export interface KpiPartRow {
  /** `…_previous`: the figure at the month end before, where the filters select other rows there (see kpisQuery). */
  part: 'months' | 'loans' | 'customers' | 'customers_previous' | 'campaign' | 'target' | 'actual' | 'actual_previous' | 'base' | 'base_previous';
  as_of: string | null;
  previous_as_of: string | null;
  /** The untargeted fields, comma-separated (part `months`). */
  untargeted: string | null;
  /** Whether the data has loans at the month end and the one before (part `months`): else its loan figures are null. */
  has_loans: boolean | null;
  has_loans_p: boolean | null;
  /** No customer file (part `months`): no customers or deposits. */
  customers_missing: boolean | null;
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
  period: Period | null;
  target: number | null;
  /** The actual under the filters (part `actual`), or under only the targeted ones (part `base`). */
  actual: number | null;
  actual_p: number | null;
}

/** The kpis' rows (a figure each, at the month end and the one before) from the parts of its statement. */
export function kpiRows(parts: readonly KpiPartRow[]): KpiRow[] {
  const part = (name: KpiPartRow['part']) => parts.find((p) => p.part === name);
  const months = part('months')!;
  const untargeted = readFieldList(months.untargeted);
  const customersMissing = months.customers_missing === true;
  // A loan figure where the data has no loans at that month end is null, not 0.
  const raw = part('loans')!;
  const at = (value: number | null) => (months.has_loans ? value : null);
  const atPrevious = (value: number | null) => (months.has_loans_p ? value : null);
  const loans = {
    loans: at(raw.loans),
    balance: at(raw.balance),
    npl_balance: at(raw.npl_balance),
    special_mention_balance: at(raw.special_mention_balance),
    loans_p: atPrevious(raw.loans_p),
    balance_p: atPrevious(raw.balance_p),
    npl_balance_p: atPrevious(raw.npl_balance_p),
    special_mention_balance_p: atPrevious(raw.special_mention_balance_p),
  };
  const customers = part('customers')!;
  const customersBefore = part('customers_previous') ?? customers;
  const campaign = part('campaign');
  const target = part('target')?.target ?? null;
  const actual = part('actual');
  const actualBefore = part('actual_previous') ?? actual;
  const base = part('base');
  const baseBefore = part('base_previous') ?? base;
  const period = campaign?.period ?? null;
  // Before the start (pace NULL) and under a filter targets do not follow there is no 完成率.
  const attainment = (a: number | null | undefined, pace: number | null | undefined) =>
    untargeted.length > 0 || pace === null || pace === undefined ? null : ratio(a ?? null, target);
  // Without a previous month end there is no previous figure (not a figure of zero).
  const before = <T>(value: T): T | null => (months.previous_as_of === null ? null : value);
  const figures: [KpiName, number | null, number | null, boolean][] = [
    ['loans', loans.loans, loans.loans_p, false],
    ['balance', loans.balance, loans.balance_p, false],
    ['npl_ratio', ratio(loans.npl_balance, loans.balance), ratio(loans.npl_balance_p, loans.balance_p), false],
    ['special_mention_ratio', ratio(loans.special_mention_balance, loans.balance), ratio(loans.special_mention_balance_p, loans.balance_p), false],
    // Without the customer file there is no count of customers or deposits (not a count of zero).
    ['customers', customersMissing ? null : customers.customers, customersMissing ? null : before(customersBefore.customers_p), false],
    ['deposits', customersMissing ? null : customers.deposits, null, false],
    ['attainment', attainment(actual?.actual, campaign?.pace), before(attainment(actualBefore?.actual_p, campaign?.pace_p)), true],
    ['pace', campaign?.pace ?? null, before(campaign?.pace_p ?? null), true],
    ['actual', campaign ? (actual?.actual ?? null) : null, campaign ? before(actualBefore?.actual_p ?? null) : null, true],
    ['target', target, before(target), true],
    [
      'actual_share',
      untargeted.length > 0 && campaign ? ratio(actual?.actual ?? null, base?.actual ?? null) : null,
      untargeted.length > 0 && campaign ? before(ratio(actualBefore?.actual_p ?? null, baseBefore?.actual_p ?? null)) : null,
      false,
    ],
  ];
  return figures.map(([metric, value, previous, campaignFigure]) => ({
    metric,
    value,
    previous,
    change: value === null || previous === null ? null : value - previous,
    as_of: months.as_of,
    previous_as_of: months.previous_as_of,
    period: campaignFigure ? period : null,
    untargeted,
  }));
}

export function kpisQuery(ctx: MetricContext, options: { asOf?: string; campaign?: string }): Query<KpiRow> {
  return shapedQuery(kpisParts(ctx, options, { loansAndCustomers: true, actuals: true }), kpiRows);
}

/**
 * The kpis' statement without its loan and customer parts, and without the campaign's actuals
 * and the untargeted fields unless `actuals` (its month ends, campaign and target: small tables,
 * and the same statement while the branch and manager clauses stay), for the cubes held in memory
 * and the caller to give the rest (cubes/kpis.ts).
 */
export function kpisCampaignQuery(ctx: MetricContext, options: { asOf?: string; campaign?: string }, actuals: boolean): Query<KpiPartRow> {
  return query<KpiPartRow>(kpisParts(ctx, options, { loansAndCustomers: false, actuals }));
}

/** The kpis' parts as one statement of UNION ALL BY NAME, with or without the loan and customer parts and the actuals. */
function kpisParts(ctx: MetricContext, options: { asOf?: string; campaign?: string }, parts: { loansAndCustomers: boolean; actuals: boolean }): Fragment {
  requireCustomers(ctx, ['loans', 'customers', 'pipeline']);
  const asOf = asOfFragment(options.asOf, ctx.defaults);
  const previous = previousAsOfFragment(options.asOf, ctx.defaults);
  // The two month ends: the data's defaults as constants, else worked out once in CTEs (cur, prev)
  // and joined where used. Only these two are scanned: every month would grow with the history kept.
  const constants = !options.asOf && ctx.defaults !== undefined;
  const [cur, prev] = constants ? [asOf, previous] : [raw('cur.d'), raw('prev.d')];
  const months = raw(constants ? '' : ', cur, prev');
  const loans = loanSource(ctx, []);
  const loanWhere = where([sql`as_of IN (${cur}, ${prev})`, ...loanConditions(ctx, asOf)]);
  /**
   * A clause on a loan field (a class, say) selects customers and leads by their loans at a month
   * end: the figure at the month end before then selects by the loans at that month end (it is the
   * same figure, worked out there), in a part of its own.
   */
  const throughLoans = (fact: Fact, clauses: readonly FilterClause[]) =>
    clauses.some((c) => !(DIMENSIONS[c.field].facts as readonly Fact[]).includes(fact) && (DIMENSIONS[c.field].facts as readonly Fact[]).includes('loans'));
  const customerWhere = (monthEnd: MonthEnd) => where(whereFor('customers', ctx.clauses, monthEnd, '', ctx.plain));
  // The customer cube counts customers opened by the default month ends only.
  const customerCube = constants && cubeCovers(ctx, [], CUSTOMER_CUBE_COLUMNS, 'customers');
  const campaign = campaignFragment(options.campaign, options.asOf, ctx.defaults);
  const theCampaign = sql`c.campaign_id = ${campaign}`;
  const untargeted = untargetedFields(ctx.clauses, TARGETED);
  const targets = targetsFrom(ctx.clauses, ctx.clauses.some((c) => c.field === 'manager') ? 'manager' : 'branch', 'loan_amount');
  // Each loan figure at a month end: NULL where the data has no loans at it, summed as 0 where the
  // filters leave none of them (kpiRows tells the two apart by the month ends the data has).
  const atMonth = (suffix: string, d: Fragment) => {
    const sumWhere = (condition: Fragment) => sql`COALESCE(sum(balance) FILTER (WHERE as_of = ${d} AND ${condition}), 0)`;
    const s = raw(suffix);
    return sql`${loans.countWhere(sql`as_of = ${d}`)}::DOUBLE AS loans${s},
  (${sumWhere(raw('TRUE'))})::DOUBLE AS balance${s},
  (${sumWhere(sql`classification IN ${NPL_IN}`)})::DOUBLE AS npl_balance${s},
  (${sumWhere(raw(`classification = 'special_mention'`))})::DOUBLE AS special_mention_balance${s}`;
  };
  /** The campaign's loan-amount actual at both month ends, under `clauses`, as the part `part` (and `…_previous`). */
  const actuals = (part: 'actual' | 'base', clauses: readonly FilterClause[]) => {
    const select = (name: KpiPartRow['part'], columns: Fragment, monthEnd: MonthEnd) => {
      const w = where([theCampaign, raw(`p.campaign_id = c.campaign_id AND p.stage = 'disbursed'`), ...whereFor('pipeline', clauses, monthEnd, 'p', ctx.plain)]);
      return sql`
UNION ALL BY NAME
SELECT ${raw(str(name))} AS part, ${columns} FROM ${PIPELINE} p, campaigns c${months} ${w}`;
    };
    const now = sql`(${actualSql('loan_amount', countsTowardsTarget(cur, 'p'))})::DOUBLE AS actual`;
    const before = sql`(${actualSql('loan_amount', countsTowardsTarget(prev, 'p'))})::DOUBLE AS actual_p`;
    return throughLoans('pipeline', clauses)
      ? sql`${select(part, now, asOf)}${select(`${part}_previous`, before, previous)}`
      : select(part, sql`${now},\n  ${before}`, asOf);
  };
  // Each part a plain aggregate (one row; the campaign's, none without a campaign), the figures made
  // from them by kpiRows: planning one statement of joins and CTEs over these parts cost more than
  // all their scans.
  const customers = customerCube
    ? sql`SELECT 'customers' AS part, COALESCE(sum(customers_latest), 0)::DOUBLE AS customers, COALESCE(sum(customers_previous), 0)::DOUBLE AS customers_p,
  COALESCE(sum(deposits_avg), 0)::DOUBLE AS deposits FROM ${id(CUSTOMER_CUBE)} `
    : sql`SELECT 'customers' AS part, (count(*) FILTER (WHERE open_date IS NULL OR open_date <= ${cur}))::DOUBLE AS customers,
  (count(*) FILTER (WHERE open_date IS NULL OR open_date <= ${prev}))::DOUBLE AS customers_p, COALESCE(sum(deposits_avg), 0)::DOUBLE AS deposits FROM ${id(CUSTOMER_FACTS)}${months} `;
  const customersBefore = sql`
UNION ALL BY NAME
SELECT 'customers_previous' AS part, (count(*) FILTER (WHERE open_date IS NULL OR open_date <= ${prev}))::DOUBLE AS customers_p FROM ${id(CUSTOMER_FACTS)}${months} ${customerWhere(previous)}`;
  const loansAndCustomers = sql`
UNION ALL BY NAME
SELECT 'loans' AS part, ${atMonth('', cur)},
  ${atMonth('_p', prev)}
  FROM ${loans.from}${months} ${loanWhere}
UNION ALL BY NAME
${customers}${customerWhere(asOf)}${throughLoans('customers', ctx.clauses) ? customersBefore : raw('')}`;
  const monthsPart = constants
    ? sql`TRUE AS has_loans, ${prev} IS NOT NULL AS has_loans_p`
    : sql`${cur} IN (SELECT as_of FROM ${id(MONTHS)}) AS has_loans, ${prev} IN (SELECT as_of FROM ${id(MONTHS)}) AS has_loans_p`;
  const actualParts = parts.actuals
    ? [actuals('actual', ctx.clauses), ...(untargeted.length > 0 ? [actuals('base', ctx.clauses.filter((c) => TARGETED.includes(c.field)))] : [])]
    : [];
  return sql`${constants ? raw('') : sql`WITH cur AS (SELECT ${asOf} AS d), prev AS (SELECT ${previous} AS d)\n`}SELECT 'months' AS part, strftime(${cur}, '%Y-%m-%d') AS as_of, strftime(${prev}, '%Y-%m-%d') AS previous_as_of,
  ${monthsPart},
  ${parts.actuals ? fieldList(untargeted) : raw('NULL')} AS untargeted, ${raw(ctx.customersMissing ? 'TRUE' : 'FALSE')} AS customers_missing${raw(constants ? '' : ' FROM cur, prev')}${parts.loansAndCustomers ? loansAndCustomers : raw('')}
UNION ALL BY NAME
SELECT 'campaign' AS part, ${paceSql(cur)} AS pace, ${paceSql(prev)} AS pace_p, ${periodSql(cur)} AS period FROM campaigns c${months} WHERE ${theCampaign}
UNION ALL BY NAME
SELECT 'target' AS part, sum(t.target)::DOUBLE AS target FROM ${targets.from}, campaigns c ${where([raw('t.campaign_id = c.campaign_id'), theCampaign, ...targets.conditions])}${join(actualParts, '')}`;
}
