/**
 * The order a view lists a field's values in when the user has not asked to sort by value: the
 * rules' and the schema's own order (tiers 对公 黄金 → 一般 then 零售, industry classes 1/2/3,
 * the five categories pass → loss, months ascending), else by code. It depends on the keys only,
 * never on the figures, so a filter changes no view's order.
 */
import { CHANNELS, CLASSIFICATIONS, CUSTOMER_KINDS, INDUSTRIES, LIFECYCLES, PIPELINE_PRODUCTS, RELATIONSHIP_TYPES, STAGES, TIERS, type DimensionName } from '@strata/sdk';

const ORDERS: Partial<Record<DimensionName, readonly string[]>> = {
  tier: TIERS,
  kind: [...CUSTOMER_KINDS].reverse(),
  industry: INDUSTRIES,
  industry_class: ['1', '2', '3'],
  lifecycle: LIFECYCLES,
  has_loan: ['true', 'false'],
  is_strategic: ['true', 'false'],
  is_payroll: ['true', 'false'],
  relationship_type: RELATIONSHIP_TYPES,
  product: PIPELINE_PRODUCTS,
  classification: CLASSIFICATIONS,
  stage: STAGES,
  channel: CHANNELS,
};

/** Compares two keys of `field`: listed ones in their list's order, then the rest by code, unknown (null) last. */
export function compareKeys(field: DimensionName, a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const list = ORDERS[field];
  const ia = list ? list.indexOf(a) : -1;
  const ib = list ? list.indexOf(b) : -1;
  if (ia !== ib) return ia === -1 ? 1 : ib === -1 ? -1 : ia - ib;
  return a < b ? -1 : 1;
}

/** `rows` (a copy) in `field`'s order of their keys. */
export function inKeyOrder<Row>(field: DimensionName, rows: readonly Row[], key: (row: Row) => string | null): Row[] {
  return [...rows].sort((x, y) => compareKeys(field, key(x), key(y)));
}

/** Whether a tier is a corporate (对公) one: the rules name them corp_…; the rest are retail (零售). */
export const isCorporateTier = (tier: string): boolean => tier.startsWith('corp_');
