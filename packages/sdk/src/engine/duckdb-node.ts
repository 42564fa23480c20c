import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBMaterializedResult, type DuckDBValue } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import { EngineClosedError } from '../errors.ts';
import { ident, inlineValues, num, str } from '../sql/quote.ts';
import { ipcStreamChunks } from './ipc.ts';
import { csvArguments } from './duckdb-wasm.ts';
import { chunksToArrow, fitForParquetWasm } from './native-arrow.ts';
import { ipcToParquet, parquetToIpcChunks } from './parquet.ts';
import type { BulkData, Engine, InsertOptions, QueryOptions, SqlValue } from './types.ts';
import { throwIfAborted } from './types.ts';

const require = createRequire(import.meta.url);

export interface NativeEngineOptions {
  /** Threads DuckDB may use; all cores when absent. */
  threads?: number;
  /** DuckDB's memory_limit ('4GB' …); DuckDB's default (80% of RAM) when absent. */
  memoryLimit?: string;
}

/** The engine's own (compressed) database and the default one a load stages in, as in duckdb-wasm.ts. */
const DATABASE = 'strata';
const STAGING = 'memory';

/**
 * An Engine over native DuckDB (@duckdb/node-api) in this process: the SQL, the tables' layout and
 * the results of the duckdb-wasm engine (duckdb-wasm.ts), on all cores and without wasm's 4 GB.
 * Statements run one at a time, in order, on one connection; a query whose signal is aborted while
 * it waits is skipped, one aborted while it runs is interrupted. Tables live in a compressed
 * in-memory database attached as `strata`, a load's raw staging tables in the default one, as in
 * duckdb-wasm.ts, so the same statements see the same tables.
 *
 * Native DuckDB reads Parquet and CSV files itself, from a private folder under os.tmpdir()
 * (removed on close); it has no Arrow reader without downloading an extension, so Arrow bytes are
 * written to (uncompressed) Parquet by parquet-wasm first. Measured on the bench's 1M loans (88 MB
 * of Arrow) on the shared 2-core machine: about 3.4 s to stage, nearly 2 s of it parquet-wasm's
 * writing, against 1.2 s for duckdb-wasm, which takes the stream as it is.
 */
export class NativeDuckDBEngine implements Engine {
  readonly kind = 'duckdb-native';
  /** Statements run and the milliseconds they took (waiting in line excluded): for monitoring. */
  readonly stats = { statements: 0, ms: 0 };
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private generationValue = 0;
  private folder: Promise<string> | undefined;
  private fileCounter = 0;

  /** Bumped as duckdb-wasm.ts bumps it: by every statement that may write, insert and transaction. */
  get generation(): number {
    return this.generationValue;
  }

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(options: NativeEngineOptions = {}): Promise<NativeDuckDBEngine> {
    const config: Record<string, string> = {
      // Never fetch an extension: Parquet and CSV are built in, and nothing else is used.
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.threads !== undefined) config.threads = String(options.threads);
    if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
    const instance = await DuckDBInstance.create(':memory:', config);
    const connection = await instance.connect();
    for (const statement of [
      `ATTACH ':memory:' AS ${ident(DATABASE)} (COMPRESS)`,
      `USE ${ident(DATABASE)}`,
      `SET search_path = ${str(`${DATABASE}.main,${STAGING}.main`)}`,
    ]) {
      await connection.run(statement);
    }
    return new NativeDuckDBEngine(instance, connection);
  }

  private run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const result = this.queue.then(async () => {
      if (this.closed) throw new EngineClosedError();
      throwIfAborted(signal);
      // Aborted while running: DuckDB stops the statement at its next check.
      const interrupt = () => this.connection.interrupt();
      signal?.addEventListener('abort', interrupt);
      const start = performance.now();
      try {
        return await task();
      } finally {
        signal?.removeEventListener('abort', interrupt);
        this.stats.statements++;
        this.stats.ms += performance.now() - start;
        throwIfAborted(signal);
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async read(sql: string, params?: readonly SqlValue[]): Promise<Table> {
    const result: DuckDBMaterializedResult = await this.connection.run(sql, params as DuckDBValue[] | undefined);
    const chunks = Array.from({ length: result.chunkCount }, (_, i) => result.getChunk(i));
    return chunksToArrow(result.columnNames(), result.columnTypes(), chunks);
  }

  query(sql: string, params: readonly SqlValue[] = [], options: QueryOptions = {}): Promise<Table> {
    // As duckdb-wasm.ts: values written in by the quoting module, bound only when one cannot be.
    const text = params.length > 0 ? inlineValues(sql, params) : sql;
    const read = /^\s*(WITH|SELECT)\b/i.test(sql);
    return this.run(async () => {
      if (!read) this.generationValue++;
      return text !== undefined ? this.read(text) : this.read(sql, params);
    }, options.signal);
  }

  /** A new file's path in the engine's private folder (made on first use). */
  private async file(extension: string): Promise<string> {
    this.folder ??= mkdtemp(path.join(tmpdir(), 'strata-native-'));
    return path.join(await this.folder, `upload_${++this.fileCounter}.${extension}`);
  }

  insert(name: string, data: BulkData, options: InsertOptions = {}): Promise<void> {
    return this.run(async () => {
      this.generationValue++;
      const schema = options.compact ? DATABASE : STAGING;
      const target = `${ident(schema)}.main.${ident(name)}`;
      await this.connection.run(`DROP TABLE IF EXISTS ${target}`);
      const files: string[] = [];
      try {
        if (data.format === 'csv') {
          const file = await this.file('csv');
          files.push(file);
          await writeFile(file, data.text);
          await this.connection.run(`CREATE TABLE ${target} AS SELECT * FROM read_csv(${csvArguments(file, data.options).join(', ')})`);
          return;
        }
        if (data.format === 'parquet') {
          const file = await this.file('parquet');
          files.push(file);
          await writeFile(file, data.bytes);
          try {
            await this.connection.run(`CREATE TABLE ${target} AS SELECT * FROM read_parquet(${str(file)})`);
          } catch (error) {
            await throwAsParquetWasm(data.bytes);
            throw error;
          }
          return;
        }
        // Chunk by chunk, as duckdb-wasm inserts them: the first creates the table, the rest append.
        let create = true;
        for (const chunk of ipcStreamChunks(data.ipc)) {
          const { ipc, nullBooleans } = fitForParquetWasm(chunk);
          const file = await this.file('parquet');
          files.push(file);
          await writeFile(file, await ipcToParquet(ipc, parquetWasm));
          const read = `read_parquet(${str(file)})`;
          if (!create) await this.connection.run(`INSERT INTO ${target} SELECT * FROM ${read}`);
          else {
            const casts = nullBooleans.map((c) => `CAST(${ident(c)} AS BOOLEAN) AS ${ident(c)}`);
            await this.connection.run(`CREATE TABLE ${target} AS SELECT *${casts.length > 0 ? ` REPLACE (${casts.join(', ')})` : ''} FROM ${read}`);
          }
          create = false;
        }
      } finally {
        await Promise.all(files.map((file) => rm(file, { force: true })));
      }
    });
  }

  /**
   * The rows of `select` as Snappy-compressed Parquet in row groups of `rowGroupRows`, written by
   * DuckDB's own writer (a bundle's file, load/bundle-pack.ts), and how many rows there are.
   */
  parquet(select: string, rowGroupRows: number): Promise<{ bytes: Uint8Array; rows: number }> {
    return this.run(async () => {
      const file = await this.file('parquet');
      try {
        const result = await this.connection.run(`COPY (${select}) TO ${str(file)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${num(rowGroupRows)})`);
        return { bytes: new Uint8Array(await readFile(file)), rows: Number(result.rowsChanged) };
      } finally {
        await rm(file, { force: true });
      }
    });
  }

  transaction<T>(work: (run: (sql: string) => Promise<Table>) => Promise<T>): Promise<T> {
    return this.run(async () => {
      this.generationValue++;
      await this.connection.run('BEGIN TRANSACTION');
      try {
        const result = await work((sql) => this.read(sql));
        await this.connection.run('COMMIT');
        return result;
      } catch (error) {
        await this.connection.run('ROLLBACK');
        throw error;
      }
    });
  }

  /** Frees the database and removes the engine's folder of files. */
  async close(): Promise<void> {
    await this.run(async () => {
      this.closed = true;
      this.generationValue++;
      try {
        this.connection.closeSync();
        this.instance.closeSync();
      } finally {
        if (this.folder) await rm(await this.folder, { recursive: true, force: true });
      }
    });
  }
}

/** parquet-wasm's wasm, from the installed package. */
const parquetWasm = async () => new Uint8Array(await readFile(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')));

/**
 * A Parquet file native DuckDB refused, read by parquet-wasm: its error (a damaged file, text that
 * is not UTF-8) is the one the loader words, and finds the record of, as on duckdb-wasm. Returns
 * when parquet-wasm reads the file (the caller throws DuckDB's error then).
 */
async function throwAsParquetWasm(bytes: Uint8Array): Promise<void> {
  for await (const chunk of parquetToIpcChunks(bytes, parquetWasm)) void chunk;
}
