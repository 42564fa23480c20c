/**
 * A bank may load loans or leads without its customer file. A customer's own fields (tier, kind,
 * industry class, lifecycle group, has_loan …, and a loan's manager) are then unknown: a metric
 * grouping or filtering by one would show 未知 100 %, so it says what is missing instead.
 */
import { DIMENSIONS, dimension, type Dimension, type DimensionInput, type DimensionName, type Fact } from '../dimensions.ts';
import type { FilterClause } from '../filters.ts';
import { raw, sql } from '../sql/tag.ts';
import { MONTHS } from './facts.ts';
import { query, type Query } from './query.ts';

export class MissingDataError extends Error {
  override name = 'MissingDataError';
  /** The table that is not loaded. */
  readonly table = 'customers' as const;

  constructor(
    /** The field the metric needs it for. */
    readonly field: DimensionName,
  ) {
    super(`${field} comes from the customer file, and no customers are loaded (only loans or leads): load customers to group or filter by ${field}`);
  }
}

/**
 * True when no customer is loaded but loans or leads are. Loans are known by their month ends (a
 * loan's as_of is required): so the data's defaults never wait for the loans while a bundle's big
 * tables load behind the dashboard (results.ts, PendingTables).
 */
export const CUSTOMERS_MISSING_SQL = raw(`(NOT EXISTS (SELECT 1 FROM customers) AND (EXISTS (SELECT 1 FROM ${MONTHS}) OR EXISTS (SELECT 1 FROM pipeline)))`);

/** Whether customers are missing, for an engine without generations (whose data defaults are not read). */
export function customersMissingQuery(): Query<{ missing: boolean }> {
  return query(sql`SELECT ${CUSTOMERS_MISSING_SQL} AS missing`);
}

/**
 * Throws MissingDataError when customers are missing and the metric, reading `reads`, groups by
 * `by` or filters by a field that is the customer's on one of them.
 */
export function requireCustomers(
  ctx: { clauses: readonly FilterClause[]; customersMissing?: boolean },
  reads: readonly Fact[],
  by?: DimensionInput,
): void {
  if (!ctx.customersMissing) return;
  const fields = [...(by === undefined ? [] : [dimension(by).name]), ...ctx.clauses.map((c) => c.field)];
  for (const field of fields) {
    const on = (DIMENSIONS[field] as Dimension).customerOn ?? [];
    if (reads.some((fact) => on.includes(fact))) throw new MissingDataError(field);
  }
}
