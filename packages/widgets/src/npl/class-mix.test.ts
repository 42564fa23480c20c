/// <reference types="mocha" />
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Strata, TableRows } from '@strata/sdk';
import './register.ts';
import type { StrataNpl } from './npl.ts';
import { smallBank } from '../../../../test/fixtures/small.ts';
import { axeViolations } from '../../../../test/helpers/axe.ts';
import { cleanup, mount, openStrata, sharedStrata, until } from '../../../../test/helpers/browser.ts';

const loan = (as_of: string, loan_id: string, customer_id: string, balance: number, classification: TableRows['loans']['classification']): TableRows['loans'] => ({
  as_of,
  loan_id,
  customer_id,
  branch_id: null,
  product: 'working_capital',
  balance,
  classification,
  dpd: null,
  origination_date: '2024-06-15',
  maturity_date: '2029-06-15',
  original_amount: null,
});

/**
 * A bank that is 97 % 正常, as real ones are, with amounts from 50万 to 22亿: in a full stack the
 * other four classes are slivers. Non-pass by month (关注 / 次级 / 可疑 / 损失, total):
 * 10-31: 3000万 / 800万 / 250万 / 50万, 4100万; 11-30: 3500万 / 950万 / 300万 / 70万, 4820万;
 * 12-31: 4200万 / 1200万 / 400万 / 100万, 5900万 (正常 2,239,500,100: 97.4 % of 2,298,500,100).
 */
const passHeavy = {
  ...smallBank,
  loans: [
    ...(
      [
        ['2024-10-31', 2_000_000_000, 30_000_000, 8_000_000, 2_500_000, 500_000],
        ['2024-11-30', 2_100_000_000, 35_000_000, 9_500_000, 3_000_000, 700_000],
        ['2024-12-31', 2_150_000_000, 42_000_000, 12_000_000, 4_000_000, 1_000_000],
      ] as const
    ).flatMap(([month, pass, sm, sub, doubtful, loss]) => [
      loan(month, 'L1', 'C5', pass, 'pass'),
      loan(month, 'L2', 'C6', sm, 'special_mention'),
      loan(month, 'L3', 'C7', sub, 'substandard'),
      loan(month, 'L4', 'C8', doubtful, 'doubtful'),
      loan(month, 'L5', 'C4', loss, 'loss'),
    ]),
    loan('2024-12-31', 'L6', 'C1', 89_500_100, 'pass'),
  ],
};

describe('<strata-npl> trend: the non-pass classes', () => {
  let strata: Strata;
  sharedStrata(passHeavy, (s) => (strata = s));

  const shadow = (element: HTMLElement) => element.shadowRoot!;
  const columns = (element: HTMLElement) => [...shadow(element).querySelectorAll<SVGGElement>('.trend-mix .mark')];
  const buttons = (element: HTMLElement) => [...shadow(element).querySelectorAll<HTMLButtonElement>('[part="controls"] button')];
  const text = (element: HTMLElement, selector: string) => [...shadow(element).querySelectorAll(selector)].map((n) => n.textContent);

  async function trend(attributes: Record<string, string>, db = strata, width = 640): Promise<StrataNpl> {
    const element = document.createElement('strata-npl');
    element.setAttribute('view', 'trend');
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.strata = db;
    mount(element, width);
    await until(() => shadow(element).querySelector('.trend-mix'), 'the class mix');
    return element;
  }

  it('on a 390 px phone the English subtitle wraps inside its card, whole', async () => {
    // The demo's card on a 390 px phone: 332 px.
    const element = await trend({ lang: 'en' }, strata, 332);
    const card = element.getBoundingClientRect();
    const subtitle = shadow(element).querySelector<SVGTextElement>('text.subtitle')!;
    const box = subtitle.getBoundingClientRect();
    expect(box.left).to.be.at.least(card.left - 0.5);
    expect(box.right, `${box.right} past ${card.right}`).to.be.at.most(card.right + 0.5);
    const lines = [...subtitle.querySelectorAll('tspan')].map((t) => t.textContent);
    expect(lines.length).to.be.at.least(2);
    expect(lines.join(' ')).to.equal('Non-pass balance (pass, 97.4% of the total, left out)');
    // The chart below starts under the last line.
    const mix = shadow(element).querySelector('.trend-mix')!.getBoundingClientRect();
    expect(mix.top).to.be.at.least(box.bottom);
    await executeServerCommand('strata-screenshot', { name: 'npl-mix-subtitle-390-en.png' });
  });

  it('shows 关注/次级/可疑/损失 alone by default when 正常 dominates: each month\'s figures in one unit, the total above', async () => {
    const element = await trend({ lang: 'zh-CN' });
    expect(shadow(element).querySelector('.trend-mix')!.classList.contains('non-pass')).to.equal(true);
    expect(columns(element).map((c) => c.getAttribute('aria-label'))).to.deep.equal([
      '2024-10-31 非正常类合计4100.00万：关注3000.00万，次级800.00万，可疑250.00万，损失50.00万',
      '2024-11-30 非正常类合计4820.00万：关注3500.00万，次级950.00万，可疑300.00万，损失70.00万',
      '2024-12-31 非正常类合计5900.00万：关注4200.00万，次级1200.00万，可疑400.00万，损失100.00万',
    ]);
    // Every total once drawn at the card's width (a first draw may come before the card's size is known).
    await until(() => text(element, '.trend-mix text.total').length === 3, () => `totals: ${text(element, '.trend-mix text.total').join(' ')}`);
    expect(text(element, '.trend-mix text.total')).to.deep.equal(['4100.00万', '4820.00万', '5900.00万']);
    expect(text(element, '.trend-mix .legend text')).to.deep.equal(['关注', '次级', '可疑', '损失']);
    // Ticks in the same unit, on the non-pass scale (not 正常's).
    const ticks = text(element, '.trend-mix text.y');
    expect(ticks.every((t) => t === '0' || /^\d+(\.\d+)?万$/.test(t!)), ticks.join(' ')).to.equal(true);
    expect(text(element, 'text.subtitle')).to.deep.equal(['非正常类贷款余额（正常类占97.4%，未画出）']);
    expect(shadow(element).querySelector('#summary')!.textContent).to.contain('非正常类余额由4100.00万变为5900.00万（占贷款余额2.57%），其中不良由1100.00万变为1700.00万。');
    expect(buttons(element).map((b) => [b.textContent, b.getAttribute('aria-pressed')])).to.deep.equal([
      ['非正常类', 'true'],
      ['全部五类', 'false'],
    ]);
  });

  it('the same figures in English; the table holds each class in its column\'s unit', async () => {
    const element = await trend({ lang: 'en' });
    expect(columns(element).at(-1)!.getAttribute('aria-label')).to.equal('2024-12-31 non-pass total ¥59.00M: Special mention ¥42.00M, Substandard ¥12.00M, Doubtful ¥4.00M, Loss ¥1.00M');
    expect(shadow(element).querySelector('#summary')!.textContent).to.contain(
      'The non-pass balance went from ¥41.00M to ¥59.00M (2.57% of the loan balance), of which NPL from ¥11.00M to ¥17.00M.',
    );
    const details = shadow(element).querySelector('details')!;
    details.open = true;
    await until(() => shadow(element).querySelector('table tbody tr'), 'table');
    const body = [...shadow(element).querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()));
    expect(body.map((cells) => cells.slice(2))).to.deep.equal([
      ['¥2.00B', '¥30.00M', '¥8.00M', '¥2.50M', '¥0.50M', '¥2.04B'],
      ['¥2.10B', '¥35.00M', '¥9.50M', '¥3.00M', '¥0.70M', '¥2.15B'],
      ['¥2.24B', '¥42.00M', '¥12.00M', '¥4.00M', '¥1.00M', '¥2.30B'],
    ]);
  });

  it('keyboard: the columns are one tab stop moved by the arrow keys; the switch shows all five classes and back', async () => {
    const element = await trend({ lang: 'zh-CN' });
    const [first, , last] = columns(element);
    expect(columns(element).map((c) => c.getAttribute('tabindex'))).to.deep.equal(['-1', '-1', '0']);
    last!.focus();
    last!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true, composed: true }));
    expect(shadow(element).activeElement).to.equal(first);
    expect(first!.getAttribute('tabindex')).to.equal('0');
    first!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    expect(shadow(element).activeElement).to.equal(columns(element)[1]);

    // The switch is a pair of buttons (Enter and Space click a button): all five, stacked, ticks in 亿.
    buttons(element)[1]!.click();
    await until(() => shadow(element).querySelector('.trend-mix.all'), 'the full stack');
    expect(shadow(element).querySelectorAll('.trend-mix path.layer').length).to.equal(5);
    expect(buttons(element).map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['false', 'true']);
    expect(element.mix).to.equal('all');
    const ticks = text(element, '.trend-mix text.y');
    expect(ticks.every((t) => t === '0' || /^\d+(\.\d+)?亿$/.test(t!)), ticks.join(' ')).to.equal(true);
    expect(text(element, 'text.subtitle')).to.deep.equal(['五级分类余额']);
    buttons(element)[0]!.click();
    await until(() => shadow(element).querySelector('.trend-mix.non-pass'), 'the non-pass columns again');
  });

  it('keeps the full stack by default where 正常 does not dominate (the small bank: 34 %), and mix="non-pass" forces the columns', async () => {
    const small = await openStrata(smallBank);
    try {
      const element = await trend({ lang: 'en' }, small);
      expect(shadow(element).querySelector('.trend-mix')!.classList.contains('all')).to.equal(true);
      cleanup();
      const forced = await trend({ lang: 'en', mix: 'non-pass' }, small);
      // By hand: November 关注 50,000 and 次级 2,000,000; December 95,000 / 50,000 / 1,900,000 / 1,000,000.
      expect(columns(forced).map((c) => c.getAttribute('aria-label'))).to.deep.equal([
        '2024-11-30 non-pass total ¥2.05M: Special mention ¥0.05M, Substandard ¥2.00M, Doubtful ¥0.00M, Loss ¥0.00M',
        '2024-12-31 non-pass total ¥3.05M: Special mention ¥0.10M, Substandard ¥0.05M, Doubtful ¥1.90M, Loss ¥1.00M',
      ]);
    } finally {
      await small.close();
    }
  });

  it('passes axe light and dark at 390 and 900 px; screenshots', async () => {
    for (const [lang, theme] of [
      ['zh-CN', 'light'],
      ['en', 'dark'],
    ] as const) {
      for (const width of [390, 900]) {
        const element = await trend({ lang, theme }, strata, width);
        expect(await axeViolations(element.parentElement!), `${lang} ${theme} ${width}`).to.deep.equal([]);
        expect(await executeServerCommand('strata-screenshot', { name: `npl-non-pass-${lang}-${theme}-${width}.png` })).to.equal(true);
        cleanup();
      }
    }
  });
});
