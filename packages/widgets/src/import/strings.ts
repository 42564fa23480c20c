/** Strings of <strata-import> only, in zh-CN and en (shared labels come from ../i18n.ts). */
import type { LoadProblem, MoneyUnit, TableName } from '@strata/sdk';
import type { Lang } from '../i18n.ts';

type Pair = readonly [zh: string, en: string];

const TEXT = {
  title: ['导入数据', 'Import data'],
  drop: ['将 CSV、Parquet、Arrow 或 JSON 文件拖到此处，或', 'Drop a CSV, Parquet, Arrow or JSON file here, or'],
  choose: ['选择文件', 'Choose a file'],
  choose_other: ['换一个文件', 'Choose another file'],
  file_input: ['要导入的文件', 'File to import'],
  previewing: ['正在读取 {file}…', 'Reading {file}…'],
  loading: ['正在载入…', 'Loading…'],
  file_line: ['{file}：{format}，{encoding}，{rows} 条记录', '{file}: {format}, {encoding}, {rows} records'],
  encoding_none: ['无文本编码', 'no text encoding'],
  table: ['载入为表', 'Load as table'],
  replace: ['载入方式', 'How to load'],
  replace_all: ['替换全部数据（新的数据集）', 'Replace all data (a new data set)'],
  replace_all_hint: ['其他表清空，不与之前的数据混在一起', 'other tables are emptied: nothing of the previous data stays beside it'],
  replace_tables: ['只替换{table}表', 'Replace only the {table} table'],
  replace_tables_hint: ['其他表保持不变', 'other tables stay as they are'],
  mapping: ['列对应', 'Columns'],
  col_source: ['文件中的列', 'Column in the file'],
  col_field: ['对应字段', 'Field'],
  col_unit: ['金额单位', 'Unit'],
  field_for: ['{column} 对应的字段', 'Field for {column}'],
  unit_for: ['{column} 的金额单位', 'Unit of {column}'],
  ignore: ['不导入', 'Ignore'],
  unit_from_header: ['按列名', 'from the header'],
  ignored: ['不导入的列：', 'Columns left out: '],
  missing: ['缺少必需字段：', 'Required fields missing: '],
  kept: [
    '“{column}”按列名即对应{field}，仍会导入；改由其他列对应{field}即可不导入它。',
    '“{column}” is known by its header as {field} and still loads; give {field} another column to leave it out.',
  ],
  constants: ['固定值：', 'Constant values: '],
  problems: ['问题（{total} 个，修正后才能载入）', 'Problems ({total}: fix them to load)'],
  warnings: ['提示', 'Warnings'],
  rows_preview: ['前 {n} 行（载入后的样子）', 'First {n} rows (as they will load)'],
  load: ['载入', 'Load'],
  cancel: ['取消', 'Cancel'],
  no_strata: ['没有可载入的数据库：请设置 for 属性、.strata，或将元素放在 strata-dashboard 中', 'Nowhere to load into: set for, .strata, or place the element inside a strata-dashboard'],
  loaded: ['已载入{table} {rows} 行。', 'Loaded {rows} rows into {table}. '],
  units_applied: ['已换算为元：{list}。', 'Converted to yuan: {list}. '],
  unit_item: ['{column}（{unit}）', '{column} ({unit})'],
  emptied: ['已清空：{list}。', 'Emptied: {list}. '],
  warning_count: ['{n} 条提示。', '{n} warning(s).'],
  load_failed: ['未载入，已有数据保持不变。', 'Not loaded; the data already loaded is unchanged.'],
  failed: ['出错了：{message}', 'Something went wrong: {message}'],
  count_rows: ['共 {n} 行（第 {rows} 行{more}）', '{n} rows (rows {rows}{more})'],
  count_more: ['等', ' …'],
  count: ['共 {n} 处', '{n} in all'],
  example: ['例：{got}', 'e.g. {got}'],
  expected: ['应为：{expected}', 'expected {expected}'],
  missing_table: ['没有{table}文件', 'No {table} file'],
  missing_customers: ['没有客户文件：客户分层、客群等不可用', 'No customer file: tiers and groups are unavailable'],
  first_row: ['首见第 {row} 行', 'first at row {row}'],
  refer: ['{n} 行引用该表', '{n} rows refer to it'],
  yes: ['是', 'yes'],
  no: ['否', 'no'],
  list_sep: ['、', ', '],
} as const satisfies Record<string, Pair>;

export type ImportTextKey = keyof typeof TEXT;

const pick = (lang: Lang, pair: Pair) => (lang === 'en' ? pair[1] : pair[0]);

export function imt(lang: Lang, key: ImportTextKey, values: Record<string, string | number> = {}): string {
  return pick(lang, TEXT[key]).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

const TABLES: Record<TableName, Pair> = {
  branches: ['机构', 'branches'],
  managers: ['客户经理', 'managers'],
  customers: ['客户', 'customers'],
  loans: ['贷款', 'loans'],
  pipeline: ['营销线索', 'pipeline'],
  campaigns: ['营销活动', 'campaigns'],
  targets: ['考核目标', 'targets'],
  holdings: ['持有产品', 'holdings'],
  contacts: ['跟进记录', 'contacts'],
};

export function tableLabel(lang: Lang, table: TableName): string {
  return pick(lang, TABLES[table]);
}

/** Every field of the model in words (a field missing here shows its own name). */
const FIELDS: Record<string, Pair> = {
  branch_id: ['机构号', 'Branch'],
  name: ['名称', 'Name'],
  parent_id: ['上级机构', 'Parent branch'],
  level: ['机构层级', 'Level'],
  grid: ['网格', 'Grid'],
  manager_id: ['客户经理号', 'Manager'],
  customer_id: ['客户号', 'Customer'],
  kind: ['客户类型', 'Customer kind'],
  industry: ['行业', 'Industry'],
  deposits_avg: ['日均存款', 'Deposits (daily avg.)'],
  aum: ['金融资产', 'AUM'],
  products_held: ['持有产品数', 'Products held'],
  relationship_type: ['服务类型', 'Relationship type'],
  is_strategic: ['战略客户', 'Strategic'],
  is_payroll: ['代发客户', 'Payroll'],
  open_date: ['开户日期', 'Opened on'],
  last_active_date: ['最近活跃日期', 'Last active on'],
  birth_year: ['出生年份', 'Birth year'],
  contribution: ['综合贡献度', 'Contribution'],
  employer_id: ['代发单位', 'Employer (payroll unit)'],
  role: ['岗位', 'Role'],
  collateral: ['担保方式', 'Collateral'],
  opened_on: ['开立日期', 'Opened on'],
  closed_on: ['销户日期', 'Closed on'],
  contact_id: ['跟进记录号', 'Contact'],
  contact_date: ['跟进日期', 'Contact date'],
  outcome: ['跟进结果', 'Outcome'],
  next_date: ['下次跟进日期', 'Next contact on'],
  as_of: ['数据日期', 'Month end'],
  loan_id: ['借据号', 'Loan'],
  product: ['产品', 'Product'],
  balance: ['余额', 'Balance'],
  classification: ['五级分类', 'Five-category class'],
  dpd: ['逾期天数', 'Days past due'],
  origination_date: ['放款日期', 'Originated on'],
  maturity_date: ['到期日', 'Matures on'],
  original_amount: ['发放金额', 'Original amount'],
  lead_id: ['线索号', 'Lead'],
  campaign_id: ['活动号', 'Campaign'],
  channel: ['渠道', 'Channel'],
  stage: ['阶段', 'Stage'],
  amount: ['金额', 'Amount'],
  created_at: ['创建日期', 'Created on'],
  updated_at: ['更新日期', 'Updated on'],
  lost_reason: ['流失原因', 'Lost reason'],
  start_date: ['开始日期', 'Start date'],
  end_date: ['结束日期', 'End date'],
  scope: ['考核对象类型', 'Scope'],
  scope_id: ['考核对象', 'Scope id'],
  metric: ['指标', 'Metric'],
  target: ['目标值', 'Target'],
};

export function fieldName(lang: Lang, field: string): string {
  return Object.prototype.hasOwnProperty.call(FIELDS, field) ? pick(lang, FIELDS[field]!) : field;
}

const UNITS: Record<MoneyUnit, Pair> = {
  yuan: ['元', 'yuan'],
  wan: ['万元', '10k yuan (万元)'],
  yi: ['亿元', '100M yuan (亿元)'],
};

export function unitLabel(lang: Lang, unit: MoneyUnit): string {
  return pick(lang, UNITS[unit]);
}

/** What a problem of each kind is, as the heading of its group. */
const KINDS: Record<LoadProblem['kind'], Pair> = {
  file: ['文件无法读取', 'The file cannot be read'],
  mapping: ['映射有误', 'The mapping is wrong'],
  missing_column: ['缺少这一列', 'No column for it'],
  value: ['值无法识别', 'Values not understood'],
  required: ['必填值为空', 'Required values left blank'],
  range: ['值超出范围', 'Values out of range'],
  duplicate: ['重复的记录', 'Records given twice'],
  orphan: ['引用的记录不存在', 'Referenced records not found'],
  missing_table: ['缺少关联的表', 'A referenced table is not loaded'],
  unit: ['金额大小与单位不符', 'Amounts implausible for their unit'],
  internal: ['载入时出错', 'Loading failed'],
};

export function kindLabel(lang: Lang, kind: LoadProblem['kind']): string {
  return pick(lang, KINDS[kind] ?? KINDS.internal);
}
