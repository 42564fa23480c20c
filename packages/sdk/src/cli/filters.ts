/**
 * `--filter field=value`, `field!=value`, `field>=value` and `field<=value`: clauses of
 * `strata.filters`, checked and typed by their dimension before any file is read, so that a typo
 * is a usage error, not a silent zero.
 */
import { dimension, type DimensionName, type DimensionType } from '../dimensions.ts';
import { FilterError, validateClause, type FilterClause, type FilterValue } from '../filters.ts';
import { codeLookup, normalizeCode } from '../load/codes.ts';
import { LIFECYCLES, TIERS } from '../rules.ts';
import { CHANNELS, CLASSIFICATIONS, CUSTOMER_KINDS, HOLDING_PRODUCTS, PIPELINE_PRODUCTS, PRODUCTS, RELATIONSHIP_TYPES, STAGES } from '../schema.ts';
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
  holds: { codes: [...new Set([...PRODUCTS, ...HOLDING_PRODUCTS])], labels: 'product' },
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
    case 'number': {
      const n = /^-?\d+(\.\d+)?$/.test(text.replaceAll(',', '')) ? Number(text.replaceAll(',', '')) : NaN;
      return Number.isFinite(n) ? { value: n } : { expected: 'an amount in yuan such as 1000000' };
    }
    case 'date':
      return isCalendarDate(text) ? { value: text } : { expected: 'a date such as 2024-12-31' };
    case 'text':
      return { value: text };
  }
}

type Sign = '=' | '!=' | '>=' | '<=';
const OP_OF_SIGN: Record<Sign, FilterClause['op']> = { '=': 'in', '!=': 'not_in', '>=': 'gte', '<=': 'lte' };

/** One `--filter` argument: its dimension, its sign, and its typed value. */
function parseOne(arg: string): { field: DimensionName; sign: Sign; value: FilterValue } {
  const match = /^([^=!<>]*)(>=|<=|!=|=)/.exec(arg);
  const name = match?.[1]?.trim() ?? '';
  if (match === null || name === '') throw new UsageError(`--filter needs field=value, field!=value, field>=value or field<=value, got ${describeValue(arg)}`);
  const sign = match[2] as Sign;
  let dim;
  try {
    dim = dimension(name);
  } catch (error) {
    throw new UsageError(`--filter ${arg}: ${(error as Error).message}`);
  }
  // Loaded values never start or end with spaces (a load trims them): neither does a filter's.
  const text = arg.slice(match[0].length).trim();
  if (text === '') throw new UsageError(`--filter ${arg}: give a value for ${dim.name}`);
  const result = typed(dim.name, dim.type, text);
  if ('expected' in result) throw new UsageError(`--filter ${arg}: ${dim.name} must be ${result.expected}, got ${describeValue(text)}`);
  return { field: dim.name, sign, value: result.value };
}

/**
 * The clauses of the `--filter` arguments: one per field and sign, so that repeating a field
 * means any of its values (`in`), and `!=` none of them (`not_in`); `>=` and `<=` take one value
 * each (both: a range). Sources are `cli:<field>`, `cli:<field>!`, `cli:<field>>=` and `cli:<field><=`.
 */
export function parseFilters(args: readonly string[]): FilterClause[] {
  const clauses = new Map<string, FilterClause>();
  for (const arg of args) {
    const { field, sign, value } = parseOne(arg);
    const op = OP_OF_SIGN[sign];
    const source = `cli:${field}${sign === '=' ? '' : sign === '!=' ? '!' : sign}`;
    const clause = clauses.get(source) ?? { field, op, values: [], source };
    if ((op === 'gte' || op === 'lte') && clause.values.length > 0 && !clause.values.includes(value)) {
      throw new UsageError(`--filter ${arg}: ${field}${sign} is given twice; give one bound`);
    }
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
      if (c.op === 'gte' || c.op === 'lte') return `${c.field} ${c.op === 'gte' ? '≥' : '≤'} ${values[0]}`;
      if (c.op === 'between') return `${c.field} ${values[0]} – ${values[1]}`;
      if (values.length === 1) return `${c.field} ${c.op === 'not_in' ? '≠' : '='} ${values[0]}`;
      return `${c.field} ${c.op === 'not_in' ? 'not in' : 'in'} (${values.join(', ')})`;
    })
    .join('; ');
}
