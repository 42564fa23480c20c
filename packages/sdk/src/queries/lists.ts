/**
 * Marketing lists (名单): whom to call, each customer (or lead) with the reason it is on the list.
 * A preset is a condition on one customer's figures at a date (its loans at the month end, what it
 * holds, its last contact), with thresholds from the rules; `clauses` make a list of one's own.
 * The reason is written from the row's own figures (the shape step), so it says what was tested.
 */
import { StrataOptionError } from '../errors.ts';
import type { Rules } from '../rules.ts';
import { id, join, raw, sql, type Fragment } from '../sql/tag.ts';
import { CUSTOMER_FACTS, LOAN_FACTS, MONTHS } from './facts.ts';
import { referenceFragment, type MetricContext } from './metrics.ts';
import { pipelineConditions } from './pipeline.ts';
import { LIST_ORDER_COLUMNS, type ListOrderColumn, type ListPreset } from './list-names.ts';
import { query, type Query } from './query.ts';
import { monthEnd, where, whereFor } from './where.ts';



/** One customer (or, for `overdue_leads`, one lead) of a list, with why it is on it. */
export interface MarketingListRow {
  customer_id: string | null;
  /** The customer's name, masked (张*丰) unless the list was asked `unmasked`. */
  name: string | null;
  kind: string | null;
  tier: string | null;
  /** The owner level of the customer's tier (rules). */
  tier_owner: string | null;
  manager_id: string | null;
  manager_name: string | null;
  /** The manager's post (managers.role). */
  manager_role: string | null;
  branch_id: string | null;
  branch_name: string | null;
  /** Loans at the month end, yuan (0 without a loan). */
  loan_balance: number;
  deposits_avg: number | null;
  aum: number | null;
  /** YYYY-MM-DD: the earliest maturity on or after the list's date of the loans at the month end. */
  next_maturity: string | null;
  days_to_maturity: number | null;
  /** YYYY-MM-DD: the last contact on or before the list's date; null: never contacted. */
  last_contact: string | null;
  days_since_contact: number | null;
  /** The lead, for `overdue_leads`. */
  lead_id: string | null;
  stage: string | null;
  /** Days since the lead's last update (`overdue_leads`). */
  idle_days: number | null;
  /** Why the row is on the list, in Chinese and in English. */
  reason: string;
  reason_en: string;
  /** The employer's name for `payroll_unit` (masked like names). */
  employer_name: string | null;
}


export interface ListQueryOptions {
  preset?: ListPreset;
  /** The list's date (default: the data's reference date); its month end is the latest one on or before it. */
  asOf?: string;
  /** maturing: within this many days (default 90); overdue_leads: idle more than this many days (default 14). */
  days?: number;
  /** overdue_leads: the campaign (default: the current one, as overdueFollowUps). */
  campaign?: string;
  orderBy?: { column: ListOrderColumn; descending?: boolean };
  offset: number;
  limit: number;
}

type Condition = (rules: Rules, days: number | undefined) => Fragment;

/** `customer_id` holds `product` at the list's date: a loan of it at the month end, or a holding open then. */
const holds = (product: string): Fragment =>
  sql`(c.customer_id IN (SELECT customer_id FROM ${id(LOAN_FACTS)} WHERE as_of = (SELECT month_end FROM d) AND product = ${product})
    OR c.customer_id IN (SELECT customer_id FROM holdings WHERE product = ${product} AND opened_on <= (SELECT ref FROM d) AND (closed_on IS NULL OR closed_on > (SELECT ref FROM d))))`;
const noLoan = raw('l.customer_id IS NULL');

/** The days of the cadence of the tier in `tier` (NULL: the tier has none), each value bound. */
export const cadenceDays = (cadence: Rules['cadence'], tier: Fragment): Fragment =>
  sql`(CASE ${tier} ${join(Object.entries(cadence).map(([name, days]) => sql`WHEN ${name} THEN CAST(${days} AS INTEGER)`), ' ')} END)`;

/** Each customer preset's condition (on `c` the customer facts, `l` its loans at the month end, `d` the dates). */
const CONDITIONS: Record<Exclude<ListPreset, 'overdue_leads'>, Condition> = {
  mortgage_without_consumer: () => sql`${holds('mortgage')} AND NOT ${holds('consumer')}`,
  wealth_without_loan: ({ lists: t }) => sql`${noLoan} AND (COALESCE(c.aum, 0) >= ${t.wealthAum} OR COALESCE(c.deposits_avg, 0) >= ${t.wealthAum})`,
  card_without_loan: () => sql`${holds('credit_card')} AND ${noLoan}`,
  maturing: (_, days) => sql`l.next_maturity <= (SELECT ref FROM d) + CAST(${days ?? 90} AS INTEGER)`,
  // Had a loan before the month end, none at it, and never a month worse than pass.
  paid_off_good: () => sql`${noLoan} AND c.customer_id IN (SELECT customer_id FROM ${id(LOAN_FACTS)} WHERE as_of < (SELECT month_end FROM d)
    GROUP BY customer_id HAVING bool_and(classification = 'pass'))`,
  no_loan: () => sql`${noLoan} AND (COALESCE(c.deposits_avg, 0) > 0 OR COALESCE(c.aum, 0) > 0)`,
  large_borrowers: ({ lists: t }) => sql`l.loan_balance >= ${t.largeBorrower}`,
  payroll_unit: () => sql`c.kind = 'retail' AND e.customer_id IS NOT NULL`,
  merchants: ({ lists: t }) => sql`${holds('acquiring')} AND c.last_active_date >= (SELECT ref FROM d) - CAST(${t.activeDays} AS INTEGER)`,
  handoff: () => raw('c.tier_owner IS DISTINCT FROM c.manager_role AND c.tier_owner IS NOT NULL AND c.manager_role IS NOT NULL'),
  // A tier with a cadence (rules.cadence) whose customer had no contact within it.
  behind_cadence: ({ cadence }) => {
    const days = cadenceDays(cadence, raw('c.tier'));
    return sql`${days} IS NOT NULL AND (k.last_contact IS NULL OR (SELECT ref FROM d) - k.last_contact > ${days})`;
  },
};

const ORDER_DEFAULT: Record<ListPreset, { column: ListOrderColumn; descending?: boolean }> = {
  mortgage_without_consumer: { column: 'loan_balance', descending: true },
  wealth_without_loan: { column: 'aum', descending: true },
  card_without_loan: { column: 'deposits_avg', descending: true },
  maturing: { column: 'next_maturity' },
  paid_off_good: { column: 'deposits_avg', descending: true },
  no_loan: { column: 'deposits_avg', descending: true },
  large_borrowers: { column: 'loan_balance', descending: true },
  payroll_unit: { column: 'branch_name' },
  merchants: { column: 'deposits_avg', descending: true },
  overdue_leads: { column: 'idle_days', descending: true },
  handoff: { column: 'customer_id' },
  behind_cadence: { column: 'days_since_contact', descending: true },
};

function orderFragment(preset: ListPreset | undefined, orderBy: ListQueryOptions['orderBy'], key: string): Fragment {
  const order = orderBy ?? (preset ? ORDER_DEFAULT[preset] : { column: 'customer_id' as const });
  if (!(LIST_ORDER_COLUMNS as readonly string[]).includes(order.column)) {
    throw new StrataOptionError('orderBy.column', order.column, `one of ${LIST_ORDER_COLUMNS.join(', ')}`);
  }
  // The key breaks ties, so that pages never overlap or skip rows.
  return sql`${id(order.column)} ${raw(order.descending ? 'DESC' : 'ASC')} NULLS LAST, ${id(key)} ASC`;
}

/** The list's date and its month end. */
const datesCte = (asOf: string | undefined, ctx: MetricContext) => {
  const ref = referenceFragment(asOf, ctx.defaults);
  return sql`d AS (SELECT CAST(${ref} AS DATE) AS ref, (SELECT max(as_of) FROM ${id(MONTHS)} WHERE as_of <= CAST(${ref} AS DATE)) AS month_end)`;
};

/** Per customer, at the list's date: loans at the month end, the last contact, the employer if a payroll unit. */
const customerCtes = sql`l AS (SELECT customer_id, sum(balance) AS loan_balance, min(maturity_date) FILTER (WHERE maturity_date >= (SELECT ref FROM d)) AS next_maturity
    FROM ${id(LOAN_FACTS)} WHERE as_of = (SELECT month_end FROM d) GROUP BY customer_id),
  k AS (SELECT customer_id, max(contact_date) AS last_contact FROM contacts WHERE customer_id IS NOT NULL AND contact_date <= (SELECT ref FROM d) GROUP BY customer_id),
  e AS (SELECT customer_id, customer_name FROM ${id(CUSTOMER_FACTS)} u WHERE COALESCE(is_payroll, FALSE)
    OR customer_id IN (SELECT customer_id FROM holdings WHERE product = 'payroll' AND opened_on <= (SELECT ref FROM d) AND (closed_on IS NULL OR closed_on > (SELECT ref FROM d))))`;

const customerColumns = sql`c.customer_id, c.customer_name AS name, c.kind, c.tier, c.tier_owner, c.manager_id, c.manager_name, c.manager_role, c.branch_id, c.branch_name,
  CAST(COALESCE(l.loan_balance, 0) AS DOUBLE) AS loan_balance, CAST(c.deposits_avg AS DOUBLE) AS deposits_avg, CAST(c.aum AS DOUBLE) AS aum,
  strftime(l.next_maturity, '%Y-%m-%d') AS next_maturity, CAST(l.next_maturity - (SELECT ref FROM d) AS DOUBLE) AS days_to_maturity,
  strftime(k.last_contact, '%Y-%m-%d') AS last_contact, CAST((SELECT ref FROM d) - k.last_contact AS DOUBLE) AS days_since_contact`;

/** A list's rows (WITH … SELECT … WHERE, unsorted) and the key that sorts ties: for a page or a count. */
export function listSelect(ctx: MetricContext, rules: Rules, options: Omit<ListQueryOptions, 'offset' | 'limit' | 'orderBy'>): { select: Fragment; key: string } {
  const dates = datesCte(options.asOf, ctx);
  if (options.preset === 'overdue_leads') {
    const days = options.days ?? 14;
    const conditions = where(pipelineConditions(ctx, options.campaign));
    const select = sql`WITH ${dates}, ${customerCtes},
  p AS (SELECT *, datediff('day', COALESCE(updated_at, created_at), (SELECT ref FROM d)) AS idle FROM strata_pipeline_facts ${conditions})
SELECT p.customer_id, p.customer_name AS name, p.kind, p.tier, p.tier_owner, p.manager_id, p.manager_name, m.role AS manager_role, p.branch_id, p.branch_name,
  CAST(COALESCE(l.loan_balance, 0) AS DOUBLE) AS loan_balance, CAST(c.deposits_avg AS DOUBLE) AS deposits_avg, CAST(c.aum AS DOUBLE) AS aum,
  strftime(l.next_maturity, '%Y-%m-%d') AS next_maturity, CAST(l.next_maturity - (SELECT ref FROM d) AS DOUBLE) AS days_to_maturity,
  strftime(k.last_contact, '%Y-%m-%d') AS last_contact, CAST((SELECT ref FROM d) - k.last_contact AS DOUBLE) AS days_since_contact,
  p.lead_id, p.stage, CAST(p.idle AS DOUBLE) AS idle_days, NULL AS employer_name
FROM p LEFT JOIN ${id(CUSTOMER_FACTS)} c USING (customer_id) LEFT JOIN l USING (customer_id) LEFT JOIN k USING (customer_id)
LEFT JOIN managers m ON m.manager_id = p.manager_id
WHERE p.stage NOT IN ('disbursed', 'lost') AND p.idle > CAST(${days} AS INTEGER)`;
    return { select, key: 'lead_id' };
  }
  const presetCondition = options.preset ? [CONDITIONS[options.preset](rules, options.days)] : [];
  const conditions = [...presetCondition, ...whereFor('customers', ctx.clauses, monthEnd(raw('(SELECT month_end FROM d)'), false), 'c', ctx.plain)];
  const select = sql`WITH ${dates}, ${customerCtes}
SELECT ${customerColumns}, NULL AS lead_id, NULL AS stage, NULL AS idle_days, e.customer_name AS employer_name
FROM ${id(CUSTOMER_FACTS)} c LEFT JOIN l USING (customer_id) LEFT JOIN k USING (customer_id) LEFT JOIN e ON e.customer_id = c.employer_id
${where(conditions)}`;
  return { select, key: 'customer_id' };
}

/** The statement of one page of a list. */
export function listQuery(ctx: MetricContext, rules: Rules, options: ListQueryOptions): Query<Omit<MarketingListRow, 'reason' | 'reason_en'>> {
  const { select, key } = listSelect(ctx, rules, options);
  return query(sql`${select}
ORDER BY ${orderFragment(options.preset, options.orderBy, key)} LIMIT CAST(${options.limit} AS BIGINT) OFFSET CAST(${options.offset} AS BIGINT)`);
}
