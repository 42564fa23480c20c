import { tableFromIPC } from 'apache-arrow';
import * as duckdb from '@duckdb/duckdb-wasm';
import { EngineStoppedError } from '../errors.ts';
import { DuckDBWasmEngine } from './duckdb-wasm.ts';

/**
 * Where the browser engine loads its files from. Every URL is the page's own: Strata never
 * asks a CDN. `pnpm build` copies these files into the assets folder beside the bundle.
 */
export interface BrowserAssets {
  /** duckdb-wasm's `duckdb-eh.wasm`. */
  duckdbWasm: string | URL;
  /** duckdb-wasm's `duckdb-browser-eh.worker.js`. */
  duckdbWorker: string | URL;
  /** parquet-wasm's `parquet_wasm_bg.wasm`. */
  parquetWasm: string | URL;
}

/** Asset URLs under one base folder (relative to the page's base URL), with the file names `pnpm build` gives them. */
export function assetsAt(base: string | URL): BrowserAssets {
  const page = globalThis.document?.baseURI ?? globalThis.location?.href;
  const root = new URL(String(base).endsWith('/') ? String(base) : `${String(base)}/`, page);
  return {
    duckdbWasm: new URL('duckdb-eh.wasm', root),
    duckdbWorker: new URL('duckdb-browser-eh.worker.js', root),
    parquetWasm: new URL('parquet_wasm_bg.wasm', root),
  };
}

/**
 * The browser engine, with the duckdb-wasm database under it: another library (Mosaic, say) can
 * open its own connection to the same worker and, after the engine's `useDatabaseSql`, read its
 * tables, instead of starting a second database.
 */
export interface BrowserEngine extends DuckDBWasmEngine {
  readonly duckdb: duckdb.AsyncDuckDB;
}

/** Names each engine's database, unique on the page (so on any one worker too). */
let databaseCounter = 0;

const RESTART = 'strata.restart() starts a new one and reloads the data';

/**
 * One duckdb-wasm Web Worker and its database, shared by the engines opened on it: each engine has
 * its own connection and its own attached database, so its own tables. The worker is terminated
 * when the last engine closes; nothing more can be opened on it then.
 *
 * A worker that dies is noticed at once, idle or mid-query: terminated by anyone (its `terminate`
 * is wrapped), crashed (its `error` event: duckdb-wasm then drops every pending request without
 * settling it) or trapped in wasm (a RuntimeError: its memory can no longer be trusted, so it is
 * terminated). Every pending and later call of every engine on it then rejects with an
 * EngineStoppedError. No timeout guesses at death: a worker running one long statement answers
 * nothing until it ends, so a ping cannot tell it from a dead one.
 */
export class BrowserDatabase {
  private engines = 0;
  private ended = false;
  private stoppedError?: EngineStoppedError;
  /** How to reject each call on its way: duckdb-wasm never settles those the worker took with it. */
  private readonly pending = new Set<(error: EngineStoppedError) => void>();

  private constructor(
    readonly duckdb: duckdb.AsyncDuckDB,
    worker: Worker,
    private readonly assets: BrowserAssets,
    private readonly onEnd: () => void,
  ) {
    worker.terminate = () => {
      this.stop(new EngineStoppedError(`The duckdb-wasm worker was terminated: ${RESTART}`));
      // Looked up on each call: a page (or a test) may wrap the prototype's terminate too.
      (Object.getPrototypeOf(worker) as Worker).terminate.call(worker);
    };
    worker.addEventListener('error', (event) => {
      this.stop(new EngineStoppedError(`The duckdb-wasm worker failed${event.message ? ` (${event.message})` : ''}: ${RESTART}`));
      worker.terminate();
    });
  }

  /** Starts the worker and instantiates duckdb-wasm in it; nothing is fetched before this. */
  static async start(assets: BrowserAssets, onEnd: () => void = () => undefined): Promise<BrowserDatabase> {
    const worker = new Worker(String(assets.duckdbWorker));
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    const database = new BrowserDatabase(db, worker, assets, onEnd);
    try {
      await database.call(() => db.instantiate(String(assets.duckdbWasm)));
    } catch (error) {
      await db.terminate();
      // A worker that died before it answered (its script missing, say) is set up wrong: a restart would not help.
      if (error instanceof EngineStoppedError) {
        throw new Error(`duckdb-wasm did not start in its worker (${String(assets.duckdbWorker)}): are the assets where configureAssets() says?`, { cause: error });
      }
      throw error;
    }
    return database;
  }

  /** False once the last engine has closed and the worker is gone, or once the worker died. */
  get running(): boolean {
    return !this.ended && !this.stoppedError;
  }

  /** Why the worker can no longer answer, once it cannot. */
  get stopped(): EngineStoppedError | undefined {
    return this.stoppedError;
  }

  /** Marks the worker dead (the first cause wins) and rejects every call on it; the page then forgets it. */
  private stop(error: EngineStoppedError): void {
    if (this.stoppedError || this.ended) return;
    this.stoppedError = error;
    for (const reject of this.pending) reject(error);
    this.pending.clear();
    this.onEnd();
  }

  /** `work`'s answer, or the worker's death, whichever comes first; a wasm trap stops the worker. */
  private call<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.stoppedError) return Promise.reject(this.stoppedError);
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      new Promise<T>((answer) => answer(work()))
        .then(resolve, (error: unknown) => {
          if ((error as Error | null)?.name === 'RuntimeError' && !this.stoppedError) {
            this.stop(new EngineStoppedError(`The duckdb-wasm worker failed (${(error as Error).message}) and was stopped: ${RESTART}`, { cause: error }));
            void this.duckdb.terminate();
          }
          reject(this.stoppedError ?? error);
        })
        .finally(() => this.pending.delete(reject));
    });
  }

  /** An engine with a connection and a database of its own on this worker. */
  async openEngine(): Promise<BrowserEngine> {
    if (this.stoppedError) throw this.stoppedError;
    if (this.ended) throw new Error('This duckdb-wasm worker was terminated when its last engine closed');
    // Counted before the first await: the worker must not end while an engine is on its way.
    this.engines++;
    let connection: duckdb.AsyncDuckDBConnection;
    try {
      connection = await this.call(() => this.duckdb.connect());
    } catch (error) {
      await this.release();
      throw error;
    }
    const db = this.duckdb;
    const call = <T>(work: () => T | Promise<T>) => this.call(work);
    const engine = new DuckDBWasmEngine(
      'duckdb-wasm-browser',
      {
        // The result's Arrow IPC bytes, read by the sdk's own apache-arrow: what connection.query() does
        // with duckdb-wasm's copy of it, without the Table of another version, and measurably faster.
        query: async (sql) => tableFromIPC(await call(() => connection.useUnsafe((bindings, id) => bindings.runQuery(id, sql)))),
        prepare: async (sql) => {
          const statement = await call(() => connection.prepare(sql));
          return { query: (...params) => call(() => statement.query(...params)), close: () => call(() => statement.close()) };
        },
        insertArrowFromIPCStream: (bytes, options) => call(() => connection.insertArrowFromIPCStream(bytes, options)),
        registerFileText: (name, text) => call(() => db.registerFileText(name, text)),
        dropFile: (name) => call(() => db.dropFile(name)),
        close: async () => {
          try {
            if (!this.stoppedError) await call(() => connection.close());
          } finally {
            await this.release();
          }
        },
        parquetWasm: async () => new URL(String(this.assets.parquetWasm), globalThis.location?.href),
        stopped: () => this.stoppedError,
      },
      `strata_${++databaseCounter}`,
    );
    try {
      await engine.init();
    } catch (error) {
      await engine.close().catch(() => undefined);
      throw error;
    }
    return Object.assign(engine, { duckdb: db });
  }

  private async release(): Promise<void> {
    if (--this.engines > 0) return;
    if (this.stoppedError) return;
    this.ended = true;
    this.onEnd();
    await this.duckdb.terminate();
  }
}

/**
 * duckdb-wasm in a Web Worker of its own, with one engine on it; closing the engine terminates the
 * worker. (`Strata.open()` from '@strata/sdk/browser' instead opens engines on the page's one worker.)
 */
export async function createBrowserEngine(assets: BrowserAssets): Promise<BrowserEngine> {
  return (await BrowserDatabase.start(assets)).openEngine();
}
