import { dimension, type DimensionName } from './dimensions.ts';
import { LONE_SURROGATE } from './sql/quote.ts';

export type FilterValue = string | number | boolean | null;
export type FilterOp = 'in' | 'not_in' | 'between';

/** One selection: `field` in `values` (or between two values), set by `source` (a view's id). */
export interface FilterClause {
  field: DimensionName;
  op: FilterOp;
  values: FilterValue[];
  source: string;
}

export interface FilterChange {
  clauses: readonly FilterClause[];
  /** The source whose clause changed, or null when all were cleared or replaced. */
  source: string | null;
}

export class FilterError extends TypeError {
  override name = 'FilterError';
}

const MAX_VALUES = 10_000;

/** Any value as short text for an error message; never throws (BigInt, cycles, symbols). */
function describe(value: unknown): string {
  try {
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol' || typeof value === 'function') return String(typeof value);
    return (JSON.stringify(value) ?? String(value)).slice(0, 200);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Checks a clause from anywhere (code, JSON, a URL) and returns it in canonical form. */
export function validateClause(input: unknown): FilterClause {
  if (typeof input !== 'object' || input === null) throw new FilterError(`A filter clause must be an object, got ${describe(input)}`);
  const { field, op = 'in', values, source } = input as Record<string, unknown>;
  if (typeof field !== 'string') throw new FilterError(`A filter clause needs a field name, got ${describe(field)}`);
  let name: DimensionName;
  try {
    name = dimension(field).name;
  } catch (error) {
    throw new FilterError((error as Error).message);
  }
  if (op !== 'in' && op !== 'not_in' && op !== 'between') throw new FilterError(`Filter op must be in, not_in or between, got ${describe(op)}`);
  if (!Array.isArray(values)) throw new FilterError(`Filter values for ${field} must be an array, got ${describe(values)}`);
  if (values.length > MAX_VALUES) throw new FilterError(`At most ${MAX_VALUES} filter values, got ${values.length}`);
  for (const v of values) {
    const ok = v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (!ok) throw new FilterError(`Filter values must be text, finite numbers, booleans or null, got ${describe(v)}`);
    if (typeof v === 'string' && v.includes('\u0000')) throw new FilterError('Filter values must not contain NUL characters');
    if (typeof v === 'string' && LONE_SURROGATE.test(v)) throw new FilterError(`Filter values must be well-formed Unicode, got ${describe(v)}`);
  }
  if (op === 'between' && (values.length !== 2 || values.includes(null))) {
    throw new FilterError(`A between filter on ${field} needs exactly two non-null values`);
  }
  if (typeof source !== 'string' || source.length === 0) throw new FilterError('A filter clause needs a non-empty source (the view that set it)');
  return { field: name, op, values: [...(values as FilterValue[])], source };
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
    const valid = clauses.map(validateClause);
    this.clauseBySource = new Map(valid.map((c) => [c.source, c]));
    this.emit({ clauses: this.clauses, source: null });
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  toJSON(): FilterClause[] {
    return this.clauses.map((c) => ({ ...c, values: [...c.values] }));
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
        throw new FilterError(`Filter JSON is not valid JSON: ${describe(json)}`);
      }
    }
    if (!Array.isArray(parsed)) throw new FilterError(`Filter JSON must be an array of clauses, got ${describe(parsed)}`);
    const state = new FilterState();
    state.replace(parsed);
    return state;
  }

  static fromQueryString(query: string): FilterState {
    const f = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query).get('f');
    return f === null ? new FilterState() : FilterState.fromJSON(f);
  }

  private emit(change: FilterChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
