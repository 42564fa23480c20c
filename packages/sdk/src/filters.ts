import { dimension, type DimensionName, type UnknownDimensionError } from './dimensions.ts';
import { describeValue, StrataOptionError } from './errors.ts';
import { LONE_SURROGATE } from './sql/quote.ts';

export type FilterValue = string | number | boolean | null;
/** `in`, `not_in`, `between` two values, or at least (`gte`) or at most (`lte`) one value. */
export type FilterOp = 'in' | 'not_in' | 'between' | 'gte' | 'lte';

/** Spellings of the range operators accepted beside their names. */
const OP_SPELLINGS: Readonly<Record<string, FilterOp>> = { '>=': 'gte', '<=': 'lte' };

/**
 * One selection: `field` in `values` (or between two values), set by `source` (a view's id).
 * `labels`, when given, are the values' names as the view that set the clause showed them (a
 * branch's name for its code), one per value: for people (filter chips); queries read only `values`.
 */
export interface FilterClause {
  field: DimensionName;
  op: FilterOp;
  values: FilterValue[];
  source: string;
  labels?: string[];
}

export interface FilterChange {
  clauses: readonly FilterClause[];
  /** The source whose clause changed, or null when all were cleared or replaced. */
  source: string | null;
}

/** A filter clause (from code, JSON or a URL) that is not one: `option` names the part (`filter.values[2]` …). */
export class FilterError extends StrataOptionError {
  override name = 'FilterError';
}

const MAX_VALUES = 10_000;

/** `object[key]`, or a FilterError when reading it throws (a getter, a proxy). */
function read(object: object, key: string, option: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    throw new FilterError(option, undefined, 'a readable value', `${option} could not be read: reading it threw`);
  }
}

/** The values, read once by index (no iterator of the caller's runs), each checked. */
function checkValues(values: unknown, field: string): FilterValue[] {
  if (!Array.isArray(values)) throw new FilterError('filter.values', values, `an array of values for ${field}`);
  const length = values.length;
  if (length > MAX_VALUES) throw new FilterError('filter.values', values, `at most ${MAX_VALUES} values`, `At most ${MAX_VALUES} filter values, got ${length}`);
  const copy: FilterValue[] = [];
  for (let i = 0; i < length; i++) {
    const option = `filter.values[${i}]`;
    const v = read(values, String(i), option);
    const ok = v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (!ok) throw new FilterError(option, v, 'text, a finite number, a boolean or null');
    if (typeof v === 'string' && v.includes('\u0000')) throw new FilterError(option, v, 'text without NUL characters');
    if (typeof v === 'string' && LONE_SURROGATE.test(v)) throw new FilterError(option, v, 'well-formed Unicode text (no lone surrogate)');
    copy.push(v);
  }
  return copy;
}

/** Checks a clause from anywhere (code, JSON, a URL) and returns it in canonical form (a copy). */
export function validateClause(input: unknown): FilterClause {
  if (typeof input !== 'object' || input === null) throw new FilterError('filter', input, 'an object { field, op, values, source }');
  const field = read(input, 'field', 'filter.field');
  if (typeof field !== 'string') throw new FilterError('filter.field', field, 'a field name such as tier');
  let name: DimensionName;
  try {
    name = dimension(field, 'filter.field').name;
  } catch (error) {
    const e = error as UnknownDimensionError;
    throw new FilterError(e.option, e.value, e.accepted, e.message);
  }
  const given = read(input, 'op', 'filter.op') ?? 'in';
  const op = typeof given === 'string' && Object.hasOwn(OP_SPELLINGS, given) ? OP_SPELLINGS[given]! : given;
  if (op !== 'in' && op !== 'not_in' && op !== 'between' && op !== 'gte' && op !== 'lte') {
    throw new FilterError('filter.op', given, 'in, not_in, between, gte (>=) or lte (<=)');
  }
  const values = checkValues(read(input, 'values', 'filter.values'), field);
  if (op === 'between' && (values.length !== 2 || values.includes(null))) {
    throw new FilterError('filter.values', values, `exactly two non-null values (a between filter on ${field})`);
  }
  if ((op === 'gte' || op === 'lte') && (values.length !== 1 || values[0] === null)) {
    throw new FilterError('filter.values', values, `exactly one non-null value (a ${op} filter on ${field})`);
  }
  if (name === 'holds' && op !== 'in' && op !== 'not_in') {
    throw new FilterError('filter.op', given, 'in (holds any of the products) or not_in (holds none of them)', `A holds filter is in or not_in, got ${describeValue(given)}`);
  }
  const source = read(input, 'source', 'filter.source');
  if (typeof source !== 'string' || source.length === 0) throw new FilterError('filter.source', source, 'a non-empty text (the view that set the clause)');
  const labels = read(input, 'labels', 'filter.labels');
  if (labels === undefined) return { field: name, op, values, source };
  return { field: name, op, values, source, labels: checkLabels(labels, values.length) };
}

/** A clause's labels: one text per value, read once by index like the values. */
function checkLabels(labels: unknown, count: number): string[] {
  if (!Array.isArray(labels) || labels.length !== count) throw new FilterError('filter.labels', labels, `an array of ${count} texts, one per value`);
  const copy: string[] = [];
  for (let i = 0; i < count; i++) {
    const option = `filter.labels[${i}]`;
    const label = read(labels, String(i), option);
    if (typeof label !== 'string' || LONE_SURROGATE.test(label)) throw new FilterError(option, label, 'well-formed Unicode text (no lone surrogate)');
    copy.push(label);
  }
  return copy;
}

type Listener = (change: FilterChange) => void;

/**
 * The cross-filter state: at most one clause per source. Views read it with their own source
 * excluded, so a chart is never filtered by its own selection.
 */
export class FilterState {
  private clauseBySource = new Map<string, FilterClause>();
  private listeners = new Set<Listener>();

  get clauses(): readonly FilterClause[] {
    return [...this.clauseBySource.values()];
  }

  /** Clauses other than `exclude`'s. */
  without(exclude?: string): FilterClause[] {
    return this.clauses.filter((c) => c.source !== exclude);
  }

  /** Sets (or replaces) the clause of `clause.source`. */
  set(clause: FilterClause): void {
    const valid = validateClause(clause);
    this.clauseBySource.set(valid.source, valid);
    this.emit({ clauses: this.clauses, source: valid.source });
  }

  remove(source: string): void {
    if (this.clauseBySource.delete(source)) this.emit({ clauses: this.clauses, source });
  }

  clear(): void {
    if (this.clauseBySource.size === 0) return;
    this.clauseBySource.clear();
    this.emit({ clauses: [], source: null });
  }

  /** Replaces every clause at once (one change event); all are validated first. */
  replace(clauses: readonly unknown[]): void {
    if (!Array.isArray(clauses)) throw new FilterError('filters', clauses, 'an array of clauses');
    const valid = Array.from({ length: clauses.length }, (_, i) => validateClause(read(clauses, String(i), `filters[${i}]`)));
    this.clauseBySource = new Map(valid.map((c) => [c.source, c]));
    this.emit({ clauses: this.clauses, source: null });
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  toJSON(): FilterClause[] {
    return this.clauses.map((c) => ({ ...c, values: [...c.values], ...(c.labels ? { labels: [...c.labels] } : {}) }));
  }

  /** `f=<JSON of the clauses>` for a URL; empty when nothing is selected. */
  toQueryString(): string {
    return this.clauseBySource.size === 0 ? '' : new URLSearchParams({ f: JSON.stringify(this.toJSON()) }).toString();
  }

  /** Clauses from JSON text or parsed JSON; anything malformed is a FilterError. */
  static fromJSON(json: unknown): FilterState {
    let parsed = json;
    if (typeof json === 'string') {
      try {
        parsed = JSON.parse(json);
      } catch {
        throw new FilterError('filter JSON', json, 'JSON text of an array of clauses', `Filter JSON is not valid JSON: ${describeValue(json)}`);
      }
    }
    if (!Array.isArray(parsed)) throw new FilterError('filter JSON', parsed, 'an array of clauses');
    const state = new FilterState();
    state.replace(parsed);
    return state;
  }

  static fromQueryString(query: string): FilterState {
    if (typeof query !== 'string') throw new FilterError('filter query string', query, 'text such as f=[…]');
    const f = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query).get('f');
    return f === null ? new FilterState() : FilterState.fromJSON(f);
  }

  private emit(change: FilterChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
