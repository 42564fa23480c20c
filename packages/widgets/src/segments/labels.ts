/** Strings of <strata-segments> only, in zh-CN and en (shared labels come from ../i18n.ts). */
import type { Lang } from '../i18n.ts';

const TEXT = {
  summary_count: ['按{by}，{measure}最多的是{name}：{value}，占{share}（共{n}组）。', 'By {by}, {name} has the most {measure}: {value}, {share} of the total ({n} segments).'],
  summary_amount: ['按{by}，{measure}最高的是{name}：{value}，占{share}（共{n}组）。', 'By {by}, {name} has the largest {measure}: {value}, {share} of the total ({n} segments).'],
  selected: ['已选中：{name}。', 'Selected: {name}.'],
  customers_borrowers: ['借款客户数', 'Borrowers'],
  n_customers: ['{n}户', '{n} customers'],
  n_customer: ['{n}户', '{n} customer'],
  n_borrowers: ['{n}户借款', '{n} borrowers'],
  n_borrower: ['{n}户借款', '{n} borrower'],
  sort: ['排序', 'Order'],
  natural: ['固定顺序', 'Fixed order'],
  value: ['按数值', 'By value'],
  group: ['客群', 'Show'],
  all: ['对公与零售', 'Corporate and retail'],
  corporate: ['对公', 'Corporate'],
  retail: ['零售', 'Retail'],
  tip_measure: ['{measure}：{value}', '{measure}: {value}'],
  tip_share: ['占{measure}合计{share}', '{share} of all {measure}'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

export function st(lang: Lang, key: keyof typeof TEXT, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
