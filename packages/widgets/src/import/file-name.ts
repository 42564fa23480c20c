import type { TableName } from '@strata/sdk';

/** What a file's name says about its table, most specific first (客户经理 before 客户, loans before customers). */
const NAME_HINTS: readonly [TableName, readonly string[]][] = [
  ['managers', ['manager', '客户经理']],
  ['loans', ['loan', '贷款', '借据']],
  ['pipeline', ['pipeline', 'lead', '线索', '商机']],
  ['campaigns', ['campaign', '营销活动']],
  ['targets', ['target', '目标', '任务']],
  ['customers', ['customer', '客户']],
  ['branches', ['branch', '机构', '网点']],
];

/** The table a file's name names (loans.csv, 贷款明细_202412.csv), if any. */
export function tableFromFileName(name: string): TableName | undefined {
  const base = name.toLowerCase().replace(/\.[^.]*$/, '');
  return NAME_HINTS.find(([, words]) => words.some((w) => base.includes(w)))?.[0];
}
