/**
 * The fields metrics group by and filters select on. Each lives natively in some of the three
 * fact views (customers, loans, pipeline); a filter on a field another fact lacks reaches it
 * through the customer (see queries/where.ts).
 */
import { describeValue, StrataOptionError } from './errors.ts';

export type Fact = 'customers' | 'loans' | 'pipeline';
export type DimensionType = 'text' | 'int' | 'bool' | 'date' | 'number';

export interface Dimension {
  readonly key: string;
  readonly type: DimensionType;
  /** Facts that carry this column. */
  readonly facts: readonly Fact[];
  /** Column holding a display name for the key (branch and manager names). */
  readonly labelColumn?: string;
  /**
   * The facts on which this field is the customer's own (read from the customer file): without
   * customers it is unknown there (queries/missing-data.ts).
   */
  readonly customerOn?: readonly Fact[];
  /**
   * A field to select by and never to group by: an amount, a date or a day count (ranges), or what
   * a customer holds. Only the customer facts carry it; other facts select their customers by it.
   */
  readonly selectOnly?: true;
}

const CUSTOMER: readonly Fact[] = ['customers'];

const ALL: readonly Fact[] = ['customers', 'loans', 'pipeline'];

export const DIMENSIONS = {
  kind: { key: 'kind', type: 'text', facts: ALL, customerOn: ALL },
  tier: { key: 'tier', type: 'text', facts: ALL, customerOn: ALL },
  tier_owner: { key: 'tier_owner', type: 'text', facts: ALL, customerOn: ALL },
  industry: { key: 'industry', type: 'text', facts: ALL, customerOn: ALL },
  industry_class: { key: 'industry_class', type: 'int', facts: ALL, customerOn: ALL },
  lifecycle: { key: 'lifecycle', type: 'text', facts: ALL, customerOn: ALL },
  /** 存量无贷户 is `false`: the customer has no loan at the latest month end (whatever its lifecycle group). */
  has_loan: { key: 'has_loan', type: 'bool', facts: ALL, customerOn: ALL },
  relationship_type: { key: 'relationship_type', type: 'text', facts: ALL, customerOn: ALL },
  is_strategic: { key: 'is_strategic', type: 'bool', facts: ALL, customerOn: ALL },
  is_payroll: { key: 'is_payroll', type: 'bool', facts: ALL, customerOn: ALL },
  customer_id: { key: 'customer_id', type: 'text', facts: ALL },
  branch: { key: 'branch_id', type: 'text', facts: ALL, labelColumn: 'branch_name' },
  // A loan's manager is its customer's; a lead names its own.
  manager: { key: 'manager_id', type: 'text', facts: ALL, labelColumn: 'manager_name', customerOn: ['customers', 'loans'] },
  product: { key: 'product', type: 'text', facts: ['loans', 'pipeline'] },
  classification: { key: 'classification', type: 'text', facts: ['loans'] },
  as_of: { key: 'as_of', type: 'date', facts: ['loans'] },
  stage: { key: 'stage', type: 'text', facts: ['pipeline'] },
  channel: { key: 'channel', type: 'text', facts: ['pipeline'] },
  campaign: { key: 'campaign_id', type: 'text', facts: ['pipeline'] },
  lost_reason: { key: 'lost_reason', type: 'text', facts: ['pipeline'] },
  // Ranges over the customer: amounts in yuan, dates, and day counts to the data's reference date.
  deposits_avg: { key: 'deposits_avg', type: 'number', facts: CUSTOMER, customerOn: CUSTOMER, selectOnly: true },
  aum: { key: 'aum', type: 'number', facts: CUSTOMER, customerOn: CUSTOMER, selectOnly: true },
  /** The customer's loan balance at the latest month end (0 without a loan). */
  loan_balance: { key: 'loan_balance', type: 'number', facts: CUSTOMER, customerOn: CUSTOMER, selectOnly: true },
  open_date: { key: 'open_date', type: 'date', facts: CUSTOMER, customerOn: CUSTOMER, selectOnly: true },
  last_active_date: { key: 'last_active_date', type: 'date', facts: CUSTOMER, customerOn: CUSTOMER, selectOnly: true },
  /** The earliest maturity, on or after the reference date, of the customer's loans at the latest month end. */
  next_maturity: { key: 'next_maturity', type: 'date', facts: CUSTOMER, customerOn: CUSTOMER, selectOnly: true },
  days_to_maturity: { key: 'days_to_maturity', type: 'int', facts: CUSTOMER, customerOn: CUSTOMER, selectOnly: true },
  /** Days from the customer's last contact to the reference date (NULL: never contacted). */
  days_since_contact: { key: 'days_since_contact', type: 'int', facts: CUSTOMER, customerOn: CUSTOMER, selectOnly: true },
  /**
   * What the customer holds: a loan product with a loan at the latest month end, or a holdings
   * product open at the reference date. `in` selects those holding any of the values, `not_in`
   * those holding none of them.
   */
  holds: { key: 'holds', type: 'text', facts: CUSTOMER, selectOnly: true },
} as const satisfies Record<string, Dimension>;

export type DimensionName = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as DimensionName[];

/** camelCase and column spellings accepted for each dimension name. */
const ALIASES: Record<string, DimensionName> = {
  industryClass: 'industry_class',
  tierOwner: 'tier_owner',
  relationshipType: 'relationship_type',
  isStrategic: 'is_strategic',
  isPayroll: 'is_payroll',
  hasLoan: 'has_loan',
  customerId: 'customer_id',
  branch_id: 'branch',
  branchId: 'branch',
  manager_id: 'manager',
  managerId: 'manager',
  campaign_id: 'campaign',
  campaignId: 'campaign',
  asOf: 'as_of',
  month: 'as_of',
  lostReason: 'lost_reason',
  depositsAvg: 'deposits_avg',
  loanBalance: 'loan_balance',
  openDate: 'open_date',
  lastActiveDate: 'last_active_date',
  nextMaturity: 'next_maturity',
  daysToMaturity: 'days_to_maturity',
  daysSinceContact: 'days_since_contact',
};

/** Any accepted spelling of a dimension name. */
export type DimensionInput = DimensionName | keyof typeof ALIASES | (string & {});

/** A dimension name that is none of the names or spellings above (`option` says where it was given). */
export class UnknownDimensionError extends StrataOptionError {
  override name = 'UnknownDimensionError';
}

/** The dimension `name` spells (read from own properties only: `__proto__` or `toString` is no dimension). */
export function dimension(name: DimensionInput, option = 'dimension'): Dimension & { name: DimensionName } {
  const text: unknown = name;
  const resolved =
    typeof text !== 'string' ? undefined : Object.hasOwn(DIMENSIONS, text) ? (text as DimensionName) : Object.hasOwn(ALIASES, text) ? ALIASES[text] : undefined;
  if (!resolved) {
    const accepted = `one of ${DIMENSION_NAMES.join(', ')}`;
    throw new UnknownDimensionError(option, name, accepted, `Unknown dimension ${describeValue(name)}: expected ${accepted}`);
  }
  return { ...DIMENSIONS[resolved], name: resolved };
}
