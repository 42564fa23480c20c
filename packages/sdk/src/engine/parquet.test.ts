import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tableFromArrays, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parquetBytes } from '../../../../test/helpers/parquet.ts';
import { parquetToIpcChunks } from './parquet.ts';

const require = createRequire(import.meta.url);
const wasm = async () => new Uint8Array(await readFile(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')));

async function chunksOf(bytes: Uint8Array, rows: number) {
  const chunks = [];
  for await (const ipc of parquetToIpcChunks(bytes, wasm, rows)) chunks.push(tableFromIPC(ipc));
  return chunks;
}

describe('parquetToIpcChunks', () => {
  it('hands a file over in chunks of at most the given rows, every row once and in order', async () => {
    const n = 2500;
    const ids = Array.from({ length: n }, (_, i) => `L${i}`);
    const balances = Float64Array.from({ length: n }, (_, i) => i * 1.5);
    const chunks = await chunksOf(parquetBytes(tableFromArrays({ id: ids, balance: balances })), 1000);
    expect(chunks.map((c) => c.numRows)).toEqual([1000, 1000, 500]);
    expect(chunks.flatMap((c) => c.getChild('id')!.toArray() as string[])).toEqual(ids);
    expect(chunks.flatMap((c) => [...(c.getChild('balance')!.toArray() as Float64Array)])).toEqual([...balances]);
  });

  it('a file without rows still gives its columns', async () => {
    const empty = tableFromArrays({ id: [] as string[], balance: new Float64Array(0) });
    const chunks = await chunksOf(parquetBytes(empty), 1000);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.numRows).toBe(0);
    expect(chunks[0]!.schema.fields.map((f) => f.name)).toEqual(['id', 'balance']);
  });
});
