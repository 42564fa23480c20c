/// <reference types="mocha" />
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { FilterState, type Strata } from '@strata/sdk';
import './register.ts';
import '../dashboard/register.ts';
import '../segments/register.ts';
import type { StrataFilters } from './filters.ts';
import type { StrataSegments } from '../segments/segments.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { marks, mount, sharedStrata, until } from '../../../../test/helpers/browser.ts';

const root = (element: HTMLElement) => element.shadowRoot!;
const chips = (element: StrataFilters) => [...root(element).querySelectorAll<HTMLElement>('[part=chip]')];
const chipLabels = (element: StrataFilters) => chips(element).map((c) => c.querySelector('.chip-label')!.textContent!.trim());
const removeButtons = (element: StrataFilters) => [...root(element).querySelectorAll<HTMLButtonElement>('[part=chip] button')];
const clearButton = (element: StrataFilters) => root(element).querySelector<HTMLButtonElement>('[part=clear]');
const select = (element: StrataFilters, part: 'month' | 'campaign') => root(element).querySelector<HTMLSelectElement>(`select[part=${part}]`)!;
const options = (s: HTMLSelectElement) => [...s.options].map((o) => o.value);

function choose(s: HTMLSelectElement, value: string): void {
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<strata-filters>', () => {
  let strata: Strata;
  let selects: Event[];
  const onSelect = (e: Event) => selects.push(e);

  sharedStrata(smallBank, (s) => (strata = s));
  beforeEach(() => {
    selects = [];
    document.addEventListener('strata-select', onSelect);
  });
  afterEach(() => {
    document.removeEventListener('strata-select', onSelect);
  });

  async function filters(lang = 'en'): Promise<StrataFilters> {
    const element = document.createElement('strata-filters');
    element.setAttribute('lang', lang);
    element.strata = strata;
    mount(element, 900);
    await until(() => select(element, 'month')?.options.length > 1, 'the month picker');
    return element;
  }

  it('shows a chip for each clause set elsewhere, with the field and value labels', async () => {
    const element = await filters();
    expect(chips(element)).to.have.length(0);
    expect(root(element).querySelector('.none')!.textContent).to.contain('No filters');
    expect(clearButton(element)).to.equal(null);
    strata.filters.set({ field: 'tier', op: 'in', values: ['corp_gold', 'corp_mid'], source: 'tiers' });
    strata.filters.set({ field: 'industry_class', op: 'in', values: [3], source: 'npl-by-class' });
    strata.filters.set({ field: 'classification', op: 'not_in', values: ['pass'], source: 'mix' });
    strata.filters.set({ field: 'is_strategic', op: 'in', values: [true], source: 'flags' });
    strata.filters.set({ field: 'customer_id', op: 'in', values: ['110101199001011234'], source: 'table' });
    strata.filters.set({ field: 'campaign', op: 'in', values: ['K1'], source: 'funnel' });
    strata.filters.set({ field: 'branch', op: 'in', values: ['B1', null], source: 'branches' });
    // The branch's name is asked of the SDK (the clause came from code, without labels).
    await until(() => chips(element).length === 7 && chipLabels(element)[6] === 'Branch: 城北支行, Unknown', () => `seven chips: ${chipLabels(element).join(' | ')}`);
    expect(chipLabels(element)).to.deep.equal([
      'Tier: Gold (corporate), Mid (corporate)',
      'Industry class: Class 3',
      'Five-category class: not Pass',
      'Strategic: Yes',
      'Customer ID: 1101**********1234',
      'Campaign: 个人贷款及银行卡百日营销',
      'Branch: 城北支行, Unknown',
    ]);
    expect(removeButtons(element).map((b) => b.getAttribute('aria-label'))).to.deep.equal(chipLabels(element).map((l) => `Remove filter: ${l}`));
    expect(chips(element).map((c) => c.dataset.source)).to.deep.equal(['tiers', 'npl-by-class', 'mix', 'flags', 'table', 'funnel', 'branches']);
    expect(clearButton(element)!.textContent).to.equal('Clear all filters');
    // Set from code: no strata-select.
    expect(selects).to.deep.equal([]);
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`chips name what a click in a view selected, never its code: branch, manager, tier, industry class, customer (${lang})`, async () => {
      const en = lang === 'en';
      const element = await filters(lang);
      const views: StrataSegments[] = [];
      for (const by of ['branch', 'manager', 'tier', 'industry_class']) {
        const view = document.createElement('strata-segments');
        view.setAttribute('lang', lang);
        view.setAttribute('by', by);
        view.id = `by-${by}`;
        view.strata = strata;
        mount(view);
        views.push(view);
      }
      // Each view's bar for C7 (省电力公司, test/fixtures/small.ts: strategic, so 黄金客户; utilities, class 1):
      // its branch B2 城南支行 and manager M2 李娜. Each selection filters the views after it.
      const names = en ? ['城南支行', '李娜', 'Gold (corporate)', 'Class 1'] : ['城南支行', '李娜', '黄金客户', '1类行业'];
      for (const [i, view] of views.entries()) {
        const bar = await until(() => marks(view).find((m) => m.getAttribute('aria-label')!.startsWith(`${names[i]} `)), `the ${names[i]} bar`);
        bar.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
      }
      strata.filters.set({ field: 'customer_id', op: 'in', values: ['C7'], source: 'table', labels: ['省电力公司'] });
      const expected = en
        ? ['Branch: 城南支行', 'Manager: 李娜', 'Tier: Gold (corporate)', 'Industry class: Class 1', 'Customer ID: 省***司 (**)']
        : ['机构：城南支行', '客户经理：李娜', '客户分层：黄金客户', '行业类别：1类行业', '客户号：省***司（**）'];
      await until(() => JSON.stringify(chipLabels(element)) === JSON.stringify(expected), () => `chips: ${chipLabels(element).join(' | ')}`);
      expect(strata.filters.clauses.map((c) => [c.values, c.labels])).to.deep.equal([
        [['B2'], ['城南支行']],
        [['M2'], ['李娜']],
        [['corp_gold'], [names[2]]],
        [[1], [names[3]]],
        [['C7'], ['省电力公司']],
      ]);
      // Unmasked, the customer's name and id in full.
      element.unmasked = true;
      await until(() => chipLabels(element)[4] === (en ? 'Customer ID: 省电力公司 (C7)' : '客户号：省电力公司（C7）'), 'the unmasked customer');
      // A code's words follow the language, whatever the clause was labelled in.
      element.setAttribute('lang', en ? 'zh-CN' : 'en');
      const other = en ? ['机构：城南支行', '客户经理：李娜', '客户分层：黄金客户', '行业类别：1类行业'] : ['Branch: 城南支行', 'Manager: 李娜', 'Tier: Gold (corporate)', 'Industry class: Class 1'];
      await until(() => JSON.stringify(chipLabels(element).slice(0, 4)) === JSON.stringify(other), () => `chips: ${chipLabels(element).join(' | ')}`);
      element.setAttribute('lang', lang);
      await element.updateComplete;
      await executeServerCommand('strata-screenshot', { name: `filters-names-${lang}.png` });
    });

    it(`chips set from code or a URL (no labels) name branches and managers from the data (${lang})`, async () => {
      const element = await filters(lang);
      strata.filters.replace(FilterState.fromQueryString('?f=' + encodeURIComponent(JSON.stringify([
        { field: 'branch', op: 'in', values: ['B2'], source: 'a' },
        { field: 'manager', op: 'not_in', values: ['M1'], source: 'b' },
      ]))).clauses);
      const expected = lang === 'en' ? ['Branch: 城南支行', 'Manager: not 王强'] : ['机构：城南支行', '客户经理：不含王强'];
      await until(() => JSON.stringify(chipLabels(element)) === JSON.stringify(expected), () => `chips: ${chipLabels(element).join(' | ')}`);
    });

    it(`a URL's labels never name another branch than the one filtered: the data's names win (${lang})`, async () => {
      const element = await filters(lang);
      strata.filters.replace(FilterState.fromQueryString('?f=' + encodeURIComponent(JSON.stringify([
        { field: 'branch', op: 'in', values: ['B2'], source: 'a', labels: ['城北支行'] },
      ]))).clauses);
      const expected = lang === 'en' ? ['Branch: 城南支行'] : ['机构：城南支行'];
      await until(() => JSON.stringify(chipLabels(element)) === JSON.stringify(expected), () => `chips: ${chipLabels(element).join(' | ')}`);
    });
  }

  it('labels chips in Chinese', async () => {
    const element = await filters('zh-CN');
    strata.filters.set({ field: 'tier', op: 'in', values: ['corp_gold'], source: 'tiers' });
    strata.filters.set({ field: 'product', op: 'in', values: ['mortgage', 'auto'], source: 'products' });
    await until(() => chips(element).length === 2, 'two chips');
    expect(chipLabels(element)).to.deep.equal(['客户分层：黄金客户', '产品：个人住房贷款、汽车贷款']);
    expect(removeButtons(element)[0]!.getAttribute('aria-label')).to.equal('移除筛选：客户分层：黄金客户');
    expect(clearButton(element)!.textContent).to.equal('清除全部筛选');
    expect(root(element).querySelector('[part=bar]')!.getAttribute('aria-label')).to.equal('筛选条件');
  });

  it('has_loan chips say 有贷户 / 无贷户, and the tooltip says who 存量无贷户 are', async () => {
    const element = await filters('zh-CN');
    strata.filters.set({ field: 'has_loan', op: 'in', values: [false], source: 'segments' });
    await until(() => chips(element).length === 1, 'one chip');
    expect(chipLabels(element)).to.deep.equal(['有无贷款：无贷户']);
    expect(chips(element)[0]!.querySelector('.chip-label')!.getAttribute('title')).to.equal(
      '有无贷款：无贷户\n按月末是否有贷款区分有贷户与无贷户；存量无贷户即无贷户中有存款或AUM的客户。',
    );
    element.setAttribute('lang', 'en');
    strata.filters.set({ field: 'has_loan', op: 'in', values: [true], source: 'segments' });
    await until(() => chipLabels(element)[0] === 'Borrower status: With a loan', 'the English chip');
  });

  it('a remove button removes that clause only (by its source), without strata-select', async () => {
    const element = await filters();
    strata.filters.set({ field: 'tier', op: 'in', values: ['corp_gold'], source: 'tiers' });
    strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'kinds' });
    strata.filters.set({ field: 'product', op: 'in', values: ['auto'], source: 'products' });
    await until(() => chips(element).length === 3, 'three chips');
    removeButtons(element)[1]!.focus();
    removeButtons(element)[1]!.click();
    expect(strata.filters.clauses.map((c) => c.source)).to.deep.equal(['tiers', 'products']);
    await until(() => chips(element).length === 2, 'two chips');
    expect(chipLabels(element)).to.deep.equal(['Tier: Gold (corporate)', 'Product: Auto']);
    // The focus moves to the next chip's remove button, not to the page.
    expect(root(element).activeElement).to.equal(removeButtons(element)[1]);
    expect(selects).to.deep.equal([]);
  });

  it('clear all removes every clause', async () => {
    const element = await filters();
    strata.filters.set({ field: 'tier', op: 'in', values: ['corp_gold'], source: 'tiers' });
    strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'kinds' });
    await until(() => clearButton(element) !== null, 'the clear-all button');
    clearButton(element)!.click();
    expect(strata.filters.clauses).to.deep.equal([]);
    await until(() => chips(element).length === 0, 'no chips');
    expect(clearButton(element)).to.equal(null);
    expect(root(element).activeElement).to.equal(select(element, 'month'));
    expect(selects).to.deep.equal([]);
  });

  it('chips follow changes from code: replace and remove', async () => {
    const element = await filters();
    strata.filters.replace([
      { field: 'stage', op: 'in', values: ['approved'], source: 'funnel' },
      { field: 'channel', op: 'in', values: ['phone'], source: 'channels' },
    ]);
    await until(() => chips(element).length === 2, 'replaced');
    expect(chipLabels(element)).to.deep.equal(['Stage: Approved', 'Channel: Phone']);
    strata.filters.remove('funnel');
    await until(() => chips(element).length === 1, 'removed');
    expect(chipLabels(element)).to.deep.equal(['Channel: Phone']);
    expect(selects).to.deep.equal([]);
  });

  it('the month picker lists strata.months() and fires strata-as-of-change', async () => {
    const element = await filters();
    const months = await strata.months();
    const month = select(element, 'month');
    expect(options(month)).to.deep.equal(['', ...months]);
    expect(month.options[0]!.textContent).to.equal(`Latest (${months.at(-1)})`);
    expect(month.value).to.equal('');
    expect(month.closest('label')!.textContent).to.contain('Month end');
    const events: CustomEvent<string>[] = [];
    document.addEventListener('strata-as-of-change', (e) => events.push(e as CustomEvent<string>), { once: true });
    choose(month, months[0]!);
    expect(events).to.have.length(1);
    expect(events[0]!.detail).to.equal(months[0]);
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    expect(element.asOf).to.equal(months[0]);
    await element.updateComplete;
    expect(select(element, 'month').value).to.equal(months[0]);
    const back: CustomEvent<string>[] = [];
    element.addEventListener('strata-as-of-change', (e) => back.push(e));
    choose(select(element, 'month'), '');
    expect(back.map((e) => e.detail)).to.deep.equal(['']);
    expect(element.asOf).to.equal(undefined);
    expect(selects).to.deep.equal([]);
  });

  it('the campaign picker lists strata.campaigns() and fires strata-campaign-change', async () => {
    const element = await filters();
    const campaigns = await strata.campaigns();
    const picker = select(element, 'campaign');
    expect(options(picker)).to.deep.equal(['', ...campaigns.map((c) => c.campaign_id)]);
    expect([...picker.options].slice(1).map((o) => o.textContent)).to.deep.equal(campaigns.map((c) => c.name));
    expect(picker.options[0]!.textContent).to.equal('Current campaign');
    const events: CustomEvent<string>[] = [];
    element.addEventListener('strata-campaign-change', (e) => events.push(e));
    choose(picker, 'K1');
    expect(events.map((e) => e.detail)).to.deep.equal(['K1']);
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    expect(element.campaign).to.equal('K1');
  });

  it('inside a dashboard: reads its Strata, month and campaign through context', async () => {
    const dashboard = document.createElement('strata-dashboard');
    dashboard.setAttribute('lang', 'en');
    dashboard.setAttribute('as-of', '2024-11-30');
    dashboard.setAttribute('campaign', 'K1');
    dashboard.strata = strata;
    const element = document.createElement('strata-filters');
    dashboard.append(element);
    mount(dashboard, 900);
    await until(() => select(element, 'month')?.options.length > 1, 'the month picker');
    await element.updateComplete;
    expect(select(element, 'month').value).to.equal('2024-11-30');
    expect(select(element, 'campaign').value).to.equal('K1');
    expect(root(element).querySelector('[part=bar]')!.getAttribute('lang')).to.equal('en');
    strata.filters.set({ field: 'kind', op: 'in', values: ['corporate'], source: 'kinds' });
    await until(() => chips(element).length === 1, 'a chip');
    expect(chipLabels(element)).to.deep.equal(['Customer kind: Corporate']);
    dashboard.asOf = '2024-12-31';
    await until(() => select(element, 'month').value === '2024-12-31', 'the dashboard month');
  });

  it('campaign names are data text, shown as text', async () => {
    const hostile = { campaign_id: 'K2', name: '<img src=x onerror=alert(1)>', start_date: '2025-01-01', end_date: '2025-03-31' };
    await strata.load({ campaigns: [...smallBank.campaigns, hostile] });
    try {
      const element = await filters();
      await until(() => select(element, 'campaign').options.length === 3, 'three options');
      expect(select(element, 'campaign').options[2]!.textContent).to.equal(hostile.name);
      expect(root(element).querySelector('img')).to.equal(null);
      strata.filters.set({ field: 'campaign', op: 'in', values: ['K2'], source: 'funnel' });
      await until(() => chips(element).length === 1, 'a chip');
      expect(chipLabels(element)).to.deep.equal([`Campaign: ${hostile.name}`]);
      expect(root(element).querySelector('img')).to.equal(null);
    } finally {
      await strata.load({ campaigns: smallBank.campaigns });
    }
  });
});
