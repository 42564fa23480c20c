/// <reference types="mocha" />
import { expect } from 'chai';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import type { SegmentMeasure, SegmentRow, Strata } from '@strata/sdk';
import './register.ts';
import type { StrataSegments } from './segments.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { cleanup, marks, mount, openStrata, sharedStrata, until } from '../../../../test/helpers/browser.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { amountFormat, codeLabel, formatCount, formatPercent, t, type Lang } from '../i18n.ts';

describe('<strata-segments>', () => {
  let strata: Strata;
  sharedStrata(smallBank, (s) => (strata = s));

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

  /** What a mark says for a row, computed here from the SDK's row (not by the element's code): an amount has the customer count beside it. */
  function expectedLabel(lang: Lang, by: string, measure: SegmentMeasure, row: SegmentRow, selected = false, view: readonly SegmentRow[] = [row]): string {
    const text = row.key === null ? null : String(row.key);
    const name = text !== null && row.label !== null && row.label !== text ? row.label : codeLabel(lang, text, by);
    const count = lang === 'en' ? `${formatCount(lang, row.customers)} customer${row.customers === 1 ? '' : 's'}` : `${formatCount(lang, row.customers)}户`;
    // Amounts in one unit, that of the view's largest.
    const amount = measure === 'customers' ? '' : amountFormat(lang, view.map((r) => r[measure])).format(row[measure]);
    const value = measure === 'customers' ? formatCount(lang, row.customers) : `${amount} · ${count}`;
    return `${name} ${value}, ${t(lang, measure)}, ${t(lang, 'share')} ${formatPercent(lang, row.share)}${selected ? `, ${t(lang, 'selected')}` : ''}`;
  }

  /** The rules' tier order (docs/metrics.md): 对公 黄金 → 一般, then 零售 高端 → 一般. */
  const TIER_ORDER = ['corp_gold', 'corp_high_end', 'corp_mid', 'corp_general', 'retail_high_end', 'retail_potential', 'retail_general'];
  const inTierOrder = (rows: readonly SegmentRow[]) => [...rows].sort((a, b) => TIER_ORDER.indexOf(a.key as string) - TIER_ORDER.indexOf(b.key as string));

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const measure of ['customers', 'balance', 'deposits', 'contribution'] as const) {
      it(`shows the SDK's ${measure} and share for every tier (${lang})`, async () => {
        const element = await segments({ lang, measure });
        const rows = await strata.segments({ by: 'tier', measure });
        expect(labels(element)).to.deep.equal(inTierOrder(rows).map((r) => expectedLabel(lang, 'tier', measure, r, false, rows)));
        // The summary names the largest segment and its share (the SDK lists by value).
        const largest = rows[0]!;
        const summary = shadow(element).querySelector('#summary')!.textContent!;
        expect(summary).to.contain(codeLabel(lang, largest.key as string, 'tier'));
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
      expect(strata.filters.clauses).to.deep.equal([{ field: 'has_loan', op: 'in', values: [false], source: element.sourceId, labels: [en ? 'Without a loan' : '无贷户'] }]);
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
      [...rows].sort((a, b) => (a.key! < b.key! ? -1 : 1)).map((r) => [
        r.label,
        formatCount('en', r.customers),
        // One unit for each column of amounts, that of its largest.
        amountFormat('en', rows.map((x) => x.balance)).format(r.balance),
        amountFormat('en', rows.map((x) => x.deposits)).format(r.deposits),
        amountFormat('en', rows.map((x) => x.contribution)).format(r.contribution),
        formatPercent('en', r.npl_ratio),
        formatPercent('en', r.share),
      ]),
    );
    // Branch names (data text) label the bars.
    expect(labels(element)[0]).to.match(/^城北支行 /);
    const csv = (await element.toCsv())!;
    expect(csv).to.contain(String(rows[0]!.balance));
  });

  it('a click selects the segment (strata-select), its own clause does not filter it, a second click clears', async () => {
    const element = await segments({ by: 'tier', measure: 'balance' });
    const events: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => events.push(e));
    const all = (await strata.segments({ by: 'tier', measure: 'balance', exclude: element.sourceId })).length;
    const gold = marks(element).find((m) => m.getAttribute('aria-label')!.startsWith('黄金客户'))!;
    click(gold);
    expect(strata.filters.clauses).to.deep.equal([{ field: 'tier', op: 'in', values: ['corp_gold'], source: element.sourceId, labels: ['黄金客户'] }]);
    expect(events).to.have.length(1);
    expect(events[0]!.detail).to.deep.equal({
      source: element.sourceId,
      field: 'tier',
      values: ['corp_gold'],
      labels: ['黄金客户'],
      clause: { field: 'tier', op: 'in', values: ['corp_gold'], source: element.sourceId, labels: ['黄金客户'] },
    });
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
    expect(marks(element)).to.have.length(all);
    const pressed = marks(element).filter((m) => m.getAttribute('aria-pressed') === 'true');
    const unfiltered = await strata.segments({ by: 'tier', measure: 'balance', exclude: element.sourceId });
    expect(pressed.map((m) => m.getAttribute('aria-label'))).to.deep.equal([
      expectedLabel('zh-CN', 'tier', 'balance', unfiltered.find((r) => r.key === 'corp_gold')!, true, unfiltered),
    ]);
    expect(shadow(element).querySelector('#summary')!.textContent).to.contain('已选中：黄金客户');
    // Another view follows the selection.
    const others = await strata.segments({ by: 'kind' });
    expect(others.map((r) => [r.key, r.customers])).to.deep.equal([['corporate', 1]]);
    click(pressed[0]!);
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(events[1]!.detail).to.deep.equal({ source: element.sourceId, field: 'tier', values: [], labels: [], clause: null });
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
    // The SDK's key as it is (a number), straight into the clause.
    expect(typeof rows[0]!.key).to.equal('number');
    expect(strata.filters.clauses[0]!.values).to.deep.equal([rows[0]!.key]);
    expect(selects[0]!.detail.values).to.deep.equal([rows[0]!.key]);
    await until(() => marks(element)[1], 'redrawn');
    key(marks(element)[1]!, ' ');
    expect(strata.filters.clauses[0]!.values).to.deep.equal([rows[1]!.key]);
    element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(selects.at(-1)!.detail.clause).to.equal(null);
    key(marks(element)[2]!, 'Enter', true);
    expect(drills[0]!.detail).to.deep.equal({ source: element.sourceId, field: 'industry_class', value: rows[2]!.key, label: codeLabel('zh-CN', String(rows[2]!.key), 'industry_class') });
    expect(strata.filters.clauses).to.deep.equal([]);
    // A double click drills too.
    click(marks(element)[0]!, 2);
    expect(drills[1]!.detail.value).to.equal(rows[0]!.key);
  });

  it('a segment with no value (retail customers have no relationship type) selects NULL', async () => {
    const element = await segments({ by: 'relationship_type', lang: 'en' });
    const unknown = marks(element).find((m) => m.getAttribute('aria-label')!.startsWith('Unknown '))!;
    click(unknown);
    expect(strata.filters.clauses).to.deep.equal([{ field: 'relationship_type', op: 'in', values: [null], source: element.sourceId, labels: ['Unknown'] }]);
    expect((await strata.segments({ by: 'kind' })).map((r) => r.key)).to.deep.equal(['retail']);
    await until(() => marks(element).find((m) => m.getAttribute('aria-pressed') === 'true')?.getAttribute('aria-label')?.startsWith('Unknown '), 'NULL selected');
  });

  it('follows the other views: a clause set elsewhere re-queries', async () => {
    const element = await segments({ by: 'tier', measure: 'balance', lang: 'en' });
    strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'elsewhere' });
    const filtered = await strata.segments({ by: 'tier', measure: 'balance' });
    const expected = inTierOrder(filtered).map((r) => expectedLabel('en', 'tier', 'balance', r, false, filtered));
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
    // In the schema's product order (mortgage, consumer, business, working capital …), never by value.
    expect(labels(element)).to.deep.equal(
      ['mortgage', 'consumer', 'business', 'working_capital', 'trade_finance']
        .map((key) => rows.find((r) => r.key === key)!)
        .map((r) => `${codeLabel('en', r.key as string)} ${formatCount('en', r.customers)}, Borrowers, Share ${formatPercent('en', r.share)}`),
    );
  });

  it('treemap: one cell per segment with the SDK figures, selectable by click and keyboard', async () => {
    const element = await segments({ by: 'tier', measure: 'balance', chart: 'treemap', lang: 'en' });
    const rows = await strata.segments({ by: 'tier', measure: 'balance' });
    const positive = rows.filter((r) => r.balance > 0);
    expect(positive.length).to.be.lessThan(rows.length); // tiers without loans have no area
    expect([...labels(element)].sort()).to.deep.equal(positive.map((r) => expectedLabel('en', 'tier', 'balance', r, false, rows)).sort());
    expect(shadow(element).querySelectorAll('svg.chart-svg rect.shape')).to.have.length(positive.length);
    const events: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => events.push(e));
    // The largest cell comes first and shows its label and value.
    // (Waits for the layout at the element's measured width: the first draw may precede it.)
    // C5 alone is 高端 (test/fixtures/small.ts): one customer beside the amount.
    const expectedTexts = [codeLabel('en', positive[0]!.key as string), `${amountFormat('en', rows.map((r) => r.balance)).format(positive[0]!.balance)} · 1 customer`];
    await until(() => JSON.stringify([...marks(element)[0]!.querySelectorAll('text')].map((x) => x.textContent)) === JSON.stringify(expectedTexts), () => `the largest cell labelled: ${JSON.stringify([...marks(element)[0]!.querySelectorAll('text')].map((x) => x.textContent))}`);
    const first = marks(element)[0]!;
    click(first);
    expect(strata.filters.clauses).to.deep.equal([{ field: 'tier', op: 'in', values: [positive[0]!.key], source: element.sourceId, labels: [codeLabel('en', positive[0]!.key as string)] }]);
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

  /** The segments' names in the order the bars list them. */
  const names = (element: HTMLElement) =>
    marks(element).map((m) => {
      // A label cut to its room is drawn beside its mark, at the mark's row.
      const cut = shadow(element).querySelector(`svg.chart-svg .cut-labels g[transform="${m.getAttribute('transform')}"] text`);
      return (m.querySelector('text') ?? cut)!.textContent;
    });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`tiers in rule order, 对公 then 零售, each with its customer count; the same order under every filter (${lang})`, async () => {
      const en = lang === 'en';
      const element = await segments({ lang, measure: 'balance' });
      // By hand from test/fixtures/small.ts at 2024-12-31: C7 strategic → 黄金 (L7 1,000,000); C5 deposits 12M → 高端
      // (L5 1,900,000); C6 6M → 中端 (no loan); C8 → 一般; C1 AUM 1.5M and C4 a 600,000 business loan → 零售高端
      // (990,000 + 600,000); C2 AUM 300,000 → 潜力 (95,000); C3 → 零售一般 (50,000). Total 4,635,000.
      const tiers: [string, number, number][] = [
        ['corp_gold', 1_000_000, 1],
        ['corp_high_end', 1_900_000, 1],
        ['corp_mid', 0, 1],
        ['corp_general', 0, 1],
        ['retail_high_end', 1_590_000, 2],
        ['retail_potential', 95_000, 1],
        ['retail_general', 50_000, 1],
      ];
      const count = (n: number) => (en ? `${n} customer${n === 1 ? '' : 's'}` : `${n}户`);
      const amount = amountFormat(lang, [1_900_000]);
      const label = ([key, balance, n]: [string, number, number], total: number) =>
        `${codeLabel(lang, key)} ${amount.format(balance)} · ${count(n)}, ${t(lang, 'balance')}, ${t(lang, 'share')} ${formatPercent(lang, balance / total)}`;
      expect(labels(element)).to.deep.equal(tiers.map((tier) => label(tier, 4_635_000)));
      const shown = en
        ? ['Gold (corporate)', 'High-end (corporate)', 'Mid (corporate)', 'General (corporate)', 'High-end (retail)', 'Potential high-end', 'General (retail)']
        : ['黄金客户', '高端客户', '中端客户', '一般客户', '零售高端', '潜力高端', '零售一般'];
      // (Once drawn at the element's measured width: a first draw may precede it and cut the names.)
      await until(() => JSON.stringify(names(element)) === JSON.stringify(shown), () => `names: ${JSON.stringify(names(element))}`);
      await executeServerCommand('strata-screenshot', { name: `segments-tiers-${lang}.png` });
      // The order under filters set elsewhere, written by hand (by value, B1 would read 高端, 零售高端, 潜力, 一般).
      const [gold, high, mid, general, rHigh, potential, rGeneral] = tiers.map(([key]) => codeLabel(lang, key));
      const states: [string, number | string | boolean, string[]][] = [
        // B1: C1 零售高端, C2 潜力, C5 高端, C8 一般.
        ['branch', 'B1', [high!, general!, rHigh!, potential!]],
        ['kind', 'retail', [rHigh!, potential!, rGeneral!]],
        // Class 1: C1 government, C5 industry and transport, C7 utilities.
        ['industry_class', 1, [gold!, high!, rHigh!]],
        // M2: C3 零售一般, C4 零售高端, C6 中端, C7 黄金 (by value: 黄金, 零售高端, 零售一般, 中端).
        ['manager', 'M2', [gold!, mid!, rHigh!, rGeneral!]],
      ];
      for (const [field, value, order] of states) {
        strata.filters.set({ field: field as 'tier', op: 'in', values: [value], source: 'elsewhere' });
        await until(() => JSON.stringify(names(element)) === JSON.stringify(order), () => `${field}=${value}: ${JSON.stringify(names(element))}`);
      }
      strata.filters.remove('elsewhere');
      await until(() => names(element).length === 7, 'every tier again');
    });

    it(`对公 or 零售 alone, shares of the group, and the order by value: the user's choice, by keyboard (${lang})`, async () => {
      const en = lang === 'en';
      const element = await segments({ lang, measure: 'balance' });
      const button = (choice: string) => shadow(element).querySelector<HTMLButtonElement>(`[part=controls] button[data-choice=${choice}]`)!;
      const pressed = () => [...shadow(element).querySelectorAll('[part=controls] button[aria-pressed=true]')].map((b) => b.textContent);
      expect(pressed()).to.deep.equal(en ? ['Corporate and retail', 'Fixed order'] : ['对公与零售', '固定顺序']);
      // By value, largest first, 对公 and 零售 still apart; equal values keep the rule order (中端 before 一般).
      button('value').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => element.sort === 'value', 'sorted by value');
      await element.updateComplete;
      const byValue = ['corp_high_end', 'corp_gold', 'corp_mid', 'corp_general', 'retail_high_end', 'retail_potential', 'retail_general'];
      expect(names(element)).to.deep.equal(byValue.map((key) => codeLabel(lang, key)));
      expect(pressed()).to.deep.equal(en ? ['Corporate and retail', 'By value'] : ['对公与零售', '按数值']);
      // 零售 alone: its three tiers, shares of 1,735,000 (1,590,000 + 95,000 + 50,000).
      button('retail').focus();
      await sendKeys({ press: 'Space' });
      await until(() => marks(element).length === 3, 'the retail tiers');
      expect(labels(element)).to.deep.equal(
        [
          ['retail_high_end', 1_590_000, 2],
          ['retail_potential', 95_000, 1],
          ['retail_general', 50_000, 1],
        ].map(
          ([key, balance, n]) =>
            `${codeLabel(lang, key as string)} ${amountFormat(lang, [1_590_000]).format(balance as number)} · ${en ? `${n} customer${n === 1 ? '' : 's'}` : `${n}户`}, ${t(lang, 'balance')}, ${t(lang, 'share')} ${formatPercent(lang, (balance as number) / 1_735_000)}`,
        ),
      );
      // The summary says whose total the share is of.
      expect(shadow(element).querySelector('#summary')!.textContent).to.contain(
        en ? `By tier (retail), High-end (retail) has the largest loan balance` : '按客户分层（零售），贷款余额最高的是零售高端',
      );
      expect(shadow(element).querySelector('#summary')!.textContent).to.contain(formatPercent(lang, 1_590_000 / 1_735_000));
      await executeServerCommand('strata-screenshot', { name: `segments-retail-by-value-${lang}.png` });
      // The choices are labelled groups of toggle buttons; light and dark pass axe.
      expect(await axeViolations(element)).to.deep.equal([]);
      element.theme = 'dark';
      await element.updateComplete;
      expect(await axeViolations(element)).to.deep.equal([]);
      await executeServerCommand('strata-screenshot', { name: `segments-retail-by-value-dark-${lang}.png` });
      element.theme = undefined;
      // Back to the fixed order, 对公 alone: shares of 2,900,000.
      button('natural').focus();
      await sendKeys({ press: 'Enter' });
      button('corporate').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => marks(element).length === 4 && element.sort === 'natural', 'the corporate tiers');
      await element.updateComplete;
      expect(names(element)).to.deep.equal(['corp_gold', 'corp_high_end', 'corp_mid', 'corp_general'].map((key) => codeLabel(lang, key)));
      expect(labels(element)[1]).to.equal(
        `${codeLabel(lang, 'corp_high_end')} ${amountFormat(lang, [1_900_000]).format(1_900_000)} · ${en ? '1 customer' : '1户'}, ${t(lang, 'balance')}, ${t(lang, 'share')} ${formatPercent(lang, 1_900_000 / 2_900_000)}`,
      );
      // A field without groups offers the order only.
      element.by = 'industry_class';
      await until(() => names(element).length === 3, 'the classes');
      expect(shadow(element).querySelector('button[data-choice=retail]')).to.equal(null);
    });
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`tiers: 对公 and 零售 in labelled blocks with a rule between them, exported too; none for one group or by branch (${lang})`, async () => {
      const en = lang === 'en';
      const element = await segments({ lang, measure: 'balance' });
      const svg = () => shadow(element).querySelector<SVGSVGElement>('svg.chart-svg')!;
      const separator = (root: ParentNode) => ({
        labels: [...root.querySelectorAll('.group-label')].map((t) => t.textContent),
        rules: root.querySelectorAll('line.group-rule').length,
        blocks: [...root.querySelectorAll('g.group')].map((g) => [g.getAttribute('aria-label'), g.querySelectorAll('.mark').length]),
      });
      const [corporate, retail] = en ? ['Corporate', 'Retail'] : ['对公', '零售'];
      const grouped = { labels: [corporate, retail], rules: 1, blocks: [[corporate, 4], [retail, 3]] };
      // (Once drawn at the element's measured width: a redraw replaces the marks.)
      await until(() => Number(svg().getAttribute('width')) === 640 - 26, 'drawn at its width');
      expect(separator(svg())).to.deep.equal(grouped);
      // Drawn where it says: the 零售 label and the rule between the last 对公 bar and the first 零售 bar.
      const all = marks(element);
      const bottom = all[3]!.querySelector('.shape')!.getBoundingClientRect().bottom;
      const top = all[4]!.querySelector('.shape')!.getBoundingClientRect().top;
      const rule = svg().querySelector('line.group-rule')!.getBoundingClientRect();
      const label = svg().querySelectorAll('.group-label')[1]!.getBoundingClientRect();
      expect(bottom).to.be.below(rule.top);
      expect(rule.bottom).to.be.at.most(label.top);
      expect(label.bottom).to.be.at.most(top);
      // The keyboard goes on from the last 对公 tier to the first 零售 one.
      all[3]!.focus();
      expect(shadow(element).activeElement).to.equal(all[3]);
      await sendKeys({ press: 'Tab' });
      expect(shadow(element).activeElement).to.equal(all[4]);
      // The exported SVG carries the separator (it is part of the chart).
      expect(separator(new DOMParser().parseFromString((await element.toSvg())!, 'image/svg+xml'))).to.deep.equal(grouped);
      for (const theme of ['light', 'dark'] as const) {
        element.theme = theme === 'dark' ? 'dark' : undefined;
        for (const [screen, column] of [
          [1440, 460],
          [390, 374],
        ] as const) {
          await setViewport({ width: screen, height: 900 });
          (element.parentElement as HTMLElement).style.width = `${column}px`;
          await until(() => Number(svg().getAttribute('width')) === Math.max(column - 26, 200), `drawn at ${column} px`);
          await executeServerCommand('strata-screenshot', { name: `segments-tier-groups-${screen}-${theme}-${lang}.png` });
        }
        expect(await axeViolations(element)).to.deep.equal([]);
      }
      await setViewport({ width: 800, height: 600 });
      element.theme = undefined;
      // One group alone: no separator.
      element.group = 'corporate';
      await until(() => marks(element).length === 4, 'the corporate tiers');
      await element.updateComplete;
      expect(separator(svg())).to.deep.equal({ labels: [], rules: 0, blocks: [] });
      element.group = 'all';
      await until(() => marks(element).length === 7, 'every tier');
      expect(separator(svg())).to.deep.equal(grouped);
      // Branches have no groups.
      element.by = 'branch';
      await until(() => marks(element)[0]?.getAttribute('aria-label')?.startsWith('城北支行 '), 'the branches');
      expect(separator(svg())).to.deep.equal({ labels: [], rules: 0, blocks: [] });
    });

    it(`strata-select and strata-drill carry the name beside the code: a branch's from the data, a tier's in words (${lang})`, async () => {
      const element = await segments({ lang, by: 'branch' });
      const selects: CustomEvent[] = [];
      const drills: CustomEvent[] = [];
      element.addEventListener('strata-select', (e) => selects.push(e));
      element.addEventListener('strata-drill', (e) => drills.push(e));
      // B1 城北支行 (test/fixtures/small.ts), the first branch by code.
      const b1 = await until(() => marks(element).find((m) => m.getAttribute('aria-label')!.startsWith('城北支行 ')), 'the B1 bar');
      click(b1);
      key(b1, 'Enter', true);
      expect(selects[0]!.detail).to.deep.include({ field: 'branch', values: ['B1'], labels: ['城北支行'] });
      expect(selects[0]!.detail.clause.labels).to.deep.equal(['城北支行']);
      expect(drills[0]!.detail).to.deep.equal({ source: element.sourceId, field: 'branch', value: 'B1', label: '城北支行' });
      element.by = 'tier';
      const retail = await until(() => marks(element).find((m) => m.getAttribute('aria-label')!.startsWith(`${codeLabel(lang, 'retail_potential')} `)), 'the 潜力 bar');
      key(retail, 'Enter', true);
      expect(drills[1]!.detail).to.deep.equal({ source: element.sourceId, field: 'tier', value: 'retail_potential', label: lang === 'en' ? 'Potential high-end' : '潜力高端' });
    });
  }

  it('industry classes stay 1/2/3 when a filter makes class 2 the largest', async () => {
    const element = await segments({ by: 'industry_class', lang: 'en' });
    expect(names(element)).to.deep.equal(['Class 1', 'Class 2', 'Class 3']);
    // Retail only: class 1 C1, class 2 C2 and C4, class 3 C3: by value 2/1/3.
    strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'elsewhere' });
    await until(() => labels(element)[1]?.startsWith('Class 2 2,'), () => `filtered: ${JSON.stringify(labels(element))}`);
    expect(labels(element).map((l) => l!.split(',')[0])).to.deep.equal(['Class 1 1', 'Class 2 2', 'Class 3 1']);
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

describe('<strata-segments> on a customer with no industry (typed keys, issue 13)', () => {
  let strata: Strata;
  // 王五 (C3) has no industry: its class is NULL, a segment of its own beside classes 1, 2 and 3.
  const bank = { ...smallBank, customers: smallBank.customers.map((c) => (c.customer_id === 'C3' ? { ...c, industry: null } : c)) };
  sharedStrata(bank, (s) => (strata = s));

  it('a click on the unknown industry class selects null (not 0, not text); a class selects its number', async () => {
    const element = document.createElement('strata-segments');
    element.setAttribute('by', 'industry_class');
    element.setAttribute('lang', 'en');
    element.strata = strata;
    mount(element, 640);
    await until(() => marks(element).length === 4, 'four segments');
    // Name and customers: classes 1/2/3 (C1 C5 C7; C2 C4 C6; C8), unknown last (C3).
    expect(marks(element).map((m) => m.getAttribute('aria-label')!.split(',')[0])).to.deep.equal(['Class 1 3', 'Class 2 3', 'Class 3 1', 'Unknown 1']);
    const selects: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => selects.push(e));
    marks(element)[3]!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    expect(strata.filters.clauses).to.deep.equal([{ field: 'industry_class', op: 'in', values: [null], source: element.sourceId, labels: ['Unknown'] }]);
    expect(selects[0]!.detail.values).to.deep.equal([null]);
    // Exactly 王五 is selected, for every other view.
    expect((await strata.segments({ by: 'kind' })).map((r) => [r.key, r.customers])).to.deep.equal([['retail', 1]]);
    await until(() => marks(element)[3]?.getAttribute('aria-pressed') === 'true', 'the unknown segment drawn selected');
    expect(marks(element).map((m) => m.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false', 'false', 'true']);
    marks(element)[3]!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    expect(strata.filters.clauses).to.deep.equal([]);
    marks(element)[0]!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    expect(strata.filters.clauses[0]!.values).to.deep.equal([1]);
  });
});
