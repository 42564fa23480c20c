import { DIMENSIONS, type Dimension, type DimensionType, type Fact } from '../dimensions.ts';
import type { SqlValue } from '../engine/types.ts';
import type { FilterClause } from '../filters.ts';
import { ident, num } from '../sql/quote.ts';
import { LATEST_LOAN_FACTS, LOAN_FACTS, PIPELINE_FACTS, STAGE_BITS } from './facts.ts';

/** SQL text with its bound values, in placeholder order. */
export interface Fragment {
  sql: string;
  params: SqlValue[];
}

/** A month end; `latest` when it is the data's latest (whose loans LATEST_LOAN_FACTS holds). */
export interface MonthEnd extends Fragment {
  latest: boolean;
}

/** The loan facts to read at a month end: the latest month's own table where it is that month, unless `plain`. */
export const loansAt = (asOf: MonthEnd, plain = false): string => ident(asOf.latest && !plain ? LATEST_LOAN_FACTS : LOAN_FACTS);

const CAST: Record<DimensionType, string> = { text: 'VARCHAR', int: 'DOUBLE', bool: 'BOOLEAN', date: 'DATE' };

export const fragment = (sql: string, params: SqlValue[] = []): Fragment => ({ sql, params });

export function join(parts: readonly Fragment[], separator: string): Fragment {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) };
}

/** `column` against the clause's values, every value bound. A WHERE condition only: where it does not match it may be NULL rather than FALSE. */
export function predicate(column: string, type: DimensionType, clause: FilterClause): Fragment {
  // TRY_CAST: a value of the wrong type (text for a class number, say) matches nothing, never errors.
  const cast = (n: number) => Array.from({ length: n }, () => `TRY_CAST(? AS ${CAST[type]})`).join(', ');
  if (clause.op === 'between') {
    return fragment(`${column} BETWEEN ${cast(1)} AND ${cast(1)}`, clause.values.slice(0, 2));
  }
  const present = clause.values.filter((v) => v !== null);
  const parts: string[] = [];
  // Negated, a null comparison must read as false (kept by not_in); as a condition of its own, a
  // bare IN lets DuckDB filter inside the scan.
  const negated = clause.op === 'not_in';
  if (present.length > 0) parts.push(negated ? `COALESCE(${column} IN (${cast(present.length)}), FALSE)` : `${column} IN (${cast(present.length)})`);
  if (present.length < clause.values.length) parts.push(`${column} IS NULL`);
  const inSql = parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
  return fragment(negated ? `NOT ${inSql}` : inSql, present);
}

const ALL_STAGES = Object.values(STAGE_BITS).reduce((a, b) => a | b, 0);

/**
 * A stage clause on loans or customers by the stages their customer's leads are at (`lead_stages`,
 * see STAGE_BITS): the customers with a lead at one of the stages (for not_in, at another stage),
 * exactly those the subquery on the leads selects. A value is a stage only as its exact code;
 * anything else matches no lead, as there.
 */
function leadStagesCondition(clause: FilterClause, prefix: string): Fragment {
  const picked = clause.values.reduce<number>((bits, v) => bits | (typeof v === 'string' && Object.hasOwn(STAGE_BITS, v) ? STAGE_BITS[v]! : 0), 0);
  const bits = clause.op === 'not_in' ? ALL_STAGES & ~picked : picked;
  return fragment(`(${prefix}lead_stages & ${num(bits)}) <> 0`);
}

/**
 * The WHERE conditions for one fact: a clause on a field the fact has applies directly; one on a
 * field of another fact selects the customers that have such a loan (at `asOf`) or lead. A stage
 * clause on loans or customers reads their lead-stage bits instead of the leads, unless `plain`
 * (the subquery, to check the bits against).
 */
export function whereFor(fact: Fact, clauses: readonly FilterClause[], asOf: MonthEnd, alias = '', plain = false): Fragment[] {
  const prefix = alias ? `${alias}.` : '';
  return clauses.map((clause) => {
    const dim: Dimension = DIMENSIONS[clause.field];
    if (dim.facts.includes(fact)) return predicate(`${prefix}${ident(dim.key)}`, dim.type, clause);
    if (clause.field === 'stage' && !plain) return leadStagesCondition(clause, prefix);
    const inner = predicate(ident(dim.key), dim.type, clause);
    if (dim.facts.includes('loans')) {
      return fragment(
        `${prefix}customer_id IN (SELECT customer_id FROM ${loansAt(asOf, plain)} WHERE as_of = ${asOf.sql} AND ${inner.sql})`,
        [...asOf.params, ...inner.params],
      );
    }
    return fragment(`${prefix}customer_id IN (SELECT customer_id FROM ${ident(PIPELINE_FACTS)} WHERE ${inner.sql})`, inner.params);
  });
}

/** `WHERE a AND b …` (or nothing) from conditions. */
export function where(conditions: readonly Fragment[]): Fragment {
  if (conditions.length === 0) return fragment('');
  const all = join(conditions, ' AND ');
  return fragment(`WHERE ${all.sql}`, all.params);
}

