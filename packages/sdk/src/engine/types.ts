import type { Table } from 'apache-arrow';
import type { EngineStoppedError } from '../errors.ts';

/** A value bound to a `?` placeholder. Dates travel as 'YYYY-MM-DD' text and are cast in SQL. */
export type SqlValue = string | number | boolean | null;

export interface QueryOptions {
  /** An aborted signal rejects with an AbortError; a result that arrives after abort is dropped. */
  signal?: AbortSignal;
}

export interface CsvOptions {
  /** Field delimiter. */
  delimiter: string;
  /** The header's column names, in order: every row must have this many fields. */
  columns: string[];
  /** `lf` when lines end in a bare line feed. */
  newline: 'lf' | 'other';
}

/** The data an engine can bulk-insert, already decoded to one of these shapes. */
export type BulkData =
  | { format: 'arrow'; ipc: Uint8Array }
  | { format: 'parquet'; bytes: Uint8Array }
  | { format: 'csv'; text: string; options: CsvOptions };

export interface InsertOptions {
  /** Store the table compactly (compressed: slower to write, a fraction of the memory), for a file too big to stage as it is. */
  compact?: boolean;
  /**
   * No statement reads the table before a later one (a swap by renames) puts it in place: the
   * insert starts no new generation, so results read meanwhile stay cached (a bundle's big
   * tables, written while the Strata already answers from the small ones).
   */
  unread?: boolean;
}

/**
 * What the sdk needs of a database. Implementations: duckdb-wasm in a Web Worker (browser),
 * duckdb-wasm's blocking Node build (tests, scripts, CLI).
 */
export interface Engine {
  readonly kind: string;
  /**
   * A number that changes whenever the engine's tables may have changed (a load, a change of
   * rules): results read under one generation stay valid while it lasts. Without it nothing is cached.
   */
  readonly generation?: number;
  /** Runs one statement; `params` bind to `?` placeholders in order. */
  query(sql: string, params?: readonly SqlValue[], options?: QueryOptions): Promise<Table>;
  /**
   * Creates table `name` (replacing it) from the data, for a load to stage: every CSV column as
   * VARCHAR, a malformed row an error. Unqualified SQL finds it by its name. Statements asked
   * meanwhile may run between its chunks: nobody but the caller reads the table before it returns.
   */
  insert(name: string, data: BulkData, options?: InsertOptions): Promise<void>;
  /**
   * Runs `work` inside BEGIN … COMMIT (ROLLBACK on error) with the engine to itself: no other
   * query runs in between, so nobody sees a half-swapped table.
   */
  transaction<T>(work: (run: (sql: string) => Promise<Table>) => Promise<T>): Promise<T>;
  /**
   * Set once the engine can no longer answer (its duckdb-wasm worker was terminated or crashed):
   * every call since rejects with this error. An engine in-process never stops.
   */
  readonly stopped?: EngineStoppedError;
  /** Frees the engine's tables; resolves on a stopped engine too (there is nothing left to free). */
  close(): Promise<void>;
}

export function abortError(): Error {
  return new DOMException('The query was aborted', 'AbortError');
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}
