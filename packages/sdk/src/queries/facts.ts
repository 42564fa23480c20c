/**
 * The derived layer every metric reads, by name: customers with their tier, industry class,
 * lifecycle group and whether they have a loan at the latest month end (`has_loan`), loan and
 * pipeline rows joined to them, and the cubes. Rebuilt after each load and each change of rules
 * (its statements are in queries/derive.ts). All are tables, not views: the joins are paid once
 * per load instead of on every query of every click (BENCHMARKS.md).
 */
import { STAGES } from '../schema.ts';
import { raw } from '../sql/tag.ts';

export const CUSTOMER_FACTS = 'strata_customer_facts';
export const LOAN_FACTS = 'strata_loan_facts';
/**
 * The loan facts at the latest month end, row for row: what a metric reads at the default month
 * end (one month of the history's rows). Its own table because the loan facts are not ordered by
 * month, so a filter on one month still scans every month's rows.
 */
export const LATEST_LOAN_FACTS = 'strata_latest_loan_facts';
export const PIPELINE_FACTS = 'strata_pipeline_facts';
/**
 * What each customer holds, one row per customer and product: the loan products of its loans at
 * the latest month end and the holdings products open at the reference date. The `holds` filter reads it.
 */
export const HOLDS = 'strata_holds';
/**
 * The loan facts summed per month end and per value of the fields a dashboard's clicks select on:
 * a few thousand rows however many loans there are. A metric that groups and filters only by these
 * columns and adds only counts and sums reads it instead of the loan facts (queries/metrics.ts);
 * money being exact, the totals are the same to the last bit.
 */
export const LOAN_CUBE = 'strata_loan_cube';
/**
 * The loan-fact columns the loan cube keeps, besides its sums (`loans`, `balance`). `lead_stages`
 * (on the loan and customer facts too) answers a filter on the pipeline's stage: the customers with
 * a lead at that stage are picked by these bits (STAGE_BITS, queries/where.ts), not by a subquery
 * on the leads over every row.
 */
export const LOAN_CUBE_COLUMNS = ['as_of', 'kind', 'tier', 'tier_owner', 'industry_class', 'has_loan', 'branch_id', 'branch_name', 'classification', 'lead_stages'] as const;
/**
 * The customer facts counted and summed per value of the customer fields a dashboard's clicks select
 * on (`customers`, `deposits_avg`, `contribution`), with the customers opened by the latest and by
 * the previous month end (`customers_latest`, `customers_previous`, for the kpis). Each customer is
 * in one row, so a count over any of its columns is exact.
 */
export const CUSTOMER_CUBE = 'strata_customer_cube';
/** The customer-fact columns the customer cube keeps. */
export const CUSTOMER_CUBE_COLUMNS = ['kind', 'tier', 'tier_owner', 'industry_class', 'has_loan', 'branch_id', 'branch_name', 'lead_stages'] as const;
/**
 * Borrowers (customers with a loan) at the latest month end, counted per customer field of the loan
 * facts, with their balance and non-performing balance: segments reads it for the default month
 * end. Borrowers are a distinct count, which a sum over loan-cube rows cannot give (a customer's
 * loans may sit in several classes or branches). These columns are the customer's own, one value
 * per customer, so each borrower is in one row and a sum of these counts is exact. A loan's branch
 * is kept (`branch_id`, `branch_name`) only where every borrower's loans that month are at one
 * branch (`one_branch`, the same on every row; read into DataDefaults); otherwise both are NULL.
 * A loan's class is not kept.
 */
export const BORROWER_CUBE = 'strata_borrower_cube';
/** The customer's own fields the borrower cube keeps. */
export const BORROWER_CUBE_CUSTOMER_COLUMNS = ['kind', 'tier', 'tier_owner', 'industry_class', 'has_loan', 'lead_stages'] as const;
/** The loan-fact columns the borrower cube keeps (the branch's only where it is one per borrower). */
export const BORROWER_CUBE_COLUMNS = [...BORROWER_CUBE_CUSTOMER_COLUMNS, 'branch_id', 'branch_name'] as const;
/** The bit of each pipeline stage in a loan's `lead_stages`: the stages its customer's leads are at, in any campaign. */
export const STAGE_BITS: Readonly<Record<string, number>> = Object.fromEntries(STAGES.map((stage, i) => [stage, 1 << i]));
/**
 * The default migration (the month end before the latest to the latest) summed per loan-cube
 * column at the first month end (`classification` is the starting class) and class at the second
 * (`to_class`, NULL for loans gone): balances at both month ends (`balance_from`, `balance_to`) and
 * the repayment of loans still there (`repaid`). The migration metrics read it for the default
 * months when their clauses are on its columns: the join of two months' loans is paid once per load.
 */
export const MIGRATION_CUBE = 'strata_migration_cube';
/** The loan-cube columns the migration cube keeps (all but the month end), besides `to_class` and its sums. */
export const MIGRATION_CUBE_COLUMNS = LOAN_CUBE_COLUMNS.filter((c) => c !== 'as_of');

/** The loans' month ends, one row each, ascending. */
export const MONTHS = 'strata_months';
/** One row: the latest month end and the reference date, worked out once per load. */
export const META = 'strata_meta';
/** Whether the borrower cube keeps branches (see BORROWER_CUBE); true without borrowers. */
export const BORROWERS_AT_ONE_BRANCH_SQL = raw(`(SELECT COALESCE(bool_and(one_branch), TRUE) FROM ${BORROWER_CUBE})`);

/**
 * Money in the derived layer: exact to 0.0001 yuan, so that a sum is the same whatever order its
 * rows are added in (a total of partial sums, from the loan cube, equals the direct sum to the
 * last bit). Loads reject amounts beyond its range (MAX_MONEY).
 */
export const MONEY = 'DECIMAL(18,4)';
/** The largest amount, in yuan, the derived layer holds (exclusive): 10^14, a hundred trillion. */
export const MAX_MONEY = 1e14;
/** The reference date of "now" in the data: the latest month end, else the latest activity. */
export const REFERENCE_DATE_SQL = raw(`(SELECT ref_date FROM ${META})`);
/** The latest month end in the loans. */
export const LATEST_AS_OF_SQL = raw(`(SELECT latest_as_of FROM ${META})`);

/** The pre-aggregated tables (built at each load, after the facts they sum). */
export const CUBES = [CUSTOMER_CUBE, LOAN_CUBE, BORROWER_CUBE, MIGRATION_CUBE] as const;

/** The derived tables, in the order they are built. */
export const DERIVED_TABLES = [MONTHS, META, CUSTOMER_FACTS, CUSTOMER_CUBE, LOAN_FACTS, LATEST_LOAN_FACTS, LOAN_CUBE, BORROWER_CUBE, MIGRATION_CUBE, PIPELINE_FACTS, HOLDS] as const;
export type DerivedTable = (typeof DERIVED_TABLES)[number];

/**
 * Which tables the derived layer is built from and into: by default from the canonical tables
 * in place; a load builds it from its staged tables into new names, then swaps them in.
 */
export interface FactsNames {
  source: (table: 'branches' | 'managers' | 'customers' | 'loans' | 'pipeline' | 'holdings' | 'contacts') => string;
  derived: (table: DerivedTable) => string;
}

