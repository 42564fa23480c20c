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
  /** Chance that a loan taken out in the window renewed one that matured just before it. */
  renewal: number;
}

export const PRODUCT_SPECS: readonly ProductSpec[] = [
  { code: 'mortgage', terms: [120, 180, 240, 300, 360], termWeights: [15, 15, 30, 15, 25], median: 520_000, sigma: 0.5, min: 100_000, max: 3_000_000, rate: 0.042, repay: 'annuity', unit: 1000, card: false, renewal: 0 },
  { code: 'auto', terms: [24, 36, 60], termWeights: [25, 45, 30], median: 120_000, sigma: 0.4, min: 30_000, max: 600_000, rate: 0.055, repay: 'annuity', unit: 100, card: false, renewal: 0.1 },
  { code: 'consumer', terms: [12, 24, 36, 60], termWeights: [30, 30, 30, 10], median: 60_000, sigma: 0.7, min: 5_000, max: 500_000, rate: 0.07, repay: 'annuity', unit: 100, card: false, renewal: 0.35 },
  { code: 'business', terms: [12, 24, 36], termWeights: [50, 30, 20], median: 300_000, sigma: 0.8, min: 30_000, max: 5_000_000, rate: 0.055, repay: 'bullet', unit: 1000, card: false, renewal: 0.75 },
  { code: 'card_installment', terms: [6, 12, 24, 36], termWeights: [25, 40, 25, 10], median: 20_000, sigma: 0.7, min: 2_000, max: 200_000, rate: 0, repay: 'linear', unit: 100, card: true, renewal: 0.45 },
  { code: 'working_capital', terms: [6, 12, 24], termWeights: [20, 60, 20], median: 3_000_000, sigma: 1.0, min: 300_000, max: 80_000_000, rate: 0.045, repay: 'bullet', unit: 10_000, card: false, renewal: 0.85 },
  { code: 'fixed_asset', terms: [36, 60, 96, 120], termWeights: [20, 35, 25, 20], median: 12_000_000, sigma: 1.0, min: 1_000_000, max: 200_000_000, rate: 0.048, repay: 'linear', unit: 10_000, card: false, renewal: 0.2 },
  { code: 'trade_finance', terms: [3, 6, 12], termWeights: [30, 45, 25], median: 2_000_000, sigma: 0.9, min: 200_000, max: 40_000_000, rate: 0.04, repay: 'bullet', unit: 10_000, card: false, renewal: 0.85 },
];

/** Product mix (weights over PRODUCT_SPECS): retail by industry class (index 1–3), and corporate. */
export const RETAIL_PRODUCT_MIX: readonly (readonly number[])[] = [
  [],
  [30, 10, 28, 6, 26, 0, 0, 0],
  [24, 10, 26, 18, 22, 0, 0, 0],
  [14, 8, 32, 22, 24, 0, 0, 0],
];
export const CORPORATE_PRODUCT_MIX: readonly number[] = [0, 0, 0, 0, 0, 55, 20, 25];
/** Size multiplier of retail original amounts by class (class 3 then steered by the balance-share controller). */
export const AMOUNT_MULTIPLIER = [1, 1.05, 1, 0.85] as const;

/** Industry class (rules.ts DEFAULT_RULES.industryClass; unlisted → 3). */
export function industryClass(industry: string): 1 | 2 | 3 {
  return DEFAULT_RULES.industryClass[industry] ?? 3;
}

const INDUSTRY_WEIGHTS: Record<string, number> = {
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
const CORPORATE_INDUSTRY_WEIGHTS: Record<string, number> = {
  industry_transport: 50,
  utilities: 12,
  post_telecom: 8,
  finance_insurance: 6,
  education_health_culture: 12,
  commerce: 45,
  real_estate_construction: 30,
  agriculture: 15,
  social_services: 10,
  private_business: 25,
  catering_hospitality: 35,
  other: 40,
};

export interface IndustryTable {
  codes: readonly string[];
  weights: readonly number[];
}
const table = (codes: readonly string[], weights: Record<string, number>): IndustryTable => {
  const listed = codes.filter((c) => (weights[c] ?? 10) > 0);
  return { codes: listed, weights: listed.map((c) => weights[c] ?? 10) };
};

/** Retail borrowers' employer industries by class (index 1–3). */
export const RETAIL_INDUSTRIES: readonly IndustryTable[] = [
  table([], INDUSTRY_WEIGHTS),
  table(INDUSTRY_CLASS_1, INDUSTRY_WEIGHTS),
  table(INDUSTRY_CLASS_2, INDUSTRY_WEIGHTS),
  table(INDUSTRY_CLASS_3_EXAMPLES, INDUSTRY_WEIGHTS),
];
/** Corporate customers' own industries by class (no government or military companies, no freelancers). */
export const CORPORATE_INDUSTRIES: readonly IndustryTable[] = [
  table([], CORPORATE_INDUSTRY_WEIGHTS),
  table(INDUSTRY_CLASS_1.filter((c) => c in CORPORATE_INDUSTRY_WEIGHTS), CORPORATE_INDUSTRY_WEIGHTS),
  table(INDUSTRY_CLASS_2, CORPORATE_INDUSTRY_WEIGHTS),
  table(INDUSTRY_CLASS_3_EXAMPLES.filter((c) => c in CORPORATE_INDUSTRY_WEIGHTS), CORPORATE_INDUSTRY_WEIGHTS),
];

/** Share of borrowers (at the latest month end) by industry class 1, 2, 3 (the documents' Jilin figures). */
export const CLASS_BORROWER_SHARE = [0.42, 0.33, 0.25] as const;
/** Share of balance held by class 3 at the latest month end. */
export const CLASS3_BALANCE_SHARE = 0.184;

/**
 * Risk groups, each with its own NPL controller: per kind (retail, corporate), class 1, each class-2 industry
 * and class 3. The documents' figures are for retail borrowers; corporate customers follow the same pattern by
 * their own industry, so that the figures hold whether or not a report filters on retail.
 * npl: NPL ratio (balance) at the latest month end; sm: chance a performing loan is special-mention then;
 * cure: chance of a past, cured delinquency; writeOff: chance that a loan which is not the borrower's current
 * loan was written off in the window (keeps the earlier months' NPL stock realistic).
 */
export interface RiskGroup {
  key: string;
  corporate: boolean;
  industryClass: 1 | 2 | 3;
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

function groupsOf(corporate: boolean): RiskGroup[] {
  const kind = corporate ? 'corporate' : 'retail';
  const wo = (x: number) => (corporate ? x * 0.6 : x);
  // Corporate loans are few and large: one controller for real estate, one for the rest of class 2.
  const class2 = corporate
    ? [
        { key: `${kind}/real_estate_construction`, corporate, industryClass: 2 as const, npl: 0.034, sm: 0.04, cure: 0.05, writeOff: wo(0.04) },
        { key: `${kind}/class2`, corporate, industryClass: 2 as const, npl: 0.022, sm: 0.035, cure: 0.05, writeOff: wo(0.04) },
      ]
    : INDUSTRY_CLASS_2.map((code) => ({
        key: `${kind}/${code}`,
        corporate,
        industryClass: 2 as const,
        npl: CLASS2_NPL[code] ?? 0.024,
        sm: 0.035,
        cure: 0.06,
        writeOff: wo(0.04),
      }));
  return [
    { key: `${kind}/class1`, corporate, industryClass: 1, npl: 0.006, sm: 0.012, cure: 0.03, writeOff: wo(0.005) },
    ...class2,
    { key: `${kind}/class3`, corporate, industryClass: 3, npl: 0.068, sm: 0.08, cure: 0.1, writeOff: wo(0.09) },
  ];
}

export const RISK_GROUPS: readonly RiskGroup[] = [...groupsOf(false), ...groupsOf(true)];
const GROUP_INDEX = new Map(RISK_GROUPS.map((g, i) => [g.key, i]));

/** Risk group of a customer, by kind and industry. */
export function riskGroup(corporate: boolean, industry: string): number {
  const kind = corporate ? 'corporate' : 'retail';
  const cls = industryClass(industry);
  const own = GROUP_INDEX.get(`${kind}/${industry}`);
  return own ?? (GROUP_INDEX.get(`${kind}/class${cls}`) as number);
}

/** Five-category class from days past due (DESIGN.md floors; card products on the card day counts). */
export function classify(dpd: number, card: boolean): Classification {
  if (dpd <= 0) return 'pass';
  if (dpd <= 90) return 'special_mention';
  if (card) return dpd <= 120 ? 'substandard' : dpd <= 180 ? 'doubtful' : 'loss';
  return dpd <= 270 ? 'substandard' : dpd <= 360 ? 'doubtful' : 'loss';
}
