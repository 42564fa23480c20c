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
  separator: ['；', '; '],
  end: ['。', '.'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

export type KpiTextKey = keyof typeof TEXT;

export function kt(lang: Lang, key: KpiTextKey, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
