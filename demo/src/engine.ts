/**
 * The page's engine assets: vite copies these files into the build and gives their URLs, so the
 * engine never asks a CDN (every `Strata.open()` on the page starts its engine from them).
 */
import duckdbWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import duckdbWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { configureAssets } from '@strata/sdk/browser';

configureAssets({ duckdbWasm, duckdbWorker, parquetWasm });
