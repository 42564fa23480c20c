import { RecordBatchReader, Table, tableToIPC, type RecordBatch } from 'apache-arrow';

/** Rows per IPC chunk a big Arrow stream is handed over in (as for Parquet). */
export const IPC_CHUNK_ROWS = 500_000;
/** Streams up to this size go over as they are. */
export const IPC_WHOLE_BYTES = 256 * 2 ** 20;

/**
 * An Arrow IPC stream as streams of whole record batches, about `chunkRows` rows each, so that
 * the database never needs a big file's whole IPC form in its memory at once. A stream of at most
 * `wholeBytes` is handed over as it is.
 */
export function* ipcStreamChunks(ipc: Uint8Array, chunkRows = IPC_CHUNK_ROWS, wholeBytes = IPC_WHOLE_BYTES): Generator<Uint8Array> {
  if (ipc.byteLength <= wholeBytes) {
    yield ipc;
    return;
  }
  const reader = RecordBatchReader.from(ipc);
  let batches: RecordBatch[] = [];
  let rows = 0;
  let chunks = 0;
  for (const batch of reader) {
    batches.push(batch);
    rows += batch.numRows;
    if (rows >= chunkRows) {
      yield tableToIPC(new Table(batches), 'stream');
      chunks++;
      batches = [];
      rows = 0;
    }
  }
  if (batches.length > 0 || chunks === 0) yield tableToIPC(batches.length > 0 ? new Table(batches) : new Table(reader.schema), 'stream');
}
