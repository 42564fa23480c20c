/// <reference types="mocha" />
import { expect } from 'chai';
import { executeServerCommand, resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { Strata } from '@strata/sdk';
import '../attainment/register.ts';
import '../funnel/register.ts';
import '../npl/register.ts';
import '../segments/register.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { cleanup, marks, mount, openStrata, sharedStrata, until } from '../../../../test/helpers/browser.ts';
import type { StrataView } from './view.ts';

/**
 * Tooltips on every kind of mark, in real elements over the small bank. The expected texts are
 * worked out by hand from test/fixtures/small.ts (month end 2024-12-31 unless said):
 * - loans by branch (through the customer): 城北支行 L1 990,000 pass + L2 95,000 special mention +
 *   L5 1,900,000 doubtful = 2,985,000, NPL 1,900,000 (63.65 % → 63.7%), 3 loans, 1 NPL, 64.4% of
 *   4,635,000; 城南支行 L3 50,000 + L4 600,000 + L7 1,000,000 = 1,650,000, NPL 1,050,000.
 * - bank-wide at 2024-12: 4,635,000, NPL 2,950,000 (63.6%), 6 loans, 3 NPL.
 * - migration 2024-11 → 2024-12, pass at the start: L1 1,000,000, L2 100,000, L4 600,000, L6 500,000
 *   (2,200,000); pass → pass L1 + L4: 1,600,000 at the start (72.7%), 990,000 + 600,000 = 1,590,000 at the end.
 * - campaign K1 (2024-09-21 – 2024-12-31), loan amount: 城北支行 P1 600,000 + P2 200,000 = 800,000 of
 *   1,000,000 (80.0%); pace at the end 100.0%; rank 1.
 * - funnel: 12 leads; disbursed P1, P2, P3, P7, P12 = 5 of 6 approved (83.3%), 5 of 12 (41.7%),
 *   1,350,000; counts towards the loan amount target P1 + P2 + P7 = 950,000 (P12 is dated before the start).
 */

interface Case {
  name: string;
  tag: string;
  attributes: Record<string, string>;
  /** Which mark to point at. */
  mark: number;
  text: Record<'zh-CN' | 'en', string[]>;
}

const CASES: Case[] = [
  {
    name: 'segments-bars',
    tag: 'strata-segments',
    attributes: { by: 'branch', measure: 'balance' },
    mark: 0,
    text: {
      'zh-CN': ['城北支行', '贷款余额：298.50万', '占贷款余额合计64.4%', '4户'],
      en: ['城北支行', 'Loan balance: ¥2.99M', '64.4% of all loan balance', '4 customers'],
    },
  },
  {
    name: 'segments-treemap',
    tag: 'strata-segments',
    attributes: { by: 'branch', measure: 'balance', chart: 'treemap' },
    mark: 0,
    text: {
      'zh-CN': ['城北支行', '贷款余额：298.50万', '占贷款余额合计64.4%', '4户'],
      en: ['城北支行', 'Loan balance: ¥2.99M', '64.4% of all loan balance', '4 customers'],
    },
  },
  {
    name: 'npl-bars',
    tag: 'strata-npl',
    attributes: { by: 'branch' },
    mark: 0,
    text: {
      'zh-CN': ['城北支行', '不良率63.7%', '不良余额190.00万，贷款余额298.50万', '余额占比64.4%', '贷款3笔，其中不良1笔'],
      en: ['城北支行', 'NPL ratio 63.7%', 'NPL balance ¥1.90M of ¥2.99M', '64.4% of balance', '3 loans, 1 non-performing'],
    },
  },
  {
    name: 'npl-marimekko',
    tag: 'strata-npl',
    attributes: { by: 'branch', view: 'marimekko' },
    mark: 0,
    text: {
      'zh-CN': ['城北支行', '不良率63.7%', '不良余额190.00万，贷款余额298.50万', '余额占比64.4%', '贷款3笔，其中不良1笔'],
      en: ['城北支行', 'NPL ratio 63.7%', 'NPL balance ¥1.90M of ¥2.99M', '64.4% of balance', '3 loans, 1 non-performing'],
    },
  },
  {
    name: 'npl-trend',
    tag: 'strata-npl',
    attributes: { view: 'trend', 'select-month': '' },
    mark: 1,
    text: {
      'zh-CN': ['全行 · 2024-12', '不良率63.6%', '不良余额295.00万，贷款余额463.50万', '贷款6笔，其中不良3笔'],
      en: ['All · 2024-12', 'NPL ratio 63.6%', 'NPL balance ¥2.95M of ¥4.64M', '6 loans, 3 non-performing'],
    },
  },
  {
    name: 'npl-migration',
    tag: 'strata-npl',
    attributes: { view: 'migration' },
    mark: 0,
    text: {
      'zh-CN': ['正常 → 正常', '占正常期初余额72.7%', '期初余额160.00万，期末余额159.00万'],
      en: ['Pass → Pass', '72.7% of Pass balance at start', 'Balance ¥1.60M at start, ¥1.59M at end'],
    },
  },
  {
    name: 'attainment',
    tag: 'strata-attainment',
    attributes: { by: 'branch' },
    mark: 0,
    text: {
      'zh-CN': ['城北支行', '完成率80.0%', '实际80.00万，目标100.00万', '序时进度100.0%，落后序时', '第1名'],
      en: ['城北支行', 'Attainment 80.0%', 'Actual ¥0.80M, target ¥1.00M', 'Pace 100.0%: Behind pace', 'Rank 1'],
    },
  },
  {
    name: 'funnel',
    tag: 'strata-funnel',
    attributes: {},
    mark: 5,
    text: {
      'zh-CN': ['已放款', '到达5条，金额135.00万', '当前处于该阶段5条', '环节转化率83.3%，累计转化率41.7%', '计入贷款投放 95.00万'],
      en: ['Disbursed', '5 leads reached, ¥1.35M', '5 currently at this stage', 'Step conversion 83.3%, overall 41.7%', 'Counts towards loan amount: ¥0.95M'],
    },
  },
];

const HINT = {
  pointer: { 'zh-CN': '点击筛选全部视图 · 双击查看明细', en: 'Click to filter every view · double-click for the rows' },
  key: { 'zh-CN': 'Enter 筛选全部视图 · Shift+Enter 查看明细', en: 'Enter filters every view · Shift+Enter shows the rows' },
};

describe('tooltips on the marks', () => {
  let strata: Strata;
  sharedStrata(smallBank, (s) => (strata = s));
  before(() => setViewport({ width: 900, height: 1200 }));
  afterEach(() => resetMouse());

  async function view(tag: string, attributes: Record<string, string>, width = 640): Promise<StrataView<unknown>> {
    const element = document.createElement(tag) as StrataView<unknown>;
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.strata = strata;
    mount(element, width);
    await until(() => marks(element).length > 0, `${tag} marks`);
    await settled(element);
    return element;
  }

  /** Until a redraw (the first width, a screenshot's resize) no longer replaces the marks. */
  async function settled(element: StrataView<unknown>): Promise<void> {
    for (;;) {
      const first = marks(element)[0];
      for (let i = 0; i < 3; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
      await element.updateComplete;
      if (marks(element)[0] === first) return;
    }
  }

  const tooltip = (element: HTMLElement) => element.shadowRoot!.querySelector<HTMLElement>('[role="tooltip"]')!;
  const lines = (element: HTMLElement) => [...tooltip(element).children].map((c) => c.textContent);

  /** Moves the real mouse onto the middle of the mark's visible shape (its hit area when it has none). */
  async function hover(mark: Element): Promise<void> {
    mark.scrollIntoView({ block: 'center' });
    const shape = mark.querySelector('.shape')?.getBoundingClientRect();
    const box = shape && shape.width > 0 && shape.height > 0 ? shape : mark.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const c of CASES) {
      it(`${c.name}: hover and focus show the mark's figures with their units and what a click does; Escape hides; axe-clean (${lang})`, async () => {
        const element = await view(c.tag, { ...c.attributes, lang });
        expect(tooltip(element).hidden).to.equal(true);

        await hover(marks(element)[c.mark]!);
        await until(() => !tooltip(element).hidden, 'the tooltip on hover');
        expect(lines(element)).to.deep.equal([...c.text[lang], HINT.pointer[lang]]);
        // Inside the view, near the mark.
        const tip = tooltip(element).getBoundingClientRect();
        const frame = element.getBoundingClientRect();
        expect(tip.left).to.be.at.least(frame.left);
        expect(tip.right).to.be.at.most(frame.right);
        await executeServerCommand('strata-screenshot', { name: `tooltip-${c.name}-${lang}.png` });
        await settled(element);
        const mark = marks(element)[c.mark]!;

        // Off the mark (onto the title): gone.
        await sendMouse({ type: 'move', position: [Math.round(frame.left + 4), Math.round(frame.top + 4)] });
        await until(() => tooltip(element).hidden, 'the tooltip hidden on leave');

        // Keyboard focus: the same figures, the keys' hint, and the mark described by the tooltip.
        mark.focus();
        await until(() => !tooltip(element).hidden, 'the tooltip on focus');
        expect(lines(element)).to.deep.equal([...c.text[lang], HINT.key[lang]]);
        expect(mark.getAttribute('aria-describedby')).to.equal('tooltip');
        expect(mark.getAttribute('aria-label')).to.be.a('string').and.not.equal('');
        expect(await axeViolations(element)).to.deep.equal([]);

        await sendKeys({ press: 'Escape' });
        expect(tooltip(element).hidden).to.equal(true);
        mark.blur();
        expect(mark.hasAttribute('aria-describedby')).to.equal(false);
      });
    }
  }

  for (const [name, tag, attributes, index, theme] of [
    ['npl-bars', 'strata-npl', { by: 'branch', lang: 'zh-CN' }, 0, 'light'],
    ['npl-trend', 'strata-npl', { view: 'trend', lang: 'en' }, 1, 'dark'],
  ] as const) {
    it(`${name}: the tooltip can be hovered (WCAG 1.4.13): it stays from the mark across the gap onto it, until the pointer leaves both or Escape (${attributes.lang})`, async () => {
      const element = await view(tag, { ...attributes, theme });
      const mark = marks(element)[index]!;
      await hover(mark);
      await until(() => !tooltip(element).hidden, 'the tooltip on hover');
      const first = lines(element);
      // Clear of the mark, its hit area included: the pointer on the mark is never under the tooltip.
      const box = mark.getBoundingClientRect();
      let tip = tooltip(element).getBoundingClientRect();
      expect(tip.left < box.right && tip.right > box.left && tip.top < box.bottom && tip.bottom > box.top, 'the tooltip covers its mark').to.equal(false);

      // Across the gap (on neither), then onto the tooltip: it stays, and takes the pointer.
      const x = Math.round((Math.max(tip.left, box.left) + Math.min(tip.right, box.right)) / 2);
      const gap = tip.bottom <= box.top ? (tip.bottom + box.top) / 2 : (box.bottom + tip.top) / 2;
      await sendMouse({ type: 'move', position: [x, Math.round(gap)] });
      // The gap is bridged: the pointer there is on the tooltip, not on a neighbouring mark.
      expect(tooltip(element).contains(element.shadowRoot!.elementFromPoint(x, Math.round(gap))), 'the gap is the tooltip\'s').to.equal(true);
      expect(lines(element)).to.deep.equal(first);
      const on = [Math.round(tip.left + tip.width / 2), Math.round(tip.top + tip.height / 2)] as [number, number];
      await sendMouse({ type: 'move', position: on });
      expect(tooltip(element).contains(element.shadowRoot!.elementFromPoint(...on)), 'the pointer is on the tooltip').to.equal(true);
      // Its text takes the pointer (it can be selected and copied), not the rim that bridges the gap.
      const title = tooltip(element).firstElementChild!.getBoundingClientRect();
      expect(element.shadowRoot!.elementFromPoint(title.left + 4, title.top + title.height / 2)).to.equal(tooltip(element).firstElementChild);
      // Persistent: well past the grace period it is still there, with the same words.
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(tooltip(element).hidden).to.equal(false);
      expect(lines(element)).to.deep.equal(first);
      tip = tooltip(element).getBoundingClientRect();
      await executeServerCommand('strata-screenshot', { name: `tooltip-hovered-${name}-${attributes.lang}-${theme}.png` });

      // Escape dismisses it, with the pointer still there and the focus outside the view.
      (document.activeElement as HTMLElement | null)?.blur();
      await sendKeys({ press: 'Escape' });
      expect(tooltip(element).hidden).to.equal(true);

      // Shown again, then the pointer leaves the tooltip for outside the view: gone.
      await hover(marks(element)[index]!);
      await until(() => !tooltip(element).hidden, 'the tooltip on hover again');
      tip = tooltip(element).getBoundingClientRect();
      await sendMouse({ type: 'move', position: [Math.round(tip.left + tip.width / 2), Math.round(tip.top + tip.height / 2)] });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(tooltip(element).hidden, 'still shown on the tooltip').to.equal(false);
      const frame = element.getBoundingClientRect();
      await sendMouse({ type: 'move', position: [Math.round(frame.right + 20), Math.round(frame.top + 10)] });
      await until(() => tooltip(element).hidden, 'the tooltip hidden once the pointer left both');
    });
  }

  it('text only: a name of markup is printed as text in the tooltip', async () => {
    const name = '<img src=x onerror="window.__xss = 1">';
    const hostile = await openStrata({ ...smallBank, branches: smallBank.branches.map((b) => (b.branch_id === 'B1' ? { ...b, name } : b)) });
    try {
      const element = document.createElement('strata-npl') as StrataView<unknown>;
      element.setAttribute('by', 'branch');
      element.strata = hostile;
      mount(element);
      await until(() => marks(element).length > 0, 'marks');
      const mark = marks(element).find((m) => m.getAttribute('aria-label')!.startsWith(name))!;
      mark.focus();
      await until(() => !tooltip(element).hidden, 'the tooltip');
      expect(lines(element)[0]).to.equal(name);
      expect(tooltip(element).querySelector('img')).to.equal(null);
    } finally {
      await hostile.close();
    }
  });

  it('a zero bar and a column with no height are clickable (their hit areas), and show their tooltip', async () => {
    // By product at 2024-12-31, mortgage (L1 990,000 pass) has no NPL: a zero bar.
    const bars = await view('strata-npl', { by: 'product', lang: 'zh-CN' });
    const zero = marks(bars).find((m) => m.getAttribute('aria-label')!.includes(' 0.00%'))!;
    expect(zero.querySelector('.shape')!.getBoundingClientRect().width).to.equal(0);
    zero.scrollIntoView({ block: 'center' });
    const row = zero.querySelector('.hit')!.getBoundingClientRect();
    // Right of the (absent) bar and its value: only the hit area is there.
    const at = [Math.round(row.left + row.width * 0.8), Math.round(row.top + row.height / 2)] as [number, number];
    await sendMouse({ type: 'move', position: at });
    await until(() => !tooltip(bars).hidden, 'the zero bar tooltip');
    expect(lines(bars).slice(0, 2)).to.deep.equal(['个人住房贷款', '不良率0.00%']);
    await sendMouse({ type: 'click', position: at });
    await until(() => strata.filters.clauses.some((c) => c.field === 'product' && c.values.includes('mortgage')), 'mortgage selected by its zero bar');
    // Redrawn selected, the pointer still on it: its tooltip now says a click clears.
    await until(() => !tooltip(bars).hidden && lines(bars).at(-1) === '点击取消筛选 · 双击查看明细', () => `the clear hint: ${lines(bars).join(' | ')}`);
    cleanup();
    strata.filters.clear();

    const columns = await view('strata-npl', { by: 'product', view: 'marimekko', lang: 'en' });
    const flat = marks(columns).find((m) => m.getAttribute('aria-label')!.includes(' 0.00%,'))!;
    expect(flat.querySelector('.shape')!.getBoundingClientRect().height).to.equal(0);
    flat.scrollIntoView({ block: 'center' });
    const column = flat.querySelector('.hit')!.getBoundingClientRect();
    const above = [Math.round(column.left + column.width / 2), Math.round(column.top + column.height / 2)] as [number, number];
    await sendMouse({ type: 'click', position: above });
    await until(
      () => strata.filters.clauses.some((c) => c.field === 'product' && c.values.includes('mortgage')),
      () => `mortgage selected by its flat column (at ${above}: ${columns.shadowRoot!.elementFromPoint(...above)?.outerHTML.slice(0, 160)}; ${JSON.stringify(strata.filters.clauses)})`,
    );
  });

  for (const [name, attributes, key] of [
    ['npl-bars', { by: 'branch', lang: 'zh-CN' }, 'Shift+Tab'],
    ['npl-trend', { view: 'trend', 'select-month': '', lang: 'en' }, 'ArrowLeft'],
  ] as const) {
    it(`${name}: a mouse click leaves no tooltip over the title and its buttons once the pointer goes; ${key} focus still shows it (${attributes.lang})`, async () => {
      const element = await view('strata-npl', attributes);
      const lang = attributes.lang;
      const focused = () => marks(element).indexOf(element.shadowRoot!.activeElement as SVGGElement);
      const mark = marks(element)[1]!;
      await hover(mark);
      await until(() => !tooltip(element).hidden, 'the tooltip on hover');
      const box = mark.querySelector('.hit')!.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
      await until(() => strata.filters.clauses.length === 1, 'a selection');
      await settled(element);
      // The clicked mark (redrawn, selected) has focus, but not keyboard focus: the pointer gone, no tooltip.
      expect(focused()).to.equal(1);
      const frame = element.getBoundingClientRect();
      await sendMouse({ type: 'move', position: [Math.round(frame.right + 20), Math.round(frame.top + 10)] });
      await new Promise((resolve) => setTimeout(resolve, 500)); // past the grace after leaving
      expect(tooltip(element).hidden).to.equal(true);
      await executeServerCommand('strata-screenshot', { name: `tooltip-after-click-${name}-${lang}.png` });

      // The keyboard moves focus to a neighbouring mark: its tooltip, with the keys' hint.
      if (key === 'Shift+Tab') await sendKeys({ down: 'Shift' }).then(() => sendKeys({ press: 'Tab' })).finally(() => sendKeys({ up: 'Shift' }));
      else await sendKeys({ press: key });
      await until(() => focused() >= 0 && focused() !== 1, () => `focus on the next mark: ${focused()} ${element.shadowRoot!.activeElement?.outerHTML.slice(0, 200)} ${document.activeElement?.tagName}`);
      await until(() => !tooltip(element).hidden, 'the tooltip on keyboard focus');
      expect(lines(element).at(-1)).to.equal(HINT.key[lang]);
      await executeServerCommand('strata-screenshot', { name: `tooltip-after-click-${key}-${name}-${lang}.png` });
    });
  }

  it('on a phone (320 px) and in the dark theme the tooltip stays inside the view', async () => {
    const element = await view('strata-npl', { by: 'branch', view: 'marimekko', lang: 'zh-CN', theme: 'dark' }, 320);
    const last = marks(element).at(-1)!;
    await hover(last);
    await until(() => !tooltip(element).hidden, 'the tooltip');
    const tip = tooltip(element).getBoundingClientRect();
    const frame = element.getBoundingClientRect();
    expect(tip.left).to.be.at.least(frame.left);
    expect(tip.right).to.be.at.most(frame.right);
    expect(getComputedStyle(tooltip(element)).backgroundColor).to.equal('rgb(31, 41, 55)');
    expect(await axeViolations(element)).to.deep.equal([]);
    await executeServerCommand('strata-screenshot', { name: 'tooltip-npl-marimekko-phone-dark-zh-CN.png' });
  });
});
