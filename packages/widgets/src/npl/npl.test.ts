/// <reference types="mocha" />
import { expect } from 'chai';
import type { Strata } from '@strata/sdk';
import '@strata/widgets';
import type { StrataNpl } from './npl.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { cleanup, marks, mount, openStrata, until } from '../../../../test/helpers/browser.ts';
import { formatPercent } from '../i18n.ts';

describe('<strata-npl>', () => {
  let strata: Strata;
  before(async () => {
    strata = await openStrata(smallBank);
  });
  after(async () => {
    await strata.close();
  });
  afterEach(() => {
    cleanup();
    strata.filters.clear();
  });

  async function npl(by: string, lang = 'zh-CN'): Promise<StrataNpl> {
    const element = document.createElement('strata-npl');
    element.setAttribute('by', by);
    element.setAttribute('lang', lang);
    element.strata = strata;
    mount(element);
    await until(() => marks(element).length > 0, 'bars');
    return element;
  }

  it('shows the NPL ratio the SDK computes for every segment, and the bank-wide line', async () => {
    const element = await npl('industry_class', 'en');
    const rows = await strata.npl({ by: 'industry_class' });
    const [total] = await strata.npl();
    const labels = marks(element).map((m) => m.getAttribute('aria-label'));
    expect(labels).to.deep.equal(rows.map((r) => `Class ${r.key}: NPL ratio ${formatPercent('en', r.npl_ratio)}`));
    const reference = element.shadowRoot!.querySelector('.reference text')!.textContent;
    expect(reference).to.equal(`Bank average ${formatPercent('en', total!.npl_ratio)}`);
    expect(element.shadowRoot!.querySelector('#summary')!.textContent).to.contain(formatPercent('en', total!.npl_ratio));
  });

  it('a click selects the segment (strata-select), a second click clears it', async () => {
    const element = await npl('tier');
    const events: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => events.push(e));
    const gold = marks(element).find((m) => m.getAttribute('aria-label')!.startsWith('黄金客户'))!;
    gold.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
    expect(strata.filters.clauses).to.deep.equal([{ field: 'tier', op: 'in', values: ['corp_gold'], source: element.sourceId }]);
    expect(events[0]!.detail).to.deep.include({ field: 'tier', values: ['corp_gold'], source: element.sourceId });
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    // The view is not filtered by its own selection: every tier is still drawn, the one selected.
    await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
    expect(marks(element).length).to.equal((await strata.npl({ by: 'tier', exclude: element.sourceId })).length);
    const selected = marks(element).find((m) => m.getAttribute('aria-pressed') === 'true')!;
    selected.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(events[1]!.detail).to.deep.include({ values: [], clause: null });
  });

  it('keyboard: Enter selects the focused bar, Escape clears', async () => {
    const element = await npl('industry_class');
    const first = marks(element)[0]!;
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(strata.filters.clauses[0]!.values).to.deep.equal([Number(first.__data__?.key ?? 1)]);
    element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(strata.filters.clauses).to.deep.equal([]);
  });

  it('follows the other views: a clause from elsewhere re-queries', async () => {
    const element = await npl('industry_class');
    strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'elsewhere' });
    const expected = await strata.npl({ by: 'industry_class' });
    await until(() => marks(element).length === expected.length && marks(element).every((m, i) => m.getAttribute('aria-label')!.includes(formatPercent('zh-CN', expected[i]!.npl_ratio))), 'filtered bars');
  });
});

declare global {
  interface SVGGElement {
    __data__?: { key: string };
  }
}
