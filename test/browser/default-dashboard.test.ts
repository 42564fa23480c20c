/// <reference types="mocha" />
/**
 * The default dashboard (every element) on synthetic data: axe-clean in both languages and both
 * themes, and readable at 320 px. Its screenshots are written to test/.out/screenshots.
 */
import { expect } from 'chai';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { configureAssets } from '@strata/sdk/browser';
import { generate } from '@strata/synth';
import '@strata/widgets';
import type { StrataDashboard } from '@strata/widgets';
import { axeViolations } from '../helpers/axe.ts';
import { assets, cleanup, mount, until } from '../helpers/browser.ts';

configureAssets(assets);

/** Every view of the default layout is defined, rendered and not loading. */
function settled(dashboard: StrataDashboard): boolean {
  const views = [...(dashboard.shadowRoot?.querySelectorAll('.layout > *') ?? [])] as HTMLElement[];
  return views.length === 9 && views.every((v) => customElements.get(v.localName) && v.shadowRoot && !v.shadowRoot.querySelector('.skeleton, [aria-busy="true"]'));
}

describe('the default dashboard', () => {
  const bank = generate({ seed: 42, loanRows: 60_000, asOf: '2024-11-30' });
  afterEach(() => cleanup());

  async function open(attributes: Record<string, string>, width: number): Promise<StrataDashboard> {
    const dashboard = document.createElement('strata-dashboard');
    for (const [name, value] of Object.entries(attributes)) dashboard.setAttribute(name, value);
    mount(dashboard, width);
    await dashboard.load(bank);
    await until(() => settled(dashboard), 'every view to render', 45_000);
    return dashboard;
  }

  for (const lang of ['zh-CN', 'en']) {
    it(`screenshot in ${lang}`, async () => {
      await setViewport({ width: 1280, height: 900 });
      await open({ lang }, 1240);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await executeServerCommand('strata-screenshot', { name: `dashboard-${lang}.png` })).to.equal(true);
    });
    for (const theme of ['light', 'dark']) {
      it(`every element is axe-clean in ${lang}, ${theme}`, async () => {
        const dashboard = await open({ lang, theme }, 1240);
        expect(await axeViolations(dashboard)).to.deep.equal([]);
      });
    }
  }

  it('cross-filters between every pair of views: a selection in any view re-queries every other one', async () => {
    type View = HTMLElement & {
      sourceId: string;
      data: { value: unknown };
      query(strata: unknown, signal: AbortSignal): Promise<unknown>;
      selectedValues(): unknown[];
    };
    const dashboard = await open({ lang: 'en' }, 1240);
    const db = dashboard.database!;
    const views = [...dashboard.shadowRoot!.querySelectorAll('.layout > *')] as View[];
    const selectable = views.filter((v) => v.shadowRoot!.querySelector('svg.chart-svg .mark[role="button"]'));
    expect(selectable.length).to.be.at.least(5);
    for (const source of selectable) {
      db.filters.clear();
      await until(() => settled(dashboard), 'settled before selecting');
      const mark = source.shadowRoot!.querySelector<SVGElement>('svg.chart-svg .mark[role="button"]')!;
      mark.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
      expect(db.filters.clauses.map((c) => c.source), source.id).to.deep.equal([source.sourceId]);
      await until(() => settled(dashboard), `views to follow ${source.id}`, 30_000);
      for (const other of views) {
        if (!('query' in other) || other === source) continue;
        // What the view shows equals a fresh run of its query under the current filters.
        const fresh = await other.query(db, new AbortController().signal);
        await until(() => JSON.stringify(other.data.value) === JSON.stringify(fresh), `${other.id} to follow ${source.id}`, 30_000);
      }
      expect(source.selectedValues().length, `${source.id} keeps its selection`).to.equal(1);
    }
    db.filters.clear();
  });

  it('stays within 320 px', async () => {
    await setViewport({ width: 360, height: 800 });
    const dashboard = await open({ lang: 'zh-CN' }, 320);
    for (const view of dashboard.shadowRoot!.querySelectorAll('.layout > *')) {
      const box = view.getBoundingClientRect();
      expect(box.width, view.localName).to.be.at.most(320);
      const svg = view.shadowRoot!.querySelector('svg.chart-svg');
      if (!svg) continue;
      // A chart wider than its box (the migration matrix keeps its size on a phone) scrolls inside it.
      const chart = svg.parentElement!;
      expect(chart.getBoundingClientRect().width, `${view.localName} chart`).to.be.at.most(320);
      if (svg.getBoundingClientRect().width > chart.clientWidth) expect(getComputedStyle(chart).overflowX, `${view.localName} chart scrolls`).to.be.oneOf(['auto', 'scroll']);
    }
    await executeServerCommand('strata-screenshot', { name: 'dashboard-320.png' });
    expect(await axeViolations(dashboard)).to.deep.equal([]);
  });
});
