/**
 * parquet-wasm in a dedicated worker (see parquet-thread.ts): a page decodes a file's Parquet here,
 * off its main thread, and takes each Arrow IPC chunk as it asks for it (transferred, not copied),
 * so that no more than one chunk waits in the page's memory. Its own file among the package's
 * files (a page's CSP: worker-src 'self'; no blob:, no eval).
 *
 * Messages in: `{ id, open: { bytes, wasm, chunkRows } }`, then `{ id, next: true }` until a reply
 * says `done`, or `{ id, close: true }`. Each reply is `{ id, chunk }`, `{ id, done: true }` or
 * `{ id, error: message }` (worded as parquet.ts words a failure).
 */
import { parquetToIpcChunks } from './parquet.ts';

interface Request {
  id: number;
  open?: { bytes: Uint8Array; wasm: string; chunkRows: number };
  next?: true;
  close?: true;
}

const files = new Map<number, AsyncGenerator<Uint8Array>>();
const scope = self as unknown as { onmessage: ((event: MessageEvent<Request>) => void) | null; postMessage(message: unknown, transfer?: Transferable[]): void };

scope.onmessage = async ({ data }) => {
  const { id } = data;
  try {
    if (data.open) {
      const { bytes, wasm, chunkRows } = data.open;
      files.set(id, parquetToIpcChunks(bytes, async () => wasm, chunkRows));
      return;
    }
    const file = files.get(id);
    if (data.close || !file) {
      files.delete(id);
      await file?.return(undefined);
      return;
    }
    const { value, done } = await file.next();
    if (done) {
      files.delete(id);
      scope.postMessage({ id, done: true });
    } else {
      scope.postMessage({ id, chunk: value }, [value.buffer]);
    }
  } catch (error) {
    files.delete(id);
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
