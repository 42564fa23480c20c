/**
 * The metrics again, in plain TypeScript over row arrays: the independent computation every SQL
 * metric is checked against. Written from the definitions (docs/metrics.md, docs/data-model.md),
 * not from the SQL. Money is added exactly, to 0.0001 yuan, as the definitions say.
 */
import { DEFAULT_RULES, type FilterValue, type Rules, type TableRows } from '@strata/sdk';

type Customer = TableRows['customers'];
type Loan = TableRows['loans'];
type Lead = TableRows['pipeline'];
type Campaign = TableRows['campaigns'];

export interface Bank {
  branches: TableRows['branches'][];
  managers: TableRows['managers'][];
  customers: Customer[];
  loans: Loan[];
  pipeline: Lead[];
  campaigns: Campaign[];
  targets: TableRows['targets'][];
}

const NPL = new Set(['substandard', 'doubtful', 'loss']);
const CLASS_ORDER = ['pass', 'special_mention', 'substandard', 'doubtful', 'loss'];
const FUNNEL = ['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed'];

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Amounts added exactly: in whole units of 0.0001 yuan (a blank amount adds nothing). */
export function money(xs: Iterable<number | null | undefined>): number {
  let units = 0;
  for (const x of xs) if (x !== null && x !== undefined) units += Math.round(x * 10_000);
  if (!Number.isSafeInteger(units)) throw new RangeError(`reference: ${units} units of 0.0001 yuan are beyond exact addition`);
  return units / 10_000;
}

/** x / y, none (null) when y is 0 or either is missing. */
export const ratio = (x: number | null, y: number | null): number | null => (x === null || y === null || y === 0 ? null : x / y);

export const latestAsOf = (bank: Bank) => bank.loans.reduce((m, l) => (l.as_of > m ? l.as_of : m), '');
export const previousAsOf = (bank: Bank, asOf: string) =>
  bank.loans.reduce((m, l) => (l.as_of < asOf && l.as_of > m ? l.as_of : m), '');

const byIdCache = new WeakMap<Bank, Map<string, Customer>>();
const customersById = (bank: Bank): Map<string, Customer> => {
  let byId = byIdCache.get(bank);
  if (!byId) byIdCache.set(bank, (byId = new Map(bank.customers.map((c) => [c.customer_id, c]))));
  return byId;
};

const businessCache = new WeakMap<Bank, Map<Rules, Set<string>>>();

/**
 * Retail high-end by loan: a business loan (held at the latest month end) whose original amount is
 * at least the line; a loan that does not say its original amount is taken at its balance.
 */
function businessBorrowers(bank: Bank, rules: Rules): Set<string> {
  const byRules = businessCache.get(bank) ?? new Map<Rules, Set<string>>();
  businessCache.set(bank, byRules);
  let set = byRules.get(rules);
  if (!set) {
    const asOf = latestAsOf(bank);
    const big = (l: Loan) => (l.original_amount ?? l.balance) >= rules.retail.highEndBusinessLoan;
    set = new Set(bank.loans.filter((l) => l.as_of === asOf && l.product === 'business' && big(l)).map((l) => l.customer_id));
    byRules.set(rules, set);
  }
  return set;
}

const borrowerCache = new WeakMap<Bank, Set<string>>();

/** Whether a customer has a loan at the latest month end (false: 存量无贷户, whatever its lifecycle group). */
export function hasLoan(bank: Bank, c: Customer): boolean {
  let set = borrowerCache.get(bank);
  if (!set) {
    const asOf = latestAsOf(bank);
    set = new Set(bank.loans.filter((l) => l.as_of === asOf).map((l) => l.customer_id));
    borrowerCache.set(bank, set);
  }
  return set.has(c.customer_id);
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

/** A customer's value of a dimension (as the SDK reports keys: typed, a class a number, a flag a boolean). */
export function customerKey(bank: Bank, c: Customer | undefined, by: string): FilterValue {
  if (!c) return null;
  switch (by) {
    case 'tier':
      return tierOf(bank, c);
    case 'industry_class':
      return industryClassOf(c);
    case 'kind':
      return c.kind;
    case 'has_loan':
      return hasLoan(bank, c);
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

/** A loan's value of a dimension: its own product, class and branch (blank: its customer's); the rest its customer's. */
export function loanKey(bank: Bank, customersById: Map<string, Customer>, l: Loan, by: string | undefined): FilterValue {
  if (by === undefined) return 'all';
  if (by === 'product') return l.product;
  if (by === 'classification') return l.classification;
  if (by === 'branch') return l.branch_id ?? customersById.get(l.customer_id)?.branch_id ?? null;
  return customerKey(bank, customersById.get(l.customer_id), by);
}

/** A lead's value of a dimension: its own stage and product, its branch and manager (blank: its customer's); the rest its customer's. */
export function leadKey(bank: Bank, lead: Lead, by: string): FilterValue {
  const customer = lead.customer_id === null ? undefined : customersById(bank).get(lead.customer_id);
  if (by === 'stage') return lead.stage;
  if (by === 'product') return lead.product;
  if (by === 'branch') return lead.branch_id ?? customer?.branch_id ?? null;
  if (by === 'manager') return lead.manager_id ?? customer?.manager_id ?? null;
  return customerKey(bank, customer, by);
}

// ─── Filters ───────────────────────────────────────────────────────────────────────────────

/** One selection, `field` in `values`: what a click on a view sets. */
export interface Clause {
  field: string;
  values: readonly (string | number | boolean | null)[];
}

/** What the filters keep of each fact; customers and leads at a month end (a loan field reaches them through the loans then). */
export interface Scope {
  customer: (c: Customer, asOf: string) => boolean;
  loan: (l: Loan) => boolean;
  lead: (lead: Lead, asOf: string) => boolean;
}

/** Fields only loans have (leads have a product of their own), and only leads have: a clause on one reaches the other facts through the customer. */
const LOAN_FIELDS = new Set(['product', 'classification']);
const LEAD_FIELDS = new Set(['stage']);

/**
 * The filters' meaning on each fact (docs/metrics.md, "Filters"): a clause on a field a fact has
 * keeps its rows whose value is selected; on a field it lacks, the rows of customers that have a
 * loan at the month end (or a lead, in any campaign) with a selected value. Every clause must hold.
 */
export function scopeOf(bank: Bank, clauses: readonly Clause[]): Scope {
  const byId = customersById(bank);
  // As SQL compares: a value given as text ('2', 'true') selects the typed key it converts to.
  const selected = (clause: Clause, value: FilterValue) => clause.values.some((v) => (v === null ? value === null : value !== null && String(value) === String(v)));
  const withLoan = new Map<Clause, Map<string, Set<string>>>();
  /** Customers with a loan at `asOf` whose value of the clause's field is selected. */
  const loanCustomers = (clause: Clause, asOf: string) => {
    const byMonth = withLoan.get(clause) ?? new Map<string, Set<string>>();
    withLoan.set(clause, byMonth);
    let set = byMonth.get(asOf);
    if (!set) {
      set = new Set(bank.loans.filter((l) => l.as_of === asOf && selected(clause, loanKey(bank, byId, l, clause.field))).map((l) => l.customer_id));
      byMonth.set(asOf, set);
    }
    return set;
  };
  const withLead = new Map<Clause, Set<string | null>>();
  /** Customers with a lead (any campaign) whose value of the clause's field is selected. */
  const leadCustomers = (clause: Clause) => {
    let set = withLead.get(clause);
    if (!set) withLead.set(clause, (set = new Set(bank.pipeline.filter((p) => selected(clause, leadKey(bank, p, clause.field))).map((p) => p.customer_id))));
    return set;
  };
  return {
    customer: (c, asOf) =>
      clauses.every((clause) =>
        LOAN_FIELDS.has(clause.field) ? loanCustomers(clause, asOf).has(c.customer_id)
        : LEAD_FIELDS.has(clause.field) ? leadCustomers(clause).has(c.customer_id)
        : selected(clause, customerKey(bank, c, clause.field)),
      ),
    loan: (l) => clauses.every((clause) => (LEAD_FIELDS.has(clause.field) ? leadCustomers(clause).has(l.customer_id) : selected(clause, loanKey(bank, byId, l, clause.field)))),
    lead: (lead, asOf) =>
      clauses.every((clause) =>
        clause.field === 'classification' ? lead.customer_id !== null && loanCustomers(clause, asOf).has(lead.customer_id) : selected(clause, leadKey(bank, lead, clause.field)),
      ),
  };
}

// ─── Loans ─────────────────────────────────────────────────────────────────────────────────

export interface NplFigures {
  balance: number;
  npl_balance: number;
  npl_ratio: number | null;
  loans: number;
  npl_loans: number;
  npl_ratio_count: number | null;
  special_mention_balance: number;
  special_mention_ratio: number | null;
}

export function nplFigures(loans: readonly Loan[]): NplFigures {
  const balance = money(loans.map((l) => l.balance));
  const npl = loans.filter((l) => NPL.has(l.classification));
  const npl_balance = money(npl.map((l) => l.balance));
  const special_mention_balance = money(loans.filter((l) => l.classification === 'special_mention').map((l) => l.balance));
  return {
    balance,
    npl_balance,
    npl_ratio: ratio(npl_balance, balance),
    loans: loans.length,
    npl_loans: npl.length,
    npl_ratio_count: ratio(npl.length, loans.length),
    special_mention_balance,
    special_mention_ratio: ratio(special_mention_balance, balance),
  };
}

/** NPL per segment at a month end, keyed like the SDK's rows, with each segment's share of the balance of all. */
export function nplBy(bank: Bank, by: string | undefined, asOf = latestAsOf(bank), keep: (l: Loan) => boolean = () => true) {
  const byId = customersById(bank);
  const groups = new Map<FilterValue, Loan[]>();
  for (const l of bank.loans) {
    if (l.as_of !== asOf || !keep(l)) continue;
    const key = loanKey(bank, byId, l, by);
    const group = groups.get(key);
    if (group) group.push(l);
    else groups.set(key, [l]);
  }
  const total = money(bank.loans.filter((l) => l.as_of === asOf && keep(l)).map((l) => l.balance));
  return new Map(
    [...groups].map(([k, ls]) => {
      const figures = nplFigures(ls);
      return [k, { ...figures, balance_share: ratio(figures.balance, total) }];
    }),
  );
}

/** Each month end's NPL figures and its balance in each of the five classes, oldest first. */
export function nplByMonth(bank: Bank, keep: (l: Loan) => boolean = () => true) {
  const months = [...new Set(bank.loans.map((l) => l.as_of))].sort();
  return months.map((as_of) => {
    const loans = bank.loans.filter((l) => l.as_of === as_of && keep(l));
    const mix = Object.fromEntries(CLASS_ORDER.map((c) => [c, money(loans.filter((l) => l.classification === c).map((l) => l.balance))]));
    return { as_of, ...nplFigures(loans), mix };
  });
}

export interface SegmentFigures {
  customers: number;
  deposits: number;
  contribution: number;
  /** Whether the segment has a loan at the month end (a segment of customers only has none). */
  hasLoans: boolean;
  balance: number;
  npl_balance: number;
  borrowers: Set<string>;
}

/**
 * Customers, deposits, contribution per customer segment; balance, NPL balance and borrowers from
 * the loans at asOf. Under filters, each side keeps what the filters keep of its own fact.
 */
export function segmentsBy(bank: Bank, by: string, asOf = latestAsOf(bank), scope?: Scope) {
  const byId = customersById(bank);
  const out = new Map<FilterValue, { customers: number; deposits: number[]; contribution: number[]; balance: number[]; npl: number[]; borrowers: Set<string> }>();
  const get = (k: FilterValue) => {
    let v = out.get(k);
    if (!v) out.set(k, (v = { customers: 0, deposits: [], contribution: [], balance: [], npl: [], borrowers: new Set() }));
    return v;
  };
  for (const c of bank.customers) {
    if (scope && !scope.customer(c, asOf)) continue;
    const g = get(customerKey(bank, c, by));
    g.customers++;
    g.deposits.push(c.deposits_avg ?? 0);
    g.contribution.push(c.contribution ?? 0);
  }
  for (const l of bank.loans) {
    if (l.as_of !== asOf || (scope && !scope.loan(l))) continue;
    const g = get(loanKey(bank, byId, l, by));
    g.balance.push(l.balance);
    if (NPL.has(l.classification)) g.npl.push(l.balance);
    g.borrowers.add(l.customer_id);
  }
  return new Map(
    [...out].map(([k, g]): [FilterValue, SegmentFigures] => [
      k,
      {
        customers: g.customers,
        deposits: money(g.deposits),
        contribution: money(g.contribution),
        hasLoans: g.balance.length > 0,
        balance: money(g.balance),
        npl_balance: money(g.npl),
        borrowers: g.borrowers,
      },
    ]),
  );
}

/**
 * Where `from`'s balance went by `to`: per cell (t0 class → t1 class, or exited) the t0 balance
 * (`balance_from`) and the t1 balance (`balance_to`) of those loans, and the share of the t0 class's
 * balance (`shares`, keyed `from→to`). `keep` picks the loans at t0.
 */
export function migrationMatrix(bank: Bank, from: string, to: string, keep: (l: Loan) => boolean = () => true) {
  const t0 = bank.loans.filter((l) => l.as_of === from && keep(l));
  const t1 = new Map(bank.loans.filter((l) => l.as_of === to).map((l) => [l.loan_id, l]));
  const cells = new Map<string, { from: number[]; to: number[] }>();
  const totals = new Map<string, number>();
  for (const l of t0) {
    const later = t1.get(l.loan_id);
    const key = `${l.classification}→${later?.classification ?? 'exited'}`;
    const cell = cells.get(key) ?? { from: [], to: [] };
    cell.from.push(l.balance);
    cell.to.push(later?.balance ?? 0);
    cells.set(key, cell);
  }
  for (const c0 of CLASS_ORDER) totals.set(c0, money(t0.filter((l) => l.classification === c0).map((l) => l.balance)));
  const balances = new Map([...cells].map(([key, cell]) => [key, { balance_from: money(cell.from), balance_to: money(cell.to) }]));
  const shares = new Map([...balances].map(([key, b]) => [key, b.balance_from / totals.get(key.split('→')[0]!)!]));
  return { shares, totals, balances };
}

export interface MigrationRate {
  balance: number;
  downgraded_balance: number;
  exited_balance: number;
  repaid: number;
  reduction: number;
  rate: number | null;
}

/**
 * The regulator's 迁徙率 between month ends t0 and t1, for each class X and for 正常贷款 (loans 正常 or
 * 关注 at t0): 向下迁徙金额 (the t1 balance of X's loans now in a worse class; for 正常贷款, now
 * non-performing) / (X's t0 balance − 期间减少金额: the t0 balance of X's loans gone by t1, plus the
 * fall in balance of those still there). 损失 has no rate. `keep` picks the loans at t0.
 */
export function migrationRates(bank: Bank, from: string, to: string, keep: (l: Loan) => boolean = () => true): Map<string, MigrationRate> {
  const t0 = bank.loans.filter((l) => l.as_of === from && keep(l));
  const t1 = new Map(bank.loans.filter((l) => l.as_of === to).map((l) => [l.loan_id, l]));
  const worse = (c0: string) => (c1: string) => CLASS_ORDER.indexOf(c1) > CLASS_ORDER.indexOf(c0);
  const groups: [string, (c0: string) => boolean, (c1: string) => boolean][] = [
    ...CLASS_ORDER.map((x): [string, (c0: string) => boolean, (c1: string) => boolean] => [x, (c0) => c0 === x, worse(x)]),
    ['normal_loans', (c0) => c0 === 'pass' || c0 === 'special_mention', (c1) => NPL.has(c1)],
  ];
  const out = new Map<string, MigrationRate>();
  for (const [name, isX, isWorse] of groups) {
    const xs = t0.filter((l) => isX(l.classification));
    const gone = xs.filter((l) => !t1.has(l.loan_id));
    const still = xs.filter((l) => t1.has(l.loan_id));
    const balance = money(xs.map((l) => l.balance));
    const downgraded_balance = money(still.filter((l) => isWorse(t1.get(l.loan_id)!.classification)).map((l) => t1.get(l.loan_id)!.balance));
    const exited_balance = money(gone.map((l) => l.balance));
    const repaid = money(still.map((l) => Math.max(0, l.balance - t1.get(l.loan_id)!.balance)));
    const reduction = money([exited_balance, repaid]);
    const rate = name === 'loss' ? null : ratio(downgraded_balance, money([balance, -reduction]));
    out.set(name, { balance, downgraded_balance, exited_balance, repaid, reduction, rate });
  }
  return out;
}

/** The loans at the latest month end that `keep` keeps, in loan-id order: the loan list's rows. */
export function loanList(bank: Bank, keep: (l: Loan) => boolean = () => true) {
  const asOf = latestAsOf(bank);
  const byId = customersById(bank);
  const branchName = new Map(bank.branches.map((b) => [b.branch_id, b.name]));
  const managerName = new Map(bank.managers.map((m) => [m.manager_id, m.name]));
  return bank.loans
    .filter((l) => l.as_of === asOf && keep(l))
    .sort((a, b) => (a.loan_id < b.loan_id ? -1 : a.loan_id > b.loan_id ? 1 : 0))
    .map((l) => {
      const customer = byId.get(l.customer_id);
      const branch = l.branch_id ?? customer?.branch_id ?? null;
      const manager = customer?.manager_id ?? null;
      return {
        loan_id: l.loan_id,
        customer_id: l.customer_id,
        customer_name: customer?.name ?? null,
        product: l.product,
        balance: money([l.balance]),
        classification: l.classification,
        dpd: l.dpd,
        branch_name: branch === null ? null : (branchName.get(branch) ?? null),
        manager_name: manager === null ? null : (managerName.get(manager) ?? null),
        origination_date: l.origination_date,
      };
    });
}

// ─── The pipeline ──────────────────────────────────────────────────────────────────────────

/** "Today" in the data: the latest month end in the loans (else the latest lead update, else the latest activity). */
export function referenceDate(bank: Bank): string {
  const latest = (xs: (string | null)[]) => xs.reduce<string>((m, x) => (x !== null && x > m ? x : m), '');
  return latestAsOf(bank) || latest(bank.pipeline.map((p) => p.updated_at ?? p.created_at)) || latest(bank.customers.map((c) => c.last_active_date));
}

/** The campaign running at `date` (of several, the one ending last), else the one ending last (ties: the smaller id). */
export function currentCampaign(bank: Bank, date: string): Campaign | undefined {
  const latestEnd = (cs: Campaign[]) =>
    [...cs].sort((a, b) => (a.end_date !== b.end_date ? (a.end_date < b.end_date ? 1 : -1) : a.campaign_id < b.campaign_id ? -1 : 1))[0];
  return latestEnd(bank.campaigns.filter((c) => c.start_date <= date && date <= c.end_date)) ?? latestEnd(bank.campaigns);
}

const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** 序时进度 at `date` (days from the start, both included, over the campaign's days; 1 after the end) and the period; no pace before the start. */
export function paceOf(campaign: Campaign, date: string) {
  const period = date < campaign.start_date ? 'not_started' : date > campaign.end_date ? 'ended' : 'running';
  const pace = period === 'not_started' ? null : Math.min(1, (day(date) - day(campaign.start_date) + 1) / (day(campaign.end_date) - day(campaign.start_date) + 1));
  return { pace, period } as const;
}

/** Leads reaching each stage (lost leads reached identified only), per split key, among the leads `keep` keeps. */
export function funnelBy(bank: Bank, campaign: string, split: (lead: Lead) => FilterValue = () => 'all', keep: (lead: Lead) => boolean = () => true) {
  const groups = new Map<FilterValue, { count: number[]; amount: (number | null)[][]; current: number[] }>();
  for (const lead of bank.pipeline) {
    if (lead.campaign_id !== campaign || !keep(lead)) continue;
    const key = split(lead);
    const g = groups.get(key) ?? { count: FUNNEL.map(() => 0), amount: FUNNEL.map(() => []), current: FUNNEL.map(() => 0) };
    groups.set(key, g);
    const reached = lead.stage === 'lost' ? 0 : FUNNEL.indexOf(lead.stage);
    for (let k = 0; k <= reached; k++) {
      g.count[k]!++;
      g.amount[k]!.push(lead.amount);
    }
    if (lead.stage !== 'lost') g.current[reached]!++;
  }
  return new Map([...groups].map(([key, g]) => [key, { count: g.count, amount: g.amount.map(money), current: g.current }]));
}

/** Lost leads of a campaign per reason: count, amount and share of the lost. */
export function lostReasons(bank: Bank, campaign: string, keep: (lead: Lead) => boolean = () => true) {
  const lost = bank.pipeline.filter((p) => p.campaign_id === campaign && p.stage === 'lost' && keep(p));
  const reasons = [...new Set(lost.map((p) => p.lost_reason))];
  return new Map(
    reasons.map((reason) => {
      const mine = lost.filter((p) => p.lost_reason === reason);
      return [reason, { count: mine.length, amount: money(mine.map((p) => p.amount)), share: mine.length / lost.length }];
    }),
  );
}

/** 待跟进: a campaign's open leads (neither disbursed nor lost) idle more than `days` days at `date`, per manager. */
export function overdueByManager(bank: Bank, campaign: string, date: string, days: number, keep: (lead: Lead) => boolean = () => true) {
  const managerName = new Map(bank.managers.map((m) => [m.manager_id, m.name]));
  const out = new Map<string | null, { label: string | null; count: number; amounts: (number | null)[]; max_days: number }>();
  for (const p of bank.pipeline) {
    const idle = day(date) - day(p.updated_at ?? p.created_at);
    if (p.campaign_id !== campaign || p.stage === 'disbursed' || p.stage === 'lost' || idle <= days || !keep(p)) continue;
    const key = leadKey(bank, p, 'manager') as string | null;
    const g = out.get(key) ?? { label: key === null ? null : (managerName.get(key) ?? key), count: 0, amounts: [], max_days: 0 };
    out.set(key, g);
    g.count++;
    g.amounts.push(p.amount);
    g.max_days = Math.max(g.max_days, idle);
  }
  return new Map([...out].map(([key, g]) => [key, { label: g.label, count: g.count, amount: money(g.amounts), max_days: g.max_days }]));
}

// ─── Targets ───────────────────────────────────────────────────────────────────────────────

const NON_LOAN = new Set(['credit_card', 'card_installment', 'deposit']);

/** What a lead adds to a target metric's actual (docs: "What counts as actual"): the lead's amount, one, or nothing. */
function targetValue(lead: Lead, metric: string): number | null {
  if (metric === 'loan_amount') return NON_LOAN.has(lead.product ?? '') ? null : lead.amount;
  if (metric === 'cards') return lead.product === 'credit_card' ? 1 : null;
  if (metric === 'installment_amount') return lead.product === 'card_installment' ? lead.amount : null;
  return lead.customer_id === null ? 1 : null;
}

/** Whether a lead counts towards a target of the campaign at `date`: disbursed, dated within [start, min(end, date)]. */
const countsTowards = (lead: Lead, campaign: Campaign, date: string) => {
  const dated = lead.updated_at ?? lead.created_at;
  const until = date < campaign.end_date ? date : campaign.end_date;
  return lead.campaign_id === campaign.campaign_id && lead.stage === 'disbursed' && dated >= campaign.start_date && dated <= until;
};

/** A target metric's actual over the leads `keep` keeps, at `date`. */
export function targetActual(bank: Bank, campaign: Campaign, metric: string, date: string, keep: (lead: Lead) => boolean = () => true): number {
  return money(bank.pipeline.filter((p) => countsTowards(p, campaign, date) && keep(p)).map((p) => targetValue(p, metric)));
}

/** The fields of the clauses that targets of `scope` do not follow (docs: "Targets follow only their own scope"). */
export function untargetedFields(clauses: readonly Clause[], scope: 'branch' | 'manager' | 'kpis'): string[] {
  const targeted = scope === 'branch' ? ['branch'] : ['manager', 'branch'];
  return [...new Set(clauses.map((c) => c.field).filter((f) => !targeted.includes(f)))];
}

export interface AttainmentSelection {
  /** A selection of the scope itself (branches, or managers): only their targets and actuals. */
  scopes?: ReadonlySet<string>;
  /** A filter targets do not follow (a tier, a product …), on leads: then no 完成率, the actual and its share. */
  untargeted?: (lead: Lead) => boolean;
}

export interface AttainmentFigures {
  key: string;
  label: string | null;
  actual: number;
  target: number | null;
  attainment: number | null;
  actual_share: number | null;
  pace: number | null;
  period: 'not_started' | 'running' | 'ended';
  ahead: boolean | null;
  rank: number | null;
  bottom_five: boolean;
}

/**
 * 完成率 per branch or manager for a campaign at a reference date, by the definitions: the actual
 * is what the metric counts among the campaign's disbursed leads dated from its start to min(end,
 * reference date); 序时进度 = days elapsed / days in the campaign (未开始 before its start); ranks
 * among scopes with an attainment, ties sharing one; 后5名 only among more than five such scopes,
 * and only where a scope and all its ties fit within the five lowest. Rows by rank (none last).
 */
export function attainmentBy(bank: Bank, campaignId: string, by: 'branch' | 'manager', metric: string, refDate: string, selection: AttainmentSelection = {}) {
  const campaign = bank.campaigns.find((c) => c.campaign_id === campaignId)!;
  const selected = (key: string) => !selection.scopes || selection.scopes.has(key);
  const actual = new Map<string, (number | null)[]>();
  const base = new Map<string, (number | null)[]>();
  for (const lead of bank.pipeline) {
    if (!countsTowards(lead, campaign, refDate)) continue;
    const key = leadKey(bank, lead, by) as string | null;
    if (!key || !selected(key)) continue;
    const value = targetValue(lead, metric);
    const add = (to: Map<string, (number | null)[]>) => to.set(key, [...(to.get(key) ?? []), value]);
    add(base);
    if (!selection.untargeted || selection.untargeted(lead)) add(actual);
  }
  const target = new Map<string, number[]>();
  for (const t of bank.targets) {
    if (t.campaign_id === campaignId && t.scope === by && t.metric === metric && selected(t.scope_id)) target.set(t.scope_id, [...(target.get(t.scope_id) ?? []), t.target]);
  }
  const names = new Map<string, string>(by === 'branch' ? bank.branches.map((b) => [b.branch_id, b.name]) : bank.managers.map((m) => [m.manager_id, m.name]));
  const { pace, period } = paceOf(campaign, refDate);
  const keys = new Set([...actual.keys(), ...base.keys(), ...target.keys()]);
  const rows: AttainmentFigures[] = [...keys].map((key) => {
    const a = money(actual.get(key) ?? []);
    const t = target.has(key) ? money(target.get(key)!) : null;
    const attainment = selection.untargeted || pace === null ? null : ratio(a, t);
    return {
      key,
      label: names.get(key) ?? null,
      actual: a,
      target: t,
      attainment,
      actual_share: selection.untargeted ? ratio(a, money(base.get(key) ?? [])) : null,
      pace,
      period,
      ahead: attainment === null || pace === null ? null : attainment >= pace,
      rank: null,
      bottom_five: false,
    };
  });
  const scored = rows.filter((r) => r.attainment !== null);
  for (const row of scored) {
    row.rank = 1 + scored.filter((o) => o.attainment! > row.attainment!).length;
    row.bottom_five = scored.length > 5 && scored.filter((o) => o.attainment! <= row.attainment!).length <= 5;
  }
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { pace, period, rows };
}

// ─── KPIs ──────────────────────────────────────────────────────────────────────────────────

export interface KpiFigures {
  metric: string;
  value: number | null;
  previous: number | null;
  change: number | null;
  as_of: string | null;
  previous_as_of: string | null;
  period: 'not_started' | 'running' | 'ended' | null;
  untargeted: string[];
}

/**
 * The headline figures under filters (docs: "KPIs"), each at the latest month end and at the one
 * before, a figure at the month end before being the same figure worked out at that month end.
 * The campaign's loan-amount target: with a manager clause those managers' targets, else with a
 * branch clause those branches', else all branch targets; 完成率 only when every clause is one of
 * those, and never before the start.
 */
export function kpisOf(bank: Bank, clauses: readonly Clause[]): KpiFigures[] {
  const cur = latestAsOf(bank);
  const prev = previousAsOf(bank, cur) || null;
  const scope = scopeOf(bank, clauses);
  const untargeted = untargetedFields(clauses, 'kpis');
  const targetedScope = scopeOf(bank, clauses.filter((c) => !untargeted.includes(c.field)));
  const loansAt = (m: string) => nplFigures(bank.loans.filter((l) => l.as_of === m && scope.loan(l)));
  const customersAt = (m: string) => bank.customers.filter((c) => (c.open_date === null || c.open_date <= m) && scope.customer(c, m)).length;
  const now = loansAt(cur);
  const before = prev === null ? null : loansAt(prev);
  const campaign = currentCampaign(bank, referenceDate(bank));
  const actualAt = (m: string, s: Scope) => (campaign ? targetActual(bank, campaign, 'loan_amount', m, (p) => s.lead(p, m)) : null);
  const scopeClause = clauses.find((c) => c.field === 'manager') ?? clauses.find((c) => c.field === 'branch');
  const targetRows = bank.targets.filter(
    (t) =>
      t.campaign_id === campaign?.campaign_id &&
      t.metric === 'loan_amount' &&
      t.scope === (scopeClause?.field ?? 'branch') &&
      (!scopeClause || scopeClause.values.includes(t.scope_id)),
  );
  const target = targetRows.length > 0 ? money(targetRows.map((t) => t.target)) : null;
  const campaignAt = (m: string) => {
    if (!campaign) return { pace: null, period: null, actual: null, attainment: null, share: null };
    const { pace, period } = paceOf(campaign, m);
    const actual = actualAt(m, scope);
    return {
      pace,
      period,
      actual,
      attainment: untargeted.length > 0 || pace === null ? null : ratio(actual, target),
      share: untargeted.length > 0 ? ratio(actual, actualAt(m, targetedScope)) : null,
    };
  };
  const c = campaignAt(cur);
  const p = prev === null ? null : campaignAt(prev);
  const rows: [string, number | null, number | null, boolean][] = [
    ['loans', now.loans, before?.loans ?? null, false],
    ['balance', now.balance, before?.balance ?? null, false],
    ['npl_ratio', now.npl_ratio, before?.npl_ratio ?? null, false],
    ['special_mention_ratio', now.special_mention_ratio, before?.special_mention_ratio ?? null, false],
    ['customers', customersAt(cur), prev === null ? null : customersAt(prev), false],
    ['deposits', money(bank.customers.filter((x) => scope.customer(x, cur)).map((x) => x.deposits_avg)), null, false],
    ['attainment', c.attainment, p?.attainment ?? null, true],
    ['pace', c.pace, p?.pace ?? null, true],
    ['actual', c.actual, p?.actual ?? null, true],
    ['target', target, prev === null ? null : target, true],
    ['actual_share', c.share, p?.share ?? null, false],
  ];
  return rows.map(([metric, value, previous, campaignFigure]) => ({
    metric,
    value,
    previous,
    change: value === null || previous === null ? null : value - previous,
    as_of: cur || null,
    previous_as_of: prev,
    period: campaignFigure ? c.period : null,
    untargeted,
  }));
}
