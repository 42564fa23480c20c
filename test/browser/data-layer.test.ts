/// <reference types="mocha" />
import { expect } from 'chai';
import { createBrowserEngine, type BrowserAssets } from '@strata/sdk/browser';
import { dataLayerSuite } from '../data-layer/suite.ts';

/** The installed packages' own files, served by the test server: no CDN. */
const assets: BrowserAssets = {
  duckdbWasm: new URL('/node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm', location.href),
  duckdbWorker: new URL('/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js', location.href),
  parquetWasm: new URL('/node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm', location.href),
};

dataLayerSuite({ describe, it, before, after, expect, createEngine: () => createBrowserEngine(assets) });
