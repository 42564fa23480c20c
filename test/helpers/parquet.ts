import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tableToIPC, type Table } from 'apache-arrow';
import * as parquet from 'parquet-wasm/esm';

const require = createRequire(import.meta.url);
let ready = false;

/** Parquet bytes of an Arrow table, written by parquet-wasm (a different writer from the loader's reader path). */
export function parquetBytes(table: Table): Uint8Array {
  if (!ready) {
    parquet.initSync({ module: readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')) });
    ready = true;
  }
  return parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')));
}
