/// <reference types="mocha" />
/**
 * The views in the situations whose figures need words to be defensible (a filter targets do not
 * follow, two reference lines, a campaign not started, the regulator's migration rates, the
 * funnel's target actual, no customer file, has_loan), in both languages: axe-clean, and
 * screenshots in test/.out/screenshots (situation-*.png) to look at.
 */
import { expect } from 'chai';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { Strata } from '@strata/sdk';
import '../index.ts';
import { branches, loans, smallBank } from '../../../../test/fixtures/small.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { cleanup, marks, mount, openStrata, until } from '../../../../test/helpers/browser.ts';

/** The small bank's campaign moved to the first half of 2024, and one (K3) that starts after its month end. */
const notStartedBank = {
  ...smallBank,
  campaigns: [
    { campaign_id: 'K1', name: '上半年营销', start_date: '2024-03-01', end_date: '2024-06-30' },
    { campaign_id: 'K3', name: '开门红营销', start_date: '2025-01-15', end_date: '2025-03-31' },
  ],
  targets: [
    ...smallBank.targets,
    { campaign_id: 'K3', scope: 'branch' as const, scope_id: 'B1', metric: 'loan_amount' as const, target: 2_000_000 },
    { campaign_id: 'K3', scope: 'branch' as const, scope_id: 'B2', metric: 'loan_amount' as const, target: 1_000_000 },
  ],
};

type View = HTMLElement & { strata?: Strata };

/** Mounts the views (tag and attributes) side by side on one page, each reading `strata`. */
async function page(strata: Strata, lang: string, views: [string, Record<string, string>][], columns = 2, width = 1216): Promise<View[]> {
  const grid = document.createElement('div');
  grid.style.cssText = `display:grid;grid-template-columns:repeat(${columns},minmax(0,1fr));gap:12px;padding:12px;font-family:system-ui,sans-serif`;
  const elements = views.map(([tag, attributes]) => {
    const element = document.createElement(tag) as View;
    for (const [name, value] of Object.entries({ lang, ...attributes })) element.setAttribute(name, value);
    element.strata = strata;
    grid.append(element);
    return element;
  });
  mount(grid, width);
  // Every view drawn (marks, tiles or a status), none loading.
  await until(
    () =>
      elements.every((e) => {
        const root = e.shadowRoot;
        return root && !root.querySelector('.skeleton, [aria-busy="true"]') && (marks(e).length > 0 || root.querySelector('[part="tile"], [part="missing"], [part="chip"], [part="empty"]'));
      }),
    'every view to draw',
    30_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  return elements;
}

async function shoot(name: string): Promise<void> {
  expect(await executeServerCommand('strata-screenshot', { name })).to.equal(true);
}

describe('views in situations that need words (screenshots)', () => {
  let strata: Strata;
  let future: Strata;
  let loansOnly: Strata;
  before(async () => {
    await setViewport({ width: 1240, height: 900 });
    [strata, future, loansOnly] = await Promise.all([openStrata(smallBank), openStrata(notStartedBank), openStrata({ branches, loans })]);
  });
  after(async () => {
    await Promise.all([strata.close(), future.close(), loansOnly.close()]);
  });
  afterEach(() => {
    cleanup();
    strata.filters.clear();
  });

  for (const lang of ['zh-CN', 'en']) {
    it(`a tier filter: two reference lines, the actual and its share instead of 完成率 (${lang})`, async () => {
      strata.filters.set({ field: 'tier', op: 'in', values: ['retail_high_end', 'retail_general'], source: 'elsewhere' });
      const views = await page(strata, lang, [
        ['strata-filters', {}],
        ['strata-kpis', { campaign: 'K1' }],
        ['strata-npl', { by: 'product' }],
        ['strata-npl', { view: 'marimekko', by: 'product' }],
        ['strata-attainment', { campaign: 'K1' }],
        ['strata-funnel', { campaign: 'K1' }],
      ]);
      await until(() => views[2]!.shadowRoot!.querySelectorAll('.reference text').length === 2, 'two reference lines');
      await shoot(`situation-filtered-${lang}.png`);
      expect(await axeViolations(views[0]!.parentElement!)).to.deep.equal([]);
    });

    it(`a tier filter at 320 px: labels fit (${lang})`, async () => {
      await setViewport({ width: 360, height: 900 });
      try {
        strata.filters.set({ field: 'tier', op: 'in', values: ['retail_high_end', 'retail_general'], source: 'elsewhere' });
        const views = await page(
          strata,
          lang,
          [
            ['strata-npl', { view: 'marimekko', by: 'product' }],
            ['strata-npl', { by: 'product' }],
            ['strata-attainment', { campaign: 'K1' }],
            ['strata-funnel', { campaign: 'K1' }],
          ],
          1,
          344,
        );
        for (const view of views) {
          const svg = view.shadowRoot!.querySelector('svg.chart-svg')!;
          expect(svg.getBoundingClientRect().right, view.localName).to.be.at.most(view.getBoundingClientRect().right);
        }
        await shoot(`situation-filtered-320-${lang}.png`);
      } finally {
        await setViewport({ width: 1240, height: 900 });
      }
    });

    it(`a campaign not started (${lang})`, async () => {
      const views = await page(future, lang, [
        ['strata-kpis', {}],
        ['strata-attainment', {}],
      ]);
      await shoot(`situation-not-started-${lang}.png`);
      expect(await axeViolations(views[0]!.parentElement!)).to.deep.equal([]);
    });

    it(`the regulator's migration rates, with the data table open (${lang})`, async () => {
      const views = await page(strata, lang, [['strata-npl', { view: 'migration' }]], 1);
      const migration = views[0];
      migration!.shadowRoot!.querySelector('details')!.open = true;
      await until(() => migration!.shadowRoot!.querySelector('tbody tr'), 'the table');
      await shoot(`situation-migration-${lang}.png`);
      expect(await axeViolations(views[0]!.parentElement!)).to.deep.equal([]);
    });

    it(`a branch selected: the funnel's target actual beside attainment's (${lang})`, async () => {
      strata.filters.set({ field: 'branch', op: 'in', values: ['B1'], source: 'elsewhere' });
      const views = await page(strata, lang, [
        ['strata-funnel', { campaign: 'K1' }],
        ['strata-attainment', { campaign: 'K1' }],
      ]);
      await shoot(`situation-funnel-${lang}.png`);
      expect(await axeViolations(views[0]!.parentElement!)).to.deep.equal([]);
    });

    it(`has_loan: the segments and the filter chip (${lang})`, async () => {
      // The segments' own clause (its id is its source): it keeps every segment, the other views follow.
      strata.filters.set({ field: 'has_loan', op: 'in', values: [false], source: 'borrowers' });
      const views = await page(strata, lang, [
        ['strata-filters', {}],
        ['strata-segments', { id: 'borrowers', by: 'has_loan', measure: 'deposits' }],
        ['strata-kpis', { campaign: 'K1' }],
      ]);
      await shoot(`situation-has-loan-${lang}.png`);
      expect(await axeViolations(views[0]!.parentElement!)).to.deep.equal([]);
    });

    it(`no customer file (${lang})`, async () => {
      const views = await page(loansOnly, lang, [
        ['strata-kpis', {}],
        ['strata-segments', { by: 'tier', measure: 'balance' }],
        ['strata-npl', { view: 'marimekko', by: 'industry_class' }],
        ['strata-npl', { by: 'product' }],
      ]);
      await shoot(`situation-no-customers-${lang}.png`);
      expect(await axeViolations(views[0]!.parentElement!)).to.deep.equal([]);
    });
  }
});
