/// <reference types="mocha" />
import { expect } from 'chai';
import type { FunnelRow, Strata, TableRows } from '@strata/sdk';
import './register.ts';
import '../attainment/register.ts';
import type { StrataFunnel } from './funnel.ts';
import { moreText } from './strings.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { cleanup, marks, mount, sharedStrata, until } from '../../../../test/helpers/browser.ts';
import { amountFormat, codeLabel, formatCount, formatPercent, type Lang } from '../i18n.ts';

/** The small bank plus a second, earlier campaign (K2), so that `campaign` has something to choose. */
const bank = {
  ...smallBank,
  campaigns: [...smallBank.campaigns, { campaign_id: 'K2', name: '春季营销', start_date: '2024-03-01', end_date: '2024-06-30' }],
  pipeline: [
    ...smallBank.pipeline,
    ...(
      [
        ['Q1', 'B1', 'M1', 'disbursed', 500_000, null],
        ['Q2', 'B2', 'M2', 'applied', 200_000, null],
        ['Q3', 'B2', 'M2', 'lost', 70_000, '已在他行办理'],
      ] as const
    ).map(
      ([lead_id, branch_id, manager_id, stage, amount, lost_reason]): TableRows['pipeline'] => ({
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
        lost_reason,
      }),
    ),
  ],
};

const p = (lang: Lang, v: number | null) => formatPercent(lang, v);
const c = (lang: Lang, v: number | null) => formatCount(lang, v);
/**
 * An amount in the view's one unit: that of its leads' amount (every other amount, later stages,
 * panels, overdue leads, is part of it); the formatter is checked by hand in i18n.test.ts.
 */
const money = (lang: Lang, v: number | null, total: readonly FunnelRow[]) => amountFormat(lang, total.map((r) => r.amount)).format(v);

/** A stage mark's accessible name, written out independently of the element's dictionary. */
function expectedLabel(lang: Lang, row: FunnelRow, total: readonly FunnelRow[], panel: string | null = null): string {
  const stage = codeLabel(lang, row.stage);
  const en = lang === 'en';
  const conversions =
    row.step_conversion === null
      ? ''
      : en
        ? `step conversion ${p(lang, row.step_conversion)}, overall conversion ${p(lang, row.overall_conversion)}, `
        : `环节转化率${p(lang, row.step_conversion)}，累计转化率${p(lang, row.overall_conversion)}，`;
  const text = en
    ? `${stage}: ${c(lang, row.count)} reached, ${money(lang, row.amount, total)}, ${conversions}${c(lang, row.current)} currently at this stage`
    : `${stage}：到达${c(lang, row.count)}条，金额${money(lang, row.amount, total)}，${conversions}当前处于该阶段${c(lang, row.current)}条`;
  const hint = en ? '; select to filter to the leads currently at this stage' : '；选择则筛选当前处于该阶段的线索';
  const counts = row.target_actual === null ? '' : en ? `; counts towards loan amount: ${money(lang, row.target_actual, total)}` : `，计入贷款投放${money(lang, row.target_actual, total)}`;
  return `${panel === null ? '' : `${panel} · `}${text}${counts}${hint}`;
}

const labels = (element: HTMLElement) => marks(element).map((m) => m.getAttribute('aria-label'));
const click = (mark: Element) => mark.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
const key = (target: Element, k: string, extra: KeyboardEventInit = {}) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, ...extra }));
const texts = (element: HTMLElement, selector: string) => [...element.shadowRoot!.querySelectorAll(selector)].map((n) => n.textContent);

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

describe('<strata-funnel>', () => {
  let strata: Strata;
  sharedStrata(bank, (s) => (strata = s));

  async function funnel(attributes: Record<string, string> = {}, width = 640): Promise<StrataFunnel> {
    const element = document.createElement('strata-funnel');
    for (const [name, value] of Object.entries({ lang: 'zh-CN', ...attributes })) element.setAttribute(name, value);
    element.strata = strata;
    mount(element, width);
    await until(() => marks(element).length > 0, 'stages');
    return element;
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`shows the counts, amounts and conversions the SDK computes (${lang})`, async () => {
      const element = await funnel({ lang, campaign: 'K1' });
      const rows = await strata.funnel({ campaign: 'K1' });
      expect(rows.map((r) => r.stage)).to.deep.equal(['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed']);
      expect(labels(element)).to.deep.equal(rows.map((r) => expectedLabel(lang, r, rows)));
      // What the eye reads: stage names, counts and amounts at the bars, conversions between them.
      // (The mark holds the stage name, which starts its accessible name; the figures beside it are hidden from assistive technology.)
      expect(marks(element).map((m) => m.textContent)).to.deep.equal(rows.map((r) => codeLabel(lang, r.stage)));
      expect(texts(element, '.figures .value')).to.deep.equal(
        rows.map((r) =>
          lang === 'en'
            ? `${c(lang, r.count)} · ${money(lang, r.amount, rows)} · ${c(lang, r.current)} at stage`
            : `${c(lang, r.count)}条 · ${money(lang, r.amount, rows)} · 当前${c(lang, r.current)}条`,
        ),
      );
      expect(element.shadowRoot!.querySelector('.figures')!.getAttribute('aria-hidden')).to.equal('true');
      expect(texts(element, '.conversions text')).to.deep.equal(
        rows.slice(1).map((r) => (lang === 'en' ? `↓ step ${p(lang, r.step_conversion)} · overall ${p(lang, r.overall_conversion)}` : `↓ 环节 ${p(lang, r.step_conversion)} · 累计 ${p(lang, r.overall_conversion)}`)),
      );
      // The summary states the totals and what selecting a stage does.
      const summary = element.shadowRoot!.querySelector('#summary')!.textContent!;
      const last = rows[rows.length - 1]!;
      expect(summary).to.contain(c(lang, rows[0]!.count)).and.contain(p(lang, last.overall_conversion)).and.contain(money(lang, last.amount, rows));
      expect(summary).to.contain(lang === 'en' ? 'leads currently at that stage' : '当前处于该阶段的线索');
      // The data table carries the same figures.
      const details = element.shadowRoot!.querySelector('details')!;
      details.open = true;
      await until(() => element.shadowRoot!.querySelector('tbody tr'), 'table');
      const cells = [...element.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
      expect(cells).to.deep.equal(
        rows.map((r) => [
          codeLabel(lang, r.stage),
          c(lang, r.count),
          c(lang, r.current),
          money(lang, r.amount, rows),
          p(lang, r.step_conversion),
          p(lang, r.overall_conversion),
          r.target_actual === null ? '' : money(lang, r.target_actual, rows),
        ]),
      );
    });

    it(`the disbursed stage states what counts towards the loan-amount target: attainment's actual for the same branch (${lang})`, async () => {
      const en = lang === 'en';
      const element = await funnel({ lang, campaign: 'K1' });
      const bullets = document.createElement('strata-attainment');
      bullets.setAttribute('lang', lang);
      bullets.setAttribute('campaign', 'K1');
      bullets.strata = strata;
      mount(bullets);
      await until(() => marks(bullets).length === 2, 'the attainment rows');
      // Hand-checked: K1's disbursed leads hold 1,350,000; what counts towards its loan amount is
      // 950,000 (P1 600,000 + P2 200,000 at 城北, P7 150,000 at 城南): not P3 (a card), not P12
      // (disbursed on 2024-09-01, before the campaign's start on 2024-09-21).
      // Every amount in the unit of the largest, the leads' 2,180,000 (万; en M), two decimals.
      expect(texts(element, 'text.note')).to.deep.equal([en ? 'Counts towards loan amount: ¥0.95M' : '计入贷款投放 95.00万']);
      expect(element.shadowRoot!.querySelector('#summary')!.textContent).to.contain(
        en ? 'Disbursed towards loan amount: ¥0.95M (as attainment counts it; ¥1.35M disbursed in all).' : '已放款计入贷款投放95.00万（与完成率同口径；已放款线索金额合计135.00万）。',
      );
      const csv = (await element.toCsv())!;
      expect(csv).to.contain(en ? 'Overall conversion,Counts towards loan amount\r\n' : '累计转化率,计入贷款投放\r\n');
      expect(csv).to.match(en ? /\r\nDisbursed,5,5,1350000,[^,]*,[^,]*,950000\r\n/ : /\r\n已放款,5,5,1350000,[^,]*,[^,]*,950000\r\n/);
      // 城北 selected elsewhere: the funnel's figure is 城北's actual on the attainment view, 800,000.
      strata.filters.set({ field: 'branch', op: 'in', values: ['B1'], source: 'elsewhere' });
      await until(() => texts(element, 'text.note')[0] === (en ? 'Counts towards loan amount: ¥0.80M' : '计入贷款投放 80.00万'), 'the branch\'s figure');
      await until(() => marks(bullets).length === 1, 'one branch');
      const detail = bullets.shadowRoot!.querySelector('svg.chart-svg .figures text.detail')!.textContent;
      expect(detail).to.equal(en ? '¥0.80M / ¥1.00M' : '80.00万 / 100.00万');
    });

    it(`lists the overdue follow-ups and lost reasons the SDK computes (${lang})`, async () => {
      const element = await funnel({ lang, campaign: 'K1' });
      const overdue = await strata.overdueFollowUps({ campaign: 'K1', days: 14, by: 'manager' });
      const lost = await strata.lostReasons({ campaign: 'K1' });
      const total = await strata.funnel({ campaign: 'K1' });
      expect(overdue.length).to.be.greaterThan(0);
      const count = overdue.reduce((n, r) => n + r.count, 0);
      const amount = overdue.reduce((n, r) => n + r.amount, 0);
      expect(texts(element, '.list-title')).to.deep.equal(lang === 'en' ? ['Overdue follow-ups (idle over 14 days)', 'Lost reasons'] : ['待跟进（超过14天未更新）', '流失原因']);
      expect(texts(element, '.list-value')).to.deep.equal(
        lang === 'en'
          ? [`${c(lang, count)} · ${money(lang, amount, total)}`, c(lang, 2)]
          : [`${c(lang, count)}条 · ${money(lang, amount, total)}`, `${c(lang, 2)}条`],
      );
      const items = [...element.shadowRoot!.querySelectorAll('.list')].map((list) => [...list.querySelectorAll('.item')].map((item) => item.textContent));
      expect(items[0]).to.deep.equal(
        overdue.map((r) =>
          lang === 'en'
            ? `${c(lang, r.count)} · ${money(lang, r.amount, total)} · oldest ${c(lang, r.max_days)} days${r.label}`
            : `${c(lang, r.count)}条 · ${money(lang, r.amount, total)} · 最久${c(lang, r.max_days)}天${r.label}`,
        ),
      );
      expect(items[1]).to.deep.equal(lost.map((r) => (lang === 'en' ? `${c(lang, r.count)} · ${p(lang, r.share)}${r.reason}` : `${c(lang, r.count)}条 · ${p(lang, r.share)}${r.reason}`)));
    });
  }

  it('overdue-days changes the overdue threshold', async () => {
    const element = await funnel({ 'overdue-days': '60', campaign: 'K1' });
    const overdue = await strata.overdueFollowUps({ campaign: 'K1', days: 60, by: 'manager' });
    expect(overdue.length).to.be.greaterThan(0);
    expect(overdue.reduce((n, r) => n + r.count, 0)).to.be.lessThan((await strata.overdueFollowUps({ campaign: 'K1', days: 14 })).reduce((n, r) => n + r.count, 0));
    await until(() => texts(element, '.list-title')[0] === '待跟进（超过60天未更新）', 'the 60-day list');
    expect(texts(element, '.list')[0]).to.contain(`${c('zh-CN', overdue[0]!.count)}条`);
    expect(element.shadowRoot!.querySelectorAll('.list')[0]!.querySelectorAll('.item').length).to.equal(overdue.length);
  });

  for (const split of ['branch', 'channel'] as const) {
    it(`split="${split}" draws one small funnel per ${split} with the SDK's figures, readable at 320 px`, async () => {
      const element = await funnel({ split, campaign: 'K1' }, 320);
      const rows = await strata.funnel({ campaign: 'K1', by: split });
      const keys = [...new Set(rows.map((r) => r.key))];
      await until(() => element.shadowRoot!.querySelectorAll('.panel').length === keys.length, 'panels');
      const panelName = (r: FunnelRow) => (split === 'branch' ? r.label! : codeLabel('zh-CN', r.key as string));
      const total = await strata.funnel({ campaign: 'K1' });
      const expected = keys.flatMap((k) => rows.filter((r) => r.key === k)).map((r) => expectedLabel('zh-CN', r, total, panelName(r)));
      expect([...labels(element)].sort()).to.deep.equal([...expected].sort());
      // Panels are ordered by leads, biggest first.
      const firsts = rows.filter((r) => r.stage === 'identified').sort((a, b) => b.count - a.count || (a.key as string).localeCompare(b.key as string));
      expect(texts(element, '.panel-title')).to.deep.equal(firsts.map(panelName));
      // At 320 px: one column, and every piece of text inside the chart.
      const svg = element.shadowRoot!.querySelector('svg.chart-svg')!;
      const box = svg.getBoundingClientRect();
      expect(box.width).to.be.at.most(320);
      const panels = [...element.shadowRoot!.querySelectorAll('.panel')];
      expect(new Set(panels.map((g) => Math.round(g.getBoundingClientRect().left))).size).to.equal(1);
      for (const text of svg.querySelectorAll('text')) {
        const r = text.getBoundingClientRect();
        expect(r.left, text.textContent!).to.be.at.least(box.left - 1);
        expect(r.right, text.textContent!).to.be.at.most(box.right + 1);
      }
      expect(element.shadowRoot!.querySelector('#summary')!.textContent).to.contain(split === 'branch' ? '按机构分列' : '按渠道分列');
    });
  }

  it('passes axe (label in name, contrast, roles) at 320 px, light and dark, single and split, with a selection', async () => {
    for (const theme of ['light', 'dark']) {
      for (const split of ['none', 'channel']) {
        const element = await funnel({ theme, split, campaign: 'K1' }, 320);
        click(marks(element).find((m) => m.dataset.stage === 'applied')!);
        await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
        expect(await axeViolations(element.parentElement!), `${theme} ${split}`).to.deep.equal([]);
        cleanup();
        strata.filters.clear();
      }
    }
  });

  it('a click selects the stage (strata-select, field stage, leads at that stage); the funnel is not filtered by it; a second click clears', async () => {
    const element = await funnel({ lang: 'en', campaign: 'K1' });
    const before = labels(element);
    const events: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => events.push(e));
    const applied = marks(element).find((m) => m.dataset.stage === 'applied')!;
    click(applied);
    expect(strata.filters.clauses).to.deep.equal([{ field: 'stage', op: 'in', values: ['applied'], source: element.sourceId, labels: ['Applied'] }]);
    expect(events[0]!.detail).to.deep.include({ field: 'stage', values: ['applied'], source: element.sourceId });
    expect(events[0]!.detail.clause).to.deep.equal(strata.filters.clauses[0]);
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
    const pressed = marks(element).filter((m) => m.getAttribute('aria-pressed') === 'true');
    expect(pressed.map((m) => m.dataset.stage)).to.deep.equal(['applied']);
    expect(pressed[0]!.getAttribute('aria-label')).to.contain(', selected');
    // Its own clause does not filter it: the same figures as before, as the SDK gives with it excluded.
    const unfiltered = await strata.funnel({ campaign: 'K1', exclude: element.sourceId });
    expect(labels(element).map((l) => l!.replace(', selected', ''))).to.deep.equal(before).and.deep.equal(unfiltered.map((r) => expectedLabel('en', r, unfiltered)));
    // Other views see only the leads currently at that stage.
    const others = await strata.funnel({ campaign: 'K1' });
    expect(others[0]!.count).to.equal(unfiltered.find((r) => r.stage === 'applied')!.current);
    click(marks(element).find((m) => m.dataset.stage === 'applied')!);
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(events[1]!.detail).to.deep.include({ field: 'stage', values: [], clause: null });
  });

  it('keyboard: one tab stop, arrows move it, Enter selects, Shift+Enter drills, Escape clears', async () => {
    const element = await funnel({ campaign: 'K1' });
    expect(marks(element).filter((m) => m.getAttribute('tabindex') === '0')).to.have.length(1);
    const events: string[] = [];
    element.addEventListener('strata-select', (e) => events.push(`select ${e.detail.values.join()}`));
    element.addEventListener('strata-drill', (e) => events.push(`drill ${e.detail.field}=${String(e.detail.value)}`));
    const first = marks(element)[0]!;
    first.focus();
    key(first, 'ArrowDown');
    const second = element.shadowRoot!.activeElement as SVGGElement;
    expect(second.dataset.stage).to.equal('contacted');
    key(second, 'Enter');
    expect(strata.filters.clauses).to.deep.equal([{ field: 'stage', op: 'in', values: ['contacted'], source: element.sourceId, labels: ['已接触'] }]);
    // After the redraw the focus stays on the stage.
    await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
    expect((element.shadowRoot!.activeElement as SVGGElement | null)?.dataset.stage).to.equal('contacted');
    key(element.shadowRoot!.activeElement!, 'Enter', { shiftKey: true });
    key(element, 'Escape');
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(events).to.deep.equal(['select contacted', 'drill stage=contacted', 'select ']);
  });

  it('follows the other views: a clause set elsewhere re-queries', async () => {
    const element = await funnel({ lang: 'en', campaign: 'K1' });
    strata.filters.set({ field: 'branch', op: 'in', values: ['B2'], source: 'elsewhere' });
    const expected = await strata.funnel({ campaign: 'K1' });
    const lost = await strata.lostReasons({ campaign: 'K1' });
    expect(expected[0]!.count).to.equal(6);
    await until(() => JSON.stringify(labels(element)) === JSON.stringify(expected.map((r) => expectedLabel('en', r, expected))), 'the filtered funnel');
    await until(() => texts(element, '.list-value')[1] === c('en', lost.reduce((n, r) => n + r.count, 0)), 'the filtered lost reasons');
  });

  it('respects the campaign attribute (default: the campaign running at the data date)', async () => {
    const element = await funnel();
    const k1 = await strata.funnel({ campaign: 'K1' });
    expect(labels(element)).to.deep.equal(k1.map((r) => expectedLabel('zh-CN', r, k1)));
    element.setAttribute('campaign', 'K2');
    const k2 = await strata.funnel({ campaign: 'K2' });
    expect(k2[0]!.count).to.equal(3);
    await until(() => JSON.stringify(labels(element)) === JSON.stringify(k2.map((r) => expectedLabel('zh-CN', r, k2))), 'the K2 funnel');
    await until(() => texts(element, '.list-value')[1] === '1条', 'K2 lost reasons');
    element.setAttribute('campaign', 'nope');
    await until(() => element.shadowRoot!.querySelector('[part="empty"]'), 'the empty state');
  });

  it('says what the lists leave out in words, one or many: 1 more reason, 3 more reasons', () => {
    expect([moreText('en', 'reason', 1), moreText('en', 'reason', 3), moreText('en', 'manager', 1), moreText('zh-CN', 'manager', 2)]).to.deep.equal([
      '1 more reason',
      '3 more reasons',
      '1 more manager',
      '另有2位客户经理',
    ]);
  });
});
