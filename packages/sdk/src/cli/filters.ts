/**
 * `--filter field=value` and `--filter field!=value`: clauses of `strata.filters`, checked and typed
 * by their dimension before any file is read, so that a typo is a usage error, not a silent zero.
 */
import { dimension, type DimensionName, type DimensionType } from '../dimensions.ts';
import { FilterError, validateClause, type FilterClause, type FilterValue } from '../filters.ts';
import { codeLookup, normalizeCode } from '../load/codes.ts';
import { LIFECYCLES, TIERS } from '../rules.ts';
import { CHANNELS, CLASSIFICATIONS, CUSTOMER_KINDS, PIPELINE_PRODUCTS, RELATIONSHIP_TYPES, STAGES } from '../schema.ts';
import { describeValue } from '../errors.ts';
import { isCalendarDate } from '../options.ts';
import { UsageError } from './args.ts';

/**
 * Dimensions whose values are a fixed list of codes, and the loaded column whose labels they also
 * accept (正常, 对公, 已放款 …, as a load does). Other dimensions hold the data's own values
 * (branch and manager ids, industries, campaigns) and take any text.
 */
const CODES: Partial<Record<DimensionName, { codes: readonly string[]; labels?: string }>> = {
  kind: { codes: CUSTOMER_KINDS, labels: 'kind' },
  tier: { codes: TIERS },
  lifecycle: { codes: LIFECYCLES },
  relationship_type: { codes: RELATIONSHIP_TYPES, labels: 'relationship_type' },
  product: { codes: PIPELINE_PRODUCTS, labels: 'product' },
  classification: { codes: CLASSIFICATIONS, labels: 'classification' },
  stage: { codes: STAGES, labels: 'stage' },
  channel: { codes: CHANNELS, labels: 'channel' },
};

/** Whole-number dimensions and the values they hold (an industry class is 1, 2 or 3, see rules.ts). */
const WHOLE_NUMBERS: Partial<Record<DimensionName, readonly number[]>> = { industry_class: [1, 2, 3] };


/** The value as the dimension holds it, or what it should have been. */
function typed(field: DimensionName, type: DimensionType, text: string): { value: FilterValue } | { expected: string } {
  const coded = CODES[field];
  if (coded) {
    const code = codeLookup(coded.labels ?? field, coded.codes).get(normalizeCode(text));
    return code === undefined ? { expected: `one of ${coded.codes.join(', ')}` } : { value: code };
  }
  switch (type) {
    case 'int': {
      const allowed = WHOLE_NUMBERS[field];
      const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
      if (Number.isSafeInteger(n) && (!allowed || allowed.includes(n))) return { value: n };
      return { expected: allowed ? `one of ${allowed.join(', ')}` : 'a whole number' };
    }
    case 'bool': {
      const yes = text.toLowerCase();
      return yes === 'true' ? { value: true } : yes === 'false' ? { value: false } : { expected: 'true or false' };
    }
    case 'date':
      return isCalendarDate(text) ? { value: text } : { expected: 'a date such as 2024-12-31' };
    case 'text':
      return { value: text };
  }
}

/** One `--filter` argument: its dimension, whether it excludes, and its typed value. */
function parseOne(arg: string): { field: DimensionName; exclude: boolean; value: FilterValue } {
  const eq = arg.indexOf('=');
  const exclude = eq > 0 && arg[eq - 1] === '!';
  const name = eq > 0 ? arg.slice(0, exclude ? eq - 1 : eq).trim() : '';
  if (name === '') throw new UsageError(`--filter needs field=value or field!=value, got ${describeValue(arg)}`);
  let dim;
  try {
    dim = dimension(name);
  } catch (error) {
    throw new UsageError(`--filter ${arg}: ${(error as Error).message}`);
  }
  // Loaded values never start or end with spaces (a load trims them): neither does a filter's.
  const text = arg.slice(eq + 1).trim();
  if (text === '') throw new UsageError(`--filter ${arg}: give a value for ${dim.name}`);
  const result = typed(dim.name, dim.type, text);
  if ('expected' in result) throw new UsageError(`--filter ${arg}: ${dim.name} must be ${result.expected}, got ${describeValue(text)}`);
  return { field: dim.name, exclude, value: result.value };
}

/**
 * The clauses of the `--filter` arguments: one per field and sense, so that repeating a field
 * means any of its values (`in`), and `!=` none of them (`not_in`). Sources are `cli:<field>` and
 * `cli:<field>!`.
 */
export function parseFilters(args: readonly string[]): FilterClause[] {
  const clauses = new Map<string, FilterClause>();
  for (const arg of args) {
    const { field, exclude, value } = parseOne(arg);
    const source = `cli:${field}${exclude ? '!' : ''}`;
    const clause = clauses.get(source) ?? { field, op: exclude ? 'not_in' : 'in', values: [], source };
    if (!clause.values.includes(value)) clause.values.push(value);
    clauses.set(source, clause);
  }
  return [...clauses.values()].map((clause) => {
    try {
      return validateClause(clause);
    } catch (error) {
      if (error instanceof FilterError) throw new UsageError(`--filter ${clause.field}: ${error.message}`);
      throw error;
    }
  });
}

/** The clauses as a line for people: `tier = corp_gold; industry_class not in (2, 3)`. */
export function describeFilters(clauses: readonly FilterClause[]): string {
  return clauses
    .map((c) => {
      const values = c.values.map(String);
      if (values.length === 1) return `${c.field} ${c.op === 'not_in' ? '≠' : '='} ${values[0]}`;
      return `${c.field} ${c.op === 'not_in' ? 'not in' : 'in'} (${values.join(', ')})`;
    })
    .join('; ');
}
