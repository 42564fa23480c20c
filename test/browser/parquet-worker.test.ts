/// <reference types="mocha" />
/**
 * Parquet decoded off the page's main thread (the sdk's engine/parquet-thread.ts and its
 * parquet-worker.ts, in a real dedicated worker): the same Arrow tables as parquet-wasm in the
 * thread, and a load of Parquet files in the page going through it.
 */
import { expect } from 'chai';
import { tableFromIPC, type Table } from 'apache-arrow';
import { createBrowserEngine, Strata } from '@strata/sdk/browser';
import { parquetChunks } from '../../packages/sdk/src/engine/parquet-thread.ts';
import { parquetToIpcChunks } from '../../packages/sdk/src/engine/parquet.ts';
import { assets } from '../helpers/browser.ts';

const wasm = async () => new URL(String(assets.parquetWasm));
const bytesOf = async (path: string) => new Uint8Array(await (await fetch(path)).arrayBuffer());

async function tables(chunks: AsyncIterable<Uint8Array>): Promise<Table[]> {
  const out: Table[] = [];
  for await (const ipc of chunks) out.push(tableFromIPC(ipc));
  return out;
}

const rowsOf = (parts: Table[]) => parts.reduce((n, t) => n + t.numRows, 0);
/** A column's values summed as numbers (DECIMAL(18,4) arrives as scaled integers: compared, not converted). */
const sumOf = (parts: Table[], column: string) => parts.reduce((s, t) => s + [...t.getChild(column)!].reduce((a: number, v) => a + Number(v ?? 0), 0), 0);

describe('Parquet in a worker', () => {
  it('gives the same tables as parquet-wasm in the thread: the small bank\'s loans and customers', async () => {
    for (const [file, rows, column, sum] of [
      // The loans' balances add up to 8,885,000 yuan over both month ends, the customers' deposits
      // to 19,625,000 (test/fixtures/small-bank/*.csv).
      ['/test/fixtures/small-bank-bundle/loans.parquet', 12, 'balance', 8_885_000],
      ['/test/fixtures/small-bank-bundle/customers.parquet', 8, 'deposits_avg', 19_625_000],
    ] as const) {
      const bytes = await bytesOf(file);
      const inWorker = await tables(parquetChunks(bytes, wasm));
      const inThread = await tables(parquetToIpcChunks(bytes, wasm));
      expect(rowsOf(inWorker), file).to.equal(rows);
      expect(rowsOf(inThread), file).to.equal(rows);
      expect(sumOf(inWorker, column), file).to.equal(sum);
      expect(sumOf(inThread, column), file).to.equal(sum);
      expect(inWorker.map((t) => t.schema.fields.map((f) => `${f.name}:${f.type}`)), file).to.deep.equal(inThread.map((t) => t.schema.fields.map((f) => `${f.name}:${f.type}`)));
      expect(JSON.stringify(inWorker.flatMap((t) => t.toArray())), file).to.equal(JSON.stringify(inThread.flatMap((t) => t.toArray())));
    }
  });

  it('reads a file in chunks of the rows asked, and reports a damaged file as parquet-wasm does', async () => {
    const bytes = await bytesOf('/test/fixtures/small-bank-bundle/loans.parquet');
    const { parquetToIpcChunksInWorker } = await import('../../packages/sdk/src/engine/parquet-thread.ts');
    const parts = await tables(parquetToIpcChunksInWorker(bytes, await wasm(), 5));
    expect(parts.map((t) => t.numRows)).to.deep.equal([5, 5, 2]);
    const damaged = bytes.slice(0, bytes.byteLength - 20);
    const [inWorker, inThread] = await Promise.all([
      tables(parquetToIpcChunksInWorker(damaged, await wasm())).then(() => 'read', (e: Error) => e.message),
      tables(parquetToIpcChunks(damaged, wasm)).then(() => 'read', (e: Error) => e.message),
    ]);
    expect(inWorker).to.not.equal('read');
    expect(inWorker).to.equal(inThread);
  });

  it('is what a load of Parquet files in the page goes through: the small bank\'s balance', async () => {
    const strata = await Strata.open({ engine: await createBrowserEngine(assets) });
    try {
      const folder = '/test/fixtures/small-bank-bundle/';
      const names = ['branches', 'managers', 'customers', 'loans', 'pipeline', 'campaigns', 'targets'] as const;
      const input = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await bytesOf(`${folder}${n}.parquet`)] as const)));
      const report = await strata.load(input);
      expect(report.rows.loans).to.equal(12);
      const kpis = await strata.kpis();
      expect(kpis.find((k) => k.metric === 'balance')?.value).to.equal(4_635_000);
    } finally {
      await strata.close();
    }
  });
});
