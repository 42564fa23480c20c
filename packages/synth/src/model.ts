/**
 * The portfolio model: products, industries, risk groups and their parameters.
 * Every calibration figure the generator aims at lives here.
 */
import type { Classification, Product } from '@strata/sdk';
import { DEFAULT_RULES, INDUSTRY_CLASS_1, INDUSTRY_CLASS_2, INDUSTRY_CLASS_3_EXAMPLES } from '@strata/sdk';

/** How principal is repaid: equal instalments, equal principal, or all at maturity. */
export type Repay = 'annuity' | 'linear' | 'bullet';

export interface ProductSpec {
  code: Product;
  /** Terms in months and their weights. */
  terms: readonly number[];
  termWeights: readonly number[];
  /** Log-normal original amount (yuan). */
  median: number;
  sigma: number;
  min: number;
  max: number;
  /** Annual interest rate (annuity schedule). */
  rate: number;
  repay: Repay;
  /** Original amounts are rounded to this many yuan. */
  unit: number;
  /** Five-category floors on the credit-card day counts. */
  card: boolean;
}

export const PRODUCT_SPECS: readonly ProductSpec[] = [
  { code: 'mortgage', terms: [120, 180, 240, 300, 360], termWeights: [15, 15, 30, 15, 25], median: 520_000, sigma: 0.5, min: 100_000, max: 3_000_000, rate: 0.042, repay: 'annuity', unit: 1000, card: false },
  { code: 'auto', terms: [24, 36, 60], termWeights: [25, 45, 30], median: 120_000, sigma: 0.4, min: 30_000, max: 600_000, rate: 0.055, repay: 'annuity', unit: 100, card: false },
  { code: 'consumer', terms: [12, 24, 36, 60], termWeights: [30, 30, 30, 10], median: 60_000, sigma: 0.7, min: 5_000, max: 500_000, rate: 0.07, repay: 'annuity', unit: 100, card: false },
  { code: 'business', terms: [12, 24, 36], termWeights: [50, 30, 20], median: 300_000, sigma: 0.8, min: 30_000, max: 5_000_000, rate: 0.055, repay: 'bullet', unit: 1000, card: false },
  { code: 'card_installment', terms: [6, 12, 24, 36], termWeights: [25, 40, 25, 10], median: 20_000, sigma: 0.7, min: 2_000, max: 200_000, rate: 0, repay: 'linear', unit: 100, card: true },
  { code: 'working_capital', terms: [6, 12, 24], termWeights: [20, 60, 20], median: 5_000_000, sigma: 1.0, min: 300_000, max: 100_000_000, rate: 0.045, repay: 'bullet', unit: 10_000, card: false },
  { code: 'fixed_asset', terms: [36, 60, 96, 120], termWeights: [20, 35, 25, 20], median: 20_000_000, sigma: 1.0, min: 1_000_000, max: 300_000_000, rate: 0.048, repay: 'linear', unit: 10_000, card: false },
  { code: 'trade_finance', terms: [3, 6, 12], termWeights: [30, 45, 25], median: 3_000_000, sigma: 0.9, min: 200_000, max: 50_000_000, rate: 0.04, repay: 'bullet', unit: 10_000, card: false },
];
export const RETAIL_PRODUCT_COUNT = 5;

/** Product mix (weights over PRODUCT_SPECS) by customer class: 0 corporate, 1–3 retail industry classes. */
export const PRODUCT_MIX: readonly (readonly number[])[] = [
  [0, 0, 0, 0, 0, 55, 20, 25],
  [30, 10, 28, 6, 26, 0, 0, 0],
  [24, 10, 26, 18, 22, 0, 0, 0],
  [14, 8, 32, 22, 24, 0, 0, 0],
];
/** Size multiplier of original amounts by customer class (class 3 then steered by the balance-share controller). */
export const AMOUNT_MULTIPLIER = [1, 1.05, 1, 0.85] as const;

/** Industry class (rules.ts DEFAULT_RULES.industryClass; unlisted → 3). */
export function industryClass(industry: string): 1 | 2 | 3 {
  return DEFAULT_RULES.industryClass[industry] ?? 3;
}

const CLASS_INDUSTRY_WEIGHTS: Record<string, number> = {
  government: 15,
  education_health_culture: 25,
  military: 4,
  finance_insurance: 10,
  post_telecom: 8,
  utilities: 10,
  industry_transport: 28,
  commerce: 40,
  real_estate_construction: 25,
  agriculture: 20,
  social_services: 15,
  private_business: 35,
  catering_hospitality: 15,
  freelance: 25,
  unemployed: 5,
  other: 20,
};

export interface IndustryTable {
  codes: readonly string[];
  weights: readonly number[];
}
const table = (codes: readonly string[]): IndustryTable => ({ codes, weights: codes.map((c) => CLASS_INDUSTRY_WEIGHTS[c] ?? 10) });

/** Retail borrowers' employer industries by class (index 1–3). */
export const CLASS_INDUSTRIES: readonly IndustryTable[] = [
  table([]),
  table(INDUSTRY_CLASS_1),
  table(INDUSTRY_CLASS_2),
  table(INDUSTRY_CLASS_3_EXAMPLES),
];

/** Corporate customers' own industries. */
export const CORPORATE_INDUSTRIES: IndustryTable = {
  codes: ['industry_transport', 'commerce', 'real_estate_construction', 'agriculture', 'utilities', 'post_telecom', 'finance_insurance', 'education_health_culture', 'social_services', 'catering_hospitality', 'other'],
  weights: [25, 24, 15, 8, 5, 3, 2, 5, 4, 5, 4],
};

/** Share of retail borrowers (at the latest month end) by industry class 1, 2, 3 (the documents' Jilin figures). */
export const CLASS_BORROWER_SHARE = [0.42, 0.33, 0.25] as const;
/** Share of retail balance held by class 3 at the latest month end. */
export const CLASS3_BALANCE_SHARE = 0.184;

/**
 * Risk groups, each with its own NPL controller: corporate, retail class 1, each class-2 industry, retail class 3.
 * npl: NPL ratio (balance) at the latest month end; sm: chance a performing loan is special-mention then;
 * cure: chance of a past, cured delinquency; writeOff: chance that a loan which is not the borrower's current
 * loan was written off in the window (keeps the earlier months' NPL stock realistic).
 */
export interface RiskGroup {
  key: string;
  npl: number;
  sm: number;
  cure: number;
  writeOff: number;
}

const CLASS2_NPL: Record<string, number> = {
  commerce: 0.024,
  real_estate_construction: 0.036,
  agriculture: 0.022,
  social_services: 0.018,
};

export const RISK_GROUPS: readonly RiskGroup[] = [
  { key: 'corporate', npl: 0.022, sm: 0.03, cure: 0.04, writeOff: 0.05 },
  { key: 'class1', npl: 0.006, sm: 0.008, cure: 0.03, writeOff: 0.006 },
  ...INDUSTRY_CLASS_2.map((code) => ({ key: code, npl: CLASS2_NPL[code] ?? 0.024, sm: 0.022, cure: 0.06, writeOff: 0.05 })),
  { key: 'class3', npl: 0.068, sm: 0.05, cure: 0.1, writeOff: 0.12 },
];
const GROUP_INDEX = new Map(RISK_GROUPS.map((g, i) => [g.key, i]));
export const CORPORATE_GROUP = 0;

/** Risk group of a customer: corporate, or by the retail employer industry. */
export function riskGroup(corporate: boolean, industry: string): number {
  if (corporate) return CORPORATE_GROUP;
  const cls = industryClass(industry);
  if (cls === 1) return GROUP_INDEX.get('class1') as number;
  if (cls === 3) return GROUP_INDEX.get('class3') as number;
  return GROUP_INDEX.get(industry) ?? (GROUP_INDEX.get('class3') as number);
}

/** Five-category class from days past due (DESIGN.md floors; card products on the card day counts). */
export function classify(dpd: number, card: boolean): Classification {
  if (dpd <= 0) return 'pass';
  if (dpd <= 90) return 'special_mention';
  if (card) return dpd <= 120 ? 'substandard' : dpd <= 180 ? 'doubtful' : 'loss';
  return dpd <= 270 ? 'substandard' : dpd <= 360 ? 'doubtful' : 'loss';
}
