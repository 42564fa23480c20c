/// <reference types="mocha" />
/**
 * `<strata-dashboard src="…/manifest.json">` on a bundle made by `strata pack` (the small bank's,
 * test/fixtures/small-bank-bundle): the same KPI figures on screen as from the small bank's CSV
 * files, loaded without the checks; the cube-answered views drawn before the loans are in, the
 * loan list once they are.
 */
import { expect } from 'chai';
import { configureAssets, createBrowserEngine, Strata, type Engine } from '@strata/sdk/browser';
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
    const { interactiveMs, builtMs, ...how } = bundle.report.bundle as { interactiveMs: number | null; builtMs: number };
    expect(how).to.deep.equal({
      manifest: null,
      verified: ['branches', 'managers', 'customers', 'loans', 'pipeline', 'campaigns', 'targets'],
      rechecked: [],
      derivedLayer: 'packed',
    });
    // A first load: the small tables first, the loans and the loan facts behind them.
    expect(interactiveMs).to.be.a('number');
    expect(builtMs).to.be.greaterThan(interactiveMs!);
    expect(bundle.report.rows).to.deep.equal(raw.report.rows);
    // The small bank's balance, by hand: 4,635,000 yuan at 2024-12-31 (docs/metrics.md's example).
    expect(raw.tiles).to.include('balance: ¥4.64M');
    expect(bundle.tiles).to.deep.equal(raw.tiles);
  });
});

/**
 * A real browser engine whose writes of tables nobody reads yet (a first load's loans and loan
 * facts) wait until `release()`: the test, not the machine's speed, decides what comes first.
 */
async function heldEngine(): Promise<{ engine: Engine; release: () => void }> {
  const real = await createBrowserEngine(assets);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const engine: Engine = {
    kind: real.kind,
    get generation() {
      return real.generation;
    },
    get stopped() {
      return real.stopped;
    },
    query: (sql, params, options) => real.query(sql, params, options),
    insert: async (name, data, options) => {
      if (options?.unread) await gate;
      return real.insert(name, data, options);
    },
    transaction: (work) => real.transaction(work),
    close: () => real.close(),
  };
  return { engine, release };
}

describe('<strata-dashboard> on a bundle, before the loans are in', () => {
  it('draws the cube-answered views first, and the loan list once the loans are loaded', async () => {
    const { engine, release } = await heldEngine();
    const strata = await Strata.open({ engine });
    try {
      const dashboard = document.createElement('strata-dashboard') as StrataDashboard;
      dashboard.setAttribute('lang', 'en');
      dashboard.innerHTML = '<strata-kpis></strata-kpis><strata-table table="loans"></strata-table>';
      const events: string[] = [];
      dashboard.addEventListener('strata-interactive', () => events.push('interactive'));
      const loaded = new Promise<void>((resolve) => dashboard.addEventListener('strata-load', () => (events.push('load'), resolve()), { once: true }));
      dashboard.strata = strata;
      mount(dashboard, 900);
      dashboard.src = '/test/fixtures/small-bank-bundle/manifest.json';

      const strip = dashboard.querySelector('strata-kpis')!;
      const table = dashboard.querySelector('strata-table')!;
      const tile = (metric: string) => text(strip.shadowRoot?.querySelector(`[part="tile"][data-metric="${metric}"] [part="value"]`) ?? null);
      const rowIds = () => [...(table.shadowRoot?.querySelectorAll('[part="row"]:not([aria-busy])') ?? [])].map((row) => text(row.querySelector('[role="gridcell"]')));
      // The KPIs from the cubes, while the loans are held back.
      await until(() => tile('balance') === '¥4.64M', () => `the balance tile (now ${JSON.stringify(tile('balance'))})`);
      expect(events).to.deep.equal(['interactive']);
      expect(tile('loans')).to.equal('6');
      expect(rowIds()).to.deep.equal([]);
      expect((await engine.query('SELECT count(*)::DOUBLE AS n FROM loans')).toArray()[0].n).to.equal(0);

      release();
      await loaded;
      // The small bank's loans at 2024-12-31, listed by id.
      const ids = await until(() => (rowIds().length === 6 ? rowIds() : undefined), () => `the six loans (now ${JSON.stringify(rowIds())})`);
      expect([...ids].sort()).to.deep.equal(['L1', 'L2', 'L3', 'L4', 'L5', 'L7']);
      expect(events).to.deep.equal(['interactive', 'load']);
      expect(tile('balance')).to.equal('¥4.64M');
    } finally {
      cleanup();
      await strata.close();
    }
  });
});
