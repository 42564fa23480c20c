import { DataType, RecordBatchReader, type Field } from 'apache-arrow';
import * as parquet from 'parquet-wasm/esm';

let ready: Promise<void> | undefined;
let initialised = false;

/** Rows per IPC chunk a Parquet file is handed over in. */
export const PARQUET_CHUNK_ROWS = 500_000;

/**
 * parquet-wasm's memory past which a wasm trap counts as running out of it. Rust aborts the same
 * way ('unreachable') when an allocation fails and when it panics (a damaged file, a bug): an
 * allocation fails once the memory can grow no more (wasm32 stops at 4 GiB, some devices sooner),
 * while a panic on a small file comes with little memory in use.
 */
const TRAP_AS_MEMORY_BYTES = 512 * 2 ** 20;

const formatMiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/**
 * A parquet-wasm failure as an Error whose message reads as DuckDB's would: "Out of Memory Error:"
 * when decoding ran out of memory (the loader words both alike), "Invalid Input Error:" for any
 * other wasm trap. Its own errors (a damaged footer, text that is not UTF-8 …) stay as they are.
 */
function readFailure(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError && /alloc|memory/i.test(message)) {
    return new Error(`Out of Memory Error: parquet-wasm could not decode the file (${message})`, { cause: error });
  }
  if (!(error instanceof WebAssembly.RuntimeError)) return error;
  let used = 0;
  try {
    used = parquet.wasmMemory().buffer.byteLength;
  } catch {
    // No memory to measure: counted as little.
  }
  return used >= TRAP_AS_MEMORY_BYTES
    ? new Error(`Out of Memory Error: parquet-wasm could not decode the file in its memory (${message}, ${formatMiB(used)} in use)`, { cause: error })
    : new Error(`Invalid Input Error: parquet-wasm stopped reading the file (${message}): a damaged file?`, { cause: error });
}

/** Fetches and compiles parquet-wasm ahead of the first file (while the engine starts, say); once per page. */
export function prepareParquet(wasmSource: () => Promise<BufferSource | URL | string>): Promise<void> {
  return init(wasmSource);
}

async function init(wasmSource: () => Promise<BufferSource | URL | string>): Promise<void> {
  ready ??= wasmSource().then(async (source) => {
    if (source instanceof URL || typeof source === 'string') await parquet.default({ module_or_path: source });
    else parquet.initSync({ module: source });
    initialised = true;
  });
  try {
    await ready;
  } catch (error) {
    ready = undefined;
    throw error;
  }
}

/**
 * Parquet → Arrow IPC streams of at most `PARQUET_CHUNK_ROWS` rows each, with parquet-wasm,
 * because duckdb-wasm's own Parquet reader is an extension it downloads at run time (and hangs
 * offline). The database copies each chunk into its memory in turn, so a big file never needs
 * its whole IPC form there at once. The wasm is loaded once, from wherever the runtime says (a
 * file in Node, a self-hosted URL in the browser). A failure is thrown as readFailure words it.
 */
export async function* parquetToIpcChunks(
  bytes: Uint8Array,
  wasmSource: () => Promise<BufferSource | URL | string>,
  chunkRows = PARQUET_CHUNK_ROWS,
): AsyncGenerator<Uint8Array> {
  await init(wasmSource);
  let table: parquet.Table | undefined;
  try {
    table = parquet.readParquet(bytes, { batchSize: chunkRows });
    // A file without rows still hands over its schema: the table must exist, with its columns.
    if (table.numBatches === 0) yield parquet.readParquet(bytes).intoIPCStream();
    for (let i = 0; i < table.numBatches; i++) yield table.recordBatch(i)!.intoIPCStream();
  } catch (error) {
    throw readFailure(error);
  } finally {
    try {
      table?.free();
    } catch {
      // After a trap the table may not be freed: the trap is the news.
    }
  }
}

/**
 * An Arrow IPC stream as uncompressed Parquet: how native DuckDB, which has no Arrow reader of its
 * own offline, takes Arrow bytes (engine/duckdb-node.ts). Uncompressed: the file is read once, at
 * once, from a local folder.
 */
export async function ipcToParquet(ipc: Uint8Array, wasmSource: () => Promise<BufferSource | URL | string>): Promise<Uint8Array> {
  await init(wasmSource);
  const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.UNCOMPRESSED).build();
  return parquet.writeParquet(parquet.Table.fromIPCStream(ipc), properties);
}

/** Files up to this size are searched for the record holding text that is not UTF-8 (each try reads the file again). */
const SEARCHED_BYTES = 32 * 2 ** 20;

/**
 * Where a Parquet file parquet-wasm refused for text that is not UTF-8 holds it, for the problem
 * report: its text columns (parquet-wasm reads every column at once, so which one is not known)
 * and the first record that cannot be read, found by reading ever shorter runs of records. A
 * dictionary-encoded column fails as a whole row group: then, and for a file too big to search,
 * the record is null. Only called once the engine read the file (parquet-wasm is loaded).
 */
export function invalidTextInParquet(bytes: Uint8Array): { textColumns: string[]; row: number | null } | null {
  if (!initialised) return null;
  let schema: Uint8Array;
  try {
    schema = parquet.readSchema(bytes).intoIPCStream();
  } catch {
    return null;
  }
  return { textColumns: RecordBatchReader.from(schema).open().schema.fields.filter(isText).map((f) => f.name), row: firstUnreadableRecord(bytes) };
}

const isText = (field: Field) =>
  DataType.isUtf8(field.type) ||
  DataType.isLargeUtf8(field.type) ||
  (DataType.isDictionary(field.type) && (DataType.isUtf8(field.type.dictionary) || DataType.isLargeUtf8(field.type.dictionary)));

/** The first record parquet-wasm cannot read: the shortest run of first records that fails ends in it. */
function firstUnreadableRecord(bytes: Uint8Array): number | null {
  if (bytes.byteLength > SEARCHED_BYTES) return null;
  const fails = (options: { offset?: number; limit: number }) => {
    try {
      parquet.readParquet(bytes, options).free();
      return false;
    } catch {
      return true;
    }
  };
  let high = 1;
  while (!fails({ limit: high })) {
    if (high >= 2 ** 40) return null;
    high *= 2;
  }
  let low = Math.floor(high / 2) + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (fails({ limit: middle })) high = middle;
    else low = middle + 1;
  }
  // The record alone fails and the next alone reads: not a whole row group's dictionary.
  return fails({ offset: high - 1, limit: 1 }) && !fails({ offset: high, limit: 1 }) ? high : null;
}
