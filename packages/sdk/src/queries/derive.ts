/**
 * The derived layer's statements (see queries/facts.ts for what each table holds): tiers, industry
 * classes and lifecycle groups from the rules as CASE expressions, then the facts and cubes.
 * Fetched by a page when its Strata opens (its own chunk, strata-derive.js), beside the engine's
 * start: none of it is needed to ask a metric.
 */
import type { Rules } from '../rules.ts';
import { NPL_CLASSES, STAGES } from '../schema.ts';
import { ident, num, str } from '../sql/quote.ts';
import {
  BORROWER_CUBE,
  BORROWER_CUBE_CUSTOMER_COLUMNS,
  CUSTOMER_CUBE,
  CUSTOMER_CUBE_COLUMNS,
  CUSTOMER_FACTS,
  HOLDS,
  LATEST_LOAN_FACTS,
  LOAN_CUBE,
  LOAN_CUBE_COLUMNS,
  LOAN_FACTS,
  META,
  MIGRATION_CUBE,
  MIGRATION_CUBE_COLUMNS,
  MONEY,
  MONTHS,
  PIPELINE_FACTS,
  STAGE_BITS,
  type FactsNames,
} from './facts.ts';

const money = (expr: string, name: string) => `CAST(${expr} AS ${MONEY}) AS ${name}`;

function industryClassSql(rules: Rules): string {
  const whens = Object.entries(rules.industryClass)
    .map(([industry, cls]) => `WHEN ${str(industry)} THEN ${num(cls)}`)
    .join(' ');
  return `CASE WHEN c.industry IS NULL THEN NULL ${whens ? `ELSE CASE c.industry ${whens} ELSE 3 END` : 'ELSE 3'} END`;
}

function tierSql(rules: Rules): string {
  const { corporate: co, retail: re } = rules;
  return `CASE WHEN c.kind = 'corporate' THEN
      CASE WHEN COALESCE(c.is_strategic, FALSE) OR COALESCE(c.contribution, 0) >= ${num(co.goldContribution)} THEN 'corp_gold'
           WHEN COALESCE(c.deposits_avg, 0) >= ${num(co.highEndDeposits)} OR COALESCE(c.products_held, 0) >= ${num(co.highEndProducts)} THEN 'corp_high_end'
           WHEN COALESCE(c.deposits_avg, 0) >= ${num(co.midDeposits)} THEN 'corp_mid'
           ELSE 'corp_general' END
    ELSE
      CASE WHEN COALESCE(l.max_business_amount, 0) >= ${num(re.highEndBusinessLoan)} OR COALESCE(c.aum, 0) >= ${num(re.highEndAum)} THEN 'retail_high_end'
           WHEN COALESCE(c.aum, 0) >= ${num(re.potentialAum)} THEN 'retail_potential'
           ELSE 'retail_general' END
    END`;
}

function ownerSql(rules: Rules): string {
  const owners = { ...rules.corporate.owners, ...rules.retail.owners };
  return `CASE c.tier ${Object.entries(owners)
    .map(([tier, owner]) => `WHEN ${str(tier)} THEN ${str(owner)}`)
    .join(' ')} END`;
}

function lifecycleSql(rules: Rules): string {
  const lc = rules.lifecycle;
  return `CASE
      WHEN c.latest_customer IS NULL AND c.ever_customer IS NOT NULL THEN 'churned'
      WHEN c.last_active_date IS NOT NULL AND c.last_active_date <= r.ref_date - ${num(Math.round(lc.dormantDays))} THEN 'dormant'
      WHEN c.open_date IS NOT NULL AND c.open_date >= r.ref_date - ${num(Math.round(lc.newDays))} THEN 'new'
      WHEN COALESCE(c.aum, 0) >= ${num(lc.vipAum)} THEN 'vip'
      WHEN COALESCE(c.is_payroll, FALSE) THEN 'payroll'
      WHEN c.tier = 'retail_potential' THEN 'potential'
      ELSE 'active' END`;
}

const IN_PLACE: FactsNames = { source: (table) => table, derived: (table) => table };

/** Loan rows the loan facts are built from per statement: each statement's output is compressed before the next. */
export const LOAN_FACTS_SLICE_ROWS = 2_000_000;

/**
 * Statements that build the derived layer (from the canonical tables, unless `names` says
 * otherwise). With `loanRows` above LOAN_FACTS_SLICE_ROWS the loan facts are built in slices of
 * loans (by a hash of the loan id), so that 10M rows never sit uncompressed in memory at once.
 */
export function rebuildFactsSql(rules: Rules, names: FactsNames = IN_PLACE, loanRows = 0): string[] {
  const loans = ident(names.source('loans'));
  const customers = ident(names.source('customers'));
  const branches = ident(names.source('branches'));
  const managers = ident(names.source('managers'));
  const pipeline = ident(names.source('pipeline'));
  const holdings = ident(names.source('holdings'));
  const contacts = ident(names.source('contacts'));
  const months = ident(names.derived(MONTHS));
  const meta = ident(names.derived(META));
  const customerFacts = ident(names.derived(CUSTOMER_FACTS));
  /** The latest month end and the one before it, as `latest` and `previous` (one column `d` each). */
  const monthEnds = `latest AS (SELECT latest_as_of AS d FROM ${meta}), previous AS (SELECT max(as_of) AS d FROM ${months} WHERE as_of < (SELECT d FROM latest))`;
  const loanFacts = ident(names.derived(LOAN_FACTS));
  const latestLoanFacts = ident(names.derived(LATEST_LOAN_FACTS));
  const slices = Math.max(1, Math.ceil(loanRows / LOAN_FACTS_SLICE_ROWS));
  /** Per customer id, the stages of its leads as bits (STAGE_BITS). */
  const leadStages = `(SELECT customer_id, bit_or(CASE stage ${STAGES.map((stage) => `WHEN ${str(stage)} THEN ${num(STAGE_BITS[stage]!)}`).join(' ')} ELSE 0 END) AS lead_stages
  FROM ${pipeline} GROUP BY customer_id)`;
  const loanFactsSql = (select: string): string[] => {
    if (slices === 1) return [`CREATE OR REPLACE TABLE ${loanFacts} AS\n${select}`];
    const slice = (k: number) => `${select}\nWHERE hash(l.loan_id) % ${num(slices)} = ${num(k)}`;
    return [`CREATE OR REPLACE TABLE ${loanFacts} AS\n${slice(0)}`, ...Array.from({ length: slices - 1 }, (_, k) => `INSERT INTO ${loanFacts}\n${slice(k + 1)}`)];
  };
  return [
    `CREATE OR REPLACE TABLE ${months} AS SELECT DISTINCT as_of FROM ${loans} WHERE as_of IS NOT NULL ORDER BY as_of`,
    `CREATE OR REPLACE TABLE ${meta} AS
SELECT (SELECT max(as_of) FROM ${months}) AS latest_as_of,
  COALESCE((SELECT max(as_of) FROM ${months}), (SELECT max(COALESCE(updated_at, created_at)) FROM ${pipeline}), (SELECT max(last_active_date) FROM ${customers})) AS ref_date`,
    `CREATE OR REPLACE TABLE ${customerFacts} AS
WITH r AS (SELECT ref_date FROM ${meta}),
latest AS (
  SELECT customer_id, max(CASE WHEN product = 'business' THEN COALESCE(original_amount, balance) END) AS max_business_amount,
    sum(CAST(balance AS ${MONEY})) AS loan_balance, min(maturity_date) FILTER (WHERE maturity_date >= (SELECT ref_date FROM r)) AS next_maturity
  FROM ${loans} WHERE as_of = (SELECT latest_as_of FROM ${meta}) GROUP BY customer_id),
contacted AS (SELECT customer_id, max(contact_date) AS last_contact FROM ${contacts}
  WHERE customer_id IS NOT NULL AND contact_date <= (SELECT ref_date FROM r) GROUP BY customer_id),
ever AS (SELECT DISTINCT customer_id FROM ${loans}),
tiered AS (
  SELECT c.*, l.customer_id AS latest_customer, e.customer_id AS ever_customer, ${tierSql(rules)} AS tier, ${industryClassSql(rules)} AS industry_class,
    COALESCE(l.loan_balance, 0) AS loan_balance, l.next_maturity, k.last_contact
  FROM ${customers} c LEFT JOIN latest l USING (customer_id) LEFT JOIN ever e USING (customer_id) LEFT JOIN contacted k USING (customer_id))
SELECT c.customer_id, c.name AS customer_name, c.kind, c.branch_id, c.manager_id, c.industry, ${money('c.deposits_avg', 'deposits_avg')},
  ${money('c.aum', 'aum')}, c.products_held, c.relationship_type, c.is_strategic, c.is_payroll, c.open_date, c.last_active_date, c.birth_year,
  ${money('c.contribution', 'contribution')}, c.tier, ${ownerSql(rules)} AS tier_owner, c.industry_class,
  ${lifecycleSql(rules)} AS lifecycle, c.latest_customer IS NOT NULL AS has_loan,
  b.name AS branch_name, m.name AS manager_name, COALESCE(ls.lead_stages, 0)::INTEGER AS lead_stages,
  c.employer_id, CAST(c.loan_balance AS ${MONEY}) AS loan_balance, c.next_maturity, CAST(c.next_maturity - r.ref_date AS INTEGER) AS days_to_maturity,
  c.last_contact, CAST(r.ref_date - c.last_contact AS INTEGER) AS days_since_contact, m.role AS manager_role
FROM tiered c CROSS JOIN r
LEFT JOIN ${branches} b ON b.branch_id = c.branch_id
LEFT JOIN ${managers} m ON m.manager_id = c.manager_id
LEFT JOIN ${leadStages} ls ON ls.customer_id = c.customer_id`,
    `CREATE OR REPLACE TABLE ${ident(names.derived(CUSTOMER_CUBE))} AS
WITH ${monthEnds}
SELECT ${CUSTOMER_CUBE_COLUMNS.join(', ')}, count(*) AS customers,
  count(*) FILTER (WHERE open_date IS NULL OR open_date <= (SELECT d FROM latest)) AS customers_latest,
  count(*) FILTER (WHERE open_date IS NULL OR open_date <= (SELECT d FROM previous)) AS customers_previous,
  sum(deposits_avg) AS deposits_avg, sum(contribution) AS contribution
FROM ${customerFacts} GROUP BY ALL`,
    ...loanFactsSql(`SELECT l.as_of, l.loan_id, l.customer_id, COALESCE(l.branch_id, c.branch_id) AS branch_id, l.product, ${money('l.balance', 'balance')},
  l.classification, l.dpd, l.origination_date, l.maturity_date, ${money('l.original_amount', 'original_amount')},
  c.kind, c.tier, c.tier_owner, c.industry, c.industry_class, c.lifecycle, c.has_loan, c.relationship_type, c.is_strategic, c.is_payroll,
  c.manager_id, c.manager_name, c.customer_name, COALESCE(b.name, c.branch_name) AS branch_name, COALESCE(ls.lead_stages, 0)::INTEGER AS lead_stages
FROM ${loans} l LEFT JOIN ${customerFacts} c USING (customer_id)
LEFT JOIN ${branches} b ON b.branch_id = l.branch_id
LEFT JOIN ${leadStages} ls ON ls.customer_id = l.customer_id`),
    `CREATE OR REPLACE TABLE ${latestLoanFacts} AS
SELECT * FROM ${loanFacts} WHERE as_of = (SELECT latest_as_of FROM ${meta})`,
    `CREATE OR REPLACE TABLE ${ident(names.derived(LOAN_CUBE))} AS
SELECT ${LOAN_CUBE_COLUMNS.join(', ')}, count(*) AS loans, sum(balance) AS balance
FROM ${loanFacts} GROUP BY ALL`,
    `CREATE OR REPLACE TABLE ${ident(names.derived(BORROWER_CUBE))} AS
WITH split AS (SELECT count(*) = 0 AS one_branch FROM (SELECT customer_id FROM (SELECT DISTINCT customer_id, branch_id, branch_name FROM ${latestLoanFacts})
  GROUP BY customer_id HAVING count(*) > 1))
SELECT ${BORROWER_CUBE_CUSTOMER_COLUMNS.join(', ')}, CASE WHEN one_branch THEN branch_id END AS branch_id, CASE WHEN one_branch THEN branch_name END AS branch_name,
  count(DISTINCT customer_id) AS borrowers, sum(balance) AS balance,
  sum(balance) FILTER (WHERE classification IN (${NPL_CLASSES.map(str).join(', ')})) AS npl_balance, one_branch
FROM ${latestLoanFacts}, split GROUP BY ALL`,
    `CREATE OR REPLACE TABLE ${ident(names.derived(MIGRATION_CUBE))} AS
WITH ${monthEnds},
t1 AS (SELECT loan_id, classification AS to_class, balance FROM ${loanFacts} WHERE as_of = (SELECT d FROM latest))
SELECT ${MIGRATION_CUBE_COLUMNS.map((c) => `t0.${c}`).join(', ')}, t1.to_class,
  sum(t0.balance) AS balance_from, sum(COALESCE(t1.balance, 0)) AS balance_to,
  COALESCE(sum(t0.balance - t1.balance) FILTER (WHERE t1.balance < t0.balance), 0) AS repaid
FROM ${loanFacts} t0 LEFT JOIN t1 USING (loan_id)
WHERE t0.as_of = (SELECT d FROM previous) GROUP BY ALL`,
    `CREATE OR REPLACE TABLE ${ident(names.derived(PIPELINE_FACTS))} AS
SELECT p.lead_id, p.customer_id, p.campaign_id, COALESCE(p.branch_id, c.branch_id) AS branch_id,
  COALESCE(p.manager_id, c.manager_id) AS manager_id, p.product, p.channel, p.stage, ${money('p.amount', 'amount')}, p.created_at, p.updated_at, p.lost_reason,
  c.kind, c.tier, c.tier_owner, c.industry, c.industry_class, c.lifecycle, c.has_loan, c.relationship_type, c.is_strategic, c.is_payroll,
  c.customer_name, COALESCE(b.name, c.branch_name) AS branch_name, COALESCE(m.name, c.manager_name) AS manager_name
FROM ${pipeline} p LEFT JOIN ${customerFacts} c USING (customer_id)
LEFT JOIN ${branches} b ON b.branch_id = COALESCE(p.branch_id, c.branch_id)
LEFT JOIN ${managers} m ON m.manager_id = COALESCE(p.manager_id, c.manager_id)`,
    `CREATE OR REPLACE TABLE ${ident(names.derived(HOLDS))} AS
SELECT customer_id, product FROM ${loans} WHERE as_of = (SELECT latest_as_of FROM ${meta})
UNION
SELECT h.customer_id, h.product FROM ${holdings} h, ${meta} r WHERE h.opened_on <= r.ref_date AND (h.closed_on IS NULL OR h.closed_on > r.ref_date)`,
  ];
}
