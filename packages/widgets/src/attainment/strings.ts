import type { Lang } from '../i18n.ts';

/** The attainment view's own labels (zh-CN, en); shared words come from i18n.ts. */
const TEXT = {
  loan_amount: ['贷款投放', 'Loan amount'],
  cards: ['信用卡发卡', 'Cards issued'],
  installment_amount: ['分期金额', 'Installment amount'],
  new_customers: ['新增客户', 'New customers'],
  title: ['{metric}完成率 · {by}', '{metric} attainment · by {by}'],
  units_branch: ['个机构', 'branches'],
  units_manager: ['位客户经理', 'managers'],
  ahead: ['领先序时', 'Ahead of pace'],
  behind: ['落后序时', 'Behind pace'],
  no_target: ['无目标', 'No target'],
  bottom_five: ['后5名', 'Bottom 5'],
  detail: ['{actual} / {target}', '{actual} / {target}'],
  rank: ['排名', 'Rank'],
  status: ['序时状态', 'Pace status'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  mark: ['第{rank}名 {name}：完成率{attainment}（实际{actual}，目标{target}），序时进度{pace}，{status}', 'Rank {rank}, {name}: attainment {attainment} (actual {actual}, target {target}), pace {pace}, {status}'],
  mark_flag: ['，后5名', ', bottom five'],
  summary: ['{n}{units}，序时进度{pace}：{ahead}个领先、{behind}个落后。', '{n} {units}, pace {pace}: {ahead} ahead, {behind} behind. '],
  summary_no_target: ['{n}个无目标。', '{n} without a target. '],
  summary_top: ['第1名{name}（{attainment}）', 'First: {name} ({attainment})'],
  summary_bottom: ['；后5名：{names}。', '; bottom five: {names}.'],
  summary_few: ['；不多于5个，不标后5名。', '; five or fewer, so no bottom five is flagged.'],
  list_sep: ['、', ', '],
} as const satisfies Record<string, readonly [string, string]>;

export type AttainmentTextKey = keyof typeof TEXT;

export function at(lang: Lang, key: AttainmentTextKey, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
