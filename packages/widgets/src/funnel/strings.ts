import type { Lang } from '../i18n.ts';

/** The funnel's own labels (zh-CN, en); shared words come from i18n.ts. */
const TEXT = {
  title: ['营销漏斗', 'Pipeline funnel'],
  leads: ['{n}条', '{n}'],
  value: ['{count}条 · {amount} · 当前{current}条', '{count} · {amount} · {current} at stage'],
  value_split: ['{count} · {overall}', '{count} · {overall}'],
  conversion: ['↓ 环节 {step} · 累计 {overall}', '↓ step {step} · overall {overall}'],
  mark: ['{stage}：到达{count}条，金额{amount}，{conversions}当前处于该阶段{current}条', '{stage}: {count} reached, {amount}, {conversions}{current} currently at this stage'],
  mark_conversions: ['环节转化率{step}，累计转化率{overall}，', 'step conversion {step}, overall conversion {overall}, '],
  mark_select: ['；选择则筛选当前处于该阶段的线索', '; select to filter to the leads currently at this stage'],
  overdue_title: ['待跟进（超过{days}天未更新）', 'Overdue follow-ups (idle over {days} days)'],
  overdue_total: ['{count}条 · {amount}', '{count} · {amount}'],
  overdue_item: ['{count}条 · {amount} · 最久{idle}天', '{count} · {amount} · oldest {idle} days'],
  overdue_none: ['待跟进：没有超过{days}天未更新的线索', 'Overdue follow-ups: no open lead idle for over {days} days'],
  more_managers: ['另有{n}位客户经理', '{n} more managers'],
  more_manager: ['另有1位客户经理', '1 more manager'],
  lost_title: ['流失原因', 'Lost reasons'],
  lost_total: ['{count}条', '{count}'],
  lost_item: ['{count}条 · {share}', '{count} · {share}'],
  lost_none: ['流失原因：没有流失的线索', 'Lost reasons: no lost leads'],
  more_reasons: ['另有{n}种原因', '{n} more reasons'],
  more_reason: ['另有1种原因', '1 more reason'],
  no_reason: ['未填原因', 'No reason given'],
  summary: ['共{leads}条线索，{disbursed}条已放款（累计转化率{overall}）。', '{leads} leads, {disbursed} disbursed ({overall} overall). '],
  summary_counts: [
    '已放款计入{metric}{value}（与完成率同口径；已放款线索金额合计{amount}）。',
    'Disbursed towards {metric}: {value} (as attainment counts it; {amount} disbursed in all). ',
  ],
  counts_towards: ['计入{metric} {value}', 'Counts towards {metric}: {value}'],
  mark_counts_towards: ['，计入{metric}{value}', '; counts towards {metric}: {value}'],
  counts_column: ['计入{metric}', 'Counts towards {metric}'],
  summary_weakest: ['转化最低的环节：{from}→{to}（{step}）。', 'Weakest step: {from} → {to} ({step}). '],
  summary_lists: ['待跟进{overdue}条（超过{days}天未更新），流失{lost}条{reason}。', '{overdue} overdue follow-ups (idle over {days} days), {lost} lost{reason}. '],
  summary_reason: ['（主要原因：{reason}）', ' (mostly: {reason})'],
  summary_split: ['按{by}分列小图，每幅按各自的线索数缩放。', 'One small funnel per {by}, each scaled to its own leads. '],
  summary_select: ['选择某一阶段，将筛选当前处于该阶段的线索（不含已越过该阶段的）。', 'Selecting a stage filters to the leads currently at that stage (not those past it).'],
  all: ['全部', 'All'],
  reached: ['到达', 'Reached'],
  current: ['当前处于该阶段', 'Currently at stage'],
  step: ['环节转化率', 'Step conversion'],
  overall: ['累计转化率', 'Overall conversion'],
  tip_reached: ['到达{count}条，金额{amount}', '{count} leads reached, {amount}'],
  tip_current: ['当前处于该阶段{current}条', '{current} currently at this stage'],
  tip_conversion: ['环节转化率{step}，累计转化率{overall}', 'Step conversion {step}, overall {overall}'],
} as const satisfies Record<string, readonly [string, string]>;

export type FunnelTextKey = keyof typeof TEXT;

/** '另有3种原因' / '3 more reasons', '1 more reason'. */
export function moreText(lang: Lang, what: 'manager' | 'reason', n: number): string {
  return n === 1 ? ft(lang, what === 'manager' ? 'more_manager' : 'more_reason') : ft(lang, what === 'manager' ? 'more_managers' : 'more_reasons', { n });
}

export function ft(lang: Lang, key: FunnelTextKey, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
