/**
 * SQL composed with its bound values: sql`… ${x} …` returns a Fragment whose `?` placeholders and
 * params line up however fragments nest.
 *
 * The rule: no caller concatenates `.sql` text or `.params` arrays by hand. Interpolate a value (it
 * becomes `?`, bound in order), a fragment (its text and params spliced in place), a name through
 * `id`, trusted constant SQL (keywords, literals quote.ts made) through `raw`. Anything else
 * interpolated throws SqlQuoteError as the statement is built, never reaching the database as text.
 * `.sql` and `.params` are read only to hand a finished statement to an engine (queries/query.ts)
 * or to key a cache.
 */
import type { SqlValue } from '../engine/types.ts';
import { ident, SqlQuoteError } from './quote.ts';

/** SQL text with its bound values, in placeholder order; made only by this module. */
class SqlFragment {
  // Nominal: a hand-made `{ sql, params }` object does not type as a Fragment.
  private declare readonly made: 'by sql/tag.ts';

  constructor(
    readonly sql: string,
    readonly params: readonly SqlValue[],
  ) {}
}

export type { SqlFragment as Fragment };

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array (bind each item: join(items.map((v) => sql`${v}`), ", "))';
  if (value instanceof Date) return 'a Date (dates are bound as YYYY-MM-DD text and cast in SQL)';
  if (value === undefined) return 'undefined';
  return `a ${typeof value === 'object' ? 'plain object' : typeof value}`;
}

/** A Fragment of the template's text, each interpolated fragment spliced in and each value bound. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = strings[0]!;
  const params: SqlValue[] = [];
  values.forEach((value, i) => {
    if (value instanceof SqlFragment) {
      text += value.sql;
      // Not push(...): a clause may hold more values than a call takes arguments.
      for (const param of value.params) params.push(param);
    } else if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      text += '?';
      params.push(value);
    } else {
      const after = strings[i]!.slice(-40);
      throw new SqlQuoteError(`sql: the value after ${JSON.stringify(after)} is ${describe(value)}: only a string, number, boolean, null or a fragment (sql, id, raw) can be interpolated`);
    }
    text += strings[i + 1]!;
  });
  return new SqlFragment(text, params);
}

/** A name (table, column, alias), double-quoted by quote.ts. */
export const id = (name: string): SqlFragment => new SqlFragment(ident(name), []);

/** Trusted constant SQL, as it is: keywords, operators, literals quote.ts made. Never user text. */
export function raw(text: string): SqlFragment {
  if (typeof text !== 'string') throw new SqlQuoteError(`raw SQL must be a string, got ${describe(text)}`);
  return new SqlFragment(text, []);
}

/** The fragments one after another with `separator` (constant SQL text) between them. */
export function join(parts: readonly SqlFragment[], separator: string): SqlFragment {
  // Spliced here in one pass: a clause's hundreds of values would make nested templates quadratic.
  const params: SqlValue[] = [];
  for (const part of parts) for (const param of part.params) params.push(param);
  return new SqlFragment(parts.map((p) => p.sql).join(separator), params);
}
