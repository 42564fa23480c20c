import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { DuckDBWasmEngine } from './duckdb-wasm.ts';

const require = createRequire(import.meta.url);

/**
 * duckdb-wasm's blocking Node build: the same database and SQL as in the browser, in-process,
 * with its wasm read from the installed package (never downloaded).
 */
export async function createNodeEngine(): Promise<DuckDBWasmEngine> {
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const connection = db.connect();
  const parquetWasmPath = require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm');
  const engine = new DuckDBWasmEngine('duckdb-wasm-node', {
    // As in the browser (engine/browser.ts): the IPC bytes, read by the sdk's own apache-arrow.
    query: (sql) => tableFromIPC(connection.useUnsafe((bindings, id) => bindings.runQuery(id, sql))),
    prepare: (sql) => connection.prepare(sql),
    insertArrowFromIPCStream: (bytes, options) => connection.insertArrowFromIPCStream(bytes, options),
    registerFileText: (name, text) => db.registerFileText(name, text),
    dropFile: (name) => db.dropFile(name),
    close: () => {
      connection.close();
      db.reset();
    },
    parquetWasm: async () => new Uint8Array(await readFile(parquetWasmPath)),
  });
  return engine.init();
}
