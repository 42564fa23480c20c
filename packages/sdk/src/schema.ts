/**
 * The canonical data model (DESIGN.md): tables, columns, types and code lists.
 * Loading maps a user's file onto these; every metric reads only these names.
 */

export type ColumnType = 'text' | 'double' | 'int' | 'date' | 'bool' | 'enum';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** A row without a value here is rejected. */
  readonly required?: boolean;
  /** Canonical codes of an enum column. */
  readonly codes?: readonly string[];
  /** Money in yuan: accepts thousands separators and the 万元 unit. */
  readonly money?: boolean;
  /** Negative values are rejected (balances, amounts, counts). */
  readonly nonNegative?: boolean;
  /** Foreign key: table and column it must exist in when that table is loaded. */
  readonly references?: { readonly table: TableName; readonly column: string };
}

export interface TableSpec {
  readonly name: TableName;
  readonly columns: readonly ColumnSpec[];
  /** Columns whose combination must be unique. */
  readonly key: readonly string[];
}

export const TABLE_NAMES = ['branches', 'managers', 'customers', 'loans', 'pipeline', 'campaigns', 'targets', 'holdings', 'contacts'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const BRANCH_LEVELS = ['head_office', 'branch', 'sub_branch', 'outlet'] as const;
export const CUSTOMER_KINDS = ['retail', 'corporate'] as const;
/** A manager's post, from the relationship manager up to the branch head (the tier owners' levels). */
export const MANAGER_ROLES = ['relationship_manager', 'wealth_manager', 'team_lead', 'sub_branch_head', 'branch_head'] as const;
export const COLLATERALS = ['mortgage', 'pledge', 'guarantee', 'credit'] as const;
/** What a customer may hold beyond loans (holdings.product). */
export const HOLDING_PRODUCTS = [
  'deposit',
  'wealth',
  'fund',
  'insurance',
  'credit_card',
  'mobile_banking',
  'online_banking',
  'wechat_banking',
  'payroll',
  'acquiring',
] as const;
export const CONTACT_CHANNELS = ['visit', 'phone', 'wechat', 'event', 'branch'] as const;
export const RELATIONSHIP_TYPES = ['settlement', 'credit', 'relationship', 'channel'] as const;
export const PRODUCTS = [
  'mortgage',
  'auto',
  'consumer',
  'business',
  'card_installment',
  'credit_card',
  'working_capital',
  'fixed_asset',
  'trade_finance',
] as const;
/** Pipeline products: the loan products (credit_card counts cards issued) and deposits. */
export const PIPELINE_PRODUCTS = [...PRODUCTS, 'deposit'] as const;
export const CLASSIFICATIONS = ['pass', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export const NPL_CLASSES = ['substandard', 'doubtful', 'loss'] as const;
export const CHANNELS = [
  'existing_customer',
  'developer_partner',
  'dealer_partner',
  'payroll_unit',
  'referral',
  'phone',
  'event',
  'online',
  'grid_visit',
] as const;
/** Pipeline stages in funnel order; `lost` is outside the funnel. */
export const STAGES = ['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed', 'lost'] as const;
export const FUNNEL_STAGES = ['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed'] as const;
export const TARGET_SCOPES = ['branch', 'manager'] as const;
export const TARGET_METRICS = ['loan_amount', 'cards', 'installment_amount', 'new_customers'] as const;

/** Products whose five-category floors follow the credit-card day counts. */
export const CARD_PRODUCTS = ['credit_card', 'card_installment'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export type Product = (typeof PRODUCTS)[number];
export type PipelineProduct = (typeof PIPELINE_PRODUCTS)[number];
export type Stage = (typeof STAGES)[number];
export type Channel = (typeof CHANNELS)[number];
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export type TargetMetric = (typeof TARGET_METRICS)[number];
export type TargetScope = (typeof TARGET_SCOPES)[number];
export type ManagerRole = (typeof MANAGER_ROLES)[number];
export type Collateral = (typeof COLLATERALS)[number];
export type HoldingProduct = (typeof HOLDING_PRODUCTS)[number];
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

const ref = (table: TableName, column: string) => ({ table, column });

export const SCHEMA: Readonly<Record<TableName, TableSpec>> = {
  branches: {
    name: 'branches',
    key: ['branch_id'],
    columns: [
      { name: 'branch_id', type: 'text', required: true },
      { name: 'name', type: 'text', required: true },
      { name: 'parent_id', type: 'text' },
      { name: 'level', type: 'enum', codes: BRANCH_LEVELS, required: true },
      { name: 'grid', type: 'text' },
    ],
  },
  managers: {
    name: 'managers',
    key: ['manager_id'],
    columns: [
      { name: 'manager_id', type: 'text', required: true },
      { name: 'name', type: 'text', required: true },
      { name: 'branch_id', type: 'text', required: true, references: ref('branches', 'branch_id') },
      { name: 'role', type: 'enum', codes: MANAGER_ROLES },
    ],
  },
  customers: {
    name: 'customers',
    key: ['customer_id'],
    columns: [
      { name: 'customer_id', type: 'text', required: true },
      { name: 'name', type: 'text' },
      { name: 'kind', type: 'enum', codes: CUSTOMER_KINDS, required: true },
      { name: 'branch_id', type: 'text', references: ref('branches', 'branch_id') },
      { name: 'manager_id', type: 'text', references: ref('managers', 'manager_id') },
      { name: 'industry', type: 'text' },
      { name: 'deposits_avg', type: 'double', money: true, nonNegative: true },
      { name: 'aum', type: 'double', money: true, nonNegative: true },
      { name: 'products_held', type: 'int', nonNegative: true },
      { name: 'relationship_type', type: 'enum', codes: RELATIONSHIP_TYPES },
      { name: 'is_strategic', type: 'bool' },
      { name: 'is_payroll', type: 'bool' },
      { name: 'open_date', type: 'date' },
      { name: 'last_active_date', type: 'date' },
      { name: 'birth_year', type: 'int' },
      { name: 'contribution', type: 'double', money: true },
      { name: 'employer_id', type: 'text' },
    ],
  },
  loans: {
    name: 'loans',
    key: ['as_of', 'loan_id'],
    columns: [
      { name: 'as_of', type: 'date', required: true },
      { name: 'loan_id', type: 'text', required: true },
      { name: 'customer_id', type: 'text', required: true, references: ref('customers', 'customer_id') },
      { name: 'branch_id', type: 'text', references: ref('branches', 'branch_id') },
      { name: 'product', type: 'enum', codes: PRODUCTS, required: true },
      { name: 'balance', type: 'double', money: true, nonNegative: true, required: true },
      { name: 'classification', type: 'enum', codes: CLASSIFICATIONS, required: true },
      { name: 'dpd', type: 'int', nonNegative: true },
      { name: 'origination_date', type: 'date' },
      { name: 'maturity_date', type: 'date' },
      { name: 'original_amount', type: 'double', money: true, nonNegative: true },
      { name: 'collateral', type: 'enum', codes: COLLATERALS },
    ],
  },
  pipeline: {
    name: 'pipeline',
    key: ['lead_id'],
    columns: [
      { name: 'lead_id', type: 'text', required: true },
      { name: 'customer_id', type: 'text', references: ref('customers', 'customer_id') },
      { name: 'campaign_id', type: 'text', references: ref('campaigns', 'campaign_id') },
      { name: 'branch_id', type: 'text', references: ref('branches', 'branch_id') },
      { name: 'manager_id', type: 'text', references: ref('managers', 'manager_id') },
      { name: 'product', type: 'enum', codes: PIPELINE_PRODUCTS },
      { name: 'channel', type: 'enum', codes: CHANNELS },
      { name: 'stage', type: 'enum', codes: STAGES, required: true },
      { name: 'amount', type: 'double', money: true, nonNegative: true },
      { name: 'created_at', type: 'date', required: true },
      { name: 'updated_at', type: 'date' },
      { name: 'lost_reason', type: 'text' },
    ],
  },
  campaigns: {
    name: 'campaigns',
    key: ['campaign_id'],
    columns: [
      { name: 'campaign_id', type: 'text', required: true },
      { name: 'name', type: 'text', required: true },
      { name: 'start_date', type: 'date', required: true },
      { name: 'end_date', type: 'date', required: true },
    ],
  },
  targets: {
    name: 'targets',
    key: ['campaign_id', 'scope', 'scope_id', 'metric'],
    columns: [
      { name: 'campaign_id', type: 'text', required: true, references: ref('campaigns', 'campaign_id') },
      { name: 'scope', type: 'enum', codes: TARGET_SCOPES, required: true },
      { name: 'scope_id', type: 'text', required: true },
      { name: 'metric', type: 'enum', codes: TARGET_METRICS, required: true },
      { name: 'target', type: 'double', nonNegative: true, required: true },
    ],
  },
  holdings: {
    name: 'holdings',
    key: ['customer_id', 'product', 'opened_on'],
    columns: [
      { name: 'customer_id', type: 'text', required: true, references: ref('customers', 'customer_id') },
      { name: 'product', type: 'enum', codes: HOLDING_PRODUCTS, required: true },
      { name: 'opened_on', type: 'date', required: true },
      { name: 'closed_on', type: 'date' },
      { name: 'balance', type: 'double', money: true, nonNegative: true },
    ],
  },
  contacts: {
    name: 'contacts',
    key: ['contact_id'],
    columns: [
      { name: 'contact_id', type: 'text', required: true },
      { name: 'customer_id', type: 'text', references: ref('customers', 'customer_id') },
      { name: 'lead_id', type: 'text', references: ref('pipeline', 'lead_id') },
      { name: 'manager_id', type: 'text', references: ref('managers', 'manager_id') },
      { name: 'contact_date', type: 'date', required: true },
      { name: 'channel', type: 'enum', codes: CONTACT_CHANNELS },
      { name: 'outcome', type: 'text' },
      { name: 'next_date', type: 'date' },
    ],
  },
};

/** Row shapes of the canonical tables as the generator and array-of-object loads use them. */
export interface BranchRow {
  branch_id: string;
  name: string;
  parent_id: string | null;
  level: (typeof BRANCH_LEVELS)[number];
  grid: string | null;
}
export interface ManagerRow {
  manager_id: string;
  name: string;
  branch_id: string;
  /** Optional: absent from a row is no post given. */
  role?: ManagerRole | null;
}
export interface CustomerRow {
  customer_id: string;
  name: string | null;
  kind: CustomerKind;
  branch_id: string | null;
  manager_id: string | null;
  industry: string | null;
  deposits_avg: number | null;
  aum: number | null;
  products_held: number | null;
  relationship_type: (typeof RELATIONSHIP_TYPES)[number] | null;
  is_strategic: boolean | null;
  is_payroll: boolean | null;
  open_date: string | null;
  last_active_date: string | null;
  birth_year: number | null;
  contribution: number | null;
  /** The customer id of the unit that pays this customer's salary (代发单位); optional. */
  employer_id?: string | null;
}
export interface LoanRow {
  as_of: string;
  loan_id: string;
  customer_id: string;
  branch_id: string | null;
  product: Product;
  balance: number;
  classification: Classification;
  dpd: number | null;
  origination_date: string | null;
  maturity_date: string | null;
  original_amount: number | null;
  collateral?: Collateral | null;
}
export interface PipelineRow {
  lead_id: string;
  customer_id: string | null;
  campaign_id: string | null;
  branch_id: string | null;
  manager_id: string | null;
  product: PipelineProduct | null;
  channel: Channel | null;
  stage: Stage;
  amount: number | null;
  created_at: string;
  updated_at: string | null;
  lost_reason: string | null;
}
export interface CampaignRow {
  campaign_id: string;
  name: string;
  start_date: string;
  end_date: string;
}
export interface TargetRow {
  campaign_id: string;
  scope: TargetScope;
  scope_id: string;
  metric: TargetMetric;
  target: number;
}
export interface HoldingRow {
  customer_id: string;
  product: HoldingProduct;
  opened_on: string;
  closed_on: string | null;
  balance: number | null;
}
export interface ContactRow {
  contact_id: string;
  customer_id: string | null;
  lead_id: string | null;
  manager_id: string | null;
  contact_date: string;
  channel: ContactChannel | null;
  outcome: string | null;
  next_date: string | null;
}
export interface TableRows {
  branches: BranchRow;
  managers: ManagerRow;
  customers: CustomerRow;
  loans: LoanRow;
  pipeline: PipelineRow;
  campaigns: CampaignRow;
  targets: TargetRow;
  holdings: HoldingRow;
  contacts: ContactRow;
}

export function columnSpec(table: TableName, column: string): ColumnSpec | undefined {
  return SCHEMA[table].columns.find((c) => c.name === column);
}
