/** Strings of <strata-npl>'s marimekko, trend and migration views, in zh-CN and en (shared labels come from ../i18n.ts). */
import type { Lang } from '../i18n.ts';

const TEXT = {
  title_marimekko: ['不良率与余额结构 · {by}', 'NPL ratio and balance share · {by}'],
  corporate: ['对公', 'Corporate'],
  retail: ['零售', 'Retail'],
  title_trend: ['不良率走势', 'NPL ratio trend'],
  title_trend_by: ['不良率走势 · {by}', 'NPL ratio trend · {by}'],
  title_migration: ['五级分类迁徙', 'Five-category migration'],
  title_migration_months: ['五级分类迁徙 {from} → {to}', 'Five-category migration {from} → {to}'],
  scope_bank: ['全行不良率{ratio}', 'NPL ratio {ratio} bank-wide'],
  scope_filtered: ['当前筛选不良率{ratio}（全行{bank}）', 'NPL ratio {ratio} under the current filters ({bank} bank-wide)'],
  summary_bars: ['{scope}；{worst}最高，为{worstRatio}（余额占比{worstShare}）。', '{scope}; highest in {worst} at {worstRatio} ({worstShare} of balance).'],
  summary_bars_none: ['{scope}；各分组均无不良贷款。', '{scope}; no segment has non-performing loans.'],
  summary_marimekko_none: [
    '{scope}；余额占比最大的是{largest}（{largestShare}）；各分组均无不良贷款。',
    '{scope}; {largest} holds the largest share of balance ({largestShare}); no segment has non-performing loans.',
  ],
  summary_marimekko: [
    '{scope}；余额占比最大的是{largest}（{largestShare}），不良率{largestRatio}；不良率最高的是{worst}：{worstRatio}（余额占比{worstShare}）。',
    '{scope}; {largest} holds the largest share of balance ({largestShare}) at {largestRatio}; {worst} has the highest NPL ratio, {worstRatio} ({worstShare} of balance).',
  ],
  summary_trend: ['{first}至{last}，不良率由{a}变为{b}（{change}），共{n}个月末。', 'From {first} to {last} the NPL ratio went from {a} to {b} ({change}), over {n} month ends.'],
  summary_trend_by_none: ['{last}，各分组均无不良贷款；共{n}个月末。', 'At {last}, no segment has non-performing loans; {n} month ends.'],
  summary_trend_one: ['{last}不良率{b}（仅一个月末）。', 'NPL ratio {b} at {last} (one month end only).'],
  summary_trend_by: [
    '{last}，{worst}不良率最高（{worstRatio}，较{first}{change}），{best}最低（{bestRatio}）；共{n}个月末。',
    'At {last}, {worst} has the highest NPL ratio ({worstRatio}, {change} since {first}) and {best} the lowest ({bestRatio}); {n} month ends.',
  ],
  summary_migration: [
    '{from}至{to}的迁徙率（向下迁徙金额 ÷（期初余额 − 期间减少金额））：{rates}；正常贷款迁徙率{normal}；期间减少金额{reduction}（结清/退出{exited}，还款压降{repaid}）。',
    'Migration rates from {from} to {to} (downgraded balance ÷ (balance at start − period reductions)): {rates}; normal loans {normal}; period reductions {reduction} ({exited} exited, {repaid} repaid).',
  ],
  tied: ['{name}（与{others}并列）', '{name} (tied with {others})'],
  rate_item: ['{class}{rate}', '{class} {rate}'],
  list_separator: ['，', ', '],
  class_mix: ['五级分类余额', 'Balance by five-category class'],
  class_mix_non_pass: ['非正常类贷款余额（正常类占{share}，未画出）', 'Non-pass balance (pass, {share} of the total, left out)'],
  mix_label: ['五级分类余额', 'Class balances'],
  mix_all: ['全部五类', 'All five classes'],
  mix_non_pass: ['非正常类', 'Non-pass only'],
  class_figure: ['{class}{value}', '{class} {value}'],
  non_pass_column: ['{month} 非正常类合计{total}：{figures}', '{month} non-pass total {total}: {figures}'],
  non_pass_title: ['{month} 非正常类合计{total}', '{month} non-pass total {total}'],
  class_share: ['{class}{value}（占{share}）', '{class} {value} ({share} of the total)'],
  all_column: ['{month} 贷款余额合计{total}：{figures}', '{month} total balance {total}: {figures}'],
  all_title: ['{month} 贷款余额合计{total}', '{month} total balance {total}'],
  summary_non_pass: [
    '非正常类余额由{a}变为{b}（占贷款余额{share}），其中不良由{nplA}变为{nplB}。',
    'The non-pass balance went from {a} to {b} ({share} of the loan balance), of which NPL from {nplA} to {nplB}.',
  ],
  summary_non_pass_one: ['非正常类余额{b}（占贷款余额{share}），其中不良{npl}。', 'Non-pass balance {b} ({share} of the loan balance), of which NPL {npl}.'],
  point: ['{series} {month}：不良率{ratio}', '{series} {month}: NPL ratio {ratio}'],
  column: ['{label} {ratio}，不良率；余额占比{share}', '{label} {ratio}, NPL ratio; {share} of balance'],
  cell: ['{from} → {to} {share}', '{from} → {to} {share}'],
  cell_selects: ['（选择{from}类贷款）', ' (selects {from} loans)'],
  migration_rate: ['迁徙率', 'Migration rate'],
  from_class: ['期初分类', 'Class at start'],
  from_title: ['期初 {month}', 'At {month}'],
  to_title: ['期末 {month} →', 'At {month} →'],
  balance_from: ['期初余额', 'Balance at start'],
  to_share: ['→ {class}', '→ {class}'],
  downgraded: ['向下迁徙金额', 'Downgraded balance'],
  reduction: ['期间减少金额', 'Period reductions'],
  exited_balance: ['其中：结清/退出', 'of which exited'],
  repaid: ['其中：还款压降', 'of which repaid'],
  normal_loans: ['正常贷款（正常+关注）', 'Normal loans (pass + special mention)'],
  npl_ratio_of: ['不良率 · {series}', 'NPL ratio · {series}'],
  total_balance: ['贷款余额合计', 'Total balance'],
  tip_ratio: ['不良率{ratio}', 'NPL ratio {ratio}'],
  tip_balances: ['不良余额{npl}，贷款余额{balance}', 'NPL balance {npl} of {balance}'],
  tip_share: ['余额占比{share}', '{share} of balance'],
  tip_loans: ['贷款{loans}笔，其中不良{npl}笔', '{loans} loans, {npl} non-performing'],
  tip_cell_share: ['占{class}期初余额{share}', '{share} of {class} balance at start'],
  tip_cell_balance: ['期初余额{from}，期末余额{to}', 'Balance {from} at start, {to} at end'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;

export type NplTextKey = keyof typeof TEXT;

/** A string of this element, with `{name}` placeholders filled. */
export function nt(lang: Lang, key: NplTextKey, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
