/**
 * @strata/sdk for browsers: `Strata.open()` shares one duckdb-wasm worker per page, created on
 * first use from the page's own assets (see `configureAssets`); nothing is fetched before that.
 */
import { bundledAssetsBase } from './default-assets.ts';
import { assetsAt, createBrowserEngine, type BrowserAssets, type BrowserEngine } from './engine/browser.ts';
import type { Engine } from './engine/types.ts';
import { setDefaultEngine } from './strata.ts';

let assets: BrowserAssets | undefined;
let shared: Promise<Engine> | undefined;

/**
 * Where the duckdb-wasm and parquet-wasm files are served from (a base folder or each URL).
 * Call it before the first `Strata.open()`; the shared engine keeps the files it started with.
 */
export function configureAssets(where: string | URL | BrowserAssets): void {
  assets = typeof where === 'string' || where instanceof URL ? assetsAt(where) : where;
}

/**
 * The folder named by `<script … data-strata-assets="/static/strata/assets/">` (the first script
 * tag with the attribute, relative to the page), if the page has one.
 */
function scriptTagAssetsBase(): URL | undefined {
  if (typeof document === 'undefined') return undefined;
  const script = document.querySelector<HTMLScriptElement>('script[data-strata-assets]');
  const base = script?.dataset.strataAssets?.trim();
  return base ? new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI) : undefined;
}

/**
 * The assets the shared engine starts with, first found of: `configureAssets(…)`; the
 * `data-strata-assets` attribute of a script tag (relative to the page); in the built bundle,
 * the `assets/` folder beside it.
 */
export function resolveAssets(): BrowserAssets | undefined {
  if (assets) return assets;
  const base = scriptTagAssetsBase() ?? bundledAssetsBase();
  return base === undefined ? undefined : assetsAt(base);
}

/** The page's shared engine, started on first call. A failed start is retried on the next call. */
export function sharedEngine(): Promise<Engine> {
  const chosen = resolveAssets();
  if (!chosen) {
    return Promise.reject(
      new Error(
        'Strata assets are not configured: call configureAssets(baseUrl) with the folder holding duckdb-eh.wasm, ' +
          'or name it in <script data-strata-assets="…">',
      ),
    );
  }
  shared ??= createBrowserEngine(chosen).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

setDefaultEngine(sharedEngine);

export * from './index.ts';
export { createBrowserEngine, assetsAt, type BrowserAssets, type BrowserEngine };
