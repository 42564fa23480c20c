/**
 * @strata/sdk for browsers. A page has one duckdb-wasm worker (one wasm download), started by the
 * first `Strata.open()` from the page's own assets (see `configureAssets`); nothing is fetched
 * before that. Each `Strata.open()` without an engine gets an engine of its own on that worker (its
 * own connection and database), so two dashboards on one page can show two banks; `close()` frees
 * that Strata's tables only, and the worker ends when the last one closes. Two Strata given the
 * same `engine` share its tables, and closing either closes it for both.
 *
 * Should the worker die (terminated, crashed), every call on it rejects with an EngineStoppedError
 * and the next open starts a new worker; `strata.restart()` moves a Strata onto it and loads its
 * data again.
 */
import { bundledAssetsBase } from './default-assets.ts';
import { assetsAt, BrowserDatabase, createBrowserEngine, type BrowserAssets, type BrowserEngine } from './engine/browser.ts';
import { setDefaultEngine } from './strata.ts';

let assets: BrowserAssets | undefined;
/** The page's worker while any engine is open on it (or while it starts). */
let page: Promise<BrowserDatabase> | undefined;

/**
 * Where the duckdb-wasm and parquet-wasm files are served from (a base folder or each URL).
 * Call it before the first `Strata.open()`: the page's worker keeps the files it started with.
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
 * The assets the page's worker starts with, first found of: `configureAssets(…)`; the
 * `data-strata-assets` attribute of a script tag (relative to the page); in the built bundle,
 * the `assets/` folder beside it.
 */
export function resolveAssets(): BrowserAssets | undefined {
  if (assets) return assets;
  const base = scriptTagAssetsBase() ?? bundledAssetsBase();
  return base === undefined ? undefined : assetsAt(base);
}

function pageDatabase(chosen: BrowserAssets): Promise<BrowserDatabase> {
  if (page) return page;
  const starting: Promise<BrowserDatabase> = BrowserDatabase.start(chosen, () => {
    if (page === starting) page = undefined;
  });
  page = starting;
  // A failed start is retried on the next call.
  starting.catch(() => {
    if (page === starting) page = undefined;
  });
  return starting;
}

/**
 * An engine of its own (its own connection and tables) on the page's duckdb-wasm worker, which is
 * started first if none is running: what `Strata.open()` uses when given no engine.
 */
export async function openPageEngine(): Promise<BrowserEngine> {
  const chosen = resolveAssets();
  if (!chosen) {
    throw new Error(
      'Strata assets are not configured: call configureAssets(baseUrl) with the folder holding duckdb-eh.wasm, ' +
        'or name it in <script data-strata-assets="…">',
    );
  }
  for (;;) {
    const database = await pageDatabase(chosen);
    // One whose last engine closed while this call waited is gone: the next turn starts another.
    if (database.running) return database.openEngine();
  }
}

// parquet-wasm from the same assets (unconfigured, prepareLoad fetches nothing: the open says why).
setDefaultEngine(openPageEngine, async () => new URL(String(resolveAssets()!.parquetWasm), location.href));

export * from './index.ts';
export { createBrowserEngine, assetsAt, type BrowserAssets, type BrowserEngine };
