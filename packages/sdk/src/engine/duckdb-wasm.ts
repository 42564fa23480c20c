import type { Table } from 'apache-arrow';
import { EngineClosedError, type EngineStoppedError } from '../errors.ts';
import { ident, inlineValues, str } from '../sql/quote.ts';
import type { BulkData, CsvOptions, Engine, InsertOptions, QueryOptions, SqlValue } from './types.ts';
import { throwIfAborted } from './types.ts';

/**
 * The part of a duckdb-wasm database and connection the engine uses. The blocking (Node) and
 * async (Worker) builds both fit it: every call may return a value or a promise of one.
 */
export interface DuckDBWasmAdapter {
  query(sql: string): Table | Promise<Table>;
  prepare(sql: string): Promise<PreparedAdapter> | PreparedAdapter;
  insertArrowFromIPCStream(bytes: Uint8Array, options: { name: string; schema?: string; create: boolean }): void | Promise<void>;
  registerFileText(name: string, text: string): void | Promise<void>;
  dropFile(name: string): void | Promise<unknown>;
  close(): void | Promise<void>;
  /** Where parquet-wasm's wasm comes from in this runtime. */
  parquetWasm(): Promise<BufferSource | URL | string>;
  /** Why the database can no longer answer (its worker died), once it cannot; absent in-process. */
  stopped?(): EngineStoppedError | undefined;
}

export interface PreparedAdapter {
  query(...params: unknown[]): Table | Promise<Table>;
  close(): void | Promise<void>;
}

/** Settings that keep duckdb-wasm off the network: it must never fetch an extension. */
const OFFLINE_SETTINGS = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
];

/** The default (uncompressed) database, where `insert` stages a load's files. */
const STAGING = 'memory';

/** What an engine's own database may be called: a plain name, so that it reads the same in a search path. */
const DATABASE_NAME = /^[a-z_][a-z0-9_]*$/;

let fileCounter = 0;

/**
 * read_csv's arguments for the sdk's CSV `file`, on either engine: every column VARCHAR under the
 * header's names, a row with too few or too many fields an error, quotes as RFC 4180 has them.
 */
export function csvArguments(file: string, options: CsvOptions): string[] {
  const { delimiter, columns, newline } = options;
  return [
    str(file),
    'auto_detect = false',
    'header = true',
    `delim = ${str(delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    'strict_mode = true',
    'null_padding = false',
    ...(newline === 'lf' ? [`new_line = '\\n'`] : []),
    `columns = {${columns.map((c) => `${str(c)}: 'VARCHAR'`).join(', ')}}`,
  ];
}

/**
 * Reads sent on before the ones ahead of them returned: the worker then goes from one to the next
 * without waiting for the page to take an answer and post the next statement. Few, so that a
 * cancelled plan's reads still waiting are skipped rather than run.
 */
const READS_IN_FLIGHT = 4;

/**
 * An Engine over duckdb-wasm, on one connection. Reads (SELECT, WITH) are sent in order, up to
 * READS_IN_FLIGHT at a time, and the worker runs them one after another; a write (any other
 * statement, an insert, a transaction) waits for everything sent before it, and everything after
 * it waits for the write. A query whose signal is aborted while it waits is skipped, one aborted
 * after it was sent is dropped when it returns.
 *
 * Tables live in a compressed in-memory database of the engine's own, attached under `database`:
 * about a sixth of the memory of the default one (1M loan rows: 75 MB instead of 470 MB), which is
 * what lets 10M rows fit in wasm's 4 GB, and scans are as fast or faster. Engines on one duckdb-wasm
 * database (one per connection) therefore never see each other's tables. A load's raw staging tables
 * go to the default database instead (compressing them would be wasted work; their names are unique
 * per load). Unqualified names find both (the search path).
 */
export class DuckDBWasmEngine implements Engine {
  /** Settles when every statement sent so far has: what a write waits for. */
  private settled: Promise<unknown> = Promise.resolve();
  /** Settles when the last write has: what a read waits for. */
  private written: Promise<unknown> = Promise.resolve();
  private readsSent = 0;
  private readonly waitingReads: (() => void)[] = [];
  private closed = false;
  /**
   * Statements run and the milliseconds from sending each to its answer (waiting in the page's
   * line excluded; reads in flight together overlap): for monitoring.
   */
  readonly stats = { statements: 0, ms: 0 };
  private generationValue = 0;

  /**
   * Bumped by every statement that may write (not a SELECT or WITH), insert and transaction: results
   * read before a bump may be stale after it. -1 once the engine stopped: its tables are gone, and
   * no result read before stands for them (a cache answering would hide that the engine stopped).
   */
  get generation(): number {
    return this.stopped ? -1 : this.generationValue;
  }

  /**
   * What another connection to the same duckdb-wasm database (Mosaic's, say) runs first to see
   * this engine's tables by their names: USE is per connection, and a new one starts in `memory`.
   */
  get useDatabaseSql(): string {
    return `USE ${ident(this.database)}`;
  }

  get stopped(): EngineStoppedError | undefined {
    return this.db.stopped?.();
  }

  constructor(
    readonly kind: string,
    private readonly db: DuckDBWasmAdapter,
    /** The name the engine's own database is attached under, unique on its duckdb-wasm database. */
    readonly database = 'strata',
  ) {
    if (!DATABASE_NAME.test(database) || database === STAGING) throw new RangeError(`not a name for an engine's database: ${JSON.stringify(database)}`);
  }

  /** Applies the offline and storage settings; call once before use. */
  async init(): Promise<this> {
    const storage = [
      `ATTACH ':memory:' AS ${ident(this.database)} (COMPRESS)`,
      this.useDatabaseSql,
      `SET search_path = ${str(`${this.database}.main,${STAGING}.main`)}`,
    ];
    for (const statement of [...OFFLINE_SETTINGS, ...storage]) await this.db.query(statement);
    return this;
  }

  /** Runs `task` as a write: after every statement sent before it, and before any sent after. */
  private run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const result = this.settled.then(() => this.execute(task, signal));
    this.settled = this.written = result.catch(() => undefined);
    return result;
  }

  /** Runs `task` as a read: after the last write, with at most READS_IN_FLIGHT reads sent at once. */
  private read<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const result = this.written.then(async () => {
      await this.readSlot();
      try {
        return await this.execute(task, signal);
      } finally {
        this.readsSent--;
        this.waitingReads.shift()?.();
      }
    });
    this.settled = Promise.all([this.settled, result.catch(() => undefined)]);
    return result;
  }

  /** Resolves when a read may be sent; reads get their slots in the order they asked. */
  private readSlot(): Promise<void> {
    if (this.readsSent < READS_IN_FLIGHT && this.waitingReads.length === 0) {
      this.readsSent++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waitingReads.push(() => {
        this.readsSent++;
        resolve();
      }),
    );
  }

  private async execute<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.closed) throw new EngineClosedError();
    const stopped = this.stopped;
    if (stopped) throw stopped;
    throwIfAborted(signal);
    const start = performance.now();
    try {
      return await task();
    } finally {
      this.stats.statements++;
      this.stats.ms += performance.now() - start;
      throwIfAborted(signal);
    }
  }

  query(sql: string, params: readonly SqlValue[] = [], options: QueryOptions = {}): Promise<Table> {
    // Values are written in by the quoting module: DuckDB plans a prepared statement again on each
    // run with new values, and that measured slower than planning the same SQL with the values in
    // it. A value it cannot write is bound instead (see inlineValues). Plans are not kept: the
    // sdk's result cache answers a repeated query first (BENCHMARKS.md). Any statement but a read
    // may change tables: it starts a new generation.
    const text = params.length > 0 ? inlineValues(sql, params) : sql;
    const answer = () => (text !== undefined ? this.db.query(text) : this.runBound(sql, params));
    if (/^\s*(WITH|SELECT)\b/i.test(sql)) return this.read(async () => answer(), options.signal);
    return this.run(async () => {
      this.generationValue++;
      return answer();
    }, options.signal);
  }

  private async runBound(sql: string, params: readonly SqlValue[]): Promise<Table> {
    const statement = await this.db.prepare(sql);
    try {
      return await statement.query(...params);
    } finally {
      await statement.close();
    }
  }

  async insert(name: string, data: BulkData, options: InsertOptions = {}): Promise<void> {
    // A big file is staged compressed: staged as it is, it may not fit in wasm's memory.
    const schema = options.compact ? this.database : STAGING;
    const target = `${ident(schema)}.main.${ident(name)}`;
    await this.run(async () => {
      if (!options.unread) this.generationValue++;
      await this.db.query(`DROP TABLE IF EXISTS ${target}`);
      if (data.format === 'csv') await this.insertCsv(target, data.text, data.options);
    });
    if (data.format === 'csv') return;
    // Arrow and Parquet go in chunk by chunk, each its own turn on the connection: a statement
    // asked meanwhile (a view's, while a bundle's big tables load behind it) waits for one chunk,
    // not the file, and the next chunk is decoded while this one is written. Their readers are
    // imported when a load needs them (a page's loader chunk): a page that only reads metrics
    // never fetches them.
    const chunks = await this.chunksOf(data);
    let create = true;
    const next = () => Promise.resolve(chunks.next());
    let coming = next();
    try {
      for (;;) {
        const chunk = await coming;
        if (chunk.done) break;
        coming = next();
        // Settled even when a write fails first: a decode failure after it is not left unhandled.
        coming.catch(() => undefined);
        const first = create;
        create = false;
        await this.run(() => Promise.resolve(this.db.insertArrowFromIPCStream(chunk.value, { name, schema, create: first })));
      }
    } finally {
      // A write that failed leaves the decoder mid-file: ended, it frees the decoded table.
      await Promise.resolve(chunks.return?.()).catch(() => undefined);
    }
  }

  /** The Arrow IPC streams an Arrow or Parquet insert writes, one after another. */
  private async chunksOf(data: Exclude<BulkData, { format: 'csv' }>): Promise<Iterator<Uint8Array> | AsyncIterator<Uint8Array>> {
    if (data.format === 'arrow') return (await import('./ipc.ts')).ipcStreamChunks(data.ipc);
    return (await import('./parquet-thread.ts')).parquetChunks(data.bytes, () => this.db.parquetWasm());
  }

  private async insertCsv(target: string, text: string, options: CsvOptions): Promise<void> {
    const file = `strata_upload_${++fileCounter}.csv`;
    await this.db.registerFileText(file, text);
    try {
      await this.db.query(`CREATE TABLE ${target} AS SELECT * FROM read_csv(${csvArguments(file, options).join(', ')})`);
    } finally {
      await this.db.dropFile(file);
    }
  }

  transaction<T>(work: (run: (sql: string) => Promise<Table>) => Promise<T>): Promise<T> {
    return this.run(async () => {
      this.generationValue++;
      await this.db.query('BEGIN TRANSACTION');
      try {
        const result = await work(async (sql) => this.db.query(sql));
        await this.db.query('COMMIT');
        return result;
      } catch (error) {
        await this.db.query('ROLLBACK');
        throw error;
      }
    });
  }

  /**
   * Detaches the engine's database (its tables' memory is freed at once, whoever else stays on the
   * duckdb-wasm database) and closes its connection. On a stopped engine it only lets go of the
   * dead worker: its memory went with it.
   */
  async close(): Promise<void> {
    if (this.stopped && !this.closed) {
      this.closed = true;
      this.generationValue++;
      await this.db.close();
      return;
    }
    await this.run(async () => {
      this.closed = true;
      this.generationValue++;
      try {
        // A connection cannot detach the database it is using.
        await this.db.query(`USE ${STAGING}`);
        await this.db.query(`DETACH DATABASE IF EXISTS ${ident(this.database)}`);
      } catch (error) {
        // A worker that died while this closed has nothing left to free.
        if (!this.stopped) throw error;
      } finally {
        await this.db.close();
      }
    });
  }
}
