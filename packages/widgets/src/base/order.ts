/**
 * The order a view lists a field's values in when the user has not asked to sort by value: the
 * rules' and the schema's own order (tiers 对公 黄金 → 一般 then 零售, industry classes 1/2/3,
 * the five categories pass → loss, months ascending), else by code. It depends on the keys only,
 * never on the figures, so a filter changes no view's order.
 */
import { CHANNELS, CLASSIFICATIONS, CUSTOMER_KINDS, INDUSTRIES, LIFECYCLES, PIPELINE_PRODUCTS, RELATIONSHIP_TYPES, STAGES, TIERS, type DimensionName, type FilterValue } from '@strata/sdk';
import { keyText } from './keys.ts';

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

/** `rows` (a copy) in `field`'s order of their keys (typed, as the SDK's rows give them). */
export function inKeyOrder<Row>(field: DimensionName, rows: readonly Row[], key: (row: Row) => FilterValue): Row[] {
  return [...rows].sort((x, y) => compareKeys(field, keyText(key(x)), keyText(key(y))));
}

/** Whether a tier is a corporate (对公) one: the rules name them corp_…; the rest are retail (零售). */
export const isCorporateTier = (tier: string): boolean => tier.startsWith('corp_');

export type TierBand = 'corporate' | 'retail' | 'unknown';

/** A tier's group: 对公, 零售, or unknown (no tier). */
export const tierBand = (tier: string | null): TierBand => (tier === null ? 'unknown' : isCorporateTier(tier) ? 'corporate' : 'retail');

/** The groups in the order a tier view lists them. */
export const TIER_BAND_ORDER: Record<TierBand, number> = { corporate: 0, retail: 1, unknown: 2 };

/**
 * The runs of tiers of one group in `tiers` (in the order drawn), each with its label: the blocks
 * a chart draws 对公 and 零售 in (renderers' `groups`).
 */
export function tierBlocks(tiers: readonly (string | null)[], label: (band: TierBand) => string): { label: string; size: number }[] {
  const runs: { band: TierBand; size: number }[] = [];
  for (const tier of tiers) {
    const band = tierBand(tier);
    const last = runs.at(-1);
    if (last?.band === band) last.size += 1;
    else runs.push({ band, size: 1 });
  }
  return runs.map(({ band, size }) => ({ label: label(band), size }));
}
