/** Strings of <strata-segments> only, in zh-CN and en (shared labels come from ../i18n.ts). */
import type { Lang } from '../i18n.ts';

const TEXT = {
  summary_count: ['按{by}，{measure}最多的是{name}：{value}，占{share}（共{n}组）。', 'By {by}, {name} has the most {measure}: {value}, {share} of the total ({n} segments).'],
  summary_amount: ['按{by}，{measure}最高的是{name}：{value}，占{share}（共{n}组）。', 'By {by}, {name} has the largest {measure}: {value}, {share} of the total ({n} segments).'],
  selected: ['已选中：{name}。', 'Selected: {name}.'],
  customers_borrowers: ['借款客户数', 'Borrowers'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

export function st(lang: Lang, key: keyof typeof TEXT, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
