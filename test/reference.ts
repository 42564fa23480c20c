/**
 * The metrics again, in plain TypeScript over row arrays: the independent computation every SQL
 * metric is checked against. Written from DESIGN.md's definitions, not from the SQL.
 */
import { DEFAULT_RULES, type Rules, type TableRows } from '@strata/sdk';

type Customer = TableRows['customers'];
type Loan = TableRows['loans'];
type Lead = TableRows['pipeline'];

export interface Bank {
  branches: TableRows['branches'][];
  managers: TableRows['managers'][];
  customers: Customer[];
  loans: Loan[];
  pipeline: Lead[];
  campaigns: TableRows['campaigns'][];
  targets: TableRows['targets'][];
}

const NPL = new Set(['substandard', 'doubtful', 'loss']);
const CLASS_ORDER = ['pass', 'special_mention', 'substandard', 'doubtful', 'loss'];
const FUNNEL = ['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed'];

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
export const latestAsOf = (bank: Bank) => bank.loans.reduce((m, l) => (l.as_of > m ? l.as_of : m), '');
export const previousAsOf = (bank: Bank, asOf: string) =>
  bank.loans.reduce((m, l) => (l.as_of < asOf && l.as_of > m ? l.as_of : m), '');

const businessCache = new WeakMap<Bank, Map<Rules, Set<string>>>();

/** Customers with a business loan of at least the high-end line at the latest month end. */
function businessBorrowers(bank: Bank, rules: Rules): Set<string> {
  const byRules = businessCache.get(bank) ?? new Map<Rules, Set<string>>();
  businessCache.set(bank, byRules);
  let set = byRules.get(rules);
  if (!set) {
    const asOf = latestAsOf(bank);
    set = new Set(bank.loans.filter((l) => l.as_of === asOf && l.product === 'business' && l.balance >= rules.retail.highEndBusinessLoan).map((l) => l.customer_id));
    byRules.set(rules, set);
  }
  return set;
}

export function tierOf(bank: Bank, c: Customer, rules: Rules = DEFAULT_RULES): string {
  if (c.kind === 'corporate') {
    const co = rules.corporate;
    if (c.is_strategic || (c.contribution ?? 0) >= co.goldContribution) return 'corp_gold';
    if ((c.deposits_avg ?? 0) >= co.highEndDeposits || (c.products_held ?? 0) >= co.highEndProducts) return 'corp_high_end';
    if ((c.deposits_avg ?? 0) >= co.midDeposits) return 'corp_mid';
    return 'corp_general';
  }
  const bigBusinessLoan = businessBorrowers(bank, rules).has(c.customer_id);
  if (bigBusinessLoan || (c.aum ?? 0) >= rules.retail.highEndAum) return 'retail_high_end';
  if ((c.aum ?? 0) >= rules.retail.potentialAum) return 'retail_potential';
  return 'retail_general';
}

export function industryClassOf(c: Customer, rules: Rules = DEFAULT_RULES): number | null {
  if (c.industry === null) return null;
  return rules.industryClass[c.industry] ?? 3;
}

/** A customer's value of a dimension (as the SDK reports keys: text). */
export function customerKey(bank: Bank, c: Customer | undefined, by: string): string | null {
  if (!c) return null;
  switch (by) {
    case 'tier':
      return tierOf(bank, c);
    case 'industry_class': {
      const cls = industryClassOf(c);
      return cls === null ? null : String(cls);
    }
    case 'kind':
      return c.kind;
    case 'industry':
      return c.industry;
    case 'branch':
      return c.branch_id;
    case 'manager':
      return c.manager_id;
    default:
      throw new Error(`reference: no customer dimension ${by}`);
  }
}

export function loanKey(bank: Bank, customersById: Map<string, Customer>, l: Loan, by: string | undefined): string | null {
  if (by === undefined) return 'all';
  if (by === 'product') return l.product;
  if (by === 'classification') return l.classification;
  if (by === 'branch') return l.branch_id ?? customersById.get(l.customer_id)?.branch_id ?? null;
  return customerKey(bank, customersById.get(l.customer_id), by);
}

export interface NplFigures {
  balance: number;
  npl_balance: number;
  npl_ratio: number | null;
  loans: number;
  npl_loans: number;
  npl_ratio_count: number | null;
  special_mention_ratio: number | null;
}

export function nplFigures(loans: readonly Loan[]): NplFigures {
  const balance = sum(loans.map((l) => l.balance));
  const npl = loans.filter((l) => NPL.has(l.classification));
  const npl_balance = sum(npl.map((l) => l.balance));
  const sm = sum(loans.filter((l) => l.classification === 'special_mention').map((l) => l.balance));
  return {
    balance,
    npl_balance,
    npl_ratio: balance ? npl_balance / balance : null,
    loans: loans.length,
    npl_loans: npl.length,
    npl_ratio_count: loans.length ? npl.length / loans.length : null,
    special_mention_ratio: balance ? sm / balance : null,
  };
}

/** NPL per segment at a month end, keyed like the SDK's rows. */
export function nplBy(bank: Bank, by: string | undefined, asOf = latestAsOf(bank), keep: (l: Loan) => boolean = () => true) {
  const byId = new Map(bank.customers.map((c) => [c.customer_id, c]));
  const groups = new Map<string | null, Loan[]>();
  for (const l of bank.loans) {
    if (l.as_of !== asOf || !keep(l)) continue;
    const key = loanKey(bank, byId, l, by);
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  return new Map([...groups].map(([k, ls]) => [k, nplFigures(ls)]));
}

/** Customers, deposits, contribution per customer segment; balance and borrowers from loans at asOf. */
export function segmentsBy(bank: Bank, by: string, asOf = latestAsOf(bank)) {
  const byId = new Map(bank.customers.map((c) => [c.customer_id, c]));
  const out = new Map<string | null, { customers: number; deposits: number; contribution: number; balance: number; borrowers: Set<string> }>();
  const get = (k: string | null) => {
    let v = out.get(k);
    if (!v) out.set(k, (v = { customers: 0, deposits: 0, contribution: 0, balance: 0, borrowers: new Set() }));
    return v;
  };
  for (const c of bank.customers) {
    const g = get(customerKey(bank, c, by));
    g.customers++;
    g.deposits += c.deposits_avg ?? 0;
    g.contribution += c.contribution ?? 0;
  }
  for (const l of bank.loans) {
    if (l.as_of !== asOf) continue;
    const g = get(loanKey(bank, byId, l, by));
    g.balance += l.balance;
    g.borrowers.add(l.customer_id);
  }
  return out;
}

/** Share of `from` balance of each class in each class (or exited) at `to`. */
export function migrationMatrix(bank: Bank, from: string, to: string) {
  const at = (d: string) => new Map(bank.loans.filter((l) => l.as_of === d).map((l) => [l.loan_id, l]));
  const t0 = at(from);
  const t1 = at(to);
  const matrix = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  for (const [id, l] of t0) {
    const target = t1.get(id)?.classification ?? 'exited';
    const row = matrix.get(l.classification) ?? new Map<string, number>();
    row.set(target, (row.get(target) ?? 0) + l.balance);
    matrix.set(l.classification, row);
    totals.set(l.classification, (totals.get(l.classification) ?? 0) + l.balance);
  }
  const shares = new Map<string, number>();
  for (const [c0, row] of matrix) for (const [c1, b] of row) shares.set(`${c0}→${c1}`, b / (totals.get(c0) ?? 1));
  return { shares, totals, worse: (c0: string) => {
    const row = matrix.get(c0);
    if (!row) return 0;
    return sum([...row].filter(([c1]) => c1 !== 'exited' && CLASS_ORDER.indexOf(c1) > CLASS_ORDER.indexOf(c0)).map(([, b]) => b));
  } };
}

/** Leads reaching each stage (lost leads reached identified only), per split key. */
export function funnelBy(bank: Bank, campaign: string, split: (lead: Lead) => string | null = () => 'all') {
  const out = new Map<string | null, { count: number[]; amount: number[]; current: number[] }>();
  for (const lead of bank.pipeline) {
    if (lead.campaign_id !== campaign) continue;
    const key = split(lead);
    const g = out.get(key) ?? { count: FUNNEL.map(() => 0), amount: FUNNEL.map(() => 0), current: FUNNEL.map(() => 0) };
    out.set(key, g);
    const reached = lead.stage === 'lost' ? 0 : FUNNEL.indexOf(lead.stage);
    for (let k = 0; k <= reached; k++) {
      g.count[k]!++;
      g.amount[k]! += lead.amount ?? 0;
    }
    if (lead.stage !== 'lost') g.current[reached]!++;
  }
  return out;
}

const NON_LOAN = new Set(['credit_card', 'card_installment', 'deposit']);

/** Actual vs target per branch or manager for a campaign at a reference date. */
export function attainmentBy(bank: Bank, campaignId: string, by: 'branch' | 'manager', metric: string, refDate: string) {
  const campaign = bank.campaigns.find((c) => c.campaign_id === campaignId)!;
  const until = refDate < campaign.end_date ? refDate : campaign.end_date;
  const customersById = new Map(bank.customers.map((c) => [c.customer_id, c]));
  const actual = new Map<string, number>();
  for (const lead of bank.pipeline) {
    const date = lead.updated_at ?? lead.created_at;
    if (lead.campaign_id !== campaignId || lead.stage !== 'disbursed' || date < campaign.start_date || date > until) continue;
    const customer = lead.customer_id ? customersById.get(lead.customer_id) : undefined;
    const key = by === 'branch' ? (lead.branch_id ?? customer?.branch_id) : (lead.manager_id ?? customer?.manager_id);
    if (!key) continue;
    const value =
      metric === 'loan_amount' ? (NON_LOAN.has(lead.product ?? '') ? 0 : (lead.amount ?? 0))
      : metric === 'cards' ? (lead.product === 'credit_card' ? 1 : 0)
      : metric === 'installment_amount' ? (lead.product === 'card_installment' ? (lead.amount ?? 0) : 0)
      : lead.customer_id === null ? 1 : 0;
    actual.set(key, (actual.get(key) ?? 0) + value);
  }
  const target = new Map<string, number>();
  for (const t of bank.targets) {
    if (t.campaign_id === campaignId && t.scope === by && t.metric === metric) target.set(t.scope_id, (target.get(t.scope_id) ?? 0) + t.target);
  }
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const pace = Math.max(0, Math.min(1, (day(refDate) - day(campaign.start_date) + 1) / (day(campaign.end_date) - day(campaign.start_date) + 1)));
  const keys = new Set([...actual.keys(), ...target.keys()]);
  return {
    pace,
    rows: [...keys].map((key) => {
      const a = actual.get(key) ?? 0;
      const t = target.get(key) ?? null;
      return { key, actual: a, target: t, attainment: t ? a / t : null };
    }),
  };
}
