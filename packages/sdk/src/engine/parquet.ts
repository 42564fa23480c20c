import * as parquet from 'parquet-wasm/esm';

let ready: Promise<void> | undefined;

/**
 * Parquet → Arrow IPC stream with parquet-wasm, because duckdb-wasm's own Parquet reader is an
 * extension it downloads at run time (and hangs offline). The wasm is loaded once, from
 * wherever the runtime says (a file in Node, a self-hosted URL in the browser).
 */
export async function parquetToIpc(
  bytes: Uint8Array,
  wasmSource: () => Promise<BufferSource | URL | string>,
): Promise<Uint8Array> {
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
  const table = parquet.readParquet(bytes);
  return table.intoIPCStream();
}
