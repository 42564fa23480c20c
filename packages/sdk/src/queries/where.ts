import { DIMENSIONS, type Dimension, type DimensionType, type Fact } from '../dimensions.ts';
import type { SqlValue } from '../engine/types.ts';
import type { FilterClause } from '../filters.ts';
import { ident, num } from '../sql/quote.ts';
import { CLASS_BITS, LOAN_FACTS, PIPELINE_FACTS, STAGE_BITS } from './facts.ts';

/** SQL text with its bound values, in placeholder order. */
export interface Fragment {
  sql: string;
  params: SqlValue[];
}

/** A month end; `latest` when it is the data's latest (the one the class bits are taken at). */
export interface MonthEnd extends Fragment {
  latest?: boolean;
}

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

/**
 * A clause on a field of another fact by the bits of its values the customer has there
 * (`lead_stages`, STAGE_BITS; `latest_classes`, CLASS_BITS): the customers with a lead (a loan) at
 * one of the values (for not_in, at another value), exactly those the subquery on the other fact
 * selects. A value counts only as its exact code; anything else matches nothing, as there.
 */
function bitsCondition(clause: FilterClause, column: string, codes: Readonly<Record<string, number>>): Fragment {
  const all = Object.values(codes).reduce((a, b) => a | b, 0);
  const picked = clause.values.reduce<number>((bits, v) => bits | (typeof v === 'string' && Object.hasOwn(codes, v) ? codes[v]! : 0), 0);
  const bits = clause.op === 'not_in' ? all & ~picked : picked;
  return fragment(`(${column} & ${num(bits)}) <> 0`);
}

/**
 * The WHERE conditions for one fact: a clause on a field the fact has applies directly; one on a
 * field of another fact selects the customers that have such a loan (at `asOf`) or lead. A stage
 * clause on loans or customers, and a class clause on customers or leads at the latest month end,
 * read the facts' bits instead of the other fact, unless `plain` (the subquery, to check them against).
 */
export function whereFor(fact: Fact, clauses: readonly FilterClause[], asOf: MonthEnd, alias = '', plain = false): Fragment[] {
  const prefix = alias ? `${alias}.` : '';
  return clauses.map((clause) => {
    const dim: Dimension = DIMENSIONS[clause.field];
    if (dim.facts.includes(fact)) return predicate(`${prefix}${ident(dim.key)}`, dim.type, clause);
    if (!plain && clause.field === 'stage') return bitsCondition(clause, `${prefix}lead_stages`, STAGE_BITS);
    if (!plain && clause.field === 'classification' && asOf.latest) return bitsCondition(clause, `${prefix}latest_classes`, CLASS_BITS);
    const inner = predicate(ident(dim.key), dim.type, clause);
    if (dim.facts.includes('loans')) {
      return fragment(
        `${prefix}customer_id IN (SELECT customer_id FROM ${ident(LOAN_FACTS)} WHERE as_of = ${asOf.sql} AND ${inner.sql})`,
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

