/**
 * Where a file's Parquet is decoded: in a page, off its main thread, by parquet-worker.ts in a
 * dedicated worker of its own (started on the first file, or ahead of it by `Strata.prepareLoad`),
 * its chunks taken one at a time; elsewhere (Node), in the thread (parquet.ts). The worker's URL is
 * the package's own file as the bundler emits it, never a blob.
 */
import { PARQUET_CHUNK_ROWS, parquetToIpcChunks, prepareParquet } from './parquet.ts';

/** A page (a window with workers): there the main thread is the page's, and decoding is moved off it. */
const inPage = () => typeof document !== 'undefined' && typeof Worker !== 'undefined';

/** The Arrow IPC chunks of a Parquet file, decoded in the page's Parquet worker or, outside a page, in the thread. */
export async function* parquetChunks(bytes: Uint8Array, wasmSource: () => Promise<BufferSource | URL | string>): AsyncGenerator<Uint8Array> {
  const source = inPage() ? await wasmSource() : undefined;
  if (!(source instanceof URL || typeof source === 'string')) return yield* parquetToIpcChunks(bytes, wasmSource);
  try {
    yield* parquetToIpcChunksInWorker(bytes, source);
  } catch (error) {
    // The page's own parquet-wasm is what a failed file is searched with (invalidTextInParquet).
    await prepareParquet(wasmSource).catch(() => undefined);
    throw error;
  }
}

type Reply = { id: number; chunk?: Uint8Array; done?: true; error?: string };

let worker: Worker | undefined;
let counter = 0;
const waiting = new Map<number, (reply: Reply) => void>();

function parquetWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('./parquet-worker.ts', import.meta.url), { type: 'module', name: 'strata-parquet' });
  started.onmessage = ({ data }: MessageEvent<Reply>) => {
    const answer = waiting.get(data.id);
    waiting.delete(data.id);
    answer?.(data);
  };
  // A worker that fails to start or dies fails every file it holds, and the next file starts another.
  started.onerror = (event) => {
    if (worker === started) worker = undefined;
    for (const [id, answer] of waiting) answer({ id, error: `the Parquet worker failed${event.message ? `: ${event.message}` : ''}` });
    waiting.clear();
  };
  return (worker = started);
}

/** In a page, starts the worker ahead of the first file (its script fetched while the engine opens). */
export function startParquetWorker(): void {
  if (inPage()) parquetWorker();
}

/** As parquetToIpcChunks (parquet.ts), decoded in the worker: the chunks in order, each asked for when the one before was taken. */
export async function* parquetToIpcChunksInWorker(bytes: Uint8Array, wasm: URL | string, chunkRows = PARQUET_CHUNK_ROWS): AsyncGenerator<Uint8Array> {
  const target = parquetWorker();
  const id = ++counter;
  const ask = (message: object) =>
    new Promise<Reply>((resolve) => {
      waiting.set(id, resolve);
      target.postMessage({ id, ...message });
    });
  target.postMessage({ id, open: { bytes, wasm: String(wasm), chunkRows } });
  let finished = false;
  try {
    for (;;) {
      const reply = await ask({ next: true });
      if (reply.error !== undefined) {
        finished = true;
        throw new Error(reply.error);
      }
      if (reply.done) {
        finished = true;
        return;
      }
      yield reply.chunk!;
    }
  } finally {
    // Left before its end (a write failed): the worker frees the file.
    if (!finished) target.postMessage({ id, close: true });
  }
}
