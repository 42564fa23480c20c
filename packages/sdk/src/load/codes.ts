/**
 * What a loader accepts for each enum column beside the canonical code: the Chinese labels bank
 * systems export, the five-category codes 1..5, and common English spellings.
 */
export const CODE_ALIASES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  kind: {
    retail: ['零售', '个人', '个人客户', '对私', 'individual', 'personal'],
    corporate: ['对公', '公司', '企业', '法人', '公司客户', 'company', 'business'],
  },
  classification: {
    pass: ['正常', '正常类', '1', 'normal'],
    special_mention: ['关注', '关注类', '2', 'sm', 'watch'],
    substandard: ['次级', '次级类', '3'],
    doubtful: ['可疑', '可疑类', '4'],
    loss: ['损失', '损失类', '5'],
  },
  level: {
    head_office: ['总行'],
    branch: ['分行'],
    sub_branch: ['支行'],
    outlet: ['网点', '营业网点', '分理处'],
  },
  role: {
    relationship_manager: ['客户经理', '对公客户经理', '零售客户经理'],
    wealth_manager: ['理财经理', '财富顾问'],
    team_lead: ['团队长', '团队负责人'],
    sub_branch_head: ['支行行长', '支行长', '网点负责人'],
    branch_head: ['分行行长', '行长'],
  },
  collateral: {
    mortgage: ['抵押', '抵押贷款'],
    pledge: ['质押', '质押贷款'],
    guarantee: ['保证', '担保', '保证贷款'],
    credit: ['信用', '信用贷款'],
  },
  relationship_type: {
    settlement: ['结算型', '结算'],
    credit: ['信贷型', '信贷'],
    relationship: ['关系型', '关系'],
    channel: ['渠道型', '渠道'],
  },
  product: {
    mortgage: ['按揭', '个人住房贷款', '个人住房按揭贷款', '住房按揭贷款', '住房按揭', '住房贷款', '房贷', '个人住房公积金组合贷款'],
    auto: ['汽车贷款', '车贷', '个人汽车贷款', '个人汽车消费贷款'],
    consumer: ['消费贷', '消费贷款', '个人消费贷款', '个人综合消费贷款', '个人信用消费贷款'],
    business: ['经营贷', '经营贷款', '个人经营贷款', '个人经营性贷款', '经营性贷款', '个人商用房贷款'],
    card_installment: ['信用卡分期', '专项分期', '分期', '信用卡专项分期'],
    credit_card: ['信用卡', '贷记卡', 'card'],
    working_capital: ['流动资金贷款', '流贷'],
    fixed_asset: ['固定资产贷款', '固贷'],
    trade_finance: ['贸易融资'],
    deposit: ['存款', '储蓄存款'],
    wealth: ['理财', '理财产品'],
    fund: ['基金'],
    insurance: ['保险', '代理保险'],
    mobile_banking: ['手机银行'],
    online_banking: ['网上银行', '个人网银', '企业网银'],
    wechat_banking: ['微信银行'],
    payroll: ['代发工资', '代发业务'],
    acquiring: ['收单', '收单业务', '商户收单', 'POS收单'],
  },
  stage: {
    identified: ['线索', '已识别', '潜在客户', 'lead'],
    contacted: ['已联系', '已接触', '首次接触'],
    follow_up: ['跟进', '跟进中', '待跟进', 'followup'],
    applied: ['已申请', '申请', '进件', 'application'],
    approved: ['已批待放', '已审批', '审批通过', 'approved_pending_disbursement'],
    disbursed: ['已放款', '已投放', '放款', '已发卡'],
    lost: ['流失', '已流失', '失败', '拒绝'],
  },
  channel: {
    existing_customer: ['存量客户'],
    developer_partner: ['开发商', '合作开发商'],
    dealer_partner: ['经销商', '汽车经销商'],
    payroll_unit: ['代发单位', '代发'],
    referral: ['转介', '客户推荐', '推荐'],
    phone: ['电话', '电话营销'],
    event: ['活动', '营销活动'],
    online: ['线上', '网银', '手机银行'],
    grid_visit: ['网格', '网格走访', '扫街'],
    visit: ['走访', '上门', '上门走访', '拜访'],
    wechat: ['微信'],
    branch: ['厅堂', '到店', '网点接待'],
  },
  scope: {
    branch: ['机构', '支行'],
    manager: ['客户经理'],
  },
  metric: {
    loan_amount: ['个人贷款投放', '贷款投放'],
    cards: ['信用卡发卡', '发卡'],
    installment_amount: ['专项分期金额'],
    new_customers: ['新增客户'],
  },
};

/** The same normalisation in TypeScript as `normalizedCodeSql` applies in SQL. */
export function normalizeCode(text: string): string {
  return text.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Alias → canonical code for one enum column (canonical codes map to themselves). */
export function codeLookup(column: string, codes: readonly string[]): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const code of codes) lookup.set(normalizeCode(code), code);
  const aliases = CODE_ALIASES[column] ?? {};
  for (const [code, names] of Object.entries(aliases)) {
    if (!codes.includes(code)) continue;
    for (const name of names) lookup.set(normalizeCode(name), code);
  }
  return lookup;
}

/** Header names a loader recognises without a mapping, beside the canonical snake_case name. */
export const COLUMN_ALIASES: Readonly<Record<string, readonly string[]>> = {
  // Most specific first: a file with both 机构号 and 机构 maps the number.
  branch_id: ['机构号', '机构编号', '机构代码', '网点号', '网点编号', '机构', '网点'],
  manager_id: ['客户经理号', '客户经理编号', '客户经理'],
  customer_id: ['客户号', '客户编号', '客户id', '客户代码'],
  name: ['名称', '客户名称', '姓名', '机构名称'],
  parent_id: ['上级机构', '上级机构号'],
  level: ['机构层级', '层级'],
  grid: ['网格'],
  kind: ['客户类型', '客户类别'],
  industry: ['行业', '单位行业', '所属行业'],
  deposits_avg: ['日均存款', '存款日均'],
  aum: ['金融资产', '资产规模'],
  products_held: ['持有产品数', '产品数'],
  relationship_type: ['服务类型', '客户关系类型'],
  is_strategic: ['总对总', '战略客户'],
  is_payroll: ['代发', '代发客户'],
  open_date: ['开户日期'],
  last_active_date: ['最近活跃日期', '最后交易日期'],
  birth_year: ['出生年份'],
  contribution: ['综合贡献度', '贡献度'],
  as_of: ['数据日期', '统计日期', '报表日期'],
  loan_id: ['借据号', '借据编号', '贷款编号', '贷款账号', '贷款号'],
  product: ['产品', '产品名称', '贷款产品', '贷款品种', '业务品种', '产品类型'],
  balance: ['贷款余额', '余额'],
  classification: ['五级分类', '风险分类', '五级分类结果'],
  dpd: ['逾期天数'],
  origination_date: ['放款日期', '发放日期', '放款日', '发放日'],
  maturity_date: ['到期日', '到期日期'],
  original_amount: ['合同金额', '发放金额', '贷款金额', '放款金额'],
  lead_id: ['线索号', '线索编号'],
  campaign_id: ['活动号', '活动编号'],
  channel: ['渠道', '获客渠道'],
  stage: ['阶段', '营销阶段', '状态'],
  amount: ['金额', '意向金额'],
  created_at: ['创建日期', '录入日期'],
  updated_at: ['更新日期', '最近跟进日期'],
  lost_reason: ['流失原因'],
  role: ['岗位', '职务'],
  employer_id: ['代发单位', '代发单位客户号', '工作单位客户号'],
  collateral: ['担保方式', '主要担保方式'],
  opened_on: ['开立日期', '签约日期', '开通日期'],
  closed_on: ['销户日期', '解约日期', '关闭日期'],
  contact_id: ['跟进记录号', '走访记录号', '记录号'],
  contact_date: ['跟进日期', '走访日期', '联系日期'],
  outcome: ['跟进结果', '走访结果', '结果'],
  next_date: ['下次跟进日期', '计划跟进日期'],
  start_date: ['开始日期'],
  end_date: ['结束日期'],
  scope: ['考核对象类型'],
  scope_id: ['考核对象'],
  metric: ['指标'],
  target: ['目标', '任务'],
};

export function normalizeHeader(text: string): string {
  return text.trim().toLowerCase().replace(/[\s\-.]+/g, '_');
}
