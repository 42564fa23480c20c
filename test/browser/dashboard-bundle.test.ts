/// <reference types="mocha" />
/**
 * `<strata-dashboard src="…/manifest.json">` on a bundle made by `strata pack` (the small bank's,
 * test/fixtures/small-bank-bundle): the same KPI figures on screen as from the small bank's CSV
 * files, loaded without the checks.
 */
import { expect } from 'chai';
import { configureAssets } from '@strata/sdk/browser';
import '@strata/widgets';
import type { StrataDashboard } from '@strata/widgets';
import { assets, cleanup, mount, until } from '../helpers/browser.ts';

configureAssets(assets);

const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Loads `src` into a dashboard holding a KPI strip and reads every tile at once, with the load's report. */
async function kpiTiles(src: string): Promise<{ tiles: string[]; report: { bundle?: unknown; rows: object } }> {
  const dashboard = document.createElement('strata-dashboard') as StrataDashboard;
  dashboard.setAttribute('lang', 'en');
  dashboard.innerHTML = '<strata-kpis></strata-kpis>';
  const loaded = new Promise<CustomEvent>((resolve) => dashboard.addEventListener('strata-load', (e) => resolve(e as CustomEvent), { once: true }));
  mount(dashboard, 900);
  dashboard.src = src;
  const { detail } = await loaded;
  const strip = dashboard.querySelector('strata-kpis')!;
  const read = () => [...(strip.shadowRoot?.querySelectorAll('[part="tile"]') ?? [])].map((tile) => `${(tile as HTMLElement).dataset.metric}: ${text(tile.querySelector('[part="value"]'))}`);
  // Settled: every tile shows a figure and the strip is not redrawing.
  await until(() => !strip.shadowRoot?.querySelector('.skeleton, [aria-busy="true"]') && read().length > 0 && read().every((t) => !t.endsWith(': ')), 'the KPI figures');
  const tiles = read();
  cleanup();
  return { tiles, report: detail.report };
}

describe('<strata-dashboard> on a bundle', () => {
  it('shows the same KPI figures as the raw files, every file as packed', async () => {
    const raw = await kpiTiles('/test/fixtures/small-bank/manifest.json');
    const bundle = await kpiTiles('/test/fixtures/small-bank-bundle/manifest.json');
    expect(bundle.report.bundle).to.deep.equal({
      manifest: null,
      verified: ['branches', 'managers', 'customers', 'loans', 'pipeline', 'campaigns', 'targets'],
      rechecked: [],
      derivedLayer: 'packed',
    });
    expect(bundle.report.rows).to.deep.equal(raw.report.rows);
    // The small bank's balance, by hand: 4,635,000 yuan at 2024-12-31 (docs/metrics.md's example).
    expect(raw.tiles).to.include('balance: ¥4.64M');
    expect(bundle.tiles).to.deep.equal(raw.tiles);
  });
});
