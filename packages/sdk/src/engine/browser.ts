import { tableFromIPC } from 'apache-arrow';
import * as duckdb from '@duckdb/duckdb-wasm';
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

/**
 * One duckdb-wasm Web Worker and its database, shared by the engines opened on it: each engine has
 * its own connection and its own attached database, so its own tables. The worker is terminated
 * when the last engine closes; nothing more can be opened on it then.
 */
export class BrowserDatabase {
  private engines = 0;
  private ended = false;

  private constructor(
    readonly duckdb: duckdb.AsyncDuckDB,
    private readonly assets: BrowserAssets,
    private readonly onTerminate: () => void,
  ) {}

  /** Starts the worker and instantiates duckdb-wasm in it; nothing is fetched before this. */
  static async start(assets: BrowserAssets, onTerminate: () => void = () => undefined): Promise<BrowserDatabase> {
    const worker = new Worker(String(assets.duckdbWorker));
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    try {
      await db.instantiate(String(assets.duckdbWasm));
    } catch (error) {
      await db.terminate();
      throw error;
    }
    return new BrowserDatabase(db, assets, onTerminate);
  }

  /** False once the last engine has closed and the worker is gone. */
  get running(): boolean {
    return !this.ended;
  }

  /** An engine with a connection and a database of its own on this worker. */
  async openEngine(): Promise<BrowserEngine> {
    if (this.ended) throw new Error('This duckdb-wasm worker was terminated when its last engine closed');
    // Counted before the first await: the worker must not end while an engine is on its way.
    this.engines++;
    let connection: duckdb.AsyncDuckDBConnection;
    try {
      connection = await this.duckdb.connect();
    } catch (error) {
      await this.release();
      throw error;
    }
    const db = this.duckdb;
    const engine = new DuckDBWasmEngine(
      'duckdb-wasm-browser',
      {
        // The result's Arrow IPC bytes, read by the sdk's own apache-arrow: what connection.query() does
        // with duckdb-wasm's copy of it, without the Table of another version, and measurably faster.
        query: async (sql) => tableFromIPC(await connection.useUnsafe((bindings, id) => bindings.runQuery(id, sql))),
        prepare: (sql) => connection.prepare(sql),
        insertArrowFromIPCStream: (bytes, options) => connection.insertArrowFromIPCStream(bytes, options),
        registerFileText: (name, text) => db.registerFileText(name, text),
        dropFile: (name) => db.dropFile(name),
        close: async () => {
          try {
            await connection.close();
          } finally {
            await this.release();
          }
        },
        parquetWasm: async () => new URL(String(this.assets.parquetWasm), globalThis.location?.href),
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
    this.ended = true;
    this.onTerminate();
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
