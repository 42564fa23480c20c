/**
 * Tiering and grouping rules as data (DESIGN.md "Tiering and grouping rules").
 * Thresholds marked "assumption" are ours, not the source documents': defaults only,
 * every value is overridable through `Strata.open({ rules })`.
 */

/** Employer industries of retail borrowers, grouped by the documents' Jilin statistics. */
export const INDUSTRY_CLASS_1 = [
  'government',
  'education_health_culture',
  'military',
  'finance_insurance',
  'post_telecom',
  'utilities',
  'industry_transport',
] as const;
export const INDUSTRY_CLASS_2 = ['commerce', 'real_estate_construction', 'agriculture', 'social_services'] as const;
export const INDUSTRY_CLASS_3_EXAMPLES = ['private_business', 'catering_hospitality', 'freelance', 'unemployed', 'other'] as const;
export const INDUSTRIES = [...INDUSTRY_CLASS_1, ...INDUSTRY_CLASS_2, ...INDUSTRY_CLASS_3_EXAMPLES] as const;
export type Industry = (typeof INDUSTRIES)[number];

export type CorporateTier = 'corp_gold' | 'corp_high_end' | 'corp_mid' | 'corp_general';
export type RetailTier = 'retail_high_end' | 'retail_potential' | 'retail_general';
export type Tier = CorporateTier | RetailTier;
export const TIERS: readonly Tier[] = [
  'corp_gold',
  'corp_high_end',
  'corp_mid',
  'corp_general',
  'retail_high_end',
  'retail_potential',
  'retail_general',
];
/** Lifecycle groups, in the order a customer is placed (the first that fits). Whether a customer borrows is its own dimension, `has_loan`. */
export const LIFECYCLES = ['churned', 'dormant', 'new', 'vip', 'payroll', 'potential', 'active'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export interface Rules {
  corporate: {
    /** 黄金: strategic (总对总) customers, or contribution (yuan/year) at least this (assumption). */
    goldContribution: number;
    /** 高端: daily-average deposits at least this (the documents' 10M main deposit source)… */
    highEndDeposits: number;
    /** …or tied by at least this many products (assumption). */
    highEndProducts: number;
    /** 中端: daily-average deposits at least this (the documents' 5M). */
    midDeposits: number;
    /** Who owns each tier (owner level), shown beside the tier. */
    owners: Record<CorporateTier, string>;
  };
  retail: {
    /** High-end: a business loan at the latest month end whose original amount (else its balance) is at least this (the documents' 500k)… */
    highEndBusinessLoan: number;
    /** …or AUM at least this (assumption). */
    highEndAum: number;
    /** Potential high-end: AUM at least this (assumption). */
    potentialAum: number;
    owners: Record<RetailTier, string>;
  };
  /** Industry (code or label as loaded) → class 1, 2 or 3; anything not listed is class 3. */
  industryClass: Record<string, 1 | 2 | 3>;
  lifecycle: {
    /** New customers: opened within this many days of the reference date (honeymoon). */
    newDays: number;
    /** Dormant: no activity for at least this many days (促活). */
    dormantDays: number;
    /** VIP: AUM at least this (assumption). */
    vipAum: number;
  };
}

const CLASS_LABELS_ZH: Record<string, 1 | 2 | 3> = {
  国家机关: 1,
  科教文卫: 1,
  部队系统: 1,
  金融保险: 1,
  邮电通讯: 1,
  水电气供应: 1,
  工业交通: 1,
  商业贸易: 2,
  房地产建筑: 2,
  农林牧渔: 2,
  社会服务: 2,
};

export const DEFAULT_RULES: Rules = {
  corporate: {
    goldContribution: 1_000_000,
    highEndDeposits: 10_000_000,
    highEndProducts: 5,
    midDeposits: 5_000_000,
    owners: {
      corp_gold: 'branch_head',
      corp_high_end: 'deputy_head',
      corp_mid: 'sub_branch_head',
      corp_general: 'relationship_manager',
    },
  },
  retail: {
    highEndBusinessLoan: 500_000,
    highEndAum: 1_000_000,
    potentialAum: 200_000,
    owners: {
      retail_high_end: 'sub_branch_head',
      retail_potential: 'team_lead',
      retail_general: 'relationship_manager',
    },
  },
  industryClass: {
    ...Object.fromEntries(INDUSTRY_CLASS_1.map((i) => [i, 1 as const])),
    ...Object.fromEntries(INDUSTRY_CLASS_2.map((i) => [i, 2 as const])),
    ...CLASS_LABELS_ZH,
  },
  lifecycle: { newDays: 90, dormantDays: 180, vipAum: 1_000_000 },
};

export type RulesOverride = {
  [K in keyof Rules]?: Rules[K] extends Record<string, unknown> ? Partial<Rules[K]> : Rules[K];
};

/** Defaults with the caller's overrides; thresholds must be finite, non-negative numbers. */
export function resolveRules(override: RulesOverride = {}): Rules {
  const rules: Rules = {
    corporate: { ...DEFAULT_RULES.corporate, ...override.corporate },
    retail: { ...DEFAULT_RULES.retail, ...override.retail },
    industryClass: override.industryClass ? { ...override.industryClass } : { ...DEFAULT_RULES.industryClass },
    lifecycle: { ...DEFAULT_RULES.lifecycle, ...override.lifecycle },
  } as Rules;
  const numbers: [string, unknown][] = [
    ...Object.entries(rules.corporate).filter(([k]) => k !== 'owners'),
    ...Object.entries(rules.retail).filter(([k]) => k !== 'owners'),
    ...Object.entries(rules.lifecycle),
  ];
  for (const [key, value] of numbers) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`rules.${key} must be a finite number ≥ 0, got ${JSON.stringify(value)}`);
    }
  }
  for (const [industry, cls] of Object.entries(rules.industryClass)) {
    if (cls !== 1 && cls !== 2 && cls !== 3) {
      throw new RangeError(`rules.industryClass[${JSON.stringify(industry)}] must be 1, 2 or 3, got ${JSON.stringify(cls)}`);
    }
  }
  return rules;
}
