/**
 * What a metric returns (plain rows with the statement behind them), the cache of results by
 * statement and engine generation, and waiting on a promise under an abort signal.
 */
import type { Table } from 'apache-arrow';
import { abortError } from './engine/types.ts';
import type { Query } from './queries/query.ts';

/**
 * Plain rows, with the SQL that answers them and where they came from: `sql` (the statement ran,
 * with its Arrow `table`) or `cube` (worked out in memory from cubes, to the bit what that SQL
 * returns, with a smaller statement for the parts no cube holds, as the kpis' campaign figures;
 * no Arrow table).
 */
export type MetricRows<Row> = Row[] & {
  readonly table?: Table;
  readonly sql: string;
  /** The statement with its bound values (and its last step), for `strata.run` to answer again in SQL. */
  readonly query: Query<Row>;
  readonly source: 'sql' | 'cube';
};

/** Rows with the Arrow table (none from a cube) and the statement they came from, as non-enumerable properties. */
export function withMeta<Row>(rows: Row[], table: Table | undefined, query: Query<Row>): MetricRows<Row> {
  Object.defineProperty(rows, 'table', { value: table, enumerable: false });
  Object.defineProperty(rows, 'sql', { value: query.sql, enumerable: false });
  Object.defineProperty(rows, 'query', { value: query, enumerable: false });
  Object.defineProperty(rows, 'source', { value: table ? 'sql' : 'cube', enumerable: false });
  return rows as MetricRows<Row>;
}

/** `promise`, or an AbortError as soon as `signal` aborts. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Results kept per Strata: a dashboard's views over the selections a user goes back and forth between. */
const RESULT_CACHE_SIZE = 256;

/** Results by statement and values, for the engine generation they were read in; the most recently used last. */
export class ResultCache {
  private results = new Map<string, { generation: number; rows: MetricRows<unknown> }>();

  static key(q: Query<unknown>): string {
    return `${q.sql}\u0000${JSON.stringify(q.params)}`;
  }

  /** The rows kept for `key` in `generation` (and marked as the most recently used), else undefined. */
  get(key: string, generation: number): MetricRows<unknown> | undefined {
    const cached = this.results.get(key);
    if (!cached) return undefined;
    this.results.delete(key);
    if (cached.generation !== generation) return undefined;
    this.results.set(key, cached);
    return cached.rows;
  }

  set(key: string, generation: number, rows: MetricRows<unknown>): void {
    this.results.set(key, { generation, rows });
    if (this.results.size > RESULT_CACHE_SIZE) this.results.delete(this.results.keys().next().value as string);
  }

  clear(): void {
    this.results.clear();
  }
}

/**
 * Statements running now, by key: a second caller of a statement already running joins that run
 * instead of queueing the same work behind it in the engine (a click landing while the same
 * statement, asked ahead of it on hover, still runs). A run is cancelled only when every caller
 * waiting on it has aborted; each caller gets its own abort at once.
 */
export class SharedRuns {
  private runs = new Map<string, { promise: Promise<unknown>; callers: number; controller: AbortController }>();

  run<T>(key: string, signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError());
    let run = this.runs.get(key);
    if (!run) {
      const controller = new AbortController();
      const created = { promise: start(controller.signal), callers: 0, controller };
      const forget = () => {
        if (this.runs.get(key) === created) this.runs.delete(key);
      };
      created.promise.then(forget, forget);
      this.runs.set(key, created);
      run = created;
    }
    const joined = run;
    joined.callers++;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        reject(abortError());
        if (--joined.callers === 0) {
          joined.controller.abort();
          if (this.runs.get(key) === joined) this.runs.delete(key);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      joined.promise.then(
        (value) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          resolve(value as T);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
