/**
 * The fields metrics group by and filters select on. Each lives natively in some of the three
 * fact views (customers, loans, pipeline); a filter on a field another fact lacks reaches it
 * through the customer (see queries/where.ts).
 */
export type Fact = 'customers' | 'loans' | 'pipeline';
export type DimensionType = 'text' | 'int' | 'bool' | 'date';

export interface Dimension {
  readonly key: string;
  readonly type: DimensionType;
  /** Facts that carry this column. */
  readonly facts: readonly Fact[];
  /** Column holding a display name for the key (branch and manager names). */
  readonly labelColumn?: string;
}

const ALL: readonly Fact[] = ['customers', 'loans', 'pipeline'];

export const DIMENSIONS = {
  kind: { key: 'kind', type: 'text', facts: ALL },
  tier: { key: 'tier', type: 'text', facts: ALL },
  tier_owner: { key: 'tier_owner', type: 'text', facts: ALL },
  industry: { key: 'industry', type: 'text', facts: ALL },
  industry_class: { key: 'industry_class', type: 'int', facts: ALL },
  lifecycle: { key: 'lifecycle', type: 'text', facts: ALL },
  relationship_type: { key: 'relationship_type', type: 'text', facts: ALL },
  is_strategic: { key: 'is_strategic', type: 'bool', facts: ALL },
  is_payroll: { key: 'is_payroll', type: 'bool', facts: ALL },
  customer_id: { key: 'customer_id', type: 'text', facts: ALL },
  branch: { key: 'branch_id', type: 'text', facts: ALL, labelColumn: 'branch_name' },
  manager: { key: 'manager_id', type: 'text', facts: ALL, labelColumn: 'manager_name' },
  product: { key: 'product', type: 'text', facts: ['loans', 'pipeline'] },
  classification: { key: 'classification', type: 'text', facts: ['loans'] },
  as_of: { key: 'as_of', type: 'date', facts: ['loans'] },
  stage: { key: 'stage', type: 'text', facts: ['pipeline'] },
  channel: { key: 'channel', type: 'text', facts: ['pipeline'] },
  campaign: { key: 'campaign_id', type: 'text', facts: ['pipeline'] },
  lost_reason: { key: 'lost_reason', type: 'text', facts: ['pipeline'] },
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
};

/** Any accepted spelling of a dimension name. */
export type DimensionInput = DimensionName | keyof typeof ALIASES | (string & {});

export class UnknownDimensionError extends RangeError {
  override name = 'UnknownDimensionError';
}

export function dimension(name: DimensionInput): Dimension & { name: DimensionName } {
  const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  const resolved = (own(DIMENSIONS, name) ? name : own(ALIASES, name) ? ALIASES[name] : undefined) as DimensionName | undefined;
  if (!resolved) {
    throw new UnknownDimensionError(`Unknown dimension ${JSON.stringify(String(name))}: expected one of ${DIMENSION_NAMES.join(', ')}`);
  }
  return { ...DIMENSIONS[resolved], name: resolved };
}
