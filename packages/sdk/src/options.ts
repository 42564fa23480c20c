/**
 * Every public option of every Strata method, checked at the SDK's edge before any SQL is built (and
 * by the CLI before any file is read). A bad value is a StrataOptionError naming the option, the value
 * and what is accepted. The caller's options object is read once, key by key: the checked copy is
 * what the queries get, so a getter cannot answer one thing to the check and another to the SQL.
 */
import { type DimensionName, type Fact } from './dimensions.ts';
import { StrataOptionError } from './errors.ts';
import { FilterState, type FilterClause } from './filters.ts';
import { groupingDimension } from './queries/metrics.ts';
import { LIST_ORDER_COLUMNS, LIST_PRESETS } from './queries/list-names.ts';
import { SEGMENT_MEASURES } from './queries/measures.ts';
import { LIST_COLUMNS, MAX_PAGE_ROWS, ROWS_TABLES, type RowsOrder, type RowsTable } from './queries/rows.ts';
import { TARGET_METRICS, TARGET_SCOPES } from './schema.ts';
import { LONE_SURROGATE } from './sql/quote.ts';

/** The most days `overdueFollowUps` takes (a hundred years). */
export const MAX_DAYS = 36_500;
/** The longest campaign id asked for. */
export const MAX_CAMPAIGN_ID = 1_000;

type Check<T> = (value: unknown, option: string) => T;

const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (value, option) =>
    value === undefined ? undefined : check(value, option);

const oneOf =
  <T extends string>(values: readonly T[], accepted = `one of ${values.join(', ')}`): Check<T> =>
  (value, option) => {
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    throw new StrataOptionError(option, value, accepted);
  };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `text` is a real calendar date written YYYY-MM-DD (year 0001 to 9999): 2024-02-29, not 2023-02-29 or 2024-1-1. */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
  return year >= 1 && days !== undefined && day >= 1 && day <= days;
}

const date: Check<string> = (value, option) => {
  if (typeof value === 'string' && isCalendarDate(value)) return value;
  throw new StrataOptionError(option, value, 'a calendar date written YYYY-MM-DD, such as 2024-12-31');
};

const wholeNumber =
  (max: number): Check<number> =>
  (value, option) => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
    throw new StrataOptionError(option, value, `a whole number from 0 to ${max.toLocaleString('en-US')}`);
  };

const campaignId: Check<string> = (value, option) => {
  if (typeof value === 'string' && value.length > 0 && value.length <= MAX_CAMPAIGN_ID && !value.includes('\u0000') && !LONE_SURROGATE.test(value)) {
    return value;
  }
  throw new StrataOptionError(option, value, `a campaign id: text of 1 to ${MAX_CAMPAIGN_ID.toLocaleString('en-US')} characters, without NUL or lone surrogates`);
};

const boolean: Check<boolean> = (value, option) => {
  if (typeof value === 'boolean') return value;
  throw new StrataOptionError(option, value, 'true or false');
};

const text: Check<string> = (value, option) => {
  if (typeof value === 'string') return value;
  throw new StrataOptionError(option, value, 'text');
};

/** An AbortSignal (from this realm or another: checked by its shape). */
const signal: Check<AbortSignal> = (value, option) => {
  const s = value as Partial<AbortSignal> | null;
  if (typeof s === 'object' && s !== null && typeof s.aborted === 'boolean' && typeof s.addEventListener === 'function' && typeof s.removeEventListener === 'function') {
    return value as AbortSignal;
  }
  throw new StrataOptionError(option, value, 'an AbortSignal');
};

/** A dimension name (any accepted spelling) of a field `fact` has, as its canonical name. */
const fieldOf =
  (fact: Fact, metric: string): Check<DimensionName> =>
  (value) =>
    groupingDimension(fact, value as string, metric).name;

/** `object[key]`, or a StrataOptionError when reading it throws (a getter, a proxy). */
function read(object: object, key: string, option: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    throw new StrataOptionError(option, undefined, 'a readable value', `${option} could not be read: reading it threw`);
  }
}

/** The options object itself: nothing (the defaults) or a plain object, not an array or a function. */
function optionsObject(input: unknown, option = 'options'): object {
  if (input === undefined) return {};
  let array = false;
  try {
    array = Array.isArray(input);
  } catch {
    array = true;
  }
  if (typeof input !== 'object' || input === null || array) throw new StrataOptionError(option, input, 'an object of options (or nothing)');
  return input;
}

const orderBy: Check<RowsOrder | undefined> = (value, option) => {
  // null, as nothing: no order but the list's key.
  if (value === null) return undefined;
  const o = optionsObject(value, option);
  const [column, descending] = [`${option}.column`, `${option}.descending`];
  return { column: text(read(o, 'column', column), column), descending: optional(boolean)(read(o, 'descending', descending), descending) };
};

/** Clauses given instead of the filter state, checked as the state checks them (one per source, the last kept). */
const clauses: Check<readonly FilterClause[]> = (value) => {
  const state = new FilterState();
  state.replace(value as readonly unknown[]);
  return state.clauses;
};

const METRIC_OPTIONS = { signal: optional(signal), exclude: optional(text), unfiltered: optional(boolean), filters: optional(clauses) };
const QUERY_OPTIONS = { signal: optional(signal) };

/** Each method's options and their checks. */
const METHODS = {
  run: QUERY_OPTIONS,
  dataDefaults: QUERY_OPTIONS,
  months: QUERY_OPTIONS,
  campaigns: QUERY_OPTIONS,
  campaign: { ...QUERY_OPTIONS, campaign: optional(campaignId), asOf: optional(date) },
  kpis: { ...METRIC_OPTIONS, asOf: optional(date), campaign: optional(campaignId) },
  segments: { ...METRIC_OPTIONS, by: fieldOf('loans', 'segments'), measure: optional(oneOf(SEGMENT_MEASURES)), asOf: optional(date) },
  npl: { ...METRIC_OPTIONS, by: optional(fieldOf('loans', 'npl')), asOf: optional(date) },
  nplTrend: { ...METRIC_OPTIONS, by: optional(fieldOf('loans', 'nplTrend')), from: optional(date), to: optional(date) },
  classMix: { ...METRIC_OPTIONS, by: optional(fieldOf('loans', 'classMix')), asOf: optional(date) },
  migration: { ...METRIC_OPTIONS, from: optional(date), to: optional(date) },
  migrationRates: { ...METRIC_OPTIONS, from: optional(date), to: optional(date) },
  vintage: { ...METRIC_OPTIONS, by: optional(fieldOf('loans', 'vintage')) },
  funnel: {
    ...METRIC_OPTIONS,
    campaign: optional(campaignId),
    by: optional(fieldOf('pipeline', 'funnel')),
    metric: optional(oneOf(TARGET_METRICS)),
    asOf: optional(date),
  },
  lostReasons: { ...METRIC_OPTIONS, campaign: optional(campaignId) },
  overdueFollowUps: {
    ...METRIC_OPTIONS,
    campaign: optional(campaignId),
    by: optional(fieldOf('pipeline', 'overdueFollowUps')),
    days: optional(wholeNumber(MAX_DAYS)),
    asOf: optional(date),
  },
  attainment: {
    ...METRIC_OPTIONS,
    campaign: optional(campaignId),
    by: oneOf(TARGET_SCOPES, 'branch or manager'),
    metric: optional(oneOf(TARGET_METRICS)),
    asOf: optional(date),
  },
  rows: {
    ...METRIC_OPTIONS,
    table: oneOf(ROWS_TABLES),
    asOf: optional(date),
    offset: wholeNumber(Number.MAX_SAFE_INTEGER),
    limit: wholeNumber(MAX_PAGE_ROWS),
    orderBy: optional(orderBy),
  },
  rowCount: { ...METRIC_OPTIONS, table: oneOf(ROWS_TABLES), asOf: optional(date) },
  contactCoverage: {
    ...METRIC_OPTIONS,
    preset: optional(oneOf(LIST_PRESETS)),
    days: optional(wholeNumber(MAX_DAYS)),
    within: optional(wholeNumber(MAX_DAYS)),
    campaign: optional(campaignId),
    asOf: optional(date),
    by: optional(oneOf(['manager', 'branch'] as const, 'manager or branch')),
  },
  pendingFollowUps: { ...METRIC_OPTIONS, campaign: optional(campaignId), by: optional(fieldOf('pipeline', 'pendingFollowUps')), asOf: optional(date) },
  visitCadence: { ...METRIC_OPTIONS, asOf: optional(date) },
  list: {
    ...METRIC_OPTIONS,
    preset: optional(oneOf(LIST_PRESETS)),
    asOf: optional(date),
    days: optional(wholeNumber(MAX_DAYS)),
    campaign: optional(campaignId),
    offset: optional(wholeNumber(Number.MAX_SAFE_INTEGER)),
    limit: optional(wholeNumber(MAX_PAGE_ROWS)),
    orderBy: optional(orderBy),
    unmasked: optional(boolean),
  },
} satisfies Record<string, Record<string, Check<unknown>>>;

/** A Strata method that takes options. */
export type OptionsMethod = keyof typeof METHODS;

/** The options of `method` that are its own (not the signal, exclude, unfiltered and filters every metric takes). */
export const ownOptionNames = (method: OptionsMethod): string[] => Object.keys(METHODS[method]).filter((key) => !Object.hasOwn(METRIC_OPTIONS, key));
export const OPTIONS_METHODS = Object.keys(METHODS) as OptionsMethod[];

/** The options `method` takes, checked: each key the method knows, undefined where not given. */
export type CheckedOptions<M extends OptionsMethod> = { [K in keyof (typeof METHODS)[M]]: (typeof METHODS)[M][K] extends Check<infer T> ? T : never };

/** `input` checked as the options of `method`: a copy, or a StrataOptionError for the first bad option. */
export function checkOptions<M extends OptionsMethod>(method: M, input: unknown): CheckedOptions<M> {
  const object = optionsObject(input);
  const checks: Record<string, Check<unknown>> = METHODS[method];
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(checks)) out[key] = checks[key]!(read(object, key, key), key);
  if (method === 'list') {
    const order = out.orderBy as RowsOrder | undefined;
    if (order && !(LIST_ORDER_COLUMNS as readonly string[]).includes(order.column)) {
      throw new StrataOptionError('orderBy.column', order.column, `a column of a list: one of ${LIST_ORDER_COLUMNS.join(', ')}`);
    }
  }
  if (method === 'rows') {
    const order = out.orderBy as RowsOrder | undefined;
    const columns: readonly string[] = LIST_COLUMNS[out.table as RowsTable];
    if (order && !columns.includes(order.column)) {
      throw new StrataOptionError('orderBy.column', order.column, `a column of the ${String(out.table)} list: one of ${columns.join(', ')}`);
    }
  }
  return out as CheckedOptions<M>;
}

/** What `Strata.open` reads: an Engine's methods (rules are resolveRules' to check; mapping and orphans the load's). */
const ENGINE_METHODS = ['query', 'insert', 'transaction', 'close'] as const;

/** `Strata.open`'s options, read once into a copy: an object (or nothing), its `engine` (if any) an Engine. */
export function checkOpenOptions<T extends { engine?: unknown; rules?: unknown; mapping?: unknown; orphans?: unknown }>(input: T | undefined): T {
  const object = optionsObject(input);
  const out = {} as Record<string, unknown>;
  for (const key of ['engine', 'rules', 'mapping', 'orphans']) out[key] = read(object, key, key);
  const engine = out.engine as Record<string, unknown> | undefined;
  if (engine !== undefined) {
    const methods = typeof engine === 'object' && engine !== null && ENGINE_METHODS.every((m) => typeof read(engine, m, `engine.${m}`) === 'function');
    if (!methods) throw new StrataOptionError('engine', engine, `an Engine (an object with ${ENGINE_METHODS.join(', ')}), or nothing for the entry point's default`);
  }
  return out as T;
}

/** `load`'s and `preview`'s options object, read once into a copy: an object or nothing (its values are the load's to check, as LoadErrors). */
export function checkLoadOptions<T extends object>(input: T | undefined): Partial<T> {
  const object = optionsObject(input);
  const out: Record<string, unknown> = {};
  for (const key of ['mapping', 'orphans', 'compactStaging', 'replace', 'rows']) {
    const value = read(object, key, key);
    if (value !== undefined) out[key] = value;
  }
  return out as Partial<T>;
}
