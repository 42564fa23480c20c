/** `<strata-table>`'s own strings in zh-CN and en (shared ones come from ../i18n.ts). */
import type { RowsOrder, RowsTable } from '@strata/sdk';
import { formatCount, type Lang } from '../i18n.ts';

const TEXT = {
  customer_list: ['客户明细', 'Customers'],
  loan_list: ['贷款明细', 'Loans'],
  customer_id: ['客户号', 'Customer ID'],
  customer_name: ['客户名称', 'Customer name'],
  loan_id: ['借据号', 'Loan ID'],
  aum: ['金融资产', 'AUM'],
  dpd: ['逾期天数', 'Days past due'],
  origination_date: ['发放日期', 'Origination date'],
  count_customers: ['共 {n} 户客户', '{n} customers'],
  count_loans: ['{asOf} 共 {n} 笔贷款', '{n} loans at {asOf}'],
  count_loans_latest: ['最新月末共 {n} 笔贷款', '{n} loans at the latest month end'],
  masked: ['姓名与证件号已脱敏', 'names and IDs masked'],
  sorted_by: ['按{column}{direction}排列', 'sorted by {column}, {direction}'],
  ascending: ['升序', 'ascending'],
  descending: ['降序', 'descending'],
  keys: [
    '方向键移动，表头上按回车排序（金额先降序），行上按回车或双击打开客户',
    'Arrow keys move; Enter on a header sorts (amounts largest first); Enter or double click on a row opens the customer',
  ],
  columns_shown: ['显示 {shown}/{n} 列', '{shown} of {n} columns shown'],
  more_columns: ['更多列（{n}）→', 'More columns ({n}) →'],
  first_columns: ['← 回到前面的列', '← Back to the first columns'],
  loading_row: ['加载中…', 'Loading…'],
} as const satisfies Record<string, readonly [string, string]>;

export type TableText = keyof typeof TEXT;

export function tt(lang: Lang, key: TableText, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The summary line: how many rows (of which month end), the order (`sortedBy` names its column), whether masked. */
export function summaryText(
  lang: Lang,
  value: { table: RowsTable; asOf: string | undefined; orderBy: RowsOrder | undefined; count: number },
  sortedBy: string | undefined,
  masked: boolean,
): string {
  const n = formatCount(lang, value.count);
  const parts = [
    value.table === 'customers'
      ? tt(lang, 'count_customers', { n })
      : value.asOf
        ? tt(lang, 'count_loans', { n, asOf: value.asOf })
        : tt(lang, 'count_loans_latest', { n }),
  ];
  if (value.orderBy && sortedBy) parts.push(tt(lang, 'sorted_by', { column: sortedBy, direction: tt(lang, value.orderBy.descending ? 'descending' : 'ascending') }));
  if (masked) parts.push(tt(lang, 'masked'));
  return lang === 'en' ? `${parts.join('; ')}.` : `${parts.join('，')}。`;
}
