/// <reference types="mocha" />
/**
 * Issue 17's faults in Chromium, on the page's duckdb-wasm worker (which takes the bytes it is
 * given) with parquet-wasm on the page: each bad file fails with the LoadError the Node test
 * expects, everything loaded before stays as it was, then every format loads with its own
 * figures and no staging table or view is left.
 */
import { expect } from 'chai';
import { tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/esm';
import { configureAssets, LoadError, Strata } from '@strata/sdk/browser';
import { smallBank } from '../fixtures/small.ts';
import { assets } from '../helpers/browser.ts';
import { customerFigures, faults, FORMATS, leftovers, loadCustomers, type WriteParquet } from '../helpers/load-faults.ts';

configureAssets(assets);

describe('a bad file never leaves the engine broken (Chromium): after each, every format loads', function () {
  this.timeout(120_000);
  let strata: Strata;
  let writeParquet: WriteParquet;

  before(async () => {
    // The page's parquet-wasm: the one the loader reads with (the last fault takes its memory).
    await parquet.default({ module_or_path: assets.parquetWasm });
    writeParquet = (table) => parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')));
    strata = await Strata.open();
    await strata.load(smallBank);
  });

  after(async () => {
    await strata?.close();
  });

  /** What is loaded, summarised: the tables' figures and the KPIs. */
  async function snapshot() {
    const tables = (await strata.engine.query(`SELECT (SELECT count(*) FROM loans)::DOUBLE AS loans, (SELECT sum(balance) FROM loans)::DOUBLE AS balance`)).get(0)!.toJSON();
    return { tables, customers: await customerFigures(strata), kpis: (await strata.kpis()).map((k) => [k.metric, k.value]) };
  }

  for (const fault of faults(() => parquet.wasmMemory())) {
    it(fault.name, async () => {
      const before = await snapshot();
      // A page decodes Parquet in its Parquet worker; this fault takes the page's own parquet-wasm
      // memory, so its file is decoded in the page's thread, as a page without workers does.
      const worker = globalThis.Worker;
      if (fault.name.includes('parquet-wasm')) (globalThis as { Worker?: unknown }).Worker = undefined;
      const { thrown, problem } = await fault.fail(strata, writeParquet).finally(() => (globalThis.Worker = worker));
      expect(thrown).to.be.instanceOf(LoadError);
      const { problems, message } = thrown as LoadError;
      expect(problems).to.have.length(1);
      expect(problems[0]).to.include(problem);
      expect(message).to.not.include('__strata_');
      expect(await snapshot(), 'what was loaded before is untouched and answering').to.deep.equal(before);
      for (const format of FORMATS) {
        await loadCustomers(strata, format.source(writeParquet));
        expect(await customerFigures(strata), format.name).to.deep.equal(format.figures);
      }
      expect(await leftovers(strata)).to.deep.equal([]);
    });
  }
});
