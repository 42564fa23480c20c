/// <reference types="mocha" />
import { expect } from 'chai';
import { executeServerCommand, resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { KpiName, KpiRow, Strata } from '@strata/sdk';
import './register.ts';
import type { StrataKpis } from './kpis.ts';
import { figureAmounts } from './figures.ts';
import { branches, campaigns, loans, smallBank } from '../../../../test/fixtures/small.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { cleanup, mount, openStrata, sharedStrata, until } from '../../../../test/helpers/browser.ts';
import { amountFormat, formatCount, formatPercent, formatPointChange, t, type AmountFormat, type Lang } from '../i18n.ts';

/** Each tile's figure as the test expects it, computed here from the SDK's row. */
const KIND: Record<string, 'count' | 'amount' | 'ratio'> = {
  loans: 'count',
  balance: 'amount',
  npl_ratio: 'ratio',
  special_mention_ratio: 'ratio',
  customers: 'count',
  deposits: 'amount',
  attainment: 'ratio',
};
const TILES = Object.keys(KIND) as KpiName[];
const RISE_IS_BAD = new Set(['npl_ratio', 'special_mention_ratio']);

/** A tile's unit for amounts: its own figure's (the formatter is checked by hand in i18n.test.ts). */
/** A tile's unit: the strip's (its largest amount's), or the figure's own where it is under 0.1 of it. */
function own(lang: Lang, row: KpiRow, rows: readonly KpiRow[]): AmountFormat {
  const strip = amountFormat(lang, rows.filter((r) => ['balance', 'deposits', 'actual', 'target'].includes(r.metric)).flatMap((r) => [r.value, r.previous]));
  const figure = Math.abs(row.value || row.previous || 0);
  return figure * 10 >= strip.unit.size ? strip : amountFormat(lang, [figure]);
}

function value(lang: Lang, metric: string, v: number | null, amount: AmountFormat): string {
  const kind = KIND[metric];
  return kind === 'count' ? formatCount(lang, v) : kind === 'amount' ? amount.format(v) : formatPercent(lang, v);
}

function change(lang: Lang, metric: string, c: number, amount: AmountFormat): string {
  const kind = KIND[metric];
  if (kind === 'ratio') return formatPointChange(lang, c);
  const sign = c > 0 ? '+' : c < 0 ? '-' : '';
  return `${sign}${kind === 'count' ? formatCount(lang, Math.abs(c)) : amount.format(Math.abs(c))}`;
}

const WORDS = {
  'zh-CN': { up: '上升', down: '下降', flat: '持平', none: '无上月数据', snapshot: '客户文件数据，不分月末', ahead: '领先序时进度', behind: '落后序时进度', heading: '核心指标' },
  en: { up: 'up', down: 'down', flat: 'unchanged', none: 'no previous month', snapshot: 'customer file, not by month end', ahead: 'ahead of pace', behind: 'behind pace', heading: 'Key figures' },
} as const;

/** The small bank with its campaign moved to the first half of 2024 and a second one (K3) that starts after the data's month end. */
const notStartedBank = {
  ...smallBank,
  campaigns: [
    { campaign_id: 'K1', name: '上半年营销', start_date: '2024-03-01', end_date: '2024-06-30' },
    { campaign_id: 'K3', name: '开门红营销', start_date: '2025-01-15', end_date: '2025-03-31' },
  ],
};

describe('<strata-kpis>', () => {
  let strata: Strata;
  sharedStrata(smallBank, (s) => (strata = s));

  const shadow = (element: HTMLElement) => element.shadowRoot!;
  const tiles = (element: HTMLElement) => [...shadow(element).querySelectorAll<HTMLElement>('[part="tile"]')];
  const tile = (element: HTMLElement, metric: string) => shadow(element).querySelector<HTMLElement>(`[part="tile"][data-metric="${metric}"]`)!;
  const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const tooltip = (element: HTMLElement) => shadow(element).querySelector<HTMLElement>('[role="tooltip"]')!;
  const tipLines = (element: HTMLElement) => [...tooltip(element).children].map((c) => c.textContent);
  const figure = (element: HTMLElement, metric: string) => tile(element, metric).querySelector<HTMLElement>('[part="value"]')!;

  /** Moves the real mouse onto the middle of a tile. */
  async function hoverTile(element: HTMLElement, metric: string): Promise<void> {
    const box = tile(element, metric).getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
  }

  afterEach(() => resetMouse());

  async function kpis(attributes: Record<string, string> = {}, width = 640, db = strata): Promise<StrataKpis> {
    const element = document.createElement('strata-kpis');
    for (const [name, v] of Object.entries(attributes)) element.setAttribute(name, v);
    element.strata = db;
    mount(element, width);
    await until(() => tiles(element).length > 0, 'tiles');
    return element;
  }

  /** Every tile shows exactly the SDK's figure and change, with the right arrow, words and tone. */
  function expectTiles(element: HTMLElement, lang: Lang, rows: KpiRow[]): void {
    const row = (metric: string) => rows.find((r) => r.metric === metric)!;
    expect(tiles(element).map((x) => x.dataset.metric)).to.deep.equal(TILES);
    for (const metric of TILES) {
      const r = row(metric);
      const amount = own(lang, r, rows);
      const node = tile(element, metric);
      expect(text(node.querySelector('dt')), metric).to.equal(t(lang, metric));
      expect(text(node.querySelector('[part="value"]')), metric).to.equal(value(lang, metric, r.value, amount));
      const changeNode = node.querySelector<HTMLElement>('[part="change"]')!;
      if (r.change === null) {
        expect(changeNode.dataset.direction, metric).to.equal('none');
        // Deposits are one snapshot of the customer file: the tile says so, not "no previous month".
        expect(text(changeNode), metric).to.equal(metric === 'deposits' ? WORDS[lang].snapshot : WORDS[lang].none);
        continue;
      }
      const dir = Math.abs(r.change) < 1e-9 ? 'flat' : r.change > 0 ? 'up' : 'down';
      expect(changeNode.dataset.direction, metric).to.equal(dir);
      // The arrow is decoration; its words are in the text.
      const arrow = changeNode.querySelector('.arrow')!;
      expect(arrow.getAttribute('aria-hidden')).to.equal('true');
      expect(text(changeNode.querySelector('.visually-hidden')), metric).to.equal(WORDS[lang][dir]);
      expect(text(changeNode.querySelector('.delta')), metric).to.equal(change(lang, metric, dir === 'flat' ? 0 : r.change, amount));
      expect(text(changeNode), metric).to.contain(t(lang, 'change'));
      const tone = dir === 'flat' ? 'neutral' : (dir === 'up') !== RISE_IS_BAD.has(metric) ? 'good' : 'bad';
      expect(changeNode.classList.contains(tone), `${metric} is ${tone}`).to.equal(true);
    }
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`shows the SDK's figures and changes from the previous month end (${lang})`, async () => {
      const element = await kpis({ lang });
      const rows = await strata.kpis();
      expectTiles(element, lang, rows);
      expect(text(shadow(element).querySelector('#title'))).to.equal(WORDS[lang].heading);
      // Hand-checked on the small bank: balance 4,635,000 (+385,000), NPL ratio up 16.59 points,
      // deposits 19,625,000; the strip's amounts in one unit, its largest's (万; en M), with two decimals.
      if (lang === 'zh-CN') {
        expect(text(tile(element, 'balance').querySelector('[part="value"]'))).to.equal('463.50万');
        expect(text(tile(element, 'balance').querySelector('.delta'))).to.equal('+38.50万');
        expect(text(tile(element, 'deposits').querySelector('[part="value"]'))).to.equal('1962.50万');
        expect(text(tile(element, 'npl_ratio').querySelector('.delta'))).to.equal('+16.59个百分点');
      } else {
        expect(text(tile(element, 'balance').querySelector('[part="value"]'))).to.equal('¥4.64M');
        expect(text(tile(element, 'balance').querySelector('.delta'))).to.equal('+¥0.39M');
        expect(text(tile(element, 'deposits').querySelector('[part="value"]'))).to.equal('¥19.63M');
        expect(text(tile(element, 'npl_ratio').querySelector('.delta'))).to.equal('+16.59 pp');
      }
      // Attainment against pace: the SDK's pace, ahead or behind.
      const attainment = rows.find((r) => r.metric === 'attainment')!.value!;
      const pace = rows.find((r) => r.metric === 'pace')!.value!;
      const paceNode = tile(element, 'attainment').querySelector<HTMLElement>('[part="pace"]')!;
      expect(text(paceNode)).to.equal(`${t(lang, 'pace')} ${formatPercent(lang, pace)} ${WORDS[lang][attainment >= pace ? 'ahead' : 'behind']}`);
      expect(paceNode.dataset.ahead).to.equal(String(attainment >= pace));
      // The summary states the month end, the balance, the NPL ratio and the verdict.
      const summary = text(shadow(element).querySelector('#summary'));
      expect(summary).to.contain('2024-12-31');
      expect(summary).to.contain(formatPercent(lang, rows.find((r) => r.metric === 'npl_ratio')!.value));
      expect(summary).to.contain(WORDS[lang][attainment >= pace ? 'ahead' : 'behind']);
    });
  }

  /**
   * Each tile's tooltip, worked out by hand from test/fixtures/small.ts (2024-12-31 against 2024-11-30):
   * loans L1–L5, L7 = 6 (L1–L6 = 6 before); balance 990,000 + 95,000 + 50,000 + 600,000 + 1,900,000 +
   * 1,000,000 = 4,635,000 (4,250,000 before, +385,000); NPL (L3 50,000 + L5 1,900,000 + L7 1,000,000)
   * 2,950,000 / 4,635,000 = 63.65 % (L5 2,000,000 / 4,250,000 = 47.06 % before, +16.59 points); special
   * mention L2 95,000 / 4,635,000 = 2.05 % (L3 50,000 / 4,250,000 = 1.18 %, +0.87 points); customers C1–C8
   * (C8 opened 2024-11-15) = 8 both months; deposits Σ deposits_avg = 19,625,000, no previous month;
   * campaign K1's loan amount P1 600,000 + P2 200,000 + P7 150,000 = 950,000 of the branch targets
   * 1,000,000 + 500,000: 63.33 %, pace 100 % (the last day); at 2024-11-30 only P1: 40.00 %, +23.33 points.
   */
  const TIPS: Record<Lang, Record<string, string[]>> = {
    'zh-CN': {
      loans: ['贷款笔数', '本月（2024-12-31）：6笔', '上月（2024-11-30）：6笔', '较上月：持平', '月末全部贷款的笔数，每笔借据计一笔'],
      balance: ['贷款余额', '本月（2024-12-31）：4,635,000.00元', '上月（2024-11-30）：4,250,000.00元', '较上月：+385,000.00元', '月末全部贷款的余额，五级分类各类合计'],
      npl_ratio: ['不良率', '本月（2024-12-31）：63.65%', '上月（2024-11-30）：47.06%', '较上月：+16.59个百分点', '不良贷款（次级、可疑、损失）余额 ÷ 全部贷款余额，月末'],
      special_mention_ratio: ['关注率', '本月（2024-12-31）：2.05%', '上月（2024-11-30）：1.18%', '较上月：+0.87个百分点', '关注类贷款余额 ÷ 全部贷款余额，月末'],
      customers: ['客户数', '本月（2024-12-31）：8户', '上月（2024-11-30）：8户', '较上月：持平', '月末前开户（或无开户日期）的客户'],
      deposits: ['日均存款', '本月（2024-12-31）：19,625,000.00元', '客户日均存款之和（客户文件），无上月数据'],
      attainment: [
        '完成率',
        '本月（2024-12-31）：63.33%',
        '实际950,000.00元，目标1,500,000.00元',
        '序时进度100.00%',
        '上月（2024-11-30）：40.00%',
        '较上月：+23.33个百分点',
        '营销活动贷款投放：实际 ÷ 适用的目标；实际为活动期内已放款的贷款类线索金额',
      ],
    },
    en: {
      loans: ['Loans', 'This month (2024-12-31): 6 loans', 'Last month (2024-11-30): 6 loans', 'vs last month: unchanged', 'Loans at the month end, one per loan'],
      balance: [
        'Loan balance',
        'This month (2024-12-31): ¥4,635,000.00',
        'Last month (2024-11-30): ¥4,250,000.00',
        'vs last month: +¥385,000.00',
        'Balance of all loans at the month end, all five categories',
      ],
      npl_ratio: [
        'NPL ratio',
        'This month (2024-12-31): 63.65%',
        'Last month (2024-11-30): 47.06%',
        'vs last month: +16.59 pp',
        'Balance of non-performing loans (substandard, doubtful, loss) ÷ balance of all loans, at the month end',
      ],
      special_mention_ratio: [
        'Special-mention ratio',
        'This month (2024-12-31): 2.05%',
        'Last month (2024-11-30): 1.18%',
        'vs last month: +0.87 pp',
        'Balance of special-mention loans ÷ balance of all loans, at the month end',
      ],
      customers: ['Customers', 'This month (2024-12-31): 8 customers', 'Last month (2024-11-30): 8 customers', 'vs last month: unchanged', 'Customers opened by the month end (or with no open date)'],
      deposits: ['Deposits (daily avg.)', 'This month (2024-12-31): ¥19,625,000.00', "Sum of the customers' daily-average deposits (customer file); no previous month"],
      attainment: [
        'Attainment',
        'This month (2024-12-31): 63.33%',
        'Actual ¥950,000.00, target ¥1,500,000.00',
        'Pace 100.00%',
        'Last month (2024-11-30): 40.00%',
        'vs last month: +23.33 pp',
        "The campaign's loan amount: actual ÷ the targets that apply; actual is the loan leads disbursed within the campaign period",
      ],
    },
  };

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`tiles: hover and keyboard focus show the figure in full, last month's, the change and what it covers; Escape hides (${lang})`, async () => {
      const element = await kpis({ lang }, 1000);
      expect(tooltip(element).hidden).to.equal(true);

      // Hover: the tooltip beside the tile, not over it.
      for (const metric of ['balance', 'npl_ratio']) {
        await hoverTile(element, metric);
        await until(() => !tooltip(element).hidden && tipLines(element)[0] === TIPS[lang][metric]![0], `the ${metric} tooltip on hover`);
        expect(tipLines(element), metric).to.deep.equal(TIPS[lang][metric]);
        const tip = tooltip(element).getBoundingClientRect();
        const box = tile(element, metric).getBoundingClientRect();
        const overlaps = tip.left < box.right && tip.right > box.left && tip.top < box.bottom && tip.bottom > box.top;
        expect(overlaps, `${metric}: the tooltip covers its tile`).to.equal(false);
        expect(tip.left).to.be.at.least(element.getBoundingClientRect().left);
        expect(tip.right).to.be.at.most(element.getBoundingClientRect().right);
      }
      // Off the tiles: gone (after the grace period that lets the pointer reach the tooltip).
      const frame = element.getBoundingClientRect();
      await sendMouse({ type: 'move', position: [Math.round(frame.left + 4), Math.round(frame.top + 4)] });
      await until(() => tooltip(element).hidden, 'the tooltip hidden on leave');

      // Keyboard: every figure is a tab stop, named by its term and figure, described by the tooltip.
      figure(element, TILES[0]!).focus();
      for (const [i, metric] of TILES.entries()) {
        if (i > 0) await sendKeys({ press: 'Tab' });
        expect(shadow(element).activeElement, metric).to.equal(figure(element, metric));
        await until(() => !tooltip(element).hidden && tipLines(element)[0] === TIPS[lang][metric]![0], `the ${metric} tooltip on focus`);
        expect(tipLines(element), metric).to.deep.equal(TIPS[lang][metric]);
        const value = figure(element, metric);
        expect(value.getAttribute('aria-describedby'), metric).to.equal('tooltip');
        const names = value.getAttribute('aria-labelledby')!.split(' ').map((id) => text(shadow(element).getElementById(id)));
        expect(names, metric).to.deep.equal([t(lang, metric), text(value)]);
      }
      expect(await axeViolations(element)).to.deep.equal([]);
      // The focus ring goes round the whole tile.
      expect(getComputedStyle(tile(element, 'attainment')).outlineStyle).to.equal('solid');
      await executeServerCommand('strata-screenshot', { name: `kpis-tooltip-focus-${lang}.png` });
      await sendKeys({ press: 'Escape' });
      expect(tooltip(element).hidden).to.equal(true);
      figure(element, 'attainment').blur();
      expect(figure(element, 'attainment').hasAttribute('aria-describedby')).to.equal(false);
    });
  }

  it('screenshots: a tile\u2019s tooltip on a phone and a desktop, zh-CN and en, light and dark; axe-clean', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        for (const width of [390, 1440]) {
          const element = await kpis({ lang, theme }, width);
          await hoverTile(element, 'npl_ratio');
          await until(() => !tooltip(element).hidden, 'the tooltip');
          expect(tipLines(element)).to.deep.equal(TIPS[lang].npl_ratio);
          const tip = tooltip(element).getBoundingClientRect();
          const frame = element.getBoundingClientRect();
          expect(tip.left, `${lang} ${theme} ${width}`).to.be.at.least(frame.left);
          expect(tip.right, `${lang} ${theme} ${width}`).to.be.at.most(frame.right);
          expect(await axeViolations(element), `${lang} ${theme} ${width}`).to.deep.equal([]);
          expect(await executeServerCommand('strata-screenshot', { name: `kpis-tooltip-${lang}-${theme}-${width}.png` })).to.equal(true);
          await resetMouse();
          cleanup();
        }
      }
    }
  });

  it('colours a rise in NPL as danger and a rise in balance as good', async () => {
    const element = await kpis();
    const colour = (metric: string) => getComputedStyle(tile(element, metric).querySelector('[part="change"]')!).color;
    expect(colour('npl_ratio')).to.equal('rgb(185, 28, 28)');
    expect(colour('special_mention_ratio')).to.equal('rgb(185, 28, 28)');
    expect(colour('balance')).to.equal('rgb(21, 128, 61)');
    expect(colour('attainment')).to.equal('rgb(21, 128, 61)');
    // Behind pace is bad news too.
    expect(getComputedStyle(tile(element, 'attainment').querySelector('[part="pace"] .verdict')!).color).to.equal('rgb(185, 28, 28)');
  });

  it('uses a description list: one term and its details per tile', async () => {
    const element = await kpis();
    const list = shadow(element).querySelector('dl')!;
    for (const group of list.children) {
      expect(group.tagName).to.equal('DIV');
      expect([...group.children].map((c) => c.tagName)[0]).to.equal('DT');
      expect([...group.children].slice(1).every((c) => c.tagName === 'DD')).to.equal(true);
    }
    expect(shadow(element).querySelector('svg')).to.equal(null);
  });

  it('follows the other views: a clause set elsewhere re-queries', async () => {
    const element = await kpis({ lang: 'en' });
    // A branch: a filter targets follow, so the tile stays a ratio (see the tier filter below).
    strata.filters.set({ field: 'branch', op: 'in', values: ['B1'], source: 'elsewhere' });
    const rows = await strata.kpis();
    const balanceRow = (of: KpiRow[]) => of.find((r) => r.metric === 'balance')!;
    const balance = own('en', balanceRow(rows), rows).format(balanceRow(rows).value);
    const all = await strata.kpis({ exclude: 'elsewhere' });
    expect(balance).to.not.equal(own('en', balanceRow(all), all).format(balanceRow(all).value));
    await until(() => text(tile(element, 'balance').querySelector('[part="value"]')) === balance, 'filtered balance');
    expectTiles(element, 'en', rows);
  });

  it('follows the month end (as-of): no previous month, no change', async () => {
    const element = await kpis({ 'as-of': '2024-11-30', lang: 'en' });
    const rows = await strata.kpis({ asOf: '2024-11-30' });
    await until(() => text(tile(element, 'balance').querySelector('[part="value"]')) === '¥4.25M', 'November balance');
    expectTiles(element, 'en', rows);
    expect(tile(element, 'balance').querySelector<HTMLElement>('[part="change"]')!.dataset.direction).to.equal('none');
  });

  it('tiles are not selectable: clicks and keys set no clause and fire no strata-select', async () => {
    const element = await kpis();
    const events: Event[] = [];
    element.addEventListener('strata-select', (e) => events.push(e));
    for (const x of tiles(element)) {
      x.click();
      x.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    }
    element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(events).to.deep.equal([]);
    // Nothing to tab to but the figures (for their tooltips) and the toolbar's buttons; no chart exports, only the CSV.
    const stops = [...shadow(element).querySelectorAll<HTMLElement>('[tabindex]')];
    expect(stops).to.deep.equal(tiles(element).map((x) => x.querySelector('[part="value"]')));
    expect(stops.map((x) => x.tabIndex)).to.deep.equal(TILES.map(() => 0));
    expect([...shadow(element).querySelectorAll('button')].map((b) => text(b))).to.deep.equal(['导出 ▾']);
  });

  it('exports the figures behind the tiles as CSV, and no SVG', async () => {
    const element = await kpis({ lang: 'en' });
    const rows = await strata.kpis();
    expect(await element.toSvg()).to.equal(undefined);
    const lines = (await element.toCsv())!.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).to.have.length(1 + rows.length);
    expect(lines[0]).to.contain('Metric');
    const balance = rows.find((r) => r.metric === 'balance')!;
    expect(lines[0]).to.equal('Metric,This month (2024-12-31),Last month (2024-11-30),vs last month,Note');
    expect(lines.find((l) => l.startsWith('Loan balance'))).to.equal(`Loan balance,${balance.value},${balance.previous},${balance.change},`);
    expect(lines.some((l) => l.startsWith('Pace,'))).to.equal(true);
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`before the campaign starts the attainment tile says so, and when it starts (${lang})`, async () => {
      const future = await openStrata(notStartedBank);
      try {
        const element = await kpis({ lang }, 640, future);
        const node = tile(element, 'attainment');
        const en = lang === 'en';
        expect(node.dataset.period).to.equal('not_started');
        expect(text(node.querySelector('dt'))).to.equal(en ? 'Attainment' : '完成率');
        expect(text(node.querySelector('[part="value"]'))).to.equal(en ? 'Not started' : '未开始');
        expect(text(node.querySelector('[part="pace"]'))).to.equal(en ? 'starts on 2025-01-15' : '2025-01-15开始');
        expect(node.querySelector('.meter, [part="change"]')).to.equal(null);
        figure(element, 'attainment').focus();
        await until(() => !tooltip(element).hidden, 'the tooltip');
        expect(tipLines(element)).to.deep.equal(
          en
            ? ['Attainment', 'starts on 2025-01-15', "The campaign's loan amount: actual ÷ the targets that apply; actual is the loan leads disbursed within the campaign period"]
            : ['完成率', '2025-01-15开始', '营销活动贷款投放：实际 ÷ 适用的目标；实际为活动期内已放款的贷款类线索金额'],
        );
        expect(text(shadow(element).querySelector('#summary'))).to.contain(en ? 'the campaign has not started (it starts on 2025-01-15)' : '营销活动尚未开始（2025-01-15开始）');
        const csv = (await element.toCsv())!;
        expect(csv).to.contain(en ? '\r\nAttainment,,,,Not started\r\n' : '\r\n完成率,,,,未开始\r\n');
        expect(await axeViolations(element)).to.deep.equal([]);
      } finally {
        cleanup();
        await future.close();
      }
    });

    it(`under a tier filter the attainment tile shows the actual and its share of the unfiltered actual, and why (${lang})`, async () => {
      const element = await kpis({ lang });
      const en = lang === 'en';
      // Hand-checked: K1's loan-amount actual is 950,000 (P1 600,000, P2 200,000, P7 150,000); of it
      // only P1's customer (C1, AUM 1.5M) is 零售高端: 600,000, 63.2 % of 950,000.
      strata.filters.set({ field: 'tier', op: 'in', values: ['retail_high_end'], source: 'elsewhere' });
      await until(() => tile(element, 'attainment').dataset.untargeted === 'tier', 'the actual instead of a ratio');
      const node = tile(element, 'attainment');
      expect(text(node.querySelector('dt'))).to.equal(en ? 'Campaign actual (loan amount)' : '营销实际（贷款投放）');
      expect(text(node.querySelector('[part="value"]'))).to.equal(en ? '¥0.60M' : '60.00万');
      expect(text(node.querySelector('[part="pace"]'))).to.equal(en ? 'Share of unfiltered actual 63.2%' : '占未筛选实际 63.2%');
      expect(text(node.querySelector('[part="note"]'))).to.equal(en ? 'Targets do not follow the tier filter: showing the actual and its share' : '目标不随「客户分层」筛选：显示实际及其占比');
      expect(node.querySelector('.meter')).to.equal(null);
      // In full: 600,000 of 950,000 is 63.16 %; at 2024-11-30 the tier's actual was P1's 600,000 already.
      figure(element, 'attainment').focus();
      await until(() => !tooltip(element).hidden, 'the tooltip');
      expect(tipLines(element)).to.deep.equal(
        en
          ? [
              'Campaign actual (loan amount)',
              'This month (2024-12-31): ¥600,000.00',
              '63.16% of the unfiltered actual',
              'Targets do not follow the tier filter: showing the actual and its share',
              'Last month (2024-11-30): ¥600,000.00',
              'vs last month: unchanged',
              'Loan leads of the campaign disbursed within its period (cards and instalments excluded)',
            ]
          : [
              '营销实际（贷款投放）',
              '本月（2024-12-31）：600,000.00元',
              '占未筛选实际63.16%',
              '目标不随「客户分层」筛选：显示实际及其占比',
              '上月（2024-11-30）：600,000.00元',
              '较上月：持平',
              '营销活动期内已放款的贷款类线索金额（不含信用卡、分期）',
            ],
      );
      figure(element, 'attainment').blur();
      expect(text(shadow(element).querySelector('#summary'))).to.contain(
        en
          ? 'campaign actual ¥0.60M, 63.2% of the unfiltered actual (targets do not follow the tier filter, so no attainment)'
          : '营销实际60.00万，占未筛选实际63.2%（目标不随「客户分层」筛选，不计完成率）',
      );
      const csv = (await element.toCsv())!;
      expect(csv).to.contain(en ? '\r\nAttainment,,,,Targets do not follow the tier filter: showing the actual and its share\r\n' : '\r\n完成率,,,,目标不随「客户分层」筛选：显示实际及其占比\r\n');
      expect(csv).to.contain(en ? '\r\nCampaign actual (loan amount),600000,' : '\r\n营销实际（贷款投放）,600000,');
      expect(await axeViolations(element)).to.deep.equal([]);
      // A branch filter is one targets follow: 城北's 800,000 of its 1,000,000 target.
      strata.filters.set({ field: 'branch', op: 'in', values: ['B1'], source: 'elsewhere' });
      await until(() => text(tile(element, 'attainment').querySelector('[part="value"]')) === (en ? '80.0%' : '80.0%'), 'the branch\'s attainment');
      expect(tile(element, 'attainment').querySelector('[part="note"]')).to.equal(null);
    });
  }

  it('each tile reads in its own unit: a small figure beside a large one, its change in its unit, 0 plainly', async () => {
    // Hand-checked, industry 商贸 (commerce): C2 (retail) and C6 (corporate). Loans L2 100,000 → 95,000
    // and L6 500,000 (gone by 2024-12-31): balance 95,000, 600,000 before, -505,000; deposits
    // 100,000 + 6,000,000 = 6,100,000; no campaign lead of theirs was disbursed: actual 0 both months.
    strata.filters.set({ field: 'industry', op: 'in', values: ['commerce'], source: 'elsewhere' });
    const expected = {
      'zh-CN': { balance: ['9.50万', '-50.50万'], deposits: ['610.00万'], attainment: ['0元', '0元'] },
      en: { balance: ['¥95.00K', '-¥505.00K'], deposits: ['¥6.10M'], attainment: ['¥0', '¥0'] },
    };
    for (const lang of ['zh-CN', 'en'] as const) {
      const element = await kpis({ lang });
      await until(() => tile(element, 'attainment').dataset.untargeted === 'industry', 'the campaign actual');
      for (const [metric, [figureText, changeText]] of Object.entries(expected[lang])) {
        expect(text(figure(element, metric)), metric).to.equal(figureText);
        if (changeText) expect(text(tile(element, metric).querySelector('.delta')), metric).to.equal(changeText);
      }
      const summary = text(shadow(element).querySelector('#summary'));
      expect(summary).to.contain(lang === 'en' ? 'loan balance ¥95.00K (-¥505.00K on last month)' : '贷款余额9.50万（较上月-50.50万）');
      expect(summary).not.to.match(/[<‹]/);
      await executeServerCommand('strata-screenshot', { name: `kpis-own-units-${lang}.png` });
      cleanup();
    }
  });

  it("the strip's unit, a much smaller figure in its own; an amount too small for its unit in its own, never <0.01", () => {
    const row = (value: number | null, previous: number | null): KpiRow => ({ metric: 'actual', value, previous, change: value !== null && previous !== null ? value - previous : null }) as KpiRow;
    // Alone (the strip's largest is the figure): 4,000,000 is 400.00万 (en ¥4.00M); 2,575,000,000 is 25.75亿 (en ¥2.58B);
    // a change of 30 yuan reads 30元 (¥30).
    expect(figureAmounts('zh-CN', row(4_000_000, 3_999_970), 4_000_000)(4_000_000)).to.equal('400.00万');
    expect(figureAmounts('zh-CN', row(4_000_000, 3_999_970), 4_000_000)(30)).to.equal('30元');
    expect(figureAmounts('en', row(4_000_000, 3_999_970), 4_000_000)(30)).to.equal('¥30');
    expect(figureAmounts('zh-CN', row(2_575_000_000, null), 2_575_000_000)(2_575_000_000)).to.equal('25.75亿');
    expect(figureAmounts('en', row(2_575_000_000, null), 2_575_000_000)(2_575_000_000)).to.equal('¥2.58B');
    // Beside 25.75亿: 55,795,700 is 0.56亿 (≥ 0.1亿: the strip's unit); 3,645,000 is 364.50万 (0.036亿: its own).
    expect(figureAmounts('zh-CN', row(55_795_700, null), 2_575_000_000)(55_795_700)).to.equal('0.56亿');
    expect(figureAmounts('zh-CN', row(3_645_000, null), 2_575_000_000)(3_645_000)).to.equal('364.50万');
    // A figure of 0 reads 0元, and its change in last month's unit: 50,000 was 5.00万.
    expect(figureAmounts('zh-CN', row(0, 50_000), 50_000)(0)).to.equal('0元');
    expect(figureAmounts('zh-CN', row(0, 50_000), 50_000)(50_000)).to.equal('5.00万');
  });

  it('without a customer file: customers and deposits show — and say why', async () => {
    const loansOnly = await openStrata({ branches, loans, campaigns });
    try {
      const element = await kpis({ lang: 'zh-CN' }, 640, loansOnly);
      for (const metric of ['customers', 'deposits']) {
        const value = tile(element, metric).querySelector<HTMLElement>('[part="value"]')!;
        expect(text(value), metric).to.equal('—');
        expect(text(tile(element, metric).querySelector('[part="note"]')), metric).to.equal('未载入客户文件');
        expect(tile(element, metric).querySelector('[part="change"]'), metric).to.equal(null);
      }
      // The tooltip says why, instead of a figure.
      figure(element, 'customers').focus();
      await until(() => !tooltip(element).hidden, 'the tooltip');
      expect(tipLines(element)).to.deep.equal(['客户数', '未载入客户文件', '月末前开户（或无开户日期）的客户']);
      // The loans' own figures are all there.
      expect(text(tile(element, 'balance').querySelector('[part="value"]'))).to.equal('463.50万');
      expect(await element.toCsv()).to.contain('\r\n客户数,,,,未载入客户文件\r\n');
      expect(await axeViolations(element)).to.deep.equal([]);
    } finally {
      cleanup();
      await loansOnly.close();
    }
  });

  it('shows the empty state when a filter elsewhere matches nothing, and recovers', async () => {
    const element = await kpis({ lang: 'en' });
    strata.filters.set({ field: 'customer_id', op: 'in', values: ['nobody'], source: 'elsewhere' });
    await until(() => shadow(element).querySelector('[part="empty"]'), 'empty state');
    expect(tiles(element)).to.have.length(0);
    expect(text(shadow(element).querySelector('[part="empty"]'))).to.equal(t('en', 'empty'));
    strata.filters.remove('elsewhere');
    await until(() => tiles(element).length > 0, 'tiles again');
  });

  it('lays the tiles out in a grid that fits 320 px and widens to more columns', async () => {
    const columns = (element: HTMLElement) => new Set(tiles(element).map((x) => Math.round(x.getBoundingClientRect().left))).size;
    const narrow = await kpis({ lang: 'en' }, 320);
    const list = shadow(narrow).querySelector('dl')!;
    const box = list.getBoundingClientRect();
    for (const x of tiles(narrow)) {
      const r = x.getBoundingClientRect();
      expect(r.left).to.be.at.least(box.left - 0.5);
      expect(r.right).to.be.at.most(box.right + 0.5);
      // Nothing in a tile spills out of it.
      expect(x.scrollWidth).to.be.at.most(x.clientWidth + 1);
    }
    expect(list.scrollWidth).to.be.at.most(list.clientWidth + 1);
    expect(narrow.getBoundingClientRect().width).to.equal(320);
    expect(columns(narrow)).to.equal(2);
    cleanup();
    const wide = await kpis({ lang: 'en' }, 1000);
    expect(columns(wide)).to.equal(4);
  });

  /** The small bank with a 51,160,700 loan more in December: balance 5579.57万 (+5154.57万), the tile. */
  const bigBalance = { ...smallBank, loans: [...loans, { ...loans[0]!, loan_id: 'L8', as_of: '2024-12-31', balance: 51_160_700 }] };

  it('keeps every figure on one line and fills every row evenly at 320, 390, 768 and 1440 px (no tile alone on a row)', async () => {
    const db = await openStrata(bigBalance);
    try {
      // Columns by width (the strip is the tile list's container): 2 on a phone, 4 on a tablet, 8 on a
      // desktop; attainment two wide, so seven tiles fill 4, 2 or 1 rows.
      const expected: Record<number, number> = { 320: 2, 390: 2, 768: 4, 1440: 8 };
      const starts: Record<number, number> = { 2: 2, 4: 4, 8: 7 };
      for (const lang of ['zh-CN', 'en'] as const) {
        for (const [width, cols] of Object.entries(expected).map(([w, c]) => [Number(w), c] as const)) {
          const element = await kpis({ lang }, width, db);
          expect(text(tile(element, 'balance').querySelector('[part="value"]'))).to.equal(lang === 'en' ? '¥55.80M' : '5579.57万');
          expect(text(tile(element, 'balance').querySelector('.delta'))).to.equal(lang === 'en' ? '+¥51.55M' : '+5154.57万');
          for (const value of shadow(element).querySelectorAll<HTMLElement>('[part="value"]')) {
            const range = document.createRange();
            range.selectNodeContents(value);
            // One line box, and no ink outside the tile.
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            expect(lines.size, `${lang} ${width} ${value.textContent}`).to.equal(1);
            expect(value.scrollWidth, `${lang} ${width} ${value.textContent} fits`).to.be.at.most(value.clientWidth + 1);
          }
          // Rows by their top: each as wide as the list (no row left part-empty).
          const list = shadow(element).querySelector('dl')!.getBoundingClientRect();
          const rows = new Map<number, DOMRect[]>();
          for (const x of tiles(element)) {
            const r = x.getBoundingClientRect();
            rows.set(Math.round(r.top), [...(rows.get(Math.round(r.top)) ?? []), r]);
          }
          expect(new Set(tiles(element).map((x) => Math.round(x.getBoundingClientRect().left))).size, `${lang} ${width} columns`).to.equal(starts[cols]);
          for (const row of rows.values()) {
            expect(Math.min(...row.map((r) => r.left)), `${lang} ${width} row start`).to.be.closeTo(list.left, 1);
            expect(Math.max(...row.map((r) => r.right)), `${lang} ${width} row end`).to.be.closeTo(list.right, 1);
          }
          expect(rows.size, `${lang} ${width} rows`).to.equal(8 / cols);
          cleanup();
        }
      }
    } finally {
      cleanup();
      await db.close();
    }
  });

  it('screenshots: the strip on a phone and a desktop, zh-CN light and en dark; axe-clean', async () => {
    const db = await openStrata(bigBalance);
    try {
      for (const [lang, theme] of [
        ['zh-CN', 'light'],
        ['en', 'dark'],
      ] as const) {
        for (const width of [390, 1440]) {
          const element = await kpis({ lang, theme }, width, db);
          expect(await axeViolations(element), `${lang} ${theme} ${width}`).to.deep.equal([]);
          expect(await executeServerCommand('strata-screenshot', { name: `kpis-${lang}-${theme}-${width}.png` })).to.equal(true);
          cleanup();
        }
      }
    } finally {
      cleanup();
      await db.close();
    }
  });
});
