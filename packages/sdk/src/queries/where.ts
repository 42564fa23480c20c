import { DIMENSIONS, type Dimension, type DimensionType, type Fact } from '../dimensions.ts';
import type { FilterClause, FilterValue } from '../filters.ts';
import { num } from '../sql/quote.ts';
import { id, join, raw, sql, type Fragment } from '../sql/tag.ts';
import { CUSTOMER_FACTS, HOLDS, LATEST_LOAN_FACTS, LOAN_FACTS, PIPELINE_FACTS, STAGE_BITS } from './facts.ts';

/** A month end; `latest` when it is the data's latest (whose loans LATEST_LOAN_FACTS holds). */
export type MonthEnd = Fragment & { readonly latest: boolean };

export const monthEnd = (f: Fragment, latest: boolean): MonthEnd => Object.assign(sql`${f}`, { latest });

/** The loan facts to read at a month end: the latest month's own table where it is that month, unless `plain`. */
export const loansAt = (asOf: MonthEnd, plain = false): Fragment => id(asOf.latest && !plain ? LATEST_LOAN_FACTS : LOAN_FACTS);

const CAST: Record<DimensionType, string> = { text: 'VARCHAR', int: 'DOUBLE', bool: 'BOOLEAN', date: 'DATE', number: 'DOUBLE' };

/** `column` against the clause's values, every value bound. A WHERE condition only: where it does not match it may be NULL rather than FALSE. */
export function predicate(column: Fragment, type: DimensionType, clause: FilterClause): Fragment {
  // TRY_CAST: a value of the wrong type (text for a class number, say) matches nothing, never errors.
  const cast = (value: FilterValue | undefined) => sql`TRY_CAST(${value} AS ${raw(CAST[type])})`;
  if (clause.op === 'between') return sql`${column} BETWEEN ${cast(clause.values[0])} AND ${cast(clause.values[1])}`;
  if (clause.op === 'gte') return sql`${column} >= ${cast(clause.values[0])}`;
  if (clause.op === 'lte') return sql`${column} <= ${cast(clause.values[0])}`;
  const present = clause.values.filter((v) => v !== null);
  const parts: Fragment[] = [];
  // Negated, a null comparison must read as false (kept by not_in); as a condition of its own, a
  // bare IN lets DuckDB filter inside the scan.
  const negated = clause.op === 'not_in';
  if (present.length > 0) {
    const inList = sql`${column} IN (${join(present.map(cast), ', ')})`;
    parts.push(negated ? sql`COALESCE(${inList}, FALSE)` : inList);
  }
  if (present.length < clause.values.length) parts.push(sql`${column} IS NULL`);
  const inSql = parts.length === 0 ? raw('FALSE') : sql`(${join(parts, ' OR ')})`;
  return negated ? sql`NOT ${inSql}` : inSql;
}

const ALL_STAGES = Object.values(STAGE_BITS).reduce((a, b) => a | b, 0);

/**
 * A stage clause on loans or customers by the stages their customer's leads are at (`lead_stages`,
 * see STAGE_BITS): the customers with a lead at one of the stages (for not_in, at another stage),
 * exactly those the subquery on the leads selects. A value is a stage only as its exact code;
 * anything else matches no lead, as there.
 */
function leadStagesCondition(clause: FilterClause, prefix: Fragment): Fragment {
  const picked = clause.values.reduce<number>((bits, v) => bits | (typeof v === 'string' && Object.hasOwn(STAGE_BITS, v) ? STAGE_BITS[v]! : 0), 0);
  const bits = clause.op === 'not_in' ? ALL_STAGES & ~picked : picked;
  return sql`(${prefix}lead_stages & ${raw(num(bits))}) <> 0`;
}

/**
 * A holds clause: the customers holding any of the values (`in`), or none of them (`not_in`, a row
 * without a customer among them), by the products held table (HOLDS).
 */
function holdsCondition(clause: FilterClause, prefix: Fragment): Fragment {
  const products = clause.values.filter((v) => v !== null).map((v) => sql`${String(v)}`);
  const held = products.length === 0 ? raw('FALSE') : sql`COALESCE(${prefix}customer_id IN (SELECT customer_id FROM ${id(HOLDS)} WHERE product IN (${join(products, ', ')})), FALSE)`;
  return clause.op === 'not_in' ? sql`NOT ${held}` : held;
}

/**
 * The WHERE conditions for one fact: a clause on a field the fact has applies directly; one on a
 * field of another fact selects the customers that have such a loan (at `asOf`) or lead. A stage
 * clause on loans or customers reads their lead-stage bits instead of the leads, unless `plain`
 * (the subquery, to check the bits against).
 */
export function whereFor(fact: Fact, clauses: readonly FilterClause[], asOf: MonthEnd, alias = '', plain = false): Fragment[] {
  const prefix = raw(alias ? `${alias}.` : '');
  return clauses.map((clause) => {
    const dim: Dimension = DIMENSIONS[clause.field];
    if (clause.field === 'holds') return holdsCondition(clause, prefix);
    if (dim.facts.includes(fact)) return predicate(sql`${prefix}${id(dim.key)}`, dim.type, clause);
    if (clause.field === 'stage' && !plain) return leadStagesCondition(clause, prefix);
    const inner = predicate(id(dim.key), dim.type, clause);
    if (dim.facts.length === 1 && dim.facts[0] === 'customers') return sql`${prefix}customer_id IN (SELECT customer_id FROM ${id(CUSTOMER_FACTS)} WHERE ${inner})`;
    if (dim.facts.includes('loans')) return sql`${prefix}customer_id IN (SELECT customer_id FROM ${loansAt(asOf, plain)} WHERE as_of = ${asOf} AND ${inner})`;
    return sql`${prefix}customer_id IN (SELECT customer_id FROM ${id(PIPELINE_FACTS)} WHERE ${inner})`;
  });
}

/** `WHERE a AND b …` (or nothing) from conditions. */
export function where(conditions: readonly Fragment[]): Fragment {
  return conditions.length === 0 ? raw('') : sql`WHERE ${join(conditions, ' AND ')}`;
}

