/** Strings of <strata-kpis> only, in zh-CN and en (shared labels come from ../i18n.ts). */
import type { Lang } from '../i18n.ts';

const TEXT = {
  heading: ['核心指标', 'Key figures'],
  metric: ['指标', 'Metric'],
  value: ['本月', 'This month'],
  previous: ['上月', 'Last month'],
  up: ['上升', 'up'],
  down: ['下降', 'down'],
  flat: ['持平', 'unchanged'],
  no_previous: ['无上月数据', 'no previous month'],
  deposits_snapshot: ['客户文件数据，不分月末', 'customer file, not by month end'],
  ahead: ['领先序时进度', 'ahead of pace'],
  behind: ['落后序时进度', 'behind pace'],
  summary_as_of: ['{date}月末：', 'At {date}: '],
  summary_balance: ['贷款余额{value}（较上月{change}）', 'loan balance {value} ({change} on last month)'],
  summary_npl: ['不良率{value}（较上月{change}）', 'NPL ratio {value} ({change} on last month)'],
  met: ['已完成目标', 'target met'],
  missed: ['未完成目标', 'target missed'],
  starts: ['{date}开始', 'starts on {date}'],
  actual_tile: ['营销实际（贷款投放）', 'Campaign actual (loan amount)'],
  target_row: ['营销目标（贷款投放）', 'Campaign target (loan amount)'],
  note: ['说明', 'Note'],
  summary_attainment: ['营销完成率{value}，序时进度{pace}，{ahead}', 'campaign attainment {value} against pace {pace}, {ahead}'],
  summary_not_started: ['营销活动尚未开始（{date}开始）', 'the campaign has not started (it starts on {date})'],
  summary_share: [
    '营销实际{value}，占未筛选实际{share}（目标不随「{fields}」筛选，不计完成率）',
    'campaign actual {value}, {share} of the unfiltered actual (targets do not follow the {fields} {filter}, so no attainment)',
  ],
  // Tooltips: a figure in full, its month, and what it covers (docs/metrics.md).
  tip_this: ['本月（{date}）：{value}', 'This month ({date}): {value}'],
  tip_previous: ['上月（{date}）：{value}', 'Last month ({date}): {value}'],
  tip_change: ['较上月：{value}', 'vs last month: {value}'],
  tip_actual_target: ['实际{actual}，目标{target}', 'Actual {actual}, target {target}'],
  tip_pace: ['序时进度{pace}', 'Pace {pace}'],
  tip_share: ['占未筛选实际{share}', '{share} of the unfiltered actual'],
  yuan: ['{n}元', '¥{n}'],
  n_loans: ['{n}笔', '{n} loans'],
  n_loan: ['{n}笔', '{n} loan'],
  n_customers: ['{n}户', '{n} customers'],
  n_customer: ['{n}户', '{n} customer'],
  scope_loans: ['月末全部贷款的笔数，每笔借据计一笔', 'Loans at the month end, one per loan'],
  scope_balance: ['月末全部贷款的余额，五级分类各类合计', 'Balance of all loans at the month end, all five categories'],
  scope_npl_ratio: [
    '不良贷款（次级、可疑、损失）余额 ÷ 全部贷款余额，月末',
    'Balance of non-performing loans (substandard, doubtful, loss) ÷ balance of all loans, at the month end',
  ],
  scope_special_mention_ratio: ['关注类贷款余额 ÷ 全部贷款余额，月末', 'Balance of special-mention loans ÷ balance of all loans, at the month end'],
  scope_customers: ['月末前开户（或无开户日期）的客户', 'Customers opened by the month end (or with no open date)'],
  scope_deposits: ['客户日均存款之和（客户文件），无上月数据', "Sum of the customers' daily-average deposits (customer file); no previous month"],
  scope_attainment: [
    '营销活动贷款投放：实际 ÷ 适用的目标；实际为活动期内已放款的贷款类线索金额',
    "The campaign's loan amount: actual ÷ the targets that apply; actual is the loan leads disbursed within the campaign period",
  ],
  scope_actual: [
    '营销活动期内已放款的贷款类线索金额（不含信用卡、分期）',
    'Loan leads of the campaign disbursed within its period (cards and instalments excluded)',
  ],
  separator: ['；', '; '],
  end: ['。', '.'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

export type KpiTextKey = keyof typeof TEXT;

export function kt(lang: Lang, key: KpiTextKey, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
