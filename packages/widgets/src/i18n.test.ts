/// <reference types="mocha" />
import { expect } from 'chai';
import { codeLabel, fieldLabel, fieldNote, formatAmount, untargetedNote } from './i18n.ts';

describe('i18n', () => {
  it('formats an amount the same whatever was formatted before it (whole yuan below 1万, two decimals above)', () => {
    // A small amount first: its formatter (no decimals) must not be reused for 2,200,000.
    expect([formatAmount('en', 0), formatAmount('en', 2_200_000), formatAmount('en', 2_250_000), formatAmount('en', 9_503_000)]).to.deep.equal(['¥0', '¥2.2M', '¥2.25M', '¥9.5M']);
    expect([formatAmount('zh-CN', 5), formatAmount('zh-CN', 9_503_000), formatAmount('zh-CN', 155_000_000)]).to.deep.equal(['5元', '950.3万', '1.55亿']);
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
});
