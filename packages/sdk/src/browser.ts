/**
 * @strata/sdk for browsers: `Strata.open()` shares one duckdb-wasm worker per page, created on
 * first use from the page's own assets (see `configureAssets`); nothing is fetched before that.
 */
import { assetsAt, createBrowserEngine, type BrowserAssets } from './engine/browser.ts';
import type { Engine } from './engine/types.ts';
import { setDefaultEngine } from './strata.ts';

let assets: BrowserAssets | undefined;
let shared: Promise<Engine> | undefined;

/** Where the duckdb-wasm and parquet-wasm files are served from (a base folder or each URL). */
export function configureAssets(where: string | URL | BrowserAssets): void {
  assets = typeof where === 'string' || where instanceof URL ? assetsAt(where) : where;
}

/** The page's shared engine, started on first call. A failed start is retried on the next call. */
export function sharedEngine(): Promise<Engine> {
  if (!assets) {
    return Promise.reject(new Error('Strata assets are not configured: call configureAssets(baseUrl) with the folder holding duckdb-eh.wasm'));
  }
  shared ??= createBrowserEngine(assets).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

setDefaultEngine(sharedEngine);

export * from './index.ts';
export { createBrowserEngine, assetsAt, type BrowserAssets };
