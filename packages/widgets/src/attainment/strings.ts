import type { Lang } from '../i18n.ts';

/** The attainment view's own labels (zh-CN, en); shared words (metric names, 未开始 …) come from i18n.ts. */
const TEXT = {
  title: ['{metric}完成率 · {by}', '{metric} attainment · by {by}'],
  title_actual: ['{metric}实际 · {by}', '{metric} actual · by {by}'],
  units_branch: ['个机构', 'branches'],
  units_manager: ['位客户经理', 'managers'],
  ahead: ['领先序时', 'Ahead of pace'],
  behind: ['落后序时', 'Behind pace'],
  met: ['已完成', 'Target met'],
  missed: ['未完成', 'Target missed'],
  no_target: ['无目标', 'No target'],
  bottom_five: ['后5名', 'Bottom 5'],
  detail: ['{actual} / {target}', '{actual} / {target}'],
  detail_actual: ['实际 {actual}', 'Actual {actual}'],
  rank: ['排名', 'Rank'],
  status: ['序时状态', 'Pace status'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  mark_rank: ['第{rank}名 ', 'Rank {rank}, '],
  mark: ['{name}：完成率{attainment}（实际{actual}，目标{target}），序时进度{pace}，{status}', '{name}: attainment {attainment} (actual {actual}, target {target}), pace {pace}, {status}'],
  mark_not_started: ['{name}：未开始（实际{actual}，目标{target}）', '{name}: not started (actual {actual}, target {target})'],
  mark_share: ['{name}：实际{actual}，占未筛选实际{share}', '{name}: actual {actual}, {share} of its unfiltered actual'],
  mark_flag: ['，后5名', ', bottom five'],
  summary: ['{n}{units}，序时进度{pace}：{ahead}个领先、{behind}个落后。', '{n} {units}, pace {pace}: {ahead} ahead, {behind} behind. '],
  summary_ended: ['活动已结束，{n}{units}：{ahead}个完成目标、{behind}个未完成。', 'The campaign has ended; {n} {units}: {ahead} met the target, {behind} missed it. '],
  summary_no_target: ['{n}个无目标。', '{n} without a target. '],
  summary_top: ['第1名{name}（{attainment}）', 'First: {name} ({attainment})'],
  summary_bottom: ['；后5名：{names}。', '; bottom five: {names}.'],
  summary_few: ['；不多于5个，不标后5名。', '; five or fewer, so no bottom five is flagged.'],
  summary_tied: ['；排名相同者不拆分，不标后5名。', '; ties at the bottom are not split, so no bottom five is flagged.'],
  summary_not_started: [
    '{campaign}尚未开始（{start}开始）：{n}{units}均显示未开始，不计序时进度、排名与后5名。',
    '{campaign} has not started (it starts on {start}): all {n} {units} show Not started, with no pace, ranks or bottom five.',
  ],
  summary_share: [
    '目标不随当前筛选，不计完成率、序时进度与排名；{n}{units}中，实际保留占比最高的是{name}（{share}，实际{actual}）。',
    'No attainment, pace or ranks: targets do not follow the current filters. Of {n} {units}, {name} keeps the largest share of its actual ({share}, {actual}).',
  ],
  summary_share_none: [
    '目标不随当前筛选，不计完成率、序时进度与排名；当前筛选下{n}{units}均无实际（实际均为{zero}）。',
    'No attainment, pace or ranks: targets do not follow the current filters. Nothing counts towards the targets under them: the {n} {units} each have an actual of {zero}.',
  ],
  summary_order: ['按未筛选时的完成率排名排列。', ' Rows in the order of the unfiltered ranking.'],
  this_campaign: ['本次营销活动', 'The campaign'],
  list_sep: ['、', ', '],
  tip_attainment: ['完成率{attainment}', 'Attainment {attainment}'],
  tip_figures: ['实际{actual}，目标{target}', 'Actual {actual}, target {target}'],
  tip_pace: ['序时进度{pace}，{status}', 'Pace {pace}: {status}'],
  tip_rank: ['第{rank}名', 'Rank {rank}'],
  tip_share: ['实际{actual}，占未筛选实际{share}', 'Actual {actual}, {share} of its unfiltered actual'],
} as const satisfies Record<string, readonly [string, string]>;

export type AttainmentTextKey = keyof typeof TEXT;

export function at(lang: Lang, key: AttainmentTextKey, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
