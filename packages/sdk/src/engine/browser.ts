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
 * open its own connection to the same tables instead of starting a second database.
 */
export interface BrowserEngine extends DuckDBWasmEngine {
  readonly duckdb: duckdb.AsyncDuckDB;
}

/** duckdb-wasm in a dedicated Web Worker; nothing is fetched until this is called. */
export async function createBrowserEngine(assets: BrowserAssets): Promise<BrowserEngine> {
  const worker = new Worker(String(assets.duckdbWorker));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(String(assets.duckdbWasm));
  const connection = await db.connect();
  const engine = new DuckDBWasmEngine('duckdb-wasm-browser', {
    // The result's Arrow IPC bytes, read by the sdk's own apache-arrow: what connection.query() does
    // with duckdb-wasm's copy of it, without the Table of another version, and measurably faster.
    query: async (sql) => tableFromIPC(await connection.useUnsafe((bindings, id) => bindings.runQuery(id, sql))),
    prepare: (sql) => connection.prepare(sql),
    insertArrowFromIPCStream: (bytes, options) => connection.insertArrowFromIPCStream(bytes, options),
    registerFileText: (name, text) => db.registerFileText(name, text),
    dropFile: (name) => db.dropFile(name),
    close: async () => {
      await connection.close();
      await db.terminate();
    },
    parquetWasm: async () => new URL(String(assets.parquetWasm), globalThis.location?.href),
  });
  await engine.init();
  return Object.assign(engine, { duckdb: db });
}
