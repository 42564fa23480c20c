/// <reference types="mocha" />
import { expect } from 'chai';
import { createBrowserEngine, type BrowserAssets } from '@strata/sdk/browser';
import { generate } from '@strata/synth';
import { dataLayerSuite } from '../data-layer/suite.ts';

/** The installed packages' own files, served by the test server: no CDN. */
const assets: BrowserAssets = {
  duckdbWasm: new URL('/node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm', location.href),
  duckdbWorker: new URL('/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js', location.href),
  parquetWasm: new URL('/node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm', location.href),
};

dataLayerSuite({
  describe,
  it,
  before,
  after,
  expect,
  createEngine: () => createBrowserEngine(assets),
  syntheticBank: () => generate({ seed: 11, loanRows: 20_000 }),
});

describe('no request leaves the page', () => {
  it('every resource the suite loaded came from the test server itself', () => {
    const foreign = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => new URL(url).origin !== location.origin);
    expect(foreign).to.deep.equal([]);
    expect(performance.getEntriesByType('resource').length).to.be.greaterThan(0);
  });
});
