/// <reference types="mocha" />
import { expect } from 'chai';
import { executeServerCommand, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { Strata } from '@strata/sdk';
import './register.ts';
import type { StrataNpl } from './npl.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { cleanup, marks, mount, sharedStrata, until } from '../../../../test/helpers/browser.ts';
import { codeLabel, formatPercent, type Lang } from '../i18n.ts';

describe('<strata-npl>', () => {
  let strata: Strata;
  sharedStrata(smallBank, (s) => (strata = s));

  async function npl(by: string, lang = 'zh-CN'): Promise<StrataNpl> {
    return view({ by, lang });
  }

  /** A `<strata-npl>` with these attributes on the small bank, once its marks are drawn. */
  async function view(attributes: Record<string, string>): Promise<StrataNpl> {
    const element = document.createElement('strata-npl');
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    if (!element.hasAttribute('lang')) element.setAttribute('lang', 'zh-CN');
    element.strata = strata;
    mount(element);
    await until(() => marks(element).length > 0, 'marks');
    return element;
  }

  const shadow = (element: HTMLElement) => element.shadowRoot!;
  const labels = (element: HTMLElement) => marks(element).map((m) => m.getAttribute('aria-label')!);
  /** The trend's line points (the five-category months below are marks too). */
  const points = (element: HTMLElement) => [...shadow(element).querySelectorAll<SVGGElement>('.trend-lines .mark')];
  const pointLabels = (element: HTMLElement) => points(element).map((m) => m.getAttribute('aria-label')!);
  const click = (mark: Element) => mark.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
  const key = (target: Element, k: string, init: KeyboardEventInit = {}) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, ...init }));
  const pct = (lang: Lang, v: number | null | undefined) => formatPercent(lang, v);
  const focused = (element: HTMLElement) => shadow(element).activeElement as SVGGElement | null;
  const texts = (element: HTMLElement, selector: string) => [...shadow(element).querySelectorAll(selector)].map((n) => n.textContent);

  /** Opens the data table and returns its header and body cells as text. */
  async function tableOf(element: HTMLElement): Promise<{ head: string[]; body: string[][] }> {
    const details = shadow(element).querySelector('details')!;
    details.open = true;
    await until(() => shadow(element).querySelector('table tbody tr'), 'table');
    return {
      head: [...shadow(element).querySelectorAll('thead th')].map((th) => th.textContent!.trim()),
      body: [...shadow(element).querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())),
    };
  }

  describe('bars (default)', () => {
    it('shows the NPL ratio the SDK computes for every segment, and the bank-wide line', async () => {
      const element = await npl('industry_class', 'en');
      const rows = await strata.npl({ by: 'industry_class' });
      const [total] = await strata.npl();
      expect(labels(element)).to.deep.equal(rows.map((r) => `Class ${r.key} ${formatPercent('en', r.npl_ratio)}, NPL ratio`));
      const reference = shadow(element).querySelector('.reference text')!.textContent;
      expect(reference).to.equal(`Bank average ${formatPercent('en', total!.npl_ratio)}`);
      expect(shadow(element).querySelector('#summary')!.textContent).to.contain(formatPercent('en', total!.npl_ratio));
    });

    it('a click selects the segment (strata-select), a second click clears it', async () => {
      const element = await npl('tier');
      const events: CustomEvent[] = [];
      element.addEventListener('strata-select', (e) => events.push(e));
      const gold = marks(element).find((m) => m.getAttribute('aria-label')!.startsWith('黄金客户'))!;
      click(gold);
      expect(strata.filters.clauses).to.deep.equal([{ field: 'tier', op: 'in', values: ['corp_gold'], source: element.sourceId, labels: ['黄金客户'] }]);
      expect(events[0]!.detail).to.deep.include({ field: 'tier', values: ['corp_gold'], source: element.sourceId });
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
      // The view is not filtered by its own selection: every tier is still drawn, the one selected.
      await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
      expect(marks(element).length).to.equal((await strata.npl({ by: 'tier', exclude: element.sourceId })).length);
      const selected = marks(element).find((m) => m.getAttribute('aria-pressed') === 'true')!;
      click(selected);
      expect(strata.filters.clauses).to.deep.equal([]);
      expect(events[1]!.detail).to.deep.include({ values: [], clause: null });
    });

    it('keyboard: Enter selects the focused bar, Escape clears', async () => {
      const element = await npl('industry_class');
      const first = marks(element)[0]!;
      first.focus();
      key(first, 'Enter');
      expect(strata.filters.clauses[0]!.values).to.deep.equal([Number(first.__data__?.key ?? 1)]);
      key(element, 'Escape');
      expect(strata.filters.clauses).to.deep.equal([]);
    });

    it('under another view\'s filter: the filtered average and the whole bank\'s line, both labelled and stroked differently', async () => {
      const element = await npl('industry_class', 'en');
      expect(texts(element, '.reference text')).to.deep.equal(['Bank average 63.6%']);
      // Hand-checked on the small bank at 2024-12-31: retail 50,000 NPL of 1,735,000 (2.88 %);
      // the whole bank 2,950,000 of 4,635,000 (63.6 %).
      strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'elsewhere' });
      await until(() => texts(element, '.reference text').length === 2, 'two reference lines');
      expect(texts(element, '.reference text')).to.deep.equal(['Filtered average 2.88%', 'Bank average 63.6%']);
      const dashes = [...shadow(element).querySelectorAll('.reference > line:not(.swatch)')].map((l) => l.getAttribute('stroke-dasharray'));
      expect(new Set(dashes).size).to.equal(2);
      expect(shadow(element).querySelector('#summary')!.textContent).to.contain('NPL ratio 2.88% under the current filters (63.6% bank-wide)');
      // Its own selection is not another view's filter: one line, the bank's.
      strata.filters.remove('elsewhere');
      click(marks(element)[0]!);
      await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
      expect(texts(element, '.reference text')).to.deep.equal(['Bank average 63.6%']);
    });

    it('follows the other views: a clause from elsewhere re-queries', async () => {
      const element = await npl('industry_class');
      strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'elsewhere' });
      const expected = await strata.npl({ by: 'industry_class' });
      await until(
        () => marks(element).length === expected.length && marks(element).every((m, i) => m.getAttribute('aria-label')!.includes(formatPercent('zh-CN', expected[i]!.npl_ratio))),
        'filtered bars',
      );
    });
  });

  describe('marimekko', () => {
    it('draws columns as wide as the balance share and as high as the NPL ratio the SDK computes, with the bank-wide line', async () => {
      const element = await view({ view: 'marimekko', by: 'industry_class', lang: 'en' });
      const rows = await strata.npl({ by: 'industry_class' });
      const [total] = await strata.npl();
      expect(labels(element)).to.deep.equal(
        rows.map((r) => `Class ${r.key} ${pct('en', r.npl_ratio)}, NPL ratio; ${pct('en', r.balance_share)} of balance`),
      );
      const rects = marks(element).map((m) => m.querySelector('rect.shape')!);
      const widths = rects.map((r) => Number(r.getAttribute('width')));
      const heights = rects.map((r) => Number(r.getAttribute('height')));
      const shareSum = rows.reduce((s, r) => s + r.balance_share!, 0);
      const widthSum = widths.reduce((s, w) => s + w, 0);
      rows.forEach((r, i) => expect(widths[i]! / widthSum).to.be.closeTo(r.balance_share! / shareSum, 1e-9));
      const top = rows.findIndex((r) => r.npl_ratio === Math.max(...rows.map((x) => x.npl_ratio!)));
      rows.forEach((r, i) => expect(heights[i]! / heights[top]!).to.be.closeTo(r.npl_ratio! / rows[top]!.npl_ratio!, 1e-9));
      // The printed values are the SDK's (a column too narrow for its text prints none).
      const printed = [...shadow(element).querySelectorAll('.labels text.value')].map((t) => t.textContent);
      rows.forEach((r, i) => expect([pct('en', r.npl_ratio), '']).to.include(printed[i]));
      expect(printed[0]).to.equal(pct('en', rows[0]!.npl_ratio));
      expect(shadow(element).querySelector('.reference text')!.textContent).to.equal(`Bank average ${pct('en', total!.npl_ratio)}`);
      expect(shadow(element).querySelector('#title')!.textContent).to.equal('NPL ratio and balance share · Industry class');
      const summary = shadow(element).querySelector('#summary')!.textContent!;
      expect(summary).to.contain(pct('en', total!.npl_ratio)).and.contain(`Class ${rows[0]!.key}`);
      const { body } = await tableOf(element);
      expect(body.map((cells) => cells[0])).to.deep.equal(rows.map((r) => `Class ${r.key}`));
      expect(body.map((cells) => cells[6])).to.deep.equal(rows.map((r) => pct('en', r.balance_share)));
      const csv = (await element.toCsv())!;
      expect(csv).to.contain('Industry class,Loan balance,NPL balance,NPL ratio');
      for (const r of rows) expect(csv).to.contain(`Class ${r.key},${r.balance},${r.npl_balance},${r.npl_ratio}`);
    });

    it('a column selects its segment by click and by keyboard; Escape clears; the view keeps every column', async () => {
      const element = await view({ view: 'marimekko', by: 'tier' });
      const events: CustomEvent[] = [];
      element.addEventListener('strata-select', (e) => events.push(e));
      const count = marks(element).length;
      const gold = marks(element).find((m) => m.getAttribute('aria-label')!.startsWith('黄金客户'))!;
      click(gold);
      expect(strata.filters.clauses).to.deep.equal([{ field: 'tier', op: 'in', values: ['corp_gold'], source: element.sourceId, labels: ['黄金客户'] }]);
      expect(events[0]!.detail).to.deep.include({ field: 'tier', values: ['corp_gold'], source: element.sourceId });
      await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selection drawn');
      expect(marks(element).length).to.equal(count);
      expect(labels(element).find((l) => l.startsWith('黄金客户'))).to.match(/已选中$/);
      // Keyboard: Tab reaches every column; Enter selects the focused one.
      const other = marks(element).find((m) => m.getAttribute('aria-pressed') === 'false')!;
      expect(other.getAttribute('tabindex')).to.equal('0');
      other.focus();
      key(other, 'Enter');
      const otherKey = (other.__data__ as unknown as { key: string }).key;
      expect(strata.filters.clauses[0]!.values).to.deep.equal([otherKey]);
      // Redrawn with the selection, the focus stays on the same column.
      await until(() => focused(element)?.getAttribute('aria-pressed') === 'true', 'focus kept on the selected column');
      key(element, 'Escape');
      expect(strata.filters.clauses).to.deep.equal([]);
      expect(events.at(-1)!.detail).to.deep.include({ values: [], clause: null });
    });

    it('under another view\'s filter: 当前筛选平均 and 全行平均, one label under the other', async () => {
      const element = await view({ view: 'marimekko', by: 'industry_class' });
      expect(texts(element, '.reference text')).to.deep.equal(['全行平均 63.6%']);
      strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'elsewhere' });
      await until(() => texts(element, '.reference text').length === 2, 'two reference lines');
      expect(texts(element, '.reference text')).to.deep.equal(['当前筛选平均 2.88%', '全行平均 63.6%']);
      const ys = [...shadow(element).querySelectorAll('.reference text')].map((t) => Number(t.getAttribute('y')));
      expect(ys[1]! - ys[0]!).to.be.at.least(12);
      expect(shadow(element).querySelector('#summary')!.textContent).to.match(/^当前筛选不良率2\.88%（全行63\.6%）；/);
    });

    it('the summary names the largest share of balance, not the first column; with no NPL anywhere it names no "highest" (bars and trend too)', async () => {
      // 2024-11-30, pass loans only (small.ts): class 1 L1 100万; class 2 L2 10万 + L4 60万 + L6 50万 = 120万 (54.5%); no NPL.
      strata.filters.set({ field: 'classification', op: 'in', values: ['pass'], source: 'class' });
      const element = await view({ view: 'marimekko', by: 'industry_class', 'as-of': '2024-11-30' });
      await until(() => labels(element).length === 2, () => `two columns: ${labels(element).join(' | ')}`);
      expect(labels(element)).to.deep.equal(['1类行业 0.00%，不良率；余额占比45.5%', '2类行业 0.00%，不良率；余额占比54.5%']);
      const summary = () => shadow(element).querySelector('#summary')!.textContent!;
      expect(summary()).to.match(/^当前筛选不良率0\.00%（全行[\d.]+%）；余额占比最大的是2类行业（54\.5%）；各分组均无不良贷款。$/);
      element.setAttribute('lang', 'en');
      await until(() => summary().includes('Class 2 holds'), () => summary());
      expect(summary()).to.match(/; Class 2 holds the largest share of balance \(54\.5%\); no segment has non-performing loans\.$/);
      await executeServerCommand('strata-screenshot', { name: 'npl-marimekko-no-npl-en.png' });
      const bars = await view({ by: 'industry_class', 'as-of': '2024-11-30' });
      expect(shadow(bars).querySelector('#summary')!.textContent).to.match(/；各分组均无不良贷款。$/);
      // The trend: pass loans only, both month ends (class 3 has no pass loan: no line).
      const trend = await view({ view: 'trend', by: 'industry_class' });
      await until(() => shadow(trend).querySelector('#summary')!.textContent!.startsWith('2024-12-31，各分组均无不良贷款；共2个月末。'), () => shadow(trend).querySelector('#summary')!.textContent!);
    });

    it('on a phone a narrow column keeps its name and value (branch 城南: class 3 is 3.03 % of balance)', async () => {
      // 2024-12-31, 城南支行 (small.ts): class 1 L7 100万 loss, class 2 L4 60万 pass, class 3 L3 5万 substandard; 165万 in all.
      strata.filters.set({ field: 'branch', op: 'in', values: ['B2'], source: 'elsewhere' });
      // Class 1 and class 3 are both 100 % NPL: the summary names the tie, not class 1 alone.
      for (const [lang, name, value, share, tie] of [
        ['zh-CN', '3类行业', '100.0%', '3.03%', '不良率最高的是1类行业（与3类行业并列）：100.0%（余额占比60.6%）'],
        ['en', 'Class 3', '100.0%', '3.03%', 'Class 1 (tied with Class 3) has the highest NPL ratio, 100.0% (60.6% of balance)'],
      ] as const) {
        const element = document.createElement('strata-npl');
        element.setAttribute('view', 'marimekko');
        element.setAttribute('lang', lang);
        element.strata = strata;
        mount(element, 332);
        const printed = (cls: string) => texts(element, `.labels text.${cls}`);
        // A first draw may come before the card's width is known.
        await until(() => printed('label').at(-1) === name, () => `the narrow column's name at ${shadow(element).querySelector('svg.chart-svg')?.getAttribute('width')} px: ${printed('label').join(' | ')}`);
        expect(labels(element).at(-1)).to.contain(name);
        expect(printed('value').at(-1)).to.equal(value);
        expect(printed('share').at(-1)).to.be.oneOf([share, '']);
        expect(shadow(element).querySelector('#summary')!.textContent).to.contain(tie);
        await executeServerCommand('strata-screenshot', { name: `npl-marimekko-narrow-390-${lang}.png` });
        cleanup();
      }
    });

    it('follows the other views: a clause from elsewhere re-queries', async () => {
      const element = await view({ view: 'marimekko', by: 'industry_class', lang: 'en' });
      strata.filters.set({ field: 'kind', op: 'in', values: ['corporate'], source: 'elsewhere' });
      const expected = await strata.npl({ by: 'industry_class' });
      const want = expected.map((r) => `Class ${r.key} ${pct('en', r.npl_ratio)}, NPL ratio; ${pct('en', r.balance_share)} of balance`);
      await until(() => JSON.stringify(labels(element)) === JSON.stringify(want), () => `filtered columns: ${labels(element).join(' | ')}`);
    });
  });

  describe('trend', () => {
    it('draws one line per segment with the NPL ratio the SDK computes for every month, and the five-category mix', async () => {
      const element = await view({ view: 'trend', by: 'industry_class', lang: 'en' });
      const rows = await strata.nplTrend({ by: 'industry_class' });
      const mix = await strata.classMix({ by: 'as_of' });
      const months = [...new Set(rows.map((r) => r.as_of))];
      expect(months.length).to.be.greaterThan(1);
      expect([...pointLabels(element)].sort()).to.deep.equal(rows.map((r) => `Class ${r.key} ${r.as_of}: NPL ratio ${pct('en', r.npl_ratio)}`).sort());
      expect(shadow(element).querySelectorAll('.trend-lines .lines path').length).to.equal(new Set(rows.map((r) => r.key)).size);
      expect(shadow(element).querySelectorAll('.trend-mix path.layer').length).to.equal(5);
      expect(shadow(element).querySelector('#title')!.textContent).to.equal('NPL ratio trend · Industry class');
      const { head, body } = await tableOf(element);
      const keys = [...new Set(rows.map((r) => r.key))];
      expect(head).to.deep.equal(['Month end', ...keys.map((k) => `NPL ratio · Class ${k}`), 'Pass', 'Special mention', 'Substandard', 'Doubtful', 'Loss', 'Total balance']);
      expect(body.map((cells) => cells[0])).to.deep.equal(months);
      months.forEach((month, i) => {
        keys.forEach((k, j) => expect(body[i]![1 + j]).to.equal(pct('en', rows.find((r) => r.as_of === month && r.key === k)?.npl_ratio)));
      });
      // By hand from the small bank, each column in one unit (its largest's): pass 2,200,000 / 1,590,000 …
      expect(body.map((cells) => cells.slice(1 + keys.length))).to.deep.equal([
        ['¥2.20M', '¥50.00K', '¥2.00M', '¥0.00M', '¥0.00M', '¥4.25M'],
        ['¥1.59M', '¥95.00K', '¥0.05M', '¥1.90M', '¥1.00M', '¥4.64M'],
      ]);
      const csv = (await element.toCsv())!;
      const december = mix.find((r) => r.key === months.at(-1))!;
      expect(csv).to.contain(`${months.at(-1)},`).and.contain(`,${december.pass},${december.special_mention},${december.substandard},${december.doubtful},${december.loss},${december.total}`);
    });

    it('without by, draws one bank-wide line', async () => {
      const element = await view({ view: 'trend' });
      const rows = await strata.nplTrend();
      expect(pointLabels(element)).to.deep.equal(rows.map((r) => `全行 ${r.as_of}：不良率${pct('zh-CN', r.npl_ratio)}`));
      expect(shadow(element).querySelectorAll('.trend-lines .lines path').length).to.equal(1);
      expect(shadow(element).querySelector('#title')!.textContent).to.equal('不良率走势');
      const summary = shadow(element).querySelector('#summary')!.textContent!;
      expect(summary).to.contain(pct('zh-CN', rows[0]!.npl_ratio)).and.contain(pct('zh-CN', rows.at(-1)!.npl_ratio));
    });

    it('takes its range from from and to (one month end: one point, the mix as one column)', async () => {
      const element = await view({ view: 'trend', from: '2024-12-31', to: '2024-12-31', lang: 'en' });
      const rows = await strata.nplTrend({ from: '2024-12-31', to: '2024-12-31' });
      expect(rows).to.have.length(1);
      expect(pointLabels(element)).to.deep.equal([`All ${rows[0]!.as_of}: NPL ratio ${pct('en', rows[0]!.npl_ratio)}`]);
      expect(shadow(element).querySelectorAll('.trend-mix rect.layer').length).to.equal(5);
      // Then the part beyond 正常, by hand: 95,000 + 50,000 + 1,900,000 + 1,000,000 of 4,635,000, NPL 2,950,000.
      expect(shadow(element).querySelector('#summary')!.textContent).to.equal(
        `NPL ratio ${pct('en', rows[0]!.npl_ratio)} at 2024-12-31 (one month end only). Non-pass balance ¥3.05M (65.7% of the loan balance), of which NPL ¥2.95M.`,
      );
      const { body } = await tableOf(element);
      expect(body.map((cells) => cells[0])).to.deep.equal(['2024-12-31']);
    });

    it('points are one tab stop moved by the arrow keys; by default they select nothing', async () => {
      const element = await view({ view: 'trend', by: 'industry_class', lang: 'en' });
      const months = [...new Set((await strata.nplTrend()).map((r) => r.as_of))];
      await element.updateComplete;
      const stops = points(element).filter((m) => m.getAttribute('tabindex') === '0');
      expect(stops).to.have.length(1);
      expect(points(element).every((m) => m.getAttribute('role') === 'img')).to.equal(true);
      const start = stops[0]!;
      start.focus();
      expect(focused(element)).to.equal(start);
      expect(start.getAttribute('aria-label')).to.contain(months.at(-1)!);
      key(start, 'ArrowLeft');
      expect(focused(element)!.getAttribute('aria-label')).to.contain(months.at(-2)!);
      expect(focused(element)!.getAttribute('tabindex')).to.equal('0');
      expect(start.getAttribute('tabindex')).to.equal('-1');
      key(focused(element)!, 'ArrowDown');
      expect(focused(element)!.getAttribute('aria-label')).to.match(/^Class 2 /);
      key(focused(element)!, 'Enter');
      expect(strata.filters.clauses).to.deep.equal([]);
    });

    it('with select-month, a point selects its month end (as_of) by click or Enter; the trend keeps every month', async () => {
      const element = await view({ view: 'trend', 'select-month': '' });
      const events: CustomEvent[] = [];
      element.addEventListener('strata-select', (e) => events.push(e));
      const rows = await strata.nplTrend();
      const first = points(element)[0]!;
      expect(first.getAttribute('role')).to.equal('button');
      click(first);
      expect(strata.filters.clauses).to.deep.equal([{ field: 'as_of', op: 'in', values: [rows[0]!.as_of], source: element.sourceId, labels: [rows[0]!.as_of] }]);
      expect(events[0]!.detail).to.deep.include({ field: 'as_of', values: [rows[0]!.as_of], source: element.sourceId });
      await until(() => points(element)[0]?.getAttribute('aria-pressed') === 'true', 'selected month drawn');
      expect(pointLabels(element)).to.deep.equal(rows.map((r, i) => `全行 ${r.as_of}：不良率${pct('zh-CN', r.npl_ratio)}${i === 0 ? ', 已选中' : ''}`));
      expect(shadow(element).querySelectorAll('.selection rect').length).to.equal(1);
      // Keyboard: the selected point is the tab stop; ArrowRight then Enter selects the next month.
      const stop = points(element).find((m) => m.getAttribute('tabindex') === '0')!;
      expect(stop.getAttribute('aria-pressed')).to.equal('true');
      stop.focus();
      key(stop, 'ArrowRight');
      key(focused(element)!, 'Enter');
      expect(strata.filters.clauses[0]!.values).to.deep.equal([rows[1]!.as_of]);
      key(element, 'Escape');
      expect(strata.filters.clauses).to.deep.equal([]);
      expect(events.at(-1)!.detail).to.deep.include({ field: 'as_of', values: [], clause: null });
    });

    it('follows the other views: a clause from elsewhere re-queries the lines and the mix', async () => {
      const element = await view({ view: 'trend', by: 'industry_class', lang: 'en' });
      strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'elsewhere' });
      const rows = await strata.nplTrend({ by: 'industry_class' });
      const want = rows.map((r) => `Class ${r.key} ${r.as_of}: NPL ratio ${pct('en', r.npl_ratio)}`).sort();
      const points = () => [...shadow(element).querySelectorAll('.trend-lines .mark')].map((m) => m.getAttribute('aria-label'));
      await until(() => JSON.stringify([...points()].sort()) === JSON.stringify(want), () => `filtered points: ${points().join(' | ')}`);
      // Retail is 91.9 % 正常 in December (1,590,000 of 1,735,000): the mix turns to the non-pass classes by itself.
      await until(() => shadow(element).querySelector('.trend-mix.non-pass'), 'the non-pass columns');
      const mix = await strata.classMix({ by: 'as_of' });
      const csv = (await element.toCsv())!;
      for (const m of mix) expect(csv).to.contain(`,${m.pass},${m.special_mention},${m.substandard},${m.doubtful},${m.loss},${m.total}`);
    });
  });

  describe('trend: the full five-category stack', () => {
    /*
     * By hand from the small bank (test/fixtures/small.ts), each class's balance per month end:
     * 2024-11-30  正常 L1 1,000,000 + L2 100,000 + L4 600,000 + L6 500,000 = 2,200,000; 关注 L3 50,000;
     *             次级 L5 2,000,000; 可疑 0; 损失 0; total 4,250,000.
     *             Shares: 2.2/4.25 = 51.8 %, 0.05/4.25 = 1.18 %, 2/4.25 = 47.1 %, 0.00 %, 0.00 %.
     * 2024-12-31  正常 L1 990,000 + L4 600,000 = 1,590,000; 关注 L2 95,000; 次级 L3 50,000;
     *             可疑 L5 1,900,000; 损失 L7 1,000,000; total 4,635,000.
     *             Shares: 34.3 %, 2.05 %, 1.08 %, 41.0 %, 21.6 % (1/4.635 = 0.21575 → 21.6 %).
     * The view's one unit is its tallest stack's (4,635,000): 万 to the cent; en: M (95,000 is ¥0.10M).
     * 正常 is 34 % of December: the full stack is the default.
     */
    const FULL_STACK: Record<Lang, Record<string, string[]>> = {
      'zh-CN': {
        '2024-11-30': ['2024-11-30 贷款余额合计425.00万', '正常220.00万（占51.8%）', '关注5.00万（占1.18%）', '次级200.00万（占47.1%）', '可疑0.00万（占0.00%）', '损失0.00万（占0.00%）'],
        '2024-12-31': ['2024-12-31 贷款余额合计463.50万', '正常159.00万（占34.3%）', '关注9.50万（占2.05%）', '次级5.00万（占1.08%）', '可疑190.00万（占41.0%）', '损失100.00万（占21.6%）'],
      },
      en: {
        '2024-11-30': [
          '2024-11-30 total balance ¥4.25M',
          'Pass ¥2.20M (51.8% of the total)',
          'Special mention ¥0.05M (1.18% of the total)',
          'Substandard ¥2.00M (47.1% of the total)',
          'Doubtful ¥0.00M (0.00% of the total)',
          'Loss ¥0.00M (0.00% of the total)',
        ],
        '2024-12-31': [
          '2024-12-31 total balance ¥4.64M',
          'Pass ¥1.59M (34.3% of the total)',
          'Special mention ¥0.10M (2.05% of the total)',
          'Substandard ¥0.05M (1.08% of the total)',
          'Doubtful ¥1.90M (41.0% of the total)',
          'Loss ¥1.00M (21.6% of the total)',
        ],
      },
    };
    const months = (element: HTMLElement) => [...shadow(element).querySelectorAll<SVGGElement>('.trend-mix.all .mark')];
    const tooltip = (element: HTMLElement) => shadow(element).querySelector<HTMLElement>('[role="tooltip"]')!;
    const tipLines = (element: HTMLElement) => [...tooltip(element).children].map((c) => c.textContent);

    /** The real mouse onto the middle of a month's column (its hit area). */
    async function hover(mark: Element): Promise<void> {
      mark.scrollIntoView({ block: 'center' });
      const box = mark.querySelector('.hit')!.getBoundingClientRect();
      await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
    }

    for (const lang of ['zh-CN', 'en'] as const) {
      it(`each month is a mark: hover and focus show every class in the view's unit with its share of the month (${lang})`, async () => {
        const element = await view({ view: 'trend', lang });
        // A first draw can come before the element knows its width: wait for the full-width one.
        await until(() => months(element).length === 2 && shadow(element).querySelector('svg.chart-svg')!.getAttribute('width') === '614', 'the month marks of the full stack');
        await element.updateComplete;
        const [november, december] = months(element) as [SVGGElement, SVGGElement];
        const [sep, colon] = lang === 'en' ? [', ', ': '] : ['，', '：'];
        expect(months(element).map((m) => m.getAttribute('aria-label'))).to.deep.equal(
          Object.values(FULL_STACK[lang]).map(([title, ...figures]) => `${title}${colon}${figures.join(sep)}`),
        );
        // Images (a click does nothing here, and the tooltip says nothing of clicks), one tab stop, hit areas ≥ 24 px wide.
        expect(months(element).map((m) => m.getAttribute('role'))).to.deep.equal(['img', 'img']);
        expect(months(element).map((m) => m.getAttribute('tabindex'))).to.deep.equal(['-1', '0']);
        for (const m of months(element)) expect(m.querySelector('.hit')!.getBoundingClientRect().width).to.be.at.least(24);

        await hover(november);
        await until(() => !tooltip(element).hidden, 'the tooltip on hover');
        expect(tipLines(element)).to.deep.equal(FULL_STACK[lang]['2024-11-30']);
        const frame = element.getBoundingClientRect();
        await sendMouse({ type: 'move', position: [Math.round(frame.left + 4), Math.round(frame.top + 4)] });
        await until(() => tooltip(element).hidden, 'the tooltip hidden on leave');

        // Keyboard: the tab stop is the latest month; the arrows move to the other.
        december.focus();
        await until(() => !tooltip(element).hidden, 'the tooltip on focus');
        expect(tipLines(element)).to.deep.equal(FULL_STACK[lang]['2024-12-31']);
        expect(december.getAttribute('aria-describedby')).to.equal('tooltip');
        await sendKeys({ press: 'ArrowLeft' });
        expect(shadow(element).activeElement).to.equal(november);
        await until(() => tipLines(element)[0] === FULL_STACK[lang]['2024-11-30']![0], 'the tooltip follows the focus');
        expect(tipLines(element)).to.deep.equal(FULL_STACK[lang]['2024-11-30']);
        expect(await axeViolations(element)).to.deep.equal([]);
        await sendKeys({ press: 'Escape' });
        expect(tooltip(element).hidden).to.equal(true);
      });
    }

    it('screenshots: every view, zh-CN and en, light and dark, 1440 and 390 px, a tooltip on the full stack', async () => {
      for (const lang of ['zh-CN', 'en'] as const) {
        for (const theme of ['light', 'dark'] as const) {
          for (const [screen, column] of [
            [1440, 700],
            [390, 374],
          ] as const) {
            await setViewport({ width: screen, height: 900 });
            const views = ['bars', 'marimekko', 'trend', 'migration'].map((name) => {
              const element = document.createElement('strata-npl');
              element.setAttribute('view', name);
              element.setAttribute('lang', lang);
              element.theme = theme;
              element.strata = strata;
              return mount(element, column);
            });
            const width = (v: HTMLElement) => shadow(v).querySelector('svg.chart-svg')?.getAttribute('width');
            // The matrix keeps its cells at least 36 px wide: wider than a phone's column, it scrolls.
            for (const v of views) await until(() => marks(v).length > 0 && Number(width(v)) >= column - 26, () => `${v.getAttribute('view')} drawn at ${column - 26} px, not ${width(v)}`);
            const trend = views[2]!;
            months(trend)[1]!.focus();
            await until(() => !tooltip(trend).hidden, 'the tooltip on the full stack');
            await executeServerCommand('strata-screenshot', { name: `npl-views-${screen}-${theme}-${lang}.png` });
            cleanup();
          }
        }
      }
      await setViewport({ width: 800, height: 600 });
    });
  });

  describe('migration', () => {
    const cellLabel = (lang: Lang, from: string, to: string, share: number | null) =>
      lang === 'en'
        ? `${codeLabel(lang, from)} → ${codeLabel(lang, to)} ${pct(lang, share)} (selects ${codeLabel(lang, from)} loans)`
        : `${codeLabel(lang, from)} → ${codeLabel(lang, to)} ${pct(lang, share)}（选择${codeLabel(lang, from)}类贷款）`;

    it('shows the share the SDK computes in every cell of the matrix, and the regulator\'s migration rates beside', async () => {
      const element = await view({ view: 'migration', lang: 'en' });
      // A cached result can draw before the element knows its width: wait for the full-width draw.
      await until(() => Number(shadow(element).querySelector('svg.chart-svg')!.getAttribute('width')) >= 640 - 26, 'the cells with their shares');
      const matrix = await strata.migration();
      expect(matrix).to.have.length(30);
      expect(labels(element)).to.deep.equal(matrix.map((r) => cellLabel('en', r.from_class, r.to_class, r.share)));
      expect(marks(element).map((m) => m.querySelector('text')!.textContent)).to.deep.equal(matrix.map((r) => pct('en', r.share)));
      // Rows sum to 1 where the class had balance: the colours follow the shares.
      const rect = (from: string, to: string) => marks(element)[matrix.findIndex((r) => r.from_class === from && r.to_class === to)]!.querySelector('rect')!.getAttribute('fill');
      expect(rect('pass', 'pass')).to.not.equal(rect('pass', 'loss'));
      // Hand-checked, 2024-11-30 → 2024-12-31. Pass: 2,200,000 at start; L2 (95,000 at the end) went
      // to special mention; L6 (500,000) exited; L1 and L2 repaid 10,000 + 5,000: 95,000 / (2,200,000
      // − 515,000) = 5.64 %. Special mention: L3 50,000 → substandard, 50,000 / 50,000. Substandard:
      // L5 → doubtful at 1,900,000 after 100,000 repaid: 1,900,000 / 1,900,000. Doubtful: no balance;
      // loss: no rate. 正常贷款: L3's 50,000 is NPL at the end: 50,000 / (2,250,000 − 515,000) = 2.88 %.
      expect(texts(element, '.annotation text.value')).to.deep.equal(['5.64%', '100.0%', '100.0%', '—', '—']);
      expect(shadow(element).querySelector('.annotation text')!.textContent).to.equal('Migration rate');
      expect(shadow(element).querySelector('#title')!.textContent).to.equal('Five-category migration 2024-11 → 2024-12');
      const summary = shadow(element).querySelector('#summary')!.textContent!;
      expect(summary).to.equal(
        'Migration rates from 2024-11-30 to 2024-12-31 (downgraded balance ÷ (balance at start − period reductions)): Pass 5.64%, Special mention 100.0%, Substandard 100.0%, Doubtful —; normal loans 2.88%; period reductions ¥615.00K (¥500.00K exited, ¥115.00K repaid).',
      );
      const { head, body } = await tableOf(element);
      expect(head).to.deep.equal([
        'Class at start',
        'Balance at start',
        'Downgraded balance',
        'Period reductions',
        'of which exited',
        'of which repaid',
        'Migration rate',
        '→ Pass',
        '→ Special mention',
        '→ Substandard',
        '→ Doubtful',
        '→ Loss',
        '→ Exited',
      ]);
      // Each column of amounts in one unit, its largest's.
      expect(body.map((row) => row.slice(0, 7))).to.deep.equal([
        ['Pass', '¥2.20M', '¥0.10M', '¥515.00K', '¥500.00K', '¥15.00K', '5.64%'],
        ['Special mention', '¥0.05M', '¥0.05M', '¥0.00K', '¥0.00K', '¥0.00K', '100.0%'],
        ['Substandard', '¥2.00M', '¥1.90M', '¥100.00K', '¥0.00K', '¥100.00K', '100.0%'],
        ['Doubtful', '¥0.00M', '¥0.00M', '¥0.00K', '¥0.00K', '¥0.00K', '—'],
        ['Loss', '¥0.00M', '¥0.00M', '¥0.00K', '¥0.00K', '¥0.00K', '—'],
        ['Normal loans (pass + special mention)', '¥2.25M', '¥0.05M', '¥515.00K', '¥500.00K', '¥15.00K', '2.88%'],
      ]);
      // The matrix's shares are the classes' own; 正常贷款 has none (it is not in the matrix).
      body.slice(0, 5).forEach((row, i) => expect(row.slice(7)).to.deep.equal(matrix.slice(i * 6, i * 6 + 6).map((m) => pct('en', m.share))));
      expect(body[5]!.slice(7)).to.deep.equal(['—', '—', '—', '—', '—', '—']);
      const csv = (await element.toCsv())!;
      const pass = matrix.filter((m) => m.from_class === 'pass');
      expect(csv).to.contain(`Pass,2200000,95000,515000,500000,15000,${95_000 / 1_685_000},${pass.map((m) => m.share ?? '').join(',')}\r\n`);
      expect(csv).to.contain('Loss,0,0,0,0,0,,,,,,,\r\n');
      expect(csv).to.contain(`Normal loans (pass + special mention),2250000,50000,515000,500000,15000,${50_000 / 1_735_000},,,,,,\r\n`);
    });

    it('labels the classes in Chinese', async () => {
      const element = await view({ view: 'migration' });
      expect(labels(element)[1]).to.equal(cellLabel('zh-CN', 'pass', 'special_mention', (await strata.migration())[1]!.share));
      expect(shadow(element).querySelector('#title')!.textContent).to.equal('五级分类迁徙 2024-11 → 2024-12');
      expect([...shadow(element).querySelectorAll('.labels text.col')].map((t) => t.textContent)).to.deep.equal(['正常', '关注', '次级', '可疑', '损失', '结清/退出']);
    });

    it('takes its two month ends from from and to', async () => {
      const element = await view({ view: 'migration', from: '2024-12-31', to: '2024-11-30', lang: 'en' });
      const matrix = await strata.migration({ from: '2024-12-31', to: '2024-11-30' });
      await until(() => JSON.stringify(labels(element)) === JSON.stringify(matrix.map((r) => cellLabel('en', r.from_class, r.to_class, r.share))), 'reversed matrix');
      expect(shadow(element).querySelector('#title')!.textContent).to.equal('Five-category migration 2024-12 → 2024-11');
    });

    it('a cell selects its starting class (classification) by click and keyboard; other views show the loans in that class', async () => {
      const element = await view({ view: 'migration', lang: 'en' });
      const other = await view({ by: 'industry_class', lang: 'en' });
      const events: CustomEvent[] = [];
      element.addEventListener('strata-select', (e) => events.push(e));
      const matrix = await strata.migration();
      const cell = marks(element)[matrix.findIndex((r) => r.from_class === 'special_mention' && r.to_class === 'substandard')]!;
      click(cell);
      expect(strata.filters.clauses).to.deep.equal([{ field: 'classification', op: 'in', values: ['special_mention'], source: element.sourceId, labels: ['Special mention'] }]);
      expect(events[0]!.detail).to.deep.include({ field: 'classification', values: ['special_mention'], source: element.sourceId });
      await until(() => marks(element).some((m) => m.getAttribute('aria-pressed') === 'true'), 'selected row drawn');
      // The whole starting row is selected, and the matrix is not filtered by its own selection.
      const pressed = marks(element).map((m) => m.getAttribute('aria-pressed') === 'true');
      expect(pressed).to.deep.equal(matrix.map((r) => r.from_class === 'special_mention'));
      expect(marks(element).map((m) => m.querySelector('text')!.textContent)).to.deep.equal(matrix.map((r) => pct('en', r.share)));
      // The other view re-queries with the class.
      const expected = await strata.npl({ by: 'industry_class' });
      const want = expected.map((r) => `Class ${r.key} ${pct('en', r.npl_ratio)}, NPL ratio`);
      await until(() => JSON.stringify(labels(other)) === JSON.stringify(want), () => `other view: ${labels(other).join(' | ')}`);
      // Keyboard: one tab stop (in the selected row), arrows move, Enter selects, Escape clears.
      const stops = marks(element).filter((m) => m.getAttribute('tabindex') === '0');
      expect(stops).to.have.length(1);
      expect(stops[0]!.getAttribute('aria-pressed')).to.equal('true');
      stops[0]!.focus();
      key(stops[0]!, 'ArrowDown');
      key(focused(element)!, 'ArrowRight');
      expect(focused(element)!.getAttribute('aria-label')).to.match(/^Substandard → Special mention /);
      key(focused(element)!, ' ');
      expect(strata.filters.clauses.find((c) => c.source === element.sourceId)!.values).to.deep.equal(['substandard']);
      await until(() => focused(element)?.getAttribute('aria-pressed') === 'true', 'focus kept on the cell');
      key(focused(element)!, 'Enter', { shiftKey: true });
      key(element, 'Escape');
      expect(strata.filters.clauses).to.deep.equal([]);
      expect(events.at(-1)!.detail).to.deep.include({ field: 'classification', values: [], clause: null });
    });

    it('double click or Shift+Enter asks for the loans of the starting class (strata-drill)', async () => {
      const element = await view({ view: 'migration' });
      const drills: CustomEvent[] = [];
      element.addEventListener('strata-drill', (e) => drills.push(e));
      const cell = marks(element)[6]!; // special_mention → pass
      cell.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 2 }));
      key(cell, 'Enter', { shiftKey: true });
      expect(drills.map((e) => e.detail)).to.deep.equal([
        { source: element.sourceId, field: 'classification', value: 'special_mention', label: '关注' },
        { source: element.sourceId, field: 'classification', value: 'special_mention', label: '关注' },
      ]);
      expect(strata.filters.clauses).to.deep.equal([]);
    });

    it('follows the other views: a clause from elsewhere re-queries', async () => {
      const element = await view({ view: 'migration', lang: 'en' });
      strata.filters.set({ field: 'kind', op: 'in', values: ['retail'], source: 'elsewhere' });
      const matrix = await strata.migration();
      const rates = await strata.migrationRates();
      await until(() => JSON.stringify(labels(element)) === JSON.stringify(matrix.map((r) => cellLabel('en', r.from_class, r.to_class, r.share))), 'filtered matrix');
      expect(texts(element, '.annotation text.value')).to.deep.equal(rates.filter((r) => r.from_class !== 'normal_loans').map((r) => pct('en', r.rate)));
    });
  });

  for (const chart of ['bars', 'marimekko'] as const) {
    it(`by tier (${chart}): 对公 and 零售 in labelled blocks, tiers in rule order; none by branch`, async () => {
      const element = await view({ by: 'tier', view: chart, lang: 'en' });
      const rows = await strata.npl({ by: 'tier' });
      // The small bank's borrowers: C1, C2 corporate (corp_…), C3–C5 retail; each tier a block of its own group.
      const corporate = rows.filter((r) => typeof r.key === 'string' && r.key.startsWith('corp_')).length;
      const retail = rows.filter((r) => typeof r.key === 'string' && !r.key.startsWith('corp_')).length;
      expect(corporate).to.be.greaterThan(0);
      expect(retail).to.be.greaterThan(0);
      const svg = shadow(element).querySelector('svg.chart-svg')!;
      await until(() => svg.querySelectorAll('g.group').length === 2, 'two blocks');
      expect([...svg.querySelectorAll('g.group')].map((g) => [g.getAttribute('aria-label'), g.querySelectorAll('.mark').length])).to.deep.equal([
        ['Corporate', corporate],
        ['Retail', retail],
      ]);
      expect(svg.querySelectorAll('line.group-rule')).to.have.length(1);
      // Corporate tiers first, each group in the rules' order.
      const keys = marks(element).map((m) => m.__data__?.key ?? m.getAttribute('data-key'));
      expect(keys.slice(0, corporate).every((k) => k?.startsWith('corp_'))).to.equal(true);
      element.setAttribute('by', 'branch');
      await until(() => marks(element).length === 2 && svg.isConnected, 'by branch');
      await until(() => shadow(element).querySelector('svg.chart-svg')!.querySelectorAll('g.group').length === 0, 'no blocks by branch');
    });
  }

  it('a segment with no value (retail borrowers have no relationship type) selects NULL, not an empty text; a flag selects a boolean', async () => {
    const element = await view({ by: 'relationship_type', lang: 'en' });
    const unknown = marks(element).find((m) => m.getAttribute('aria-label')!.startsWith('Unknown '))!;
    unknown.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    expect(strata.filters.clauses.map((c) => [c.field, c.values])).to.deep.equal([['relationship_type', [null]]]);
    // The NULL segment is shown selected, and the SDK then sees only the retail borrowers' loans (C3–C5: L4–L7 in December).
    await until(() => marks(element).find((m) => m.getAttribute('aria-pressed') === 'true')?.getAttribute('aria-label')?.startsWith('Unknown '), 'NULL selected');
    expect((await strata.segments({ by: 'kind' })).map((r) => r.key)).to.deep.equal(['retail']);
    strata.filters.clear();
    cleanup();
    const flags = await view({ by: 'is_strategic', lang: 'en' });
    marks(flags)[0]!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    expect(strata.filters.clauses[0]!.values.every((v) => typeof v === 'boolean')).to.equal(true);
  });

  it('switching view drops a selection of another field', async () => {
    const element = await view({ view: 'marimekko', by: 'industry_class' });
    const events: CustomEvent[] = [];
    element.addEventListener('strata-select', (e) => events.push(e));
    click(marks(element)[0]!);
    expect(strata.filters.clauses[0]!.field).to.equal('industry_class');
    element.view = 'migration';
    await until(() => marks(element).length === 30, 'matrix');
    expect(strata.filters.clauses).to.deep.equal([]);
    expect(events.at(-1)!.detail).to.deep.include({ field: 'industry_class', values: [], clause: null });
  });

  it('titles every view in both languages', async () => {
    const expected: Record<string, [string, string]> = {
      bars: ['不良率 · 行业类别', 'NPL ratio · Industry class'],
      marimekko: ['不良率与余额结构 · 行业类别', 'NPL ratio and balance share · Industry class'],
      trend: ['不良率走势', 'NPL ratio trend'],
      migration: ['五级分类迁徙 2024-11 → 2024-12', 'Five-category migration 2024-11 → 2024-12'],
    };
    for (const [name, [zh, en]] of Object.entries(expected)) {
      const element = await view({ view: name });
      expect(shadow(element).querySelector('#title')!.textContent, name).to.equal(zh);
      element.setAttribute('lang', 'en');
      await until(() => shadow(element).querySelector('#title')!.textContent === en, `${name} in English`);
      expect(shadow(element).querySelector('svg.chart-svg')!.getAttribute('aria-label')).to.equal(en);
    }
  });
});

describe('<strata-npl> on a borrower with no industry (typed keys, issue 13)', () => {
  let strata: Strata;
  // 王五 (C3, 50k substandard) has no industry: class NULL, a bar of its own beside classes 1 and 2.
  const bank = { ...smallBank, customers: smallBank.customers.map((c) => (c.customer_id === 'C3' ? { ...c, industry: null } : c)) };
  sharedStrata(bank, (s) => (strata = s));

  for (const chart of ['bars', 'marimekko'] as const) {
    it(`${chart}: a click on the unknown class selects null, not 0 or text`, async () => {
      const element = document.createElement('strata-npl');
      for (const [name, value] of Object.entries({ by: 'industry_class', view: chart, lang: 'en' })) element.setAttribute(name, value);
      element.strata = strata;
      mount(element);
      await until(() => marks(element).length === 3, 'three segments');
      const unknown = marks(element).find((m) => m.getAttribute('aria-label')!.includes('Unknown'))!;
      unknown.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
      expect(strata.filters.clauses).to.deep.equal([{ field: 'industry_class', op: 'in', values: [null], source: element.sourceId, labels: ['Unknown'] }]);
      // Exactly C3's loan: 50,000, all of it NPL.
      expect((await strata.npl()).map((r) => [r.balance, r.npl_balance])).to.deep.equal([[50_000, 50_000]]);
      await until(() => marks(element).find((m) => m.getAttribute('aria-label')!.includes('Unknown'))?.getAttribute('aria-pressed') === 'true', 'drawn selected');
    });
  }
});

declare global {
  interface SVGGElement {
    __data__?: { key: string };
  }
}
