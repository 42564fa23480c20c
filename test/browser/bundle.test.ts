/// <reference types="mocha" />
/**
 * The BUILT bundle (dist/strata, from `pnpm build`; test/unit/build.test.ts builds it before this
 * suite runs) as a portal page uses it: no configureAssets, so the engine must find its files in
 * the assets/ folder beside the bundle. Skipped, with a message, when dist/strata is missing.
 */
import { expect } from 'chai';
import { recordWorkers } from '../helpers/record-workers.ts';

const bundleUrl = new URL('/dist/strata/strata-widgets.js', location.href).href;
const built = (await fetch(bundleUrl, { method: 'HEAD' }).catch(() => undefined))?.ok === true;
if (!built) console.warn('test/browser/bundle.test.ts: dist/strata is missing, skipped (run `pnpm build` first)');

/** The worker URLs the page creates (recorded before the bundle can start its engine). */
const workers = recordWorkers();

async function until<T>(check: () => T | undefined | null | false, what: string, ms = 45_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `module` in a fresh document (its own module map) and returns what it put in `window.result`. */
async function inFrame(head: string, module: string): Promise<unknown> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><html><head>${head}<script type="module">${module}</script></head><body></body></html>`;
  document.body.append(frame);
  try {
    const win = frame.contentWindow as (Window & { result?: unknown }) | null;
    return await until(() => win?.result, 'the frame to report');
  } finally {
    frame.remove();
  }
}

(built ? describe : describe.skip)(built ? 'the built bundle (dist/strata)' : 'the built bundle: SKIPPED, dist/strata is missing (run `pnpm build`)', () => {
  it('renders <strata-dashboard> from a manifest with no configureAssets: the assets/ folder beside the bundle', async () => {
    const strata = (await import(bundleUrl)) as typeof import('@strata/widgets') & typeof import('@strata/sdk/browser');
    const assets = new URL('/dist/strata/assets/', location.href).href;
    const resolved = strata.resolveAssets();
    expect(String(resolved?.duckdbWorker)).to.equal(`${assets}duckdb-browser-eh.worker.js`);
    expect(String(resolved?.duckdbWasm)).to.equal(`${assets}duckdb-eh.wasm`);
    expect(String(resolved?.parquetWasm)).to.equal(`${assets}parquet_wasm_bg.wasm`);

    const dashboard = document.createElement('strata-dashboard') as InstanceType<typeof strata.StrataDashboard>;
    expect(dashboard).to.be.instanceOf(strata.StrataDashboard); // registered on import
    const loaded = new Promise<string>((resolve) => {
      dashboard.addEventListener('strata-load', () => resolve('load'));
      dashboard.addEventListener('strata-error', (e) => resolve(`error: ${e.detail.error.message}`));
    });
    dashboard.setAttribute('lang', 'en');
    dashboard.setAttribute('src', '/test/fixtures/small-bank/manifest.json');
    dashboard.style.width = '1200px';
    document.body.append(dashboard);
    try {
      expect(await loaded).to.equal('load');
      const views = await until(() => {
        const all = [...(dashboard.shadowRoot?.querySelectorAll<HTMLElement>('.layout > *') ?? [])];
        return all.length === 9 && all.every((v) => v.shadowRoot && !v.shadowRoot.querySelector('.skeleton, [aria-busy="true"]')) && all;
      }, 'every view to render');
      expect(views.filter((v) => v.shadowRoot!.querySelector('svg.chart-svg .mark')).length).to.be.at.least(5);
      expect(workers).to.deep.equal([`${assets}duckdb-browser-eh.worker.js`]);
    } finally {
      dashboard.remove();
    }
  });

  it('takes the folder from <script data-strata-assets>, relative to the page; configureAssets wins', async () => {
    const result = await inFrame(
      '<script type="module" src="/dist/strata/strata-sdk.js" data-strata-assets="/static/strata/assets"></script>',
      `import { configureAssets, resolveAssets } from '/dist/strata/strata-sdk.js';
       const before = String(resolveAssets().duckdbWasm);
       configureAssets('/elsewhere/');
       window.result = [before, String(resolveAssets().duckdbWasm)];`,
    );
    expect(result).to.deep.equal([new URL('/static/strata/assets/duckdb-eh.wasm', location.href).href, new URL('/elsewhere/duckdb-eh.wasm', location.href).href]);
  });

  it('strata.js alone registers every element', async () => {
    const result = await inFrame(
      '<script type="module" src="/dist/strata/strata.js"></script>',
      `await import('/dist/strata/strata.js');
       window.result = ['strata-dashboard', 'strata-kpis', 'strata-segments', 'strata-npl', 'strata-funnel', 'strata-attainment', 'strata-table', 'strata-filters']
         .filter((name) => !customElements.get(name));`,
    );
    expect(result).to.deep.equal([]);
  });

  it('fetches strata-list.js only once a <strata-list> is in the page, then defines it', async () => {
    const result = await inFrame(
      '<script type="module" src="/dist/strata/strata.js"></script>',
      `await import('/dist/strata/strata.js');
       const fetched = () => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/strata-list.js'));
       const before = [fetched(), Boolean(customElements.get('strata-list'))];
       document.body.append(document.createElement('strata-list'));
       await customElements.whenDefined('strata-list');
       window.result = [...before, fetched(), Boolean(customElements.get('strata-list'))];`,
    );
    expect(result).to.deep.equal([false, false, true, true]);
  });
});
