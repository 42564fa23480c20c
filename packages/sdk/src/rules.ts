/**
 * Tiering and grouping rules as data (DESIGN.md "Tiering and grouping rules").
 * Thresholds marked "assumption" are ours, not the source documents': defaults only,
 * every value is overridable through `Strata.open({ rules })`.
 */
import { describeValue, StrataOptionError } from './errors.ts';
import { LONE_SURROGATE } from './sql/quote.ts';

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
  /** Thresholds of the marketing lists' presets (docs/metrics.md, "Marketing lists"). */
  lists: {
    /** wealth_without_loan: AUM or daily deposits at least this (assumption: the potential high-end line). */
    wealthAum: number;
    /** large_borrowers: loans at the month end at least this (the documents' 500万元(含)以上). */
    largeBorrower: number;
    /** merchants: active (last_active_date) within this many days (assumption). */
    activeDays: number;
  };
  /**
   * Visit cadence (跟进频次): a customer of the tier is due a contact at least every this many days
   * (gold monthly: the documents' example; the others assumptions). A tier not listed has none.
   */
  cadence: { corp_gold: number; corp_high_end: number; corp_mid: number; retail_high_end: number };
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
  lists: { wealthAum: 200_000, largeBorrower: 5_000_000, activeDays: 90 },
  cadence: { corp_gold: 30, corp_high_end: 30, corp_mid: 90, retail_high_end: 30 },
};

export type RulesOverride = {
  [K in keyof Rules]?: Rules[K] extends Record<string, unknown> ? Partial<Rules[K]> : Rules[K];
};

/** The most days a day-count rule takes (a hundred years). */
export const MAX_RULE_DAYS = 36_500;
/** The most industries `industryClass` lists, and the longest industry or owner text: each is written into the rules' SQL. */
const MAX_INDUSTRIES = 10_000;
const MAX_RULE_TEXT = 1_000;

/** `parent.key`, or `parent["key"]` for a key that is no plain name. */
const pathOf = (parent: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${describeValue(key)}]`);

/**
 * The own entries of an override section, read once. Not an object, an inherited enumerable key,
 * a key not in `known` (when given) or a getter that throws: a StrataOptionError naming the path.
 */
function entries(path: string, value: unknown, known?: readonly string[]): [string, unknown][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StrataOptionError(path, value, 'an object');
  const unreadable = (at: string) => new StrataOptionError(at, undefined, 'a readable value', `${at} could not be read: reading it threw`);
  let keys: string[];
  try {
    keys = [];
    for (const key in value) keys.push(key);
  } catch {
    throw unreadable(path);
  }
  const out: [string, unknown][] = [];
  for (const key of keys) {
    const at = pathOf(path, key);
    if (!Object.hasOwn(value, key)) throw new StrataOptionError(at, undefined, 'an own property (not inherited)', `${at} is inherited, not the override's own: give it on the object itself`);
    if (known && !known.includes(key)) throw new StrataOptionError(at, key, `one of ${known.join(', ')}`, `Unknown rule ${at}: expected one of ${known.join(', ')}`);
    let v: unknown;
    try {
      v = (value as Record<string, unknown>)[key];
    } catch {
      throw unreadable(at);
    }
    if (v !== undefined) out.push([key, v]);
  }
  return out;
}

function threshold(path: string, value: unknown, max = Number.MAX_VALUE): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new StrataOptionError(path, value, max === Number.MAX_VALUE ? 'a finite number ≥ 0' : `a number from 0 to ${max.toLocaleString('en-US')}`);
  }
  return value;
}

/** Text the rules' SQL quotes: no NUL, no lone surrogate, bounded. */
function ruleText(path: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length > MAX_RULE_TEXT || value.includes('\u0000') || LONE_SURROGATE.test(value)) {
    throw new StrataOptionError(path, value, `${what}: text of at most ${MAX_RULE_TEXT} characters, without NUL or lone surrogates`);
  }
  return value;
}

/** A section of numbers with its `owners`: the defaults, each key the override gives replaced. */
function section<S extends Rules['corporate'] | Rules['retail'] | Rules['lifecycle'] | Rules['lists'] | Rules['cadence']>(path: string, defaults: S, override: unknown, days: readonly string[] = []): S {
  const out: Record<string, unknown> = { ...defaults };
  if (override === undefined) return out as S;
  for (const [key, value] of entries(path, override, Object.keys(defaults))) {
    const at = pathOf(path, key);
    if (key !== 'owners') {
      out[key] = threshold(at, value, days.includes(key) ? MAX_RULE_DAYS : undefined);
      continue;
    }
    const owners: Record<string, string> = { ...(defaults as { owners: Record<string, string> }).owners };
    for (const [tier, owner] of entries(at, value, Object.keys(owners))) owners[tier] = ruleText(pathOf(at, tier), owner, 'an owner level');
    out.owners = owners;
  }
  return out as S;
}

/**
 * Defaults with the caller's overrides: thresholds finite numbers ≥ 0 (day counts at most
 * MAX_RULE_DAYS), owners and industries text. Only the override's own keys count; an unknown or
 * inherited key, a wrong type, NaN or Infinity is a StrataOptionError naming its path
 * (`rules.corporate.midDeposits`). The rules returned share nothing with the override.
 */
export function resolveRules(override: RulesOverride = {}): Rules {
  const given = new Map(entries('rules', override, ['corporate', 'retail', 'industryClass', 'lifecycle', 'lists', 'cadence']));
  const industries = given.has('industryClass') ? entries('rules.industryClass', given.get('industryClass')) : Object.entries(DEFAULT_RULES.industryClass);
  if (industries.length > MAX_INDUSTRIES) throw new StrataOptionError('rules.industryClass', `${industries.length} industries`, `at most ${MAX_INDUSTRIES.toLocaleString('en-US')} industries`);
  for (const [industry, cls] of industries) {
    const at = pathOf('rules.industryClass', industry);
    ruleText(at, industry, 'an industry');
    if (cls !== 1 && cls !== 2 && cls !== 3) throw new StrataOptionError(at, cls, '1, 2 or 3');
  }
  return {
    corporate: section('rules.corporate', DEFAULT_RULES.corporate, given.get('corporate')),
    retail: section('rules.retail', DEFAULT_RULES.retail, given.get('retail')),
    // fromEntries defines each key as data: an industry named __proto__ stays an industry.
    industryClass: Object.fromEntries(industries) as Record<string, 1 | 2 | 3>,
    lifecycle: section('rules.lifecycle', DEFAULT_RULES.lifecycle, given.get('lifecycle'), ['newDays', 'dormantDays']),
    lists: section('rules.lists', DEFAULT_RULES.lists, given.get('lists'), ['activeDays']),
    cadence: section('rules.cadence', DEFAULT_RULES.cadence, given.get('cadence'), Object.keys(DEFAULT_RULES.cadence)),
  };
}
