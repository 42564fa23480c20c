/// <reference types="mocha" />
import { expect } from 'chai';
import type { SegmentMeasure, SegmentRow, Strata } from '@strata/sdk';
import './register.ts';
import type { StrataSegments } from './segments.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { cleanup, marks, mount, openStrata, until } from '../../../../test/helpers/browser.ts';
import { codeLabel, formatAmount, formatCount, formatPercent, t, type Lang } from '../i18n.ts';

describe('<strata-segments>', () => {
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

  async function segments(attributes: Record<string, string>, width = 640): Promise<StrataSegments> {
    const element = document.createElement('strata-segments');
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.strata = strata;
    mount(element, width);
    await until(() => marks(element).length > 0, 'segment marks');
    return element;
  }

  const shadow = (element: HTMLElement) => element.shadowRoot!;
  const labels = (element: HTMLElement) => marks(element).map((m) => m.getAttribute('aria-label'));
  const click = (mark: Element, detail = 1) => mark.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail }));
  const key = (mark: Element, key: string, shiftKey = false) =>
    mark.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, composed: true }));

  /** What a mark says for a row, computed here from the SDK's row (not by the element's code). */
  function expectedLabel(lang: Lang, by: string, measure: SegmentMeasure, row: SegmentRow, selected = false): string {
    const name = row.key !== null && row.label !== null && row.label !== row.key ? row.label : codeLabel(lang, row.key, by);
    const value = measure === 'customers' ? formatCount(lang, row.customers) : formatAmount(lang, row[measure]);
    return `${name} ${value}, ${t(lang, measure)}, ${t(lang, 'share')} ${formatPercent(lang, row.share)}${selected ? `, ${t(lang, 'selected')}` : ''}`;
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const measure of ['customers', 'balance', 'deposits', 'contribution'] as const) {
      it(`shows the SDK's ${measure} and share for every tier (${lang})`, async () => {
        const element = await segments({ lang, measure });
        const rows = await strata.segments({ by: 'tier', measure });
        expect(labels(element)).to.deep.equal(rows.map((r) => expectedLabel(lang, 'tier', measure, r)));
        // The summary names the largest segment and its share.
        const largest = rows[0]!;
        const summary = shadow(element).querySelector('#summary')!.textContent!;
        expect(summary).to.contain(codeLabel(lang, largest.key, 'tier'));
        expect(summary).to.contain(formatPercent(lang, largest.share));
        expect(shadow(element).querySelector('#title')!.textContent).to.equal(`${t(lang, measure)} · ${t(lang, 'tier')}`);
      });
    }
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`by has_loan: 有贷户 and 无贷户, and the tooltip and summary say who 存量无贷户 are (${lang})`, async () => {
      const element = await segments({ lang, by: 'has_loan' });
      const en = lang === 'en';
      // Hand-checked at 2024-12-31: C1–C5 and C7 have a loan; C6 (its loan L6 is gone) and C8 have none.
      expect(labels(element)).to.deep.equal(
        en
          ? ['With a loan 6, Customers, Share 75.0%', 'Without a loan 2, Customers, Share 25.0%']
          : ['有贷户 6, 客户数, 占比 75.0%', '无贷户 2, 客户数, 占比 25.0%'],
      );
      const title = shadow(element).querySelector('#title')!;
      expect(title.textContent).to.equal(en ? 'Customers · Borrower status' : '客户数 · 有无贷款');
      const note = en
        ? 'Whether the customer has a loan at the month end; existing customers without a loan (存量无贷户) are those without one who hold deposits or AUM.'
        : '按月末是否有贷款区分有贷户与无贷户；存量无贷户即无贷户中有存款或AUM的客户。';
      expect(title.getAttribute('title')).to.equal(note);
      expect(shadow(element).querySelector('#summary')!.textContent).to.contain(note);
      // A bar selects the flag as a boolean.
      click(marks(element)[1]!);
      expect(strata.filters.clauses).to.deep.equal([{ field: 'has_loan', op: 'in', values: [false], source: element.sourceId }]);
    });
  }

  it('without a customer file, a tier view says so calmly (no error, no retry, no 未知 bar)', async () => {
    const loansOnly = await openStrata({ branches: smallBank.branches, loans: smallBank.loans });
    try {
      for (const lang of ['zh-CN', 'en'] as const) {
        const element = document.createElement('strata-segments');
        element.setAttribute('lang', lang);
        element.setAttribute('measure', 'balance');
        element.strata = loansOnly;
        mount(element);
        const state = await until(() => shadow(element).querySelector('[part="missing"]'), 'the missing-data state');
        expect(state.getAttribute('role')).to.equal('status');
        expect(state.textContent).to.equal(lang === 'en' ? 'No customer file loaded: tiers and groups are unavailable' : '未载入客户文件：分层与客群不可用');
        expect(shadow(element).querySelector('[part="error"], button, svg.chart-svg')).to.equal(null);
        cleanup();
      }
    } finally {
      await loansOnly.close();
    }
  });

  it('the data table holds the same figures as the SDK', async () => {
    const element = await segments({ lang: 'en', by: 'branch', measure: 'balance' });
    const rows = await strata.segments({ by: 'branch', measure: 'balance' });
    const details = shadow(element).querySelector('details')!;
    details.open = true;
    await until(() => shadow(element).querySelector('table'), 'table');
    const cells = [...shadow(element).querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(cells).to.deep.equal(
      rows.map((r) => [
        r.label,
        formatCount('en', r.customers),
        formatAmount('en', r.balance),
        formatAmount('en', r.deposits),
        formatAmount('en', r.contribution),
        formatPercent('en', r.npl_ratio),
        formatPercent('en', r.share),
      ]),
    );
    // Branch names (data text) label the bars.
    expect(labels(element)[0]).to.match(/^城北支行 /);
    const csv = element.toCsv()!;
    expect(csv).to.contain(String(rows[0]!.balance));
  });

  it('a click selects the segment (strata-select), its own clause does not filter it, a second click clears', async () => {
    const element = await segments({ by: 'tier', measure: 'balance' });
    const events: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => events.push(e));
    const all = (await strata.segments({ by: 'tier', measure: 'balance', exclude: element.sourceId })).length;
    const gold = marks(element).find((m) => m.getAttribute('aria-label')!.startsWith('黄金客户'))!;
    click(gold);
    expect(strata.filters.clauses).to.deep.equal([{ field: 'tier', op: 'in', values: ['corp_gold'], source: element.sourceId }]);
    expect(events).to.have.length(1);
    expect(events[0]!.detail).to.deep.equal({
      source: element.sourceId,
      field: 'tier',
      values: ['corp_gold'],
      clause: { field: 'tier', op: 'in', values: ['corp_gold'], source: element.sourceId },
    });
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
    expect(marks(element)).to.have.length(all);
    const pressed = marks(element).filter((m) => m.getAttribute('aria-pressed') === 'true');
    expect(pressed.map((m) => m.getAttribute('aria-label'))).to.deep.equal([
      expectedLabel('zh-CN', 'tier', 'balance', (await strata.segments({ by: 'tier', measure: 'balance', exclude: element.sourceId })).find((r) => r.key === 'corp_gold')!, true),
    ]);
    expect(shadow(element).querySelector('#summary')!.textContent).to.contain('已选中：黄金客户');
    // Another view follows the selection.
    const others = await strata.segments({ by: 'kind' });
    expect(others.map((r) => [r.key, r.customers])).to.deep.equal([['corporate', 1]]);
    click(pressed[0]!);
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(events[1]!.detail).to.deep.equal({ source: element.sourceId, field: 'tier', values: [], clause: null });
  });

  it('keyboard: Enter and Space select the focused segment as a number (industry class), Escape clears, Shift+Enter drills', async () => {
    const element = await segments({ by: 'industry_class' });
    const rows = await strata.segments({ by: 'industry_class' });
    expect(labels(element)).to.deep.equal(rows.map((r) => expectedLabel('zh-CN', 'industry_class', 'customers', r)));
    const selects: CustomEvent[] = [];
    const drills: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => selects.push(e));
    element.addEventListener('strata-drill', (e) => drills.push(e));
    const first = marks(element)[0]!;
    expect(first.getAttribute('role')).to.equal('button');
    expect(first.getAttribute('tabindex')).to.equal('0');
    first.focus();
    expect(shadow(element).activeElement).to.equal(first);
    key(first, 'Enter');
    expect(strata.filters.clauses[0]!.values).to.deep.equal([Number(rows[0]!.key)]);
    expect(selects[0]!.detail.values).to.deep.equal([Number(rows[0]!.key)]);
    await until(() => marks(element)[1], 'redrawn');
    key(marks(element)[1]!, ' ');
    expect(strata.filters.clauses[0]!.values).to.deep.equal([Number(rows[1]!.key)]);
    element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(selects.at(-1)!.detail.clause).to.equal(null);
    key(marks(element)[2]!, 'Enter', true);
    expect(drills[0]!.detail).to.deep.equal({ source: element.sourceId, field: 'industry_class', value: Number(rows[2]!.key) });
    expect(strata.filters.clauses).to.deep.equal([]);
    // A double click drills too.
    click(marks(element)[0]!, 2);
    expect(drills[1]!.detail.value).to.equal(Number(rows[0]!.key));
  });

  it('a segment with no value (retail customers have no relationship type) selects NULL', async () => {
    const element = await segments({ by: 'relationship_type', lang: 'en' });
    const unknown = marks(element).find((m) => m.getAttribute('aria-label')!.startsWith('Unknown '))!;
    click(unknown);
    expect(strata.filters.clauses).to.deep.equal([{ field: 'relationship_type', op: 'in', values: [null], source: element.sourceId }]);
    expect((await strata.segments({ by: 'kind' })).map((r) => r.key)).to.deep.equal(['retail']);
    await until(() => marks(element).find((m) => m.getAttribute('aria-pressed') === 'true')?.getAttribute('aria-label')?.startsWith('Unknown '), 'NULL selected');
  });

  it('follows the other views: a clause set elsewhere re-queries', async () => {
    const element = await segments({ by: 'tier', measure: 'balance', lang: 'en' });
    strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'elsewhere' });
    const expected = (await strata.segments({ by: 'tier', measure: 'balance' })).map((r) => expectedLabel('en', 'tier', 'balance', r));
    expect(expected.length).to.be.lessThan((await strata.segments({ by: 'tier', measure: 'balance', exclude: 'elsewhere' })).length);
    await until(() => JSON.stringify(labels(element)) === JSON.stringify(expected), () => `filtered bars: ${JSON.stringify(labels(element))}`);
    // A selection here and the clause elsewhere combine for other views, never for this one.
    click(marks(element)[0]!);
    await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
    expect(labels(element)).to.have.length(expected.length);
  });

  it('loan-only dimensions (product) count borrowers', async () => {
    const element = await segments({ by: 'product', lang: 'en' });
    const rows = await strata.segments({ by: 'product' });
    expect(labels(element)).to.deep.equal(
      rows.map((r) => `${codeLabel('en', r.key)} ${formatCount('en', r.customers)}, Borrowers, Share ${formatPercent('en', r.share)}`),
    );
  });

  it('treemap: one cell per segment with the SDK figures, selectable by click and keyboard', async () => {
    const element = await segments({ by: 'tier', measure: 'balance', chart: 'treemap', lang: 'en' });
    const rows = await strata.segments({ by: 'tier', measure: 'balance' });
    const positive = rows.filter((r) => r.balance > 0);
    expect(positive.length).to.be.lessThan(rows.length); // tiers without loans have no area
    expect([...labels(element)].sort()).to.deep.equal(positive.map((r) => expectedLabel('en', 'tier', 'balance', r)).sort());
    expect(shadow(element).querySelectorAll('svg.chart-svg rect.shape')).to.have.length(positive.length);
    const events: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => events.push(e));
    // The largest cell comes first and shows its label and value.
    // (Waits for the layout at the element's measured width: the first draw may precede it.)
    const expectedTexts = [codeLabel('en', positive[0]!.key), formatAmount('en', positive[0]!.balance)];
    await until(() => JSON.stringify([...marks(element)[0]!.querySelectorAll('text')].map((x) => x.textContent)) === JSON.stringify(expectedTexts), 'the largest cell labelled');
    const first = marks(element)[0]!;
    click(first);
    expect(strata.filters.clauses).to.deep.equal([{ field: 'tier', op: 'in', values: [positive[0]!.key], source: element.sourceId }]);
    expect(events[0]!.detail.values).to.deep.equal([positive[0]!.key]);
    await until(() => marks(element)[0]?.getAttribute('aria-pressed') === 'true', 'cell selected');
    const second = marks(element)[1]!;
    second.focus();
    key(second, 'Enter');
    expect(strata.filters.clauses[0]!.values).to.deep.equal([positive[1]!.key]);
    await until(() => marks(element)[1]?.getAttribute('aria-pressed') === 'true', 'second cell selected');
    expect(marks(element)[0]!.getAttribute('aria-pressed')).to.equal('false');
    key(marks(element)[1]!, ' ');
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(events.at(-1)!.detail.clause).to.equal(null);
  });

  it('switches between bars and treemap without asking the SDK again', async () => {
    const element = await segments({ by: 'tier', measure: 'customers' });
    const before = labels(element);
    const sql: string[] = [];
    const query = strata.engine.query.bind(strata.engine);
    strata.engine.query = (text, params, options) => {
      sql.push(text);
      return query(text, params, options);
    };
    try {
      element.chart = 'treemap';
      await until(() => shadow(element).querySelector('svg.chart-svg rect.shape:not([rx])'), 'treemap drawn');
      expect([...labels(element)].sort()).to.deep.equal([...before].sort());
      expect(sql).to.deep.equal([]);
    } finally {
      strata.engine.query = query;
    }
  });

  it('shows the empty state when a filter elsewhere matches nothing, and recovers', async () => {
    const element = await segments({ by: 'tier', chart: 'treemap' });
    strata.filters.set({ field: 'customer_id', op: 'in', values: ['nobody'], source: 'elsewhere' });
    await until(() => shadow(element).querySelector('[part="empty"]'), 'empty state');
    expect(marks(element)).to.have.length(0);
    expect(shadow(element).querySelector('[part="empty"]')!.textContent).to.equal(t('zh-CN', 'empty'));
    strata.filters.remove('elsewhere');
    await until(() => marks(element).length > 0, 'marks again');
  });

  it('fits a 320 px column', async () => {
    for (const chart of ['bars', 'treemap']) {
      const element = await segments({ by: 'industry', measure: 'balance', chart }, 320);
      const svg = shadow(element).querySelector<SVGSVGElement>('svg.chart-svg')!;
      expect(Number(svg.getAttribute('width'))).to.be.at.most(320 - 26);
      expect(element.getBoundingClientRect().width).to.equal(320);
      cleanup();
    }
  });
});
