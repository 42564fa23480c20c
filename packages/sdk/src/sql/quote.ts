/**
 * The one place that turns names and values into SQL text. Everything else either binds
 * values as parameters or goes through these functions.
 */

export class SqlQuoteError extends TypeError {
  override name = 'SqlQuoteError';
}

function checkText(kind: string, text: string): void {
  if (typeof text !== 'string') throw new SqlQuoteError(`${kind} must be a string, got ${typeof text}`);
  // NUL cannot be represented in DuckDB text and would truncate the statement.
  if (text.includes('\u0000')) throw new SqlQuoteError(`${kind} contains a NUL character: ${JSON.stringify(text)}`);
  // A lone surrogate reaches DuckDB as U+FFFD: the SQL would name a different string.
  if (LONE_SURROGATE.test(text)) throw new SqlQuoteError(`${kind} contains a lone UTF-16 surrogate: ${JSON.stringify(text)}`);
}

export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A double-quoted identifier: any text is safe, embedded quotes are doubled. */
export function ident(name: string): string {
  checkText('identifier', name);
  if (name.length === 0) throw new SqlQuoteError('identifier must not be empty');
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted string literal, embedded quotes doubled. */
export function str(value: string): string {
  checkText('string literal', value);
  return `'${value.replace(/'/g, "''")}'`;
}

/** A numeric literal; only finite numbers. */
export function num(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SqlQuoteError(`numeric literal must be a finite number, got ${String(value)}`);
  }
  // Non-integers in exponent form: DuckDB reads that as a DOUBLE, exactly; a plain decimal
  // literal becomes a DECIMAL first and may round. Parenthesised, so that a negative number after
  // a minus never reads as a comment.
  const text = Number.isSafeInteger(value) ? String(value) : value.toExponential();
  return value < 0 || Object.is(value, -0) ? `(${text})` : text;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A DATE literal from `YYYY-MM-DD` text; NULL typed as a date for null. */
export function date(value: string | null): string {
  if (value === null) return 'CAST(NULL AS DATE)';
  if (typeof value !== 'string' || !ISO_DATE.test(value)) throw new SqlQuoteError(`date literal must be YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return `DATE '${value}'`;
}

/** A literal of any plain value. */
export function literal(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return num(value);
  return str(value);
}

/**
 * The statement with each `?` placeholder (outside quoted text and names) replaced by its value as
 * a literal; undefined when a value cannot be written as one (see `str`), so the caller binds it.
 */
export function inlineValues(sql: string, values: readonly (string | number | boolean | null)[]): string | undefined {
  let out = '';
  let next = 0;
  let quote: "'" | '"' | null = null;
  for (const char of sql) {
    if (quote) {
      // A doubled quote inside quoted text toggles out and straight back in: the text stays whole.
      if (char === quote) quote = null;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '?') {
      if (next >= values.length) throw new SqlQuoteError(`the statement has more placeholders than its ${values.length} values`);
      try {
        out += literal(values[next++]!);
      } catch (error) {
        if (error instanceof SqlQuoteError) return undefined;
        throw error;
      }
    } else {
      out += char;
    }
  }
  if (next !== values.length) throw new SqlQuoteError(`the statement has ${next} placeholders for ${values.length} values`);
  return out;
}

/** `?, ?, ?` for n bound parameters. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
