import * as parquet from 'parquet-wasm/esm';

let ready: Promise<void> | undefined;

/** Rows per IPC chunk a Parquet file is handed over in. */
export const PARQUET_CHUNK_ROWS = 500_000;

/**
 * Parquet → Arrow IPC streams of at most `PARQUET_CHUNK_ROWS` rows each, with parquet-wasm,
 * because duckdb-wasm's own Parquet reader is an extension it downloads at run time (and hangs
 * offline). The database copies each chunk into its memory in turn, so a big file never needs
 * its whole IPC form there at once. The wasm is loaded once, from wherever the runtime says (a
 * file in Node, a self-hosted URL in the browser).
 */
export async function* parquetToIpcChunks(
  bytes: Uint8Array,
  wasmSource: () => Promise<BufferSource | URL | string>,
  chunkRows = PARQUET_CHUNK_ROWS,
): AsyncGenerator<Uint8Array> {
  ready ??= wasmSource().then(async (source) => {
    if (source instanceof URL || typeof source === 'string') await parquet.default({ module_or_path: source });
    else parquet.initSync({ module: source });
  });
  try {
    await ready;
  } catch (error) {
    ready = undefined;
    throw error;
  }
  const table = parquet.readParquet(bytes, { batchSize: chunkRows });
  try {
    // A file without rows still hands over its schema: the table must exist, with its columns.
    if (table.numBatches === 0) yield parquet.readParquet(bytes).intoIPCStream();
    for (let i = 0; i < table.numBatches; i++) yield table.recordBatch(i)!.intoIPCStream();
  } finally {
    table.free();
  }
}
