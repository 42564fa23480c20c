/**
 * The rows behind the current selection (customer and loan lists, a page at a time), their count,
 * and the pickers' lists (month ends, campaigns). Every value is bound; every identifier goes
 * through `id`; a sort column must be one of the list's own columns.
 */
import { StrataOptionError } from '../errors.ts';
import type { CampaignRow } from '../schema.ts';
import { ident, str } from '../sql/quote.ts';
import { id, join, raw, sql, type Fragment } from '../sql/tag.ts';
import { CUSTOMER_FACTS, LOAN_FACTS, MONTHS } from './facts.ts';
import { asOfFragment, campaignFragment, type MetricContext } from './metrics.ts';
import { requireCustomers } from './missing-data.ts';
import { query, type Query } from './query.ts';
import { loansAt, where, whereFor } from './where.ts';

/** Which list: customers (strata_customer_facts) or loans at one month end (strata_loan_facts). */
export const ROWS_TABLES = ['customers', 'loans'] as const;
export type RowsTable = (typeof ROWS_TABLES)[number];

/** One customer of the list. */
export interface CustomerListRow {
  customer_id: string;
  customer_name: string | null;
  kind: string;
  tier: string | null;
  industry: string | null;
  industry_class: number | null;
  lifecycle: string | null;
  /** Has a loan at the latest month end (false: 存量无贷户 when it holds deposits or AUM). */
  has_loan: boolean | null;
  branch_name: string | null;
  manager_name: string | null;
  deposits_avg: number | null;
  aum: number | null;
  contribution: number | null;
}

/** One loan of the list, at the month end asked for. */
export interface LoanListRow {
  loan_id: string;
  customer_id: string;
  customer_name: string | null;
  product: string;
  balance: number;
  classification: string;
  dpd: number | null;
  branch_name: string | null;
  manager_name: string | null;
  /** YYYY-MM-DD. */
  origination_date: string | null;
}

export type ListRow<T extends RowsTable> = T extends 'customers' ? CustomerListRow : LoanListRow;

/** A column of a list and its item of the SELECT list (casts keep rows plain numbers and text). */
interface ListColumn {
  name: string;
  select: Fragment;
}

const col = (name: string, cast?: 'DOUBLE' | 'date'): ListColumn => ({
  name,
  select:
    cast === 'DOUBLE' ? sql`CAST(${id(name)} AS DOUBLE) AS ${id(name)}` : cast === 'date' ? sql`strftime(${id(name)}, '%Y-%m-%d') AS ${id(name)}` : id(name),
});

/** The columns of each list, in order: also the whitelist of sort columns. */
const LISTS: Record<RowsTable, { fact: string; key: string; columns: readonly ListColumn[] }> = {
  customers: {
    fact: CUSTOMER_FACTS,
    key: 'customer_id',
    columns: [
      col('customer_id'),
      col('customer_name'),
      col('kind'),
      col('tier'),
      col('industry'),
      col('industry_class', 'DOUBLE'),
      col('lifecycle'),
      col('has_loan'),
      col('branch_name'),
      col('manager_name'),
      col('deposits_avg', 'DOUBLE'),
      col('aum', 'DOUBLE'),
      col('contribution', 'DOUBLE'),
    ],
  },
  loans: {
    fact: LOAN_FACTS,
    key: 'loan_id',
    columns: [
      col('loan_id'),
      col('customer_id'),
      col('customer_name'),
      col('product'),
      col('balance', 'DOUBLE'),
      col('classification'),
      col('dpd', 'DOUBLE'),
      col('branch_name'),
      col('manager_name'),
      col('origination_date', 'date'),
    ],
  },
};

/** The column names of a list, in order (the sort whitelist). */
export const LIST_COLUMNS: { readonly [T in RowsTable]: readonly (keyof ListRow<T> & string)[] } = {
  customers: LISTS.customers.columns.map((c) => c.name) as (keyof CustomerListRow & string)[],
  loans: LISTS.loans.columns.map((c) => c.name) as (keyof LoanListRow & string)[],
};

/** Sort order of a list: one of its columns, ascending unless `descending`. Nulls come last. */
export interface RowsOrder {
  column: string;
  descending?: boolean;
}

/** Largest page one call returns. */
export const MAX_PAGE_ROWS = 100_000;

function list(table: unknown): (typeof LISTS)[RowsTable] {
  if (table !== 'customers' && table !== 'loans') throw new StrataOptionError('table', table, 'customers or loans');
  return LISTS[table];
}

/** The list's FROM … WHERE: every clause given, and (for loans) the month end. */
function listFrom(ctx: MetricContext, table: RowsTable, asOf?: string): Fragment {
  const l = list(table);
  requireCustomers(ctx, [table]);
  const at = asOfFragment(asOf, ctx.defaults);
  const conditions = table === 'loans' ? [sql`as_of = ${at}`] : [];
  const from = table === 'loans' ? loansAt(at, ctx.plain) : id(l.fact);
  return sql`FROM ${from} ${where([...conditions, ...whereFor(table, ctx.clauses, at, '', ctx.plain)])}`;
}

function orderSql(table: RowsTable, orderBy: RowsOrder | undefined): Fragment {
  const l = list(table);
  const key = sql`${id(l.key)} ASC`;
  if (orderBy === undefined || orderBy === null) return key;
  // Only a column of the list: the name is checked against the whitelist, then quoted.
  const column = l.columns.find((c) => c.name === orderBy.column);
  if (!column) throw new StrataOptionError('orderBy.column', orderBy.column, `a column of the ${table} list: one of ${l.columns.map((c) => c.name).join(', ')}`);
  const direction = raw(orderBy.descending ? 'DESC' : 'ASC');
  // The key breaks ties, so pages never overlap or skip rows.
  return column.name === l.key ? sql`${id(l.key)} ${direction}` : sql`${id(column.name)} ${direction} NULLS LAST, ${key}`;
}

function selectList(ctx: MetricContext, options: { table: RowsTable; asOf?: string; orderBy?: RowsOrder }): { select: Fragment; order: Fragment } {
  const l = list(options.table);
  const order = orderSql(options.table, options.orderBy);
  const select = sql`SELECT ${join(l.columns.map((c) => c.select), ', ')} ${listFrom(ctx, options.table, options.asOf)}`;
  return { select, order };
}

export function rowsQuery<T extends RowsTable>(
  ctx: MetricContext,
  options: { table: T; asOf?: string; offset: number; limit: number; orderBy?: RowsOrder },
): Query<ListRow<T>> {
  const { select, order } = selectList(ctx, options);
  return query(sql`${select} ORDER BY ${order} LIMIT CAST(${options.limit} AS BIGINT) OFFSET CAST(${options.offset} AS BIGINT)`);
}

// ─── A sorted selection kept for deep pages ─────────────────────────────────────────────────
// LIMIT/OFFSET re-sorts the whole selection for every page (about a second at a million rows,
// deeper pages slower). Past the first rows, `strata.rows` numbers the sorted selection once into
// a temporary table and reads each page from it by row number (milliseconds).

/** Pages ending within this many rows are read directly; deeper ones from the numbered copy. */
export const DIRECT_PAGE_ROWS = 1_000;

let listTableCounter = 0;
const listTableSalt = Math.random().toString(36).slice(2, 8);

/** A temporary table for one sorted selection (unique among every Strata sharing an engine). */
export interface ListTable {
  /** The selection and order it holds: the same key, the same rows. */
  key: string;
  create: Query<unknown>;
  name: string;
}

export function listTable(ctx: MetricContext, options: { table: RowsTable; asOf?: string; orderBy?: RowsOrder }): ListTable {
  const { select, order } = selectList(ctx, options);
  const name = `strata_list_${listTableSalt}_${++listTableCounter}`;
  // Numbered in the list's order; `select` already names every column of the list.
  const create = sql`CREATE OR REPLACE TEMP TABLE ${id(name)} AS SELECT row_number() OVER (ORDER BY ${order}) AS strata_rn, * FROM (${select}) AS selection_rows`;
  return { key: JSON.stringify([options.table, select.sql, select.params, order.sql]), create: query(create), name };
}

/** One page of a numbered selection. */
export function listPageQuery<T extends RowsTable>(name: string, options: { table: T; offset: number; limit: number }): Query<ListRow<T>> {
  const l = list(options.table);
  const columns = join(l.columns.map((c) => id(c.name)), ', ');
  return query(
    sql`SELECT ${columns} FROM ${id(name)} WHERE strata_rn > CAST(${options.offset} AS BIGINT) AND strata_rn <= CAST(${options.offset + options.limit} AS BIGINT) ORDER BY strata_rn`,
  );
}

export function dropListTableSql(name: string): string {
  return `DROP TABLE IF EXISTS ${ident(name)}`;
}

/** Changes whenever a table a list reads is loaded again or the rules are changed (tables are replaced). */
export function listDataVersionQuery(): Query<{ version: string | null }> {
  const tables = raw(['branches', 'customers', 'loans', 'managers', CUSTOMER_FACTS].map(str).join(', '));
  return query(
    sql`SELECT string_agg(table_name || ':' || CAST(table_oid AS VARCHAR), ',' ORDER BY table_name) AS version FROM duckdb_tables() WHERE NOT temporary AND table_name IN (${tables})`,
  );
}

export interface RowCountRow {
  count: number;
}

export function rowCountQuery(ctx: MetricContext, options: { table: RowsTable; asOf?: string }): Query<RowCountRow> {
  return query(sql`SELECT CAST(count(*) AS DOUBLE) AS count ${listFrom(ctx, options.table, options.asOf)}`);
}

export interface MonthRow {
  as_of: string;
}

/** The month ends in the loans, ascending, as YYYY-MM-DD. */
export function monthsQuery(): Query<MonthRow> {
  return query(sql`SELECT strftime(as_of, '%Y-%m-%d') AS as_of FROM ${id(MONTHS)} ORDER BY as_of`);
}

/** Every campaign (the canonical row, dates as YYYY-MM-DD), by start date. */
export function campaignsQuery(): Query<CampaignRow> {
  return query(sql`SELECT campaign_id, name, strftime(start_date, '%Y-%m-%d') AS start_date, strftime(end_date, '%Y-%m-%d') AS end_date
FROM campaigns ORDER BY campaigns.start_date NULLS LAST, campaign_id`);
}

/**
 * The campaign the pipeline and target metrics use for the same options: the one named, else the
 * one running at the reference date `asOf` (the data's own by default), else the latest to end.
 */
export function campaignQuery(ctx: MetricContext, options: { campaign?: string; asOf?: string }): Query<CampaignRow> {
  const campaign = campaignFragment(options.campaign, options.asOf, ctx.defaults);
  return query(sql`SELECT campaign_id, name, strftime(start_date, '%Y-%m-%d') AS start_date, strftime(end_date, '%Y-%m-%d') AS end_date
FROM campaigns WHERE campaign_id = ${campaign}`);
}

