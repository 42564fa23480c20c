/// <reference types="mocha" />
import { expect } from 'chai';
import { configureAssets, LoadError, Strata, TIERS } from '@strata/sdk/browser';
import './register.ts';
import type { StrataDashboard } from './dashboard.ts';
import type { StrataNpl } from '../npl/npl.ts';
import { assets, cleanup, marks, mount, until } from '../../../../test/helpers/browser.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { formatPercent } from '../i18n.ts';

configureAssets(assets);

const MANIFEST = '/test/fixtures/small-bank/manifest.json';

function dashboard(html: string, attributes: Record<string, string> = {}): StrataDashboard {
  const element = document.createElement('strata-dashboard');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.innerHTML = html;
  return mount(element, 900);
}

/**
 * Sets `src` and waits for its load to finish. Dashboards on one page share one database, so a
 * test must not leave a load running into the next one.
 */
function loadFrom(element: StrataDashboard, src: string): Promise<CustomEvent> {
  const done = new Promise<CustomEvent>((resolve) => element.addEventListener('strata-load', (e) => resolve(e), { once: true }));
  element.src = src;
  return done;
}

describe('<strata-dashboard>', () => {
  afterEach(async () => {
    cleanup();
  });

  it('loads a manifest, fires strata-load, and its views show what the SDK computes', async () => {
    const element = dashboard('<strata-npl id="by-tier" by="tier"></strata-npl>', { lang: 'en' });
    const event = await loadFrom(element, MANIFEST);
    expect(event.detail.report.rows).to.deep.include({ loans: 12, customers: 8, branches: 3 });
    const view = element.querySelector<StrataNpl>('strata-npl')!;
    await until(() => marks(view).length > 0, 'bars');
    // In the rules' tier order (TIERS), whatever the figures.
    const order = (key: unknown) => (key === null ? TIERS.length : TIERS.indexOf(key as (typeof TIERS)[number]));
    const rows = (await element.database!.npl({ by: 'tier' })).sort((a, b) => order(a.key) - order(b.key));
    expect(marks(view).map((m) => m.getAttribute('aria-label')!.split(' ').slice(-3).join(' '))).to.deep.equal(rows.map((r) => `${formatPercent('en', r.npl_ratio)}, NPL ratio`));
    expect(view.language).to.equal('en');
  });

  it('cross-filters: a click in one view re-queries the others, not itself; code changes fire strata-filter-change only', async () => {
    const element = dashboard('<strata-npl id="tiers" by="tier"></strata-npl><strata-npl id="classes" by="industry_class"></strata-npl>', { lang: 'en' });
    await loadFrom(element, MANIFEST);
    const [tiers, classes] = [...element.querySelectorAll<StrataNpl>('strata-npl')] as [StrataNpl, StrataNpl];
    await until(() => marks(tiers).length > 0 && marks(classes).length > 0, 'both views');
    const selects: CustomEvent[] = [];
    const changes: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => selects.push(e));
    element.addEventListener('strata-filter-change', (e) => changes.push(e));

    const gold = marks(tiers).find((m) => m.getAttribute('aria-label')!.startsWith('Gold'))!;
    gold.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
    expect(selects.map((e) => e.detail.values)).to.deep.equal([['corp_gold']]);
    const expected = await element.database!.npl({ by: 'industry_class', exclude: 'classes' });
    // Only the gold customer's class remains in the other view; the tier view keeps every tier.
    await until(() => marks(classes).length === expected.length, 'the other view filtered');
    expect(marks(classes).map((m) => m.getAttribute('aria-label'))).to.deep.equal(expected.map((r) => `Class ${r.key} ${formatPercent('en', r.npl_ratio)}, NPL ratio`));
    expect(marks(tiers).length).to.equal((await element.database!.npl({ by: 'tier', exclude: 'tiers' })).length);

    selects.length = 0;
    element.database!.filters.clear();
    expect(selects).to.deep.equal([]);
    expect(changes.at(-1)!.detail).to.deep.equal({ clauses: [], source: null });
    await until(() => marks(classes).length === 3, 'filters cleared');
  });

  it('a file that fails to load shows the problems and a retry, and fires strata-error', async () => {
    const element = dashboard('<strata-npl></strata-npl>');
    const failed = new Promise<CustomEvent>((resolve) => element.addEventListener('strata-error', (e) => resolve(e), { once: true }));
    element.src = '/test/fixtures/small-bank/missing.csv';
    const event = await failed;
    expect(event.detail.error).to.be.instanceOf(LoadError);
    const panel = await until(() => element.shadowRoot!.querySelector('[part="error"]'), 'the error panel');
    expect(panel.textContent).to.contain('HTTP 404');
    expect(panel.querySelector('button')!.textContent).to.equal('重试');
  });

  it('src is a whole data set (nothing of the previous one stays); load() passes its options to the SDK', async () => {
    const element = dashboard('<strata-npl by="branch"></strata-npl>', { lang: 'en' });
    await loadFrom(element, MANIFEST);
    const rows = (table: 'customers' | 'loans') => element.database!.rowCount({ table });
    expect(await rows('customers')).to.equal(8);
    // One file as src: the manifest's other tables are emptied, not kept beside it.
    const event = await loadFrom(element, '/test/fixtures/small-bank/loans.csv');
    expect(event.detail.report.rows).to.deep.equal({ loans: 12 });
    expect(await rows('customers')).to.equal(0);
    const loans = await rows('loans'); // at the latest month end
    expect(loans).to.be.greaterThan(0);
    // load() replaces only the tables given unless told otherwise.
    const customers = new URL('/test/fixtures/small-bank/customers.csv', location.href);
    await element.load({ customers }, { replace: 'tables' });
    expect([await rows('customers'), await rows('loans')]).to.deep.equal([8, loans]);
    const report = await element.load({ customers }, { replace: 'all' });
    expect(report.emptied).to.include('loans');
    expect([await rows('customers'), await rows('loans')]).to.deep.equal([8, 0]);
  });

  it('a Strata given and then taken back: the dashboard follows its own Strata\'s filters again', async () => {
    const element = dashboard('<strata-npl by="tier"></strata-npl>', { lang: 'en' });
    await loadFrom(element, MANIFEST);
    const own = element.database!;
    const other = await Strata.open();
    try {
      element.strata = other;
      await element.updateComplete;
      const changes: (string | null)[] = [];
      element.addEventListener('strata-filter-change', (e) => changes.push(e.detail.source));
      own.filters.set({ field: 'tier', op: 'in', values: ['corp_gold'], source: 'code-own' });
      other.filters.set({ field: 'tier', op: 'in', values: ['corp_gold'], source: 'code-other' });
      element.strata = undefined;
      await element.updateComplete;
      expect(element.database).to.equal(own);
      own.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'code-own-again' });
      other.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'code-other-again' });
      expect(changes).to.deep.equal(['code-other', 'code-own-again']);
    } finally {
      own.filters.clear();
      await other.close();
    }
  });

  it('renders data text as text: hostile branch and customer names stay inert', async () => {
    const element = dashboard('<strata-npl by="branch"></strata-npl>');
    await until(() => element.shadowRoot, 'render');
    const evil = '<img src=x onerror="window.__pwned=1">';
    const report = await element.load({
      branches: [{ branch_id: 'X', name: evil, level: 'sub_branch' }],
      customers: [{ customer_id: 'C', name: evil, kind: 'retail', branch_id: 'X' }],
      loans: [{ as_of: '2024-12-31', loan_id: 'L', customer_id: 'C', product: 'consumer', balance: 100, classification: 'pass' }],
    });
    const view = element.querySelector<StrataNpl>('strata-npl')!;
    expect(report.rows).to.deep.equal({ branches: 1, customers: 1, loans: 1 });
    await until(() => marks(view).length === 1 && marks(view)[0]!.querySelector('text')!.textContent === evil, () => `the bar (now ${marks(view).map((m) => m.textContent).join(' | ')})`);
    expect(marks(view)[0]!.querySelector('text')!.textContent).to.equal(evil);
    expect(view.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  for (const lang of ['zh-CN', 'en']) {
    for (const theme of ['light', 'dark']) {
      it(`is axe-clean in ${lang}, ${theme}`, async () => {
        const element = dashboard('<strata-npl by="tier"></strata-npl><strata-npl by="industry_class"></strata-npl>', { lang, theme });
        await loadFrom(element, MANIFEST);
        const views = [...element.querySelectorAll<StrataNpl>('strata-npl')];
        await until(() => views.every((v) => marks(v).length > 0), 'views');
        expect(await axeViolations(element)).to.deep.equal([]);
      });
    }
  }

  it('a failing view shows the error and a retry, and fires strata-error', async () => {
    const element = dashboard('<strata-npl by="no_such_field"></strata-npl>', { lang: 'en' });
    const view = element.querySelector<StrataNpl>('strata-npl')!;
    const failed = new Promise<CustomEvent>((resolve) => view.addEventListener('strata-error', (e) => resolve(e), { once: true }));
    await loadFrom(element, MANIFEST);
    expect((await failed).detail.error.name).to.equal('UnknownDimensionError');
    const alert = await until(() => view.shadowRoot!.querySelector('[role="alert"]'), 'the error state');
    expect(alert.textContent).to.contain('Unknown dimension');
    view.setAttribute('by', 'tier');
    await until(() => marks(view).length > 0, 'recovery after a valid option');
    expect(view.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
  });

  it('exports the chart as standalone SVG and PNG, and its data as CSV', async () => {
    const element = dashboard('<strata-npl by="tier"></strata-npl>', { lang: 'en' });
    await loadFrom(element, MANIFEST);
    const view = element.querySelector<StrataNpl>('strata-npl')!;
    await until(() => marks(view).length > 0, 'bars');
    const svg = new DOMParser().parseFromString((await view.toSvg())!, 'image/svg+xml');
    expect(svg.documentElement.namespaceURI).to.equal('http://www.w3.org/2000/svg');
    expect(svg.querySelectorAll('.mark').length).to.equal(marks(view).length);
    // Colours are resolved values, not var(--…): the file stands alone.
    expect(await view.toSvg()).to.not.contain('var(--');
    const [{ framedPng }, { chartFrame }] = await Promise.all([import('../base/paint-png.ts'), import('../base/export-frame.ts')]);
    const chart = view.shadowRoot!.querySelector<SVGSVGElement>('svg.chart-svg')!;
    const png = await framedPng(chart, chartFrame(chart, await view.exportFrame()), (view as unknown as { palette(): never }).palette());
    expect(png.type).to.equal('image/png');
    expect(png.size).to.be.greaterThan(1000);
    const csv = (await view.toCsv())!;
    const rows = await element.database!.npl({ by: 'tier' });
    expect(csv.startsWith('\uFEFF')).to.equal(true);
    expect(csv.trim().split('\r\n').length).to.equal(rows.length + 1);
  });

  it('host page CSS cannot reach into the charts', async () => {
    const element = dashboard('<strata-npl by="tier"></strata-npl>', { lang: 'en' });
    await loadFrom(element, MANIFEST);
    const view = element.querySelector<StrataNpl>('strata-npl')!;
    await until(() => marks(view).length > 0, 'bars');
    const before = view.shadowRoot!.querySelector('svg.chart-svg')!.outerHTML;
    const text = () => getComputedStyle(view.shadowRoot!.querySelector('svg.chart-svg text')!);
    const [fontBefore, colorBefore] = [text().fontSize, text().fill];
    const hostile = document.createElement('style');
    hostile.textContent = `
      * { font-size: 40px !important; color: red !important; line-height: 5 !important; font-family: serif !important; letter-spacing: 4px !important; }
      svg { display: none !important; vertical-align: middle; }
      text, rect, g { fill: red !important; font-size: 30px !important; }
      figure, figcaption, table, button { all: unset !important; border: 5px solid red !important; }
      div { padding: 30px !important; }`;
    document.head.append(hostile);
    try {
      view.requestUpdate();
      await view.updateComplete;
      expect(view.shadowRoot!.querySelector('svg.chart-svg')!.outerHTML).to.equal(before);
      expect([text().fontSize, text().fill]).to.deep.equal([fontBefore, colorBefore]);
      expect(getComputedStyle(view.shadowRoot!.querySelector('svg.chart-svg')!).display).to.equal('block');
    } finally {
      hostile.remove();
    }
    // And the charts do not change the page: no style leaks out of the shadow roots.
    expect([...document.styleSheets].every((s) => !s.ownerNode || !(s.ownerNode as Element).closest?.('strata-dashboard'))).to.equal(true);
  });
});
