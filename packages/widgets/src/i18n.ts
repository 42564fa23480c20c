/**
 * Every label, unit and number format of the widgets in zh-CN and en. Codes come from the sdk's
 * model; the label of an unknown code is the code itself (data text, rendered as text).
 */
import type { FilterClause } from '@strata/sdk';

export type Lang = 'zh-CN' | 'en';

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

export function toLang(value: string | null | undefined): Lang {
  return value === 'en' || value?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

type Dict = Record<string, readonly [zh: string, en: string]>;

const CODES: Dict = {
  // tiers and owners
  corp_gold: ['黄金客户', 'Gold (corporate)'],
  corp_high_end: ['高端客户', 'High-end (corporate)'],
  corp_mid: ['中端客户', 'Mid (corporate)'],
  corp_general: ['一般客户', 'General (corporate)'],
  retail_high_end: ['零售高端', 'High-end (retail)'],
  retail_potential: ['潜力高端', 'Potential high-end'],
  retail_general: ['零售一般', 'General (retail)'],
  branch_head: ['行长/副行长', 'Branch head'],
  deputy_head: ['副行长/拓展部', 'Deputy head'],
  sub_branch_head: ['支行长', 'Sub-branch head'],
  team_lead: ['团队长', 'Team lead'],
  relationship_manager: ['客户经理', 'Relationship manager'],
  // kinds, classes, lifecycle, relationship
  retail: ['零售', 'Retail'],
  corporate: ['对公', 'Corporate'],
  pass: ['正常', 'Pass'],
  special_mention: ['关注', 'Special mention'],
  substandard: ['次级', 'Substandard'],
  doubtful: ['可疑', 'Doubtful'],
  loss: ['损失', 'Loss'],
  exited: ['结清/退出', 'Exited'],
  churned: ['流失挽回', 'Churned'],
  dormant: ['睡眠促活', 'Dormant'],
  new: ['新客蜜月', 'New'],
  vip: ['VIP', 'VIP'],
  payroll: ['代发', 'Payroll'],
  potential: ['潜力', 'Potential'],
  active: ['活跃', 'Active'],
  settlement: ['结算型', 'Settlement'],
  credit: ['信贷型', 'Credit'],
  relationship: ['关系型', 'Relationship'],
  channel: ['渠道型', 'Channel'],
  // products
  mortgage: ['个人住房贷款', 'Mortgage'],
  auto: ['汽车贷款', 'Auto'],
  consumer: ['消费贷款', 'Consumer'],
  business: ['经营贷款', 'Business'],
  card_installment: ['专项分期', 'Card installment'],
  credit_card: ['信用卡', 'Credit card'],
  working_capital: ['流动资金贷款', 'Working capital'],
  fixed_asset: ['固定资产贷款', 'Fixed asset'],
  trade_finance: ['贸易融资', 'Trade finance'],
  deposit: ['存款', 'Deposit'],
  // pipeline
  identified: ['线索', 'Lead'],
  contacted: ['已接触', 'Contacted'],
  follow_up: ['跟进中', 'Follow-up'],
  applied: ['已申请', 'Applied'],
  approved: ['已批待放', 'Approved'],
  disbursed: ['已放款', 'Disbursed'],
  lost: ['流失', 'Lost'],
  existing_customer: ['存量客户', 'Existing customer'],
  developer_partner: ['合作开发商', 'Developer'],
  dealer_partner: ['汽车经销商', 'Dealer'],
  payroll_unit: ['代发单位', 'Payroll unit'],
  referral: ['客户推荐', 'Referral'],
  phone: ['电话营销', 'Phone'],
  event: ['营销活动', 'Event'],
  online: ['线上', 'Online'],
  grid_visit: ['网格走访', 'Grid visit'],
  // industries
  government: ['国家机关', 'Government'],
  education_health_culture: ['科教文卫', 'Education, health, culture'],
  military: ['部队系统', 'Military'],
  finance_insurance: ['金融保险', 'Finance, insurance'],
  post_telecom: ['邮电通讯', 'Post, telecom'],
  utilities: ['水电气供应', 'Utilities'],
  industry_transport: ['工业交通', 'Industry, transport'],
  commerce: ['商业贸易', 'Commerce'],
  real_estate_construction: ['房地产建筑', 'Real estate, construction'],
  agriculture: ['农林牧渔', 'Agriculture'],
  social_services: ['社会服务', 'Social services'],
  private_business: ['个体经营', 'Private business'],
  catering_hospitality: ['餐饮住宿', 'Catering, hospitality'],
  freelance: ['自由职业', 'Freelance'],
  unemployed: ['无业', 'Unemployed'],
  other: ['其他', 'Other'],
  all: ['全行', 'All'],
  // target metrics
  loan_amount: ['贷款投放', 'Loan amount'],
  cards: ['信用卡发卡', 'Cards issued'],
  installment_amount: ['分期金额', 'Installment amount'],
  new_customers: ['新增客户', 'New customers'],
};

/** The two sides of `has_loan` (a customer with a loan at the month end, or without). */
const HAS_LOAN: Dict = {
  true: ['有贷户', 'With a loan'],
  false: ['无贷户', 'Without a loan'],
};

const TEXT = {
  loans: ['贷款笔数', 'Loans'],
  balance: ['贷款余额', 'Loan balance'],
  npl_ratio: ['不良率', 'NPL ratio'],
  special_mention_ratio: ['关注率', 'Special-mention ratio'],
  customers: ['客户数', 'Customers'],
  deposits: ['日均存款', 'Deposits (daily avg.)'],
  contribution: ['综合贡献度', 'Contribution'],
  attainment: ['完成率', 'Attainment'],
  pace: ['序时进度', 'Pace'],
  target: ['目标', 'Target'],
  actual: ['实际', 'Actual'],
  amount: ['金额', 'Amount'],
  count: ['笔数', 'Count'],
  share: ['占比', 'Share'],
  npl_balance: ['不良余额', 'NPL balance'],
  industry_class: ['行业类别', 'Industry class'],
  industry_class_n: ['{n}类行业', 'Class {n}'],
  tier: ['客户分层', 'Tier'],
  lifecycle: ['客群', 'Lifecycle group'],
  industry: ['行业', 'Industry'],
  relationship_type: ['服务类型', 'Relationship type'],
  kind: ['客户类型', 'Customer kind'],
  branch: ['机构', 'Branch'],
  manager: ['客户经理', 'Manager'],
  product: ['产品', 'Product'],
  classification: ['五级分类', 'Five-category class'],
  stage: ['阶段', 'Stage'],
  channel: ['渠道', 'Channel'],
  as_of: ['月末', 'Month end'],
  has_loan: ['有无贷款', 'Borrower status'],
  has_loan_note: [
    '按月末是否有贷款区分有贷户与无贷户；存量无贷户即无贷户中有存款或AUM的客户。',
    'Whether the customer has a loan at the month end; existing customers without a loan (存量无贷户) are those without one who hold deposits or AUM.',
  ],
  tier_owner: ['负责层级', 'Tier owner'],
  is_strategic: ['总对总', 'Strategic'],
  is_payroll: ['代发', 'Payroll'],
  customer_id: ['客户号', 'Customer ID'],
  lost_reason: ['流失原因', 'Lost reason'],
  campaign: ['营销活动', 'Campaign'],
  deposits_avg: ['日均存款', 'Deposits (daily avg.)'],
  aum: ['金融资产', 'AUM'],
  loan_balance: ['贷款余额', 'Loan balance'],
  open_date: ['开户日期', 'Opened on'],
  last_active_date: ['最近活跃日期', 'Last active on'],
  next_maturity: ['最近到期日', 'Next maturity'],
  days_to_maturity: ['距到期天数', 'Days to maturity'],
  days_since_contact: ['距上次跟进天数', 'Days since last contact'],
  holds: ['持有产品', 'Holds'],
  change: ['较上月', 'vs last month'],
  loading: ['加载中…', 'Loading…'],
  empty: ['当前筛选下无数据', 'No data for this selection'],
  error: ['出错了', 'Something went wrong'],
  retry: ['重试', 'Retry'],
  engine_stopped: [
    '分析引擎已停止（其后台线程被终止或崩溃），图表无法更新。重启引擎会重新载入已加载的数据。',
    'The analysis engine stopped (its background worker was terminated or crashed), so the charts cannot update. Restarting it reloads the data.',
  ],
  restart_engine: ['重启引擎', 'Restart the engine'],
  restarting_engine: ['正在重启引擎…', 'Restarting the engine…'],
  show_table: ['数据表', 'Data table'],
  hide_table: ['收起数据表', 'Hide table'],
  clear_selection: ['清除选择', 'Clear selection'],
  selected: ['已选中', 'selected'],
  bank_average: ['全行平均', 'Bank average'],
  filtered_average: ['当前筛选平均', 'Filtered average'],
  no_value: ['—', '—'],
  no_customer_file: ['未载入客户文件', 'No customer file loaded'],
  missing_customers: ['未载入客户文件：分层与客群不可用', 'No customer file loaded: tiers and groups are unavailable'],
  not_started: ['未开始', 'Not started'],
  actual_share: ['占未筛选实际', 'Share of unfiltered actual'],
  untargeted_note: ['目标不随「{fields}」筛选：显示实际及其占比', 'Targets do not follow the {fields} {filter}: showing the actual and its share'],
  filter_one: ['筛选', 'filter'],
  filter_many: ['筛选', 'filters'],
} as const satisfies Dict;

export type TextKey = keyof typeof TEXT;

/** A UI string, with `{name}` placeholders filled. */
export function t(lang: Lang, key: TextKey, values: Record<string, string | number> = {}): string {
  const [zh, en] = TEXT[key];
  return (lang === 'en' ? en : zh).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** Fields (dimensions) whose name is a UI string: every field a filter or a grouping can name. */
const FIELD_KEYS: ReadonlySet<string> = new Set<TextKey>([
  'tier',
  'lifecycle',
  'industry_class',
  'industry',
  'relationship_type',
  'kind',
  'branch',
  'manager',
  'product',
  'classification',
  'stage',
  'channel',
  'as_of',
  'has_loan',
  'tier_owner',
  'is_strategic',
  'is_payroll',
  'customer_id',
  'lost_reason',
  'campaign',
  'deposits_avg',
  'aum',
  'loan_balance',
  'open_date',
  'last_active_date',
  'next_maturity',
  'days_to_maturity',
  'days_since_contact',
  'holds',
]);

/**
 * A clause's values as a filter chip or an export's scope writes them: `a、b`, `非a`, `a – b`,
 * `≥ a`, `≤ a` (`values` already in words).
 */
export function clauseValuesText(lang: Lang, op: FilterClause['op'], values: readonly string[], not = lang === 'en' ? 'not ' : '非'): string {
  if (op === 'between') return values.join(' – ');
  if (op === 'gte' || op === 'lte') return `${op === 'gte' ? '≥' : '≤'} ${values[0] ?? ''}`;
  const list = values.join(lang === 'en' ? ', ' : '、');
  return op === 'not_in' ? `${not}${list}` : list;
}

/** The words for a field (tier, industry_class, branch …), or undefined when there are none. */
export function fieldLabel(lang: Lang, field: string): string | undefined {
  return FIELD_KEYS.has(field) ? t(lang, field as TextKey) : undefined;
}

/** What a field's name leaves unsaid, for a tooltip where the field is named (has_loan: who 存量无贷户 are). */
export function fieldNote(lang: Lang, field: string): string | undefined {
  return field === 'has_loan' ? t(lang, 'has_loan_note') : undefined;
}

/** Fields by their labels, for a sentence: 客户分层」「产品 (inside 「」) / tier and product. */
export function fieldList(lang: Lang, fields: readonly string[]): string {
  const names = fields.map((f) => fieldLabel(lang, f) ?? f);
  return lang === 'en' ? names.map((n) => n.toLowerCase()).join(' and ') : names.join('」「');
}

/** The note of a view whose targets do not follow some of the filters: those fields, by their labels. */
export function untargetedNote(lang: Lang, fields: readonly string[]): string {
  return t(lang, 'untargeted_note', { fields: fieldList(lang, fields), filter: t(lang, fields.length > 1 ? 'filter_many' : 'filter_one') });
}

/** Fields whose values are amounts in yuan, and day counts: their values are written as such. */
const AMOUNT_FIELDS: ReadonlySet<string> = new Set(['deposits_avg', 'aum', 'loan_balance']);
const DAY_FIELDS: ReadonlySet<string> = new Set(['days_to_maturity', 'days_since_contact']);

/** The label of a data code (tier, class, stage, product …); unknown codes show as themselves. */

export function codeLabel(lang: Lang, code: string | null, field?: string): string {
  if (code === null) return lang === 'en' ? 'Unknown' : '未知';
  if (field === 'industry_class' && /^[123]$/.test(code)) return t(lang, 'industry_class_n', { n: code });
  if (field === 'has_loan' && (code === 'true' || code === 'false')) return lang === 'en' ? HAS_LOAN[code]![1] : HAS_LOAN[code]![0];
  if (field !== undefined && AMOUNT_FIELDS.has(field) && /^-?\d+(\.\d+)?$/.test(code)) return formatAmount(lang, Number(code));
  if (field !== undefined && DAY_FIELDS.has(field) && /^-?\d+$/.test(code)) return lang === 'en' ? `${code} days` : `${code}天`;
  const entry = Object.prototype.hasOwnProperty.call(CODES, code) ? CODES[code] : undefined;
  return entry ? (lang === 'en' ? entry[1] : entry[0]) : code;
}

const compactCache = new Map<string, Intl.NumberFormat>();
function formatter(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = compactCache.get(key);
  if (!f) compactCache.set(key, (f = make()));
  return f;
}

/** Money in yuan: 1.2亿 / 3,456万 in zh-CN, ¥1.2B / ¥34.6M in en. */
export function formatAmount(lang: Lang, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  // Two decimals from 1万 up, whole yuan below: one formatter for each (the cache key says which).
  const digits = Math.abs(value) >= 1e4 ? 2 : 0;
  const f = formatter(`amount:${lang}:${digits}`, () => new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: digits }));
  return lang === 'en' ? `¥${f.format(value)}` : `${f.format(value)}${Math.abs(value) < 1e4 ? '元' : ''}`;
}

export function formatCount(lang: Lang, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatter(`count:${lang}`, () => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 })).format(value);
}

/** Ratios: two decimals below 10 % (NPL ratios), one above. */
export function formatPercent(lang: Lang, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const digits = Math.abs(value) < 0.1 ? 2 : 1;
  return formatter(`pct:${lang}:${digits}`, () =>
    new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }),
  ).format(value);
}

/** A change in percentage points (ratios) with its sign. */
export function formatPointChange(lang: Lang, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const points = value * 100;
  const text = formatter(`pp:${lang}`, () => new Intl.NumberFormat(lang, { maximumFractionDigits: 2, signDisplay: 'exceptZero' })).format(points);
  return lang === 'en' ? `${text} pp` : `${text}个百分点`;
}

/** The unit every amount of a view is shown in: its size in yuan, what follows the number, and the decimals. */
export interface AmountUnit {
  /** Yuan per unit: 亿 1e8, 万 1e4, 元 1 (en: B 1e9, M 1e6, K 1e3, ¥ 1). */
  readonly size: number;
  readonly suffix: string;
  readonly digits: number;
}

/** One unit and precision for a set of amounts: labels, axis ticks and summaries of a view all read alike. */
export interface AmountFormat {
  readonly unit: AmountUnit;
  /** A label: the unit's decimals always (25.75亿 beside 16.70亿); a nonzero amount too small for them reads <0.01亿. */
  format(value: number | null | undefined): string;
  /** An axis tick: the same unit, no trailing zeros (0, 5亿, 7.5亿). */
  tick(value: number): string;
}

const UNITS: Record<Lang, readonly (readonly [size: number, suffix: string])[]> = {
  'zh-CN': [
    [1e8, '亿'],
    [1e4, '万'],
    [1, '元'],
  ],
  en: [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
    [1, ''],
  ],
};

/**
 * The unit of the largest amount in `values` (the top of the view's axis), two decimals from 万
 * (en: K) up, whole yuan below; every label of the view is then formatted in it (no 8,950.01万
 * beside 25.75亿: 0.90亿). An amount that would round up to the next unit takes it (99,999,999元: 1.00亿).
 */
export function amountFormat(lang: Lang, values: Iterable<number | null | undefined>): AmountFormat {
  let largest = 0;
  for (const v of values) if (v !== null && v !== undefined && Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  const units = UNITS[lang];
  const digitsOf = (size: number) => (size === 1 ? 0 : 2);
  const [size, suffix] = units.find(([s]) => Math.round(largest / (s / 10 ** digitsOf(s))) >= 10 ** digitsOf(s)) ?? units.at(-1)!;
  const unit: AmountUnit = { size, suffix, digits: digitsOf(size) };
  const number = (scaled: number, min: number) =>
    formatter(`unit:${lang}:${min}:${unit.digits}:${Math.abs(scaled) >= 1e4}`, () =>
      // Digits grouped from five up: 5579.57万, 12,345.67亿.
      new Intl.NumberFormat(lang, { minimumFractionDigits: min, maximumFractionDigits: unit.digits, useGrouping: Math.abs(scaled) >= 1e4 }),
    ).format(scaled);
  const withUnit = (text: string, negative: boolean) => (lang === 'en' ? `${negative ? '-' : ''}¥${text}${suffix}` : `${negative ? '-' : ''}${text}${suffix}`);
  return {
    unit,
    format(value) {
      if (value === null || value === undefined || !Number.isFinite(value)) return '—';
      // Rounded half up in whole steps of the last digit (4,635,000 is 463.5 steps of 1万/100: ¥4.64M, not the double 4.6349…).
      const steps = Math.round(Math.abs(value) / (size / 10 ** unit.digits));
      if (value !== 0 && steps === 0) {
        const least = withUnit(number(10 ** -unit.digits, unit.digits), false);
        return value > 0 ? `<${least}` : `>-${least}`;
      }
      return withUnit(number(steps / 10 ** unit.digits, unit.digits), value < 0 && steps !== 0);
    },
    tick(value) {
      if (value === 0) return '0';
      return withUnit(number(Math.abs(value) / size, 0), value < 0);
    },
  };
}
