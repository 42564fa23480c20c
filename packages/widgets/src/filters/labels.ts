/** `<strata-filters>`'s own strings in zh-CN and en (shared ones come from ../i18n.ts). */
import type { Lang } from '../i18n.ts';

const TEXT = {
  filters: ['筛选条件', 'Filters'],
  active_filters: ['当前筛选', 'Active filters'],
  no_filters: ['未筛选：显示全部数据', 'No filters: showing all data'],
  remove: ['移除筛选：{label}', 'Remove filter: {label}'],
  clear_all: ['清除全部筛选', 'Clear all filters'],
  month: ['月末', 'Month end'],
  latest_month: ['最新月末', 'Latest month end'],
  latest_month_of: ['最新月末（{month}）', 'Latest ({month})'],
  campaign: ['营销活动', 'Campaign'],
  current_campaign: ['当前活动', 'Current campaign'],
  not: ['不含', 'not'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
} as const satisfies Record<string, readonly [string, string]>;

export type FiltersText = keyof typeof TEXT;

export function ft(lang: Lang, key: FiltersText, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
