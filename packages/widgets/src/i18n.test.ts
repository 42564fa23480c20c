/// <reference types="mocha" />
import { expect } from 'chai';
import { amountFormat, clauseValuesText, codeLabel, fieldLabel, fieldNote, formatAmount, untargetedNote } from './i18n.ts';

describe('i18n', () => {
  it('formats an amount the same whatever was formatted before it (whole yuan below 1万, two decimals above)', () => {
    // A small amount first: its formatter (no decimals) must not be reused for 2,200,000.
    expect([formatAmount('en', 0), formatAmount('en', 2_200_000), formatAmount('en', 2_250_000), formatAmount('en', 9_503_000)]).to.deep.equal(['¥0', '¥2.2M', '¥2.25M', '¥9.5M']);
    expect([formatAmount('zh-CN', 5), formatAmount('zh-CN', 9_503_000), formatAmount('zh-CN', 155_000_000)]).to.deep.equal(['5元', '950.3万', '1.55亿']);
  });

  it('formats a set of amounts in one unit and precision: the largest one\'s (亿 for every label beside 25.75亿)', () => {
    const zh = amountFormat('zh-CN', [2_575_000_000, 1_670_000_000, 89_500_100, null]);
    expect([2_575_000_000, 1_670_000_000, 89_500_100, 510_000_000, 475_000_000, 0, -12_000_000, 30_000, null].map(zh.format)).to.deep.equal([
      '25.75亿', '16.70亿', '0.90亿', '5.10亿', '4.75亿', '0.00亿', '-0.12亿', '<0.01亿', '—',
    ]);
    expect([0, 500_000_000, 750_000_000, 2_000_000_000].map(zh.tick)).to.deep.equal(['0', '5亿', '7.5亿', '20亿']);
    const en = amountFormat('en', [2_575_000_000, 89_500_100]);
    expect([2_575_000_000, 89_500_100, -50_000_000].map(en.format)).to.deep.equal(['¥2.58B', '¥0.09B', '-¥0.05B']);
    // 万 below 1亿 (no grouping up to four digits), halves rounded up, whole yuan below 1万.
    const wan = amountFormat('zh-CN', [55_795_700, 4_635_000]);
    expect([55_795_700, 4_635_000, 49].map(wan.format)).to.deep.equal(['5579.57万', '463.50万', '<0.01万']);
    expect(amountFormat('en', [19_625_000]).format(4_635_000)).to.equal('¥4.64M');
    expect(amountFormat('zh-CN', [3_400, 5]).format(5)).to.equal('5元');
    // An amount that would read 10000.00万 takes the next unit; grouping from five digits.
    expect(amountFormat('zh-CN', [99_999_999]).format(99_999_999)).to.equal('1.00亿');
    expect(amountFormat('zh-CN', [1_234_567_000_000]).format(1_234_567_000_000)).to.equal('12,345.67亿');
  });

  it('labels has_loan by its two sides and says who 存量无贷户 are; no_loan is no longer a lifecycle group', () => {
    expect([codeLabel('zh-CN', 'true', 'has_loan'), codeLabel('zh-CN', 'false', 'has_loan')]).to.deep.equal(['有贷户', '无贷户']);
    expect([codeLabel('en', 'true', 'has_loan'), codeLabel('en', 'false', 'has_loan')]).to.deep.equal(['With a loan', 'Without a loan']);
    expect(fieldLabel('zh-CN', 'has_loan')).to.equal('有无贷款');
    expect(fieldNote('zh-CN', 'has_loan')).to.contain('存量无贷户即无贷户中有存款或AUM的客户');
    expect(fieldNote('zh-CN', 'tier')).to.equal(undefined);
    expect(codeLabel('zh-CN', 'no_loan', 'lifecycle')).to.equal('no_loan');
  });

  it('names the fields targets do not follow by their labels', () => {
    expect(untargetedNote('zh-CN', ['tier'])).to.equal('目标不随「客户分层」筛选：显示实际及其占比');
    expect(untargetedNote('en', ['tier'])).to.equal('Targets do not follow the tier filter: showing the actual and its share');
    expect(untargetedNote('zh-CN', ['tier', 'product'])).to.equal('目标不随「客户分层」「产品」筛选：显示实际及其占比');
    expect(untargetedNote('en', ['tier', 'has_loan'])).to.equal('Targets do not follow the tier and borrower status filters: showing the actual and its share');
  });

  it('writes range and holds clauses: amounts in 万, day counts in days, ≥ and ≤ before one bound', () => {
    expect([codeLabel('zh-CN', '1000000', 'deposits_avg'), codeLabel('en', '1000000', 'aum'), codeLabel('zh-CN', '90', 'days_to_maturity'), codeLabel('en', '30', 'days_since_contact')]).to.deep.equal([
      '100万', '¥1M', '90天', '30 days',
    ]);
    expect([clauseValuesText('zh-CN', 'gte', ['100万']), clauseValuesText('en', 'lte', ['90 days']), clauseValuesText('zh-CN', 'not_in', ['消费贷', '经营贷'])]).to.deep.equal([
      '≥ 100万', '≤ 90 days', '非消费贷、经营贷',
    ]);
    expect([fieldLabel('zh-CN', 'holds'), fieldLabel('en', 'days_since_contact'), fieldLabel('zh-CN', 'loan_balance')]).to.deep.equal(['持有产品', 'Days since last contact', '贷款余额']);
  });
});
