/** `<strata-list>`'s own strings in zh-CN and en (shared ones come from ../i18n.ts). */
import type { ListPreset } from '@strata/sdk';
import type { Lang } from '../i18n.ts';

/** Each preset's name in words: the documents' phrase it serves. */
const PRESETS: Record<ListPreset, readonly [string, string]> = {
  mortgage_without_consumer: ['按揭客户（无消费贷）', 'Mortgage customers without a consumer loan'],
  wealth_without_loan: ['优质存款理财客户（无贷款）', 'Wealth customers without a loan'],
  card_without_loan: ['信用卡客户（无贷款）', 'Card holders without a loan'],
  maturing: ['贷款即将到期客户', 'Loans maturing soon'],
  paid_off_good: ['资信良好的结清客户', 'Paid off in good standing'],
  no_loan: ['存量无贷户', 'Existing customers without a loan'],
  large_borrowers: ['大额信贷客户', 'Large borrowers'],
  payroll_unit: ['代发单位员工', 'Payroll-unit employees'],
  merchants: ['活跃收单商户', 'Active merchants'],
  overdue_leads: ['待跟进线索', 'Leads overdue for follow-up'],
  handoff: ['需换手的客户', 'Customers due for a hand-off'],
  behind_cadence: ['未按频次跟进的客户', 'Customers behind their visit cadence'],
};

const TEXT = {
  list: ['营销名单', 'Marketing list'],
  within_days: ['{days}天内', 'within {days} days'],
  idle_days_over: ['超过{days}天未跟进', 'idle over {days} days'],
  customer_id: ['客户号', 'Customer ID'],
  name: ['客户名称', 'Name'],
  tier: ['客户分层', 'Tier'],
  manager: ['客户经理', 'Manager'],
  branch: ['机构', 'Branch'],
  loan_balance: ['贷款余额', 'Loans'],
  deposits: ['日均存款', 'Deposits'],
  next_maturity: ['最近到期日', 'Next maturity'],
  last_contact: ['最近联系', 'Last contact'],
  lead_id: ['线索号', 'Lead'],
  stage: ['阶段', 'Stage'],
  idle_days: ['未更新天数', 'Days idle'],
  reason: ['入选原因', 'Why on the list'],
  count: ['{date} 共 {n} 户', '{n} at {date}'],
  count_leads: ['{date} 共 {n} 条线索', '{n} leads at {date}'],
  scope: ['范围：{scope}', 'scope: {scope}'],
  whole_bank: ['全行', 'whole bank'],
  sorted_by: ['按{column}{direction}排列', 'sorted by {column}, {direction}'],
  ascending: ['升序', 'ascending'],
  descending: ['降序', 'descending'],
  masked: ['姓名与证件号已脱敏', 'names and IDs masked'],
  limited: ['仅显示前 {n} 户', 'the first {n} shown'],
  select_row: ['选择 {name}', 'Select {name}'],
  select_all: ['全选本页', 'Select all on the page'],
  assign_to: ['分配给', 'Assign to'],
  choose_manager: ['选择客户经理', 'Choose a manager'],
  assign: ['分配（{n}）', 'Assign ({n})'],
  assign_hint: ['勾选客户并选择客户经理后分配；由门户的 CRM 记录，Strata 不写入行内数据。', 'Tick customers and choose a manager to assign; the portal’s CRM records it, Strata writes no bank data.'],
  assigned: ['已将 {n} 户分配给 {manager}', '{n} assigned to {manager}'],
  sort_by: ['按{column}排序', 'Sort by {column}'],
} as const satisfies Record<string, readonly [string, string]>;

export type ListText = keyof typeof TEXT;

export function lt(lang: Lang, key: ListText, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A preset's name in words ("Marketing list" without one; an unknown preset's own code). */
export function presetName(lang: Lang, preset: string | undefined): string {
  if (!preset) return lt(lang, 'list');
  const words = Object.prototype.hasOwnProperty.call(PRESETS, preset) ? PRESETS[preset as ListPreset] : undefined;
  return words ? words[lang === 'en' ? 1 : 0] : preset;
}
