/// <reference types="mocha" />
import { expect } from 'chai';
import type { AttainmentRow, Strata, TableRows, TargetMetric } from '@strata/sdk';
import { generate } from '@strata/synth';
import { executeServerCommand } from '@web/test-runner-commands';
import './register.ts';
import type { StrataAttainment } from './attainment.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { cleanup, marks, mount, openStrata, sharedStrata, until } from '../../../../test/helpers/browser.ts';
import { amountFormat, formatCount, formatPercent, type Lang } from '../i18n.ts';
import { tooltipOf } from '../renderers/marks.ts';
import { nameInText } from '../renderers/text.ts';

/** The small bank plus a second, earlier campaign (K2) with its own targets, so that `campaign` has something to choose. */
const bank = {
  ...smallBank,
  campaigns: [...smallBank.campaigns, { campaign_id: 'K2', name: '春季营销', start_date: '2024-03-01', end_date: '2024-06-30' }],
  targets: [
    ...smallBank.targets,
    { campaign_id: 'K2', scope: 'branch', scope_id: 'B1', metric: 'loan_amount', target: 400_000 },
    { campaign_id: 'K2', scope: 'branch', scope_id: 'B2', metric: 'loan_amount', target: 800_000 },
  ] satisfies TableRows['targets'][],
  pipeline: [
    ...smallBank.pipeline,
    ...(
      [
        ['Q1', 'B1', 'M1', 'disbursed', 500_000],
        ['Q2', 'B2', 'M2', 'disbursed', 200_000],
      ] as const
    ).map(
      ([lead_id, branch_id, manager_id, stage, amount]): TableRows['pipeline'] => ({
        lead_id,
        customer_id: null,
        campaign_id: 'K2',
        branch_id,
        manager_id,
        product: 'mortgage',
        channel: 'referral',
        stage,
        amount,
        created_at: '2024-03-10',
        updated_at: '2024-05-01',
        lost_reason: null,
      }),
    ),
  ],
};

const isAmount = (metric: TargetMetric) => metric === 'loan_amount' || metric === 'installment_amount';

/**
 * The view's one unit for amounts: its largest actual or target's (the formatter is checked by hand
 * in i18n.test.ts); zero written plainly, in no unit.
 */
const viewAmounts = (lang: Lang, rows: readonly AttainmentRow[]) => {
  const amounts = amountFormat(lang, rows.flatMap((r) => [r.actual, r.target]));
  return { format: (v: number | null) => (v === 0 ? (lang === 'en' ? '¥0' : '0元') : amounts.format(v)) };
};

/** A ranked row's accessible name, written out independently of the element's dictionary; amounts in the unit of all `rows`. */
function expectedLabel(lang: Lang, row: AttainmentRow, metric: TargetMetric = 'loan_amount', rows: readonly AttainmentRow[] = [row]): string {
  const f = (v: number | null) => (isAmount(metric) ? viewAmounts(lang, rows).format(v) : formatCount(lang, v));
  const en = lang === 'en';
  const ended = row.period === 'ended';
  const status =
    row.attainment === null
      ? en ? 'No target' : '无目标'
      : row.ahead
        ? en ? (ended ? 'Target met' : 'Ahead of pace') : ended ? '已完成' : '领先序时'
        : en ? (ended ? 'Target missed' : 'Behind pace') : ended ? '未完成' : '落后序时';
  const name = row.label ?? row.key;
  const rank = row.rank === null ? '' : en ? `Rank ${formatCount(lang, row.rank)}, ` : `第${formatCount(lang, row.rank)}名 `;
  const text = en
    ? `${rank}${name}: attainment ${formatPercent(lang, row.attainment)} (actual ${f(row.actual)}, target ${f(row.target)}), pace ${formatPercent(lang, row.pace)}, ${status}`
    : `${rank}${name}：完成率${formatPercent(lang, row.attainment)}（实际${f(row.actual)}，目标${f(row.target)}），序时进度${formatPercent(lang, row.pace)}，${status}`;
  return `${text}${row.bottom_five ? (en ? ', bottom five' : '，后5名') : ''}`;
}

/** The small bank with its campaign moved to the first half of 2024 and a second one (K3) that starts after the data's month end. */
const notStartedBank = {
  ...smallBank,
  campaigns: [
    { campaign_id: 'K1', name: '上半年营销', start_date: '2024-03-01', end_date: '2024-06-30' },
    { campaign_id: 'K3', name: '开门红营销', start_date: '2025-01-15', end_date: '2025-03-31' },
  ],
  targets: [
    ...smallBank.targets,
    { campaign_id: 'K3', scope: 'branch', scope_id: 'B1', metric: 'loan_amount', target: 2_000_000 },
    { campaign_id: 'K3', scope: 'branch', scope_id: 'B2', metric: 'loan_amount', target: 1_000_000 },
  ] satisfies TableRows['targets'][],
};

const labels = (element: HTMLElement) => marks(element).map((m) => m.getAttribute('aria-label'));
const click = (mark: Element) => mark.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
const key = (target: Element, k: string, extra: KeyboardEventInit = {}) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, ...extra }));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** axe-core (installed), loaded once as a classic script; returns the violations in `context`. */
async function axeViolations(context: Element): Promise<string[]> {
  const w = window as unknown as { axe?: { run(c: Element, o: object): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } };
  if (!w.axe) {
    await new Promise<void>((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), { src: '/node_modules/axe-core/axe.min.js', onload: () => resolve(), onerror: () => reject(new Error('axe-core did not load')) });
      document.head.append(script);
    });
  }
  const { violations } = await w.axe!.run(context, { resultTypes: ['violations'] });
  return violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
/** Everything a row shows: its mark (name, bullet) and its figures beside it (rank, ratio, actual / target, status, flag). */
const rowText = (element: HTMLElement, key: string) =>
  [...element.shadowRoot!.querySelectorAll(`svg.chart-svg [data-key="${key}"]`)].map((g) => g.textContent).join(' ');

describe('<strata-attainment>', () => {
  let strata: Strata;
  sharedStrata(bank, (s) => (strata = s));
  let big: Strata;
  before(async () => {
    big = await openStrata(generate({ loanRows: 20_000 }));
  });
  after(async () => {
    await big.close();
  });
  afterEach(() => big.filters.clear());

  async function attainment(attributes: Record<string, string> = {}, db = strata, width = 640): Promise<StrataAttainment> {
    const element = document.createElement('strata-attainment');
    for (const [name, value] of Object.entries({ lang: 'zh-CN', ...attributes })) element.setAttribute(name, value);
    element.strata = db;
    mount(element, width);
    await until(() => marks(element).length > 0, 'rows');
    return element;
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`shows actual, target, attainment, rank and pace as the SDK computes them, per branch (${lang})`, async () => {
      const element = await attainment({ lang, campaign: 'K1', 'as-of': '2024-11-30' });
      const rows = await strata.attainment({ campaign: 'K1', by: 'branch', asOf: '2024-11-30' });
      expect(rows).to.have.length(2);
      expect(rows[0]!.pace).to.be.within(0.6, 0.8);
      expect(labels(element)).to.deep.equal(rows.map((r, _, all) => expectedLabel(lang, r, 'loan_amount', all)));
      // By hand: one unit and precision for every amount (actual 600,000 and 0, targets 1,000,000 and 500,000).
      expect(labels(element)[1]).to.contain(lang === 'en' ? '(actual ¥0, target ¥0.50M)' : '（实际0元，目标50.00万）');
      // What the eye reads: rank, name, ratio, actual / target, ahead or behind.
      rows.forEach((r) => {
        expect(rowText(element, r.key))
          .to.contain(formatCount(lang, r.rank))
          .and.contain(r.label!)
          .and.contain(formatPercent(lang, r.attainment))
          .and.contain(`${viewAmounts(lang, rows).format(r.actual)} / ${viewAmounts(lang, rows).format(r.target)}`)
          .and.contain(r.ahead ? (lang === 'en' ? 'Ahead of pace' : '领先序时') : lang === 'en' ? 'Behind pace' : '落后序时');
      });
      const legend = element.shadowRoot!.querySelector('.legend')!.textContent!;
      expect(legend).to.contain(`${lang === 'en' ? 'Pace' : '序时进度'} ${formatPercent(lang, rows[0]!.pace)}`);
      const summary = element.shadowRoot!.querySelector('#summary')!.textContent!;
      expect(summary).to.contain(formatPercent(lang, rows[0]!.pace)).and.contain(rows[0]!.label!);
      // The data table carries the same figures.
      element.shadowRoot!.querySelector('details')!.open = true;
      await until(() => element.shadowRoot!.querySelector('tbody tr'), 'table');
      const cells = [...element.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
      expect(cells.map((row) => row.slice(0, 6))).to.deep.equal(
        rows.map((r) => [formatCount(lang, r.rank), r.label, viewAmounts(lang, rows).format(r.actual), viewAmounts(lang, rows).format(r.target), formatPercent(lang, r.attainment), formatPercent(lang, r.pace)]),
      );
    });

    it(`flags the bottom five (后5名) in text, per manager on a generated bank (${lang})`, async () => {
      const element = await attainment({ lang, by: 'manager' }, big);
      const rows = await big.attainment({ by: 'manager' });
      expect(rows.length).to.be.greaterThan(5);
      expect(labels(element)).to.deep.equal(rows.map((r, _, all) => expectedLabel(lang, r, 'loan_amount', all)));
      const flagged = marks(element).filter((m) => m.classList.contains('flagged'));
      expect(flagged.map((m) => m.dataset.key)).to.deep.equal(rows.filter((r) => r.bottom_five).map((r) => r.key));
      expect(flagged).to.have.length(5);
      // Not colour alone: the word is drawn on every flagged row, and on no other.
      const flag = lang === 'en' ? '▼Bottom 5' : '▼后5名';
      for (const mark of marks(element)) expect(rowText(element, mark.dataset.key!).includes(flag)).to.equal(mark.classList.contains('flagged'));
      // Ranks are drawn in order, as the SDK ranks.
      expect(marks(element).map((m) => m.dataset.key)).to.deep.equal(rows.map((r) => r.key));
      const summary = element.shadowRoot!.querySelector('#summary')!.textContent!;
      for (const r of rows.filter((row) => row.bottom_five)) expect(summary).to.contain(r.label!);
      const ahead = rows.filter((r) => r.attainment !== null && r.ahead).length;
      expect(summary).to.contain(lang === 'en' ? `${ahead} ahead` : `${ahead}个领先`);
    });
  }

  it('on an English phone the pace line crosses the bars only, clear of ▼Bottom 5 and the figures', async () => {
    const element = await attainment({ lang: 'en' }, big, 390);
    await until(() => element.shadowRoot!.querySelectorAll('.flag').length === 5, 'the bottom five');
    const pace = element.shadowRoot!.querySelector('svg.chart-svg .pace')!;
    // Narrow: one short segment per row (the renderer's snapshot test checks where), no line down the figures.
    expect(pace.tagName).to.equal('path');
    expect(pace.getAttribute('d')!.match(/M/g)).to.have.length(marks(element).length);
    expect(await executeServerCommand('strata-screenshot', { name: 'attainment-narrow-en.png' })).to.equal(true);
  });

  it('passes axe (label in name, contrast, roles) at 320 and 900 px, light and dark, bottom five and a selection shown', async () => {
    for (const theme of ['light', 'dark']) {
      for (const width of [320, 900]) {
        const element = await attainment({ theme, by: 'manager', 'as-of': '2024-11-30' }, big, width);
        click(marks(element)[1]!);
        await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
        expect(marks(element).some((m) => m.classList.contains('flagged'))).to.equal(true);
        expect(await axeViolations(element.parentElement!), `${theme} ${width}`).to.deep.equal([]);
        cleanup();
        big.filters.clear();
      }
    }
  });

  it('metric="cards" shows counts from the SDK; branches are ranked on a generated bank', async () => {
    const element = await attainment({ metric: 'cards' }, big);
    const rows = await big.attainment({ by: 'branch', metric: 'cards' });
    expect(rows).to.have.length(8);
    expect(labels(element)).to.deep.equal(rows.map((r, _, all) => expectedLabel('zh-CN', r, 'cards', all)));
    expect(element.shadowRoot!.querySelector('#title')!.textContent).to.equal('信用卡发卡完成率 · 机构');
  });

  it('a row without a target says so and draws no bar', async () => {
    const element = await attainment({ metric: 'cards', by: 'manager', campaign: 'K1' });
    const rows = await strata.attainment({ campaign: 'K1', by: 'manager', metric: 'cards' });
    expect(rows.every((r) => r.target === null)).to.equal(true);
    expect(labels(element)).to.deep.equal(rows.map((r, _, all) => expectedLabel('zh-CN', r, 'cards', all)));
    expect(element.shadowRoot!.querySelectorAll('svg.chart-svg .shape')).to.have.length(0);
    expect(rowText(element, rows[0]!.key)).to.contain('无目标');
  });

  it('a click selects the branch (strata-select); the view is not filtered by it; a second click clears', async () => {
    const element = await attainment({ campaign: 'K1' });
    const events: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => events.push(e));
    click(marks(element).find((m) => m.dataset.key === 'B2')!);
    expect(strata.filters.clauses).to.deep.equal([{ field: 'branch', op: 'in', values: ['B2'], source: element.sourceId, labels: ['城南支行'] }]);
    expect(events[0]!.detail).to.deep.include({ field: 'branch', values: ['B2'], labels: ['城南支行'], source: element.sourceId });
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
    expect(marks(element).filter((m) => m.getAttribute('aria-pressed') === 'true').map((m) => m.dataset.key)).to.deep.equal(['B2']);
    const unfiltered = await strata.attainment({ campaign: 'K1', by: 'branch', exclude: element.sourceId });
    expect(unfiltered).to.have.length(2);
    expect(labels(element).map((l) => l!.replace(', 已选中', ''))).to.deep.equal(unfiltered.map((r, _, all) => expectedLabel('zh-CN', r, 'loan_amount', all)));
    click(marks(element).find((m) => m.dataset.key === 'B2')!);
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(events[1]!.detail).to.deep.include({ field: 'branch', values: [], clause: null });
  });

  it('by="manager": keyboard selects the manager (one tab stop, arrows, Enter, Shift+Enter drills, Escape clears)', async () => {
    const element = await attainment({ by: 'manager' }, big);
    const rows = await big.attainment({ by: 'manager' });
    expect(marks(element).filter((m) => m.getAttribute('tabindex') === '0')).to.have.length(1);
    const events: string[] = [];
    element.addEventListener('strata-select', (e) => events.push(`select ${e.detail.field}=${e.detail.values.join()}`));
    element.addEventListener('strata-drill', (e) => events.push(`drill ${e.detail.field}=${String(e.detail.value)}`));
    marks(element)[0]!.focus();
    key(marks(element)[0]!, 'ArrowDown');
    key(element.shadowRoot!.activeElement!, 'ArrowDown');
    const third = element.shadowRoot!.activeElement as SVGGElement;
    expect(third.dataset.key).to.equal(rows[2]!.key);
    key(third, ' ');
    expect(big.filters.clauses).to.deep.equal([{ field: 'manager', op: 'in', values: [rows[2]!.key], source: element.sourceId, labels: [rows[2]!.label ?? rows[2]!.key] }]);
    await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
    expect((element.shadowRoot!.activeElement as SVGGElement | null)?.dataset.key).to.equal(rows[2]!.key);
    key(element.shadowRoot!.activeElement!, 'Enter', { shiftKey: true });
    key(element, 'Escape');
    expect(big.filters.clauses).to.deep.equal([]);
    expect(events).to.deep.equal([`select manager=${rows[2]!.key}`, `drill manager=${rows[2]!.key}`, 'select manager=']);
  });

  it('follows the other views: a clause set elsewhere re-queries', async () => {
    const element = await attainment({ lang: 'en', campaign: 'K1' });
    strata.filters.set({ field: 'product', op: 'in', values: ['consumer'], source: 'elsewhere' });
    const expected = await strata.attainment({ campaign: 'K1', by: 'branch' });
    expect(expected.map((r) => r.actual)).to.deep.equal([200_000, 0]);
    // Targets do not follow a product filter: 城北 keeps P2's 200,000 of its 800,000 (25.0 %).
    await until(
      () => same(labels(element), ['城北支行: actual ¥200.00K, 25.0% of its unfiltered actual', '城南支行: actual ¥0, 0.00% of its unfiltered actual']),
      () => `the filtered rows: ${labels(element).join(' | ')}`,
    );
    // A branch chosen elsewhere keeps only that branch.
    strata.filters.set({ field: 'branch', op: 'in', values: ['B2'], source: 'elsewhere' });
    const one = await strata.attainment({ campaign: 'K1', by: 'branch' });
    expect(one.map((r) => r.key)).to.deep.equal(['B2']);
    await until(() => same(labels(element), one.map((r, _, all) => expectedLabel('en', r, 'loan_amount', all))), 'one branch');
  });

  it('respects the campaign attribute (default: the campaign running at the data date)', async () => {
    const element = await attainment();
    const k1 = await strata.attainment({ campaign: 'K1', by: 'branch' });
    expect(labels(element)).to.deep.equal(k1.map((r, _, all) => expectedLabel('zh-CN', r, 'loan_amount', all)));
    element.setAttribute('campaign', 'K2');
    const k2 = await strata.attainment({ campaign: 'K2', by: 'branch' });
    expect(k2.map((r) => [r.key, r.actual, r.target])).to.deep.equal([
      ['B1', 500_000, 400_000],
      ['B2', 200_000, 800_000],
    ]);
    await until(() => same(labels(element), k2.map((r, _, all) => expectedLabel('zh-CN', r, 'loan_amount', all))), 'the K2 rows');
      // K2 ended on 2024-06-30: the final figures, met or missed, not ahead or behind a pace.
    expect(rowText(element, 'B1')).to.contain('已完成');
    expect(rowText(element, 'B2')).to.contain('未完成');
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`before the campaign starts every row says so: no pace line, no ranks, no bottom five, and the summary says when it starts (${lang})`, async () => {
      const future = await openStrata(notStartedBank);
      try {
        // No campaign attribute: the SDK's default, the latest to end (K3, which runs from 2025-01-15).
        const element = await attainment({ lang }, future);
        const en = lang === 'en';
        expect(marks(element).map((m) => m.dataset.key)).to.deep.equal(['B1', 'B2']);
        expect(rowText(element, 'B1')).to.contain(en ? 'Not started' : '未开始').and.contain(en ? '¥0 / ¥2.00M' : '0元 / 200.00万');
        expect(rowText(element, 'B2')).to.contain(en ? 'Not started' : '未开始').and.contain(en ? '¥0 / ¥1.00M' : '0元 / 100.00万');
        expect(labels(element)).to.deep.equal(
          en
            ? ['城北支行: not started (actual ¥0, target ¥2.00M)', '城南支行: not started (actual ¥0, target ¥1.00M)']
            : ['城北支行：未开始（实际0元，目标200.00万）', '城南支行：未开始（实际0元，目标100.00万）'],
        );
        const shadow = element.shadowRoot!;
        expect(shadow.querySelector('.pace')).to.equal(null);
        expect([...shadow.querySelectorAll('text.rank')].map((t) => t.textContent)).to.deep.equal(['', '']);
        expect(shadow.querySelectorAll('.flagged, .flag')).to.have.length(0);
        expect(shadow.querySelector('.legend')!.textContent).to.not.contain(en ? 'Pace' : '序时进度');
        expect(shadow.querySelector('#summary')!.textContent).to.equal(
          en
            ? '开门红营销 has not started (it starts on 2025-01-15): all 2 branches show Not started, with no pace, ranks or bottom five.'
            : '开门红营销尚未开始（2025-01-15开始）：2个机构均显示未开始，不计序时进度、排名与后5名。',
        );
        expect(await element.toCsv()).to.equal(
          en
            ? '\uFEFFBranch code,Branch,Actual,Target,Pace status\r\nB1,城北支行,0,2000000,Not started\r\nB2,城南支行,0,1000000,Not started\r\n'
            : '\uFEFF机构代码,机构,实际,目标,序时状态\r\nB1,城北支行,0,2000000,未开始\r\nB2,城南支行,0,1000000,未开始\r\n',
        );
        expect(await axeViolations(element.parentElement!)).to.deep.equal([]);
      } finally {
        cleanup();
        await future.close();
      }
    });
  }

  it('names the campaign it was given when that one has not started', async () => {
    const future = await openStrata(notStartedBank);
    try {
      const element = await attainment({ campaign: 'K3', 'as-of': '2024-11-30' }, future);
      expect(element.shadowRoot!.querySelector('#summary')!.textContent).to.contain('开门红营销尚未开始（2025-01-15开始）');
    } finally {
      cleanup();
      await future.close();
    }
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`under a tier filter (targets do not follow it): no attainment; the actual, its share of the branch's own actual, and a note (${lang})`, async () => {
      const element = await attainment({ lang, campaign: 'K1' });
      const en = lang === 'en';
      // Hand-checked: K1's loan-amount actual is 800,000 at 城北 (P1 600,000 for C1, P2 200,000 for a
      // prospect) and 150,000 at 城南 (P7 for C3). Of these only C1 is 零售高端 (AUM 1.5M): 城北 keeps
      // 600,000 of 800,000 (75.0 %), 城南 none of 150,000.
      strata.filters.set({ field: 'tier', op: 'in', values: ['retail_high_end'], source: 'elsewhere' });
      const note = en ? 'Targets do not follow the tier filter: showing the actual and its share' : '目标不随「客户分层」筛选：显示实际及其占比';
      await until(() => element.shadowRoot!.querySelector('[part="note"]')?.textContent === note, 'the note');
      await until(() => labels(element).length === 2 && labels(element)[0]!.includes('75.0%'), 'the shares');
      expect(labels(element)).to.deep.equal(
        en ? ['城北支行: actual ¥600.00K, 75.0% of its unfiltered actual', '城南支行: actual ¥0, 0.00% of its unfiltered actual'] : ['城北支行：实际60.00万，占未筛选实际75.0%', '城南支行：实际0元，占未筛选实际0.00%'],
      );
      // Drawn at the width it was mounted at (a busy page may draw it first at its default width, and cut the figure).
      await until(() => rowText(element, 'B1').includes(en ? 'Actual ¥600.00K' : '实际 60.00万'), () => rowText(element, 'B1'));
      expect(rowText(element, 'B1')).to.contain('75.0%');
      const shadow = element.shadowRoot!;
      // No pace, no target ticks, no ranks, no flags; the title says it shows the actual.
      expect(shadow.querySelector('.pace')).to.equal(null);
      expect(shadow.querySelectorAll('line.target')).to.have.length(0);
      expect([...shadow.querySelectorAll('text.rank')].map((t) => t.textContent)).to.deep.equal(['', '']);
      expect(shadow.querySelectorAll('.flag')).to.have.length(0);
      expect(shadow.querySelector('#title')!.textContent).to.equal(en ? 'Loan amount actual · by Branch' : '贷款投放实际 · 机构');
      expect(shadow.querySelector('#summary')!.textContent).to.equal(
        en
          ? 'No attainment, pace or ranks: targets do not follow the current filters. Of 2 branches, 城北支行 keeps the largest share of its actual (75.0%, ¥600.00K). Rows in the order of the unfiltered ranking.'
          : '目标不随当前筛选，不计完成率、序时进度与排名；2个机构中，实际保留占比最高的是城北支行（75.0%，实际60.00万）。按未筛选时的完成率排名排列。',
      );
      expect(await element.toCsv()).to.equal(
        en
          ? '\uFEFFBranch code,Branch,Actual,Share of unfiltered actual\r\nB1,城北支行,600000,0.75\r\nB2,城南支行,0,0\r\n'
          : '\uFEFF机构代码,机构,实际,占未筛选实际\r\nB1,城北支行,600000,0.75\r\nB2,城南支行,0,0\r\n',
      );
      expect(await axeViolations(element.parentElement!)).to.deep.equal([]);
      // A branch filter is one targets follow: the ratio is back.
      strata.filters.set({ field: 'branch', op: 'in', values: ['B1'], source: 'elsewhere' });
      await until(() => !shadow.querySelector('[part="note"]') && labels(element)[0]?.includes('80.0%'), 'the branch\'s attainment');
    });
  }
});

describe('<strata-attainment> under filters targets do not follow, where the ranking differs from the branches\' codes', () => {
  // 城南's target cut to 100,000: unfiltered, K1's loan-amount attainment is 城南 150,000 / 100,000 =
  // 150 % (P7; P12 is dated before K1's start) ahead of 城北 800,000 / 1,000,000 = 80 % (P1, P2),
  // while the SDK gives rows under such a filter by code (B1 城北, B2 城南).
  const ranked = { ...smallBank, targets: smallBank.targets.map((t) => (t.scope === 'branch' && t.scope_id === 'B2' && t.metric === 'loan_amount' ? { ...t, target: 100_000 } : t)) };
  let strata: Strata;
  sharedStrata(ranked, (s) => (strata = s));

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`rows keep the unfiltered ranking's order, the summary says so; the share's name once, in the legend; with nothing under the filter, no "largest" (${lang})`, async () => {
      const en = lang === 'en';
      const element = document.createElement('strata-attainment');
      element.setAttribute('lang', lang);
      element.setAttribute('campaign', 'K1');
      element.strata = strata;
      mount(element, 390);
      await until(() => labels(element)[0]?.includes('150.0%'), () => `the ranking: ${labels(element).join(' | ')}`);
      expect(marks(element).map((m) => m.dataset.key)).to.deep.equal(['B2', 'B1']);
      const shadow = element.shadowRoot!;
      const summary = () => shadow.querySelector('#summary')!.textContent;
      const shareName = en ? 'Share of unfiltered actual' : '占未筛选实际';
      const svgText = () => shadow.querySelector('svg.chart-svg')!.textContent!;

      // 零售高端 (C1 only): 城北 keeps P1's 600,000 of 800,000 (75.0 %), 城南 none of its 150,000 (P7 is C3's, 零售潜力).
      strata.filters.set({ field: 'tier', op: 'in', values: ['retail_high_end'], source: 'elsewhere' });
      await until(() => labels(element).some((l) => l!.includes('75.0%')), () => `the shares: ${labels(element).join(' | ')}`);
      expect(marks(element).map((m) => m.dataset.key)).to.deep.equal(['B2', 'B1']);
      expect(labels(element)).to.deep.equal(
        en ? ['城南支行: actual ¥0, 0.00% of its unfiltered actual', '城北支行: actual ¥600.00K, 75.0% of its unfiltered actual'] : ['城南支行：实际0元，占未筛选实际0.00%', '城北支行：实际60.00万，占未筛选实际75.0%'],
      );
      expect(summary()).to.equal(
        en
          ? 'No attainment, pace or ranks: targets do not follow the current filters. Of 2 branches, 城北支行 keeps the largest share of its actual (75.0%, ¥600.00K). Rows in the order of the unfiltered ranking.'
          : '目标不随当前筛选，不计完成率、序时进度与排名；2个机构中，实际保留占比最高的是城北支行（75.0%，实际60.00万）。按未筛选时的完成率排名排列。',
      );
      expect(svgText().split(shareName)).to.have.length(2);
      expect(rowText(element, 'B2')).to.contain(en ? 'Actual ¥0' : '实际 0元').and.not.contain('0.00K').and.not.contain('0.00万');
      await executeServerCommand('strata-screenshot', { name: `attainment-share-${lang}.png` });

      // 对公黄金: no lead of K1 is a corporate customer's, so nothing counts at either branch.
      strata.filters.set({ field: 'tier', op: 'in', values: ['corp_gold'], source: 'elsewhere' });
      await until(() => labels(element).every((l) => !l!.includes('75.0%')), 'the empty filter');
      expect(marks(element).map((m) => m.dataset.key)).to.deep.equal(['B2', 'B1']);
      expect(labels(element)).to.deep.equal(
        en ? ['城南支行: actual ¥0, 0.00% of its unfiltered actual', '城北支行: actual ¥0, 0.00% of its unfiltered actual'] : ['城南支行：实际0元，占未筛选实际0.00%', '城北支行：实际0元，占未筛选实际0.00%'],
      );
      expect(summary()).to.equal(
        en
          ? 'No attainment, pace or ranks: targets do not follow the current filters. Nothing counts towards the targets under them: the 2 branches each have an actual of ¥0. Rows in the order of the unfiltered ranking.'
          : '目标不随当前筛选，不计完成率、序时进度与排名；当前筛选下2个机构均无实际（实际均为0元）。按未筛选时的完成率排名排列。',
      );
      expect(svgText().split(shareName)).to.have.length(2);
      expect(await axeViolations(element.parentElement!)).to.deep.equal([]);
      await executeServerCommand('strata-screenshot', { name: `attainment-share-none-${lang}.png` });
    });
  }
});

describe('<strata-attainment> with a 20,000-character branch name', () => {
  const name = `城北支行${'（营业部长名称）'.repeat(2500)}`.slice(0, 20_000);
  let strata: Strata;
  sharedStrata({ ...smallBank, branches: smallBank.branches.map((b) => (b.branch_id === 'B1' ? { ...b, name } : b)) }, (s) => (strata = s));

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`prints it cut, whole in the mark's tooltip and accessible name, the CSV, the SVG export and the data table (${lang})`, async () => {
      const element = document.createElement('strata-attainment');
      element.setAttribute('lang', lang);
      element.setAttribute('campaign', 'K1');
      element.strata = strata;
      mount(element, 640);
      await until(() => marks(element).length === 2, 'both branches');
      const shadow = element.shadowRoot!;
      // Drawn at the width it was mounted at (a busy page may draw it first at its default width).
      const svg = await until(() => {
        const chart = shadow.querySelector<SVGSVGElement>('svg.chart-svg');
        return chart && Number(chart.getAttribute('width')) > 500 ? chart : null;
      }, 'the chart at the width of its 640 px box');
      const mark = marks(element).find((m) => m.getAttribute('data-key') === 'B1')!;
      // The accessible name and the tooltip say the whole name (the rest of the name is the row's figures).
      const accessibleName = mark.getAttribute('aria-label')!;
      expect(accessibleName).to.contain(name);
      // The view's tooltip has it whole (no native title besides it: two tooltips would overlap).
      expect(tooltipOf(mark)!.title).to.equal(name);
      expect(mark.querySelector('title')).to.equal(null);
      // Printed cut, beside the mark, inside the chart as Chromium lays it out.
      expect(mark.querySelector('text.label')).to.equal(null);
      const printed = svg.querySelector<SVGTextElement>('.figures [data-key="B1"] text.label')!;
      expect(printed.textContent).to.match(/^城北支行（营业部.*…$/);
      expect(printed.textContent!.length).to.be.below(60);
      const box = printed.getBBox();
      expect(box.x).to.be.at.least(0);
      expect(box.x + box.width).to.be.below(Number(svg.getAttribute('width')) / 2);
      // The other branch is printed whole, in its mark, with no title.
      const other = marks(element).find((m) => m.getAttribute('data-key') === 'B2')!;
      expect(other.querySelector('text.label')!.textContent).to.equal('城南支行');
      expect(other.querySelector('title')).to.equal(null);
      // The summary quotes it cut; the CSV cell and the exported SVG's title have it whole.
      expect(shadow.querySelector('#summary')!.textContent).to.contain(nameInText(name)).and.not.contain(name);
      expect((await element.toCsv())!.split('\r\n').some((line) => line.split(',').includes(name))).to.equal(true);
      expect(await element.toSvg()).to.contain(`aria-label="${accessibleName}"`);
      // The data table lays out a bounded text, the cell's title the whole name.
      shadow.querySelector<HTMLElement>('details summary')!.click();
      const cell = await until(() => [...shadow.querySelectorAll('td')].find((td) => td.title === name), 'the name\'s cell');
      expect(cell.textContent!.length).to.be.below(300);
      // Selecting it by keyboard works as for any name.
      mark.focus();
      mark.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      expect(strata.filters.clauses).to.deep.equal([{ field: 'branch', op: 'in', values: ['B1'], source: element.sourceId, labels: [name] }]);
      await until(() => marks(element).find((m) => m.getAttribute('data-key') === 'B1')?.getAttribute('aria-pressed') === 'true', 'the selection drawn');
      expect(await executeServerCommand('strata-screenshot', { name: `attainment-long-name-${lang}.png` })).to.equal(true);
      strata.filters.clear();
    });
  }
});
