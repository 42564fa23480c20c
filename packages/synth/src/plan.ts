/**
 * Pass 1: the organisation, the customers and a compact plan of every loan (who, what, when it is on the
 * books). Loan rows are produced from this plan by pass 2 (loans.ts) without holding them in memory.
 */
import type { BranchRow, CustomerRow, ManagerRow } from '@strata/sdk';
import { addMonths, monthIndex } from './dates.ts';
import {
  CLASS_BORROWER_SHARE,
  CORPORATE_INDUSTRIES,
  CORPORATE_PRODUCT_MIX,
  PRODUCT_SPECS,
  RETAIL_INDUSTRIES,
  RETAIL_PRODUCT_MIX,
  RISK_GROUPS,
  riskGroup,
} from './model.ts';
import { companyName, gridName, institutionName, personName } from './names.ts';
import { calendar, type Calendar, type ResolvedSynthOptions } from './options.ts';
import { Rng } from './rng.ts';

/** Loan fates within the window. */
export const FATE_ACTIVE = 0; // on the books at the latest month end
export const FATE_MATURED = 1; // repaid at maturity inside the window
export const FATE_PREPAID = 2; // repaid early inside the window
export const FATE_WRITTEN_OFF = 3; // non-performing, then written off / disposed inside the window

/** RNG streams: one per concern so that changing one table does not reshuffle another. */
export const STREAM = { org: 1, customers: 2, loans: 3, managers: 4, campaign: 5 } as const;

export interface LoanPlan {
  count: number;
  cust: number[];
  prod: number[];
  orig: number[];
  term: number[];
  first: number[];
  last: number[];
  fate: number[];
}

export interface Plan {
  options: ResolvedSynthOptions;
  cal: Calendar;
  branches: BranchRow[];
  /** Institutions' relative sizes (index 0 = first institution). */
  branchWeights: number[];
  managers: ManagerRow[];
  /** Manager indexes per institution. */
  managersByBranch: number[][];
  customers: CustomerRow[];
  /** Risk group (model.ts RISK_GROUPS), industry class (1–3) and kind (1 corporate) per customer. */
  custGroup: Uint8Array;
  custClass: Uint8Array;
  custCorporate: Uint8Array;
  /** Institution index per customer. */
  custBranch: Uint16Array;
  loans: LoanPlan;
  loanRows: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Assigns retail borrowers to industry classes so that every prefix is within about one borrower of the shares. */
class ClassQuota {
  private readonly counts = [0, 0, 0];
  private total = 0;
  constructor(private readonly rng: Rng) {}
  next(): 1 | 2 | 3 {
    const n = this.total + 1;
    let c = this.rng.weighted(CLASS_BORROWER_SHARE);
    if ((this.counts[c] as number) + 1 - (CLASS_BORROWER_SHARE[c] as number) * n > 1) {
      let best = 0;
      let deficit = -Infinity;
      for (let i = 0; i < 3; i++) {
        const d = (CLASS_BORROWER_SHARE[i] as number) * n - (this.counts[i] as number);
        if (d > deficit) {
          deficit = d;
          best = i;
        }
      }
      c = best;
    }
    this.counts[c] = (this.counts[c] as number) + 1;
    this.total = n;
    return (c + 1) as 1 | 2 | 3;
  }
}

/** Draws from weights, but the first draws cover every category once (so small data sets show every tier). */
class CoverFirst {
  private readonly pending: number[];
  constructor(
    private readonly rng: Rng,
    private readonly weights: readonly number[],
  ) {
    this.pending = rng.shuffle(weights.map((_, i) => i));
  }
  next(): number {
    return this.pending.length ? (this.pending.pop() as number) : this.rng.weighted(this.weights);
  }
}

export function buildPlan(options: ResolvedSynthOptions): Plan {
  const cal = calendar(options);
  const { ends, endMonth } = cal;
  const M = ends.length;
  const E0 = ends[0] as number;
  const ELast = ends[M - 1] as number;
  const mi0 = endMonth[0] as number;
  const asOf = cal.asOfDay;

  // ---- organisation -------------------------------------------------------------------------------------------
  const org = new Rng(options.seed, STREAM.org);
  const width = Math.max(2, String(options.branches).length);
  const headId = `B${pad(0, width)}`;
  const branches: BranchRow[] = [{ branch_id: headId, name: '总行', parent_id: null, level: 'head_office', grid: null }];
  const branchWeights: number[] = [];
  for (let i = 1; i <= options.branches; i++) {
    const name = institutionName(i - 1);
    branches.push({ branch_id: `B${pad(i, width)}`, name, parent_id: headId, level: 'sub_branch', grid: gridName(name) });
    branchWeights.push(name === '营业部' ? 1.6 : 0.6 + org.next() * 0.9);
  }

  // ---- customers and the loan plan ----------------------------------------------------------------------------
  const rng = new Rng(options.seed, STREAM.customers);
  // Borrowers at the latest month end get their industry class by quota, retail and corporate apart.
  const retailQuota = new ClassQuota(rng);
  const corporateQuota = new ClassQuota(rng);
  const corporateTier = new CoverFirst(rng, [2, 10, 13, 75]); // strategic, ≥10M, 5–10M, <5M
  const retailTier = new CoverFirst(rng, [3, 12, 85]); // AUM ≥1M, 200k–1M, below
  const customers: CustomerRow[] = [];
  const custGroup: number[] = [];
  const custClass: number[] = [];
  const custCorporate: number[] = [];
  const custBranch: number[] = [];
  const loans: LoanPlan = { count: 0, cust: [], prod: [], orig: [], term: [], first: [], last: [], fate: [] };
  const target = options.loanRows;
  let rows = 0;

  const firstMonth = (day: number) => Math.max(0, monthIndex(day) - mi0);
  const uniformDay = (lo: number, hi: number) => rng.int(lo, hi);

  /** Places one loan in the window; returns false when this fate cannot be placed. */
  const place = (c: number, prod: number, term: number, fate: number, corporate: boolean): boolean => {
    let orig: number;
    let first: number;
    let last: number;
    if (fate === FATE_ACTIVE) {
      // Ages are uniform over the term, plus extra recent originations: the book replaces the loans that
      // leave it early (prepaid, written off) and grows a little.
      const recent = term > M && rng.next() < (corporate ? 0.3 : 0.15);
      orig = uniformDay(addMonths(ELast, recent ? -M : -term) + 1, ELast);
      first = firstMonth(orig);
      last = M - 1;
    } else if (fate === FATE_MATURED) {
      const mat = uniformDay(E0 + 1, ELast);
      orig = addMonths(mat, -term);
      first = firstMonth(orig);
      last = Math.min(M - 2, monthIndex(addMonths(orig, term)) - mi0 - 1);
      if (last < first) return false;
    } else if (fate === FATE_PREPAID) {
      const lo = addMonths(ELast, -term) + 1;
      const hi = ends[M - 2] as number;
      if (lo > hi) return false;
      orig = uniformDay(lo, hi);
      first = firstMonth(orig);
      last = rng.int(first, M - 2);
    } else {
      orig = E0 - 150 - rng.int(0, Math.round(term * 30.4));
      first = 0;
      last = rng.int(0, M - 2);
    }
    loans.cust.push(c);
    loans.prod.push(prod);
    loans.orig.push(orig);
    loans.term.push(term);
    loans.first.push(first);
    loans.last.push(last);
    loans.fate.push(fate);
    loans.count++;
    rows += last - first + 1;
    return true;
  };

  while (rows < target) {
    const c = customers.length;
    const corporate = rng.next() < 0.1;
    const u = rng.next();
    // role: 1 borrower with a loan at the latest month end, 2 former borrower (all loans gone), 0 no loans
    const role = corporate ? (u < 0.35 ? 1 : u < 0.39 ? 2 : 0) : u < 0.66 ? 1 : u < 0.72 ? 2 : 0;
    const cls = role === 1 ? (corporate ? corporateQuota : retailQuota).next() : 1 + rng.weighted(CLASS_BORROWER_SHARE);
    const industries = (corporate ? CORPORATE_INDUSTRIES : RETAIL_INDUSTRIES)[cls] as (typeof RETAIL_INDUSTRIES)[number];
    const industry = industries.codes[rng.weighted(industries.weights)] as string;
    const group = riskGroup(corporate, industry);
    const b = rng.weighted(branchWeights);
    const name = corporate ? companyName(rng, industry) : personName(rng);

    // loans
    let earliest = Infinity;
    let loanCount = 0;
    if (role !== 0 && M > 0) {
      const n =
        role === 1 ? 1 + rng.weighted(corporate ? [50, 30, 20] : [62, 28, 10]) : 1 + rng.weighted([75, 25]);
      const wo = (RISK_GROUPS[group] as (typeof RISK_GROUPS)[number]).writeOff;
      for (let k = 0; k < n && rows < target; k++) {
        let fate: number;
        if (M === 1 || (role === 1 && k === 0)) fate = FATE_ACTIVE;
        else if (role === 1) fate = [FATE_ACTIVE, FATE_MATURED, FATE_PREPAID, FATE_WRITTEN_OFF][rng.weighted([66, 15, 12, wo * 100])] as number;
        else fate = [FATE_MATURED, FATE_PREPAID, FATE_WRITTEN_OFF][rng.weighted([55, 33, wo * 250])] as number;
        const prod = rng.weighted(corporate ? CORPORATE_PRODUCT_MIX : (RETAIL_PRODUCT_MIX[cls] as readonly number[]));
        const spec = PRODUCT_SPECS[prod] as (typeof PRODUCT_SPECS)[number];
        const term = spec.terms[rng.weighted(spec.termWeights)] as number;
        if (!place(c, prod, term, fate, corporate) && !place(c, prod, term, FATE_PREPAID, corporate)) place(c, prod, term, FATE_ACTIVE, corporate);
        let o = loans.orig[loans.count - 1] as number;
        // Renewals: a short loan taken out in the window usually replaced one that matured just before.
        const renew = spec.renewal;
        for (let depth = 0; o > E0 && fate !== FATE_WRITTEN_OFF && depth < 40 && rows < target && rng.next() < renew; depth++) {
          const mat = o - rng.int(0, 10);
          const prevOrig = addMonths(mat, -term);
          const first = firstMonth(prevOrig);
          const last = Math.min(M - 2, monthIndex(mat) - mi0 - 1);
          if (last < first) break;
          loans.cust.push(c);
          loans.prod.push(prod);
          loans.orig.push(prevOrig);
          loans.term.push(term);
          loans.first.push(first);
          loans.last.push(last);
          loans.fate.push(FATE_MATURED);
          loans.count++;
          rows += last - first + 1;
          loanCount++;
          o = prevOrig;
        }
        if (o < earliest) earliest = o;
        loanCount++;
      }
    }

    // balances and relationship
    let deposits: number;
    let aum: number;
    let products: number;
    let relationship: CustomerRow['relationship_type'] = null;
    let strategic = false;
    let payroll: boolean;
    let contribution: number;
    if (corporate) {
      const tier = corporateTier.next();
      deposits =
        tier === 0
          ? rng.lognormal(60_000_000, 0.6, 20_000_000, 400_000_000)
          : tier === 1
            ? rng.lognormal(18_000_000, 0.5, 10_000_000, 200_000_000)
            : tier === 2
              ? rng.range(5_000_000, 10_000_000)
              : rng.lognormal(900_000, 1.1, 10_000, 4_990_000);
      strategic = tier === 0;
      aum = deposits * (1 + (rng.bool(0.3) ? rng.range(0.05, 0.4) : 0));
      products = tier <= 1 ? rng.int(3, 9) : tier === 2 ? rng.int(2, 6) : rng.bool(0.06) ? rng.int(5, 7) : rng.int(1, 4);
      products += loanCount > 0 ? 1 : 0;
      relationship = (['settlement', 'credit', 'relationship', 'channel'] as const)[
        rng.weighted(loanCount > 0 ? [20, 55, 18, 7] : [55, 10, 22, 13])
      ] as CustomerRow['relationship_type'];
      payroll = rng.bool(tier <= 1 ? 0.6 : 0.2);
      contribution = deposits * rng.range(0.008, 0.016) + products * 3000 + (loanCount > 0 ? rng.range(20_000, 300_000) : 0);
      if (strategic) contribution = Math.max(contribution, rng.range(1_000_000, 3_000_000));
    } else {
      const tier = retailTier.next();
      aum =
        tier === 0
          ? rng.lognormal(1_700_000, 0.45, 1_000_000, 30_000_000)
          : tier === 1
            ? 200_000 * Math.exp(rng.next() * Math.log(5))
            : rng.lognormal(28_000, 1.0, 100, 199_000);
      deposits = Math.min(aum, aum * rng.range(0.3, 1.0));
      products = 1 + rng.int(0, 3) + loanCount + (tier === 0 ? rng.int(1, 3) : 0);
      payroll = rng.bool(cls === 1 ? 0.45 : cls === 2 ? 0.25 : 0.08);
      contribution = deposits * 0.012 + (aum - deposits) * 0.006 + products * 150 + (loanCount > 0 ? rng.range(300, 6000) : 0);
      contribution *= rng.range(0.7, 1.3);
    }

    // dates
    const isNew = rng.bool(corporate ? 0.03 : 0.05);
    let open = isNew ? asOf - rng.int(0, 89) : rng.int(10_957 /* 2000-01-01 */, asOf - 90);
    if (earliest < open) open = earliest;
    const dormant = rng.bool(role === 1 ? 0.03 : role === 2 ? 0.4 : 0.25);
    let lastActive = dormant ? asOf - rng.int(180, 900) : asOf - Math.floor(rng.next() * rng.next() * 60);
    if (lastActive < open) lastActive = dormant ? open : asOf;
    const birthYear = corporate ? null : rng.int(1950, 2003 - (loanCount > 0 ? 3 : 0));

    customers.push({
      customer_id: `C${pad(c + 1, 8)}`,
      name,
      kind: corporate ? 'corporate' : 'retail',
      branch_id: (branches[b + 1] as BranchRow).branch_id,
      manager_id: null,
      industry,
      deposits_avg: Math.round(deposits * 100) / 100,
      aum: Math.round(aum * 100) / 100,
      products_held: products,
      relationship_type: relationship,
      is_strategic: strategic,
      is_payroll: payroll,
      open_date: cal.days.get(open),
      last_active_date: cal.days.get(lastActive),
      birth_year: birthYear,
      contribution: Math.round(contribution * 100) / 100,
      employer_id: null,
    });
    custGroup.push(group);
    custClass.push(cls);
    custCorporate.push(corporate ? 1 : 0);
    custBranch.push(b);
  }

  // ---- exact row count: trim the last loans ---------------------------------------------------------------------
  let over = rows - target;
  while (over > 0 && loans.count > 0) {
    const i = loans.count - 1;
    const first = loans.first[i] as number;
    const last = loans.last[i] as number;
    const r = last - first + 1;
    if (r <= over) {
      for (const a of [loans.cust, loans.prod, loans.orig, loans.term, loans.first, loans.last, loans.fate]) a.pop();
      loans.count--;
      over -= r;
      rows -= r;
      continue;
    }
    if (loans.fate[i] === FATE_ACTIVE) {
      const newFirst = first + over;
      const monthStart = newFirst === 0 ? addMonths(E0, -1) + 1 : (ends[newFirst - 1] as number) + 1;
      loans.first[i] = newFirst;
      loans.orig[i] = rng.int(Math.max(monthStart, loans.orig[i] as number), ends[newFirst] as number);
      loans.term[i] = Math.max(loans.term[i] as number, M - newFirst + 1);
    } else {
      loans.last[i] = last - over;
      if (loans.fate[i] === FATE_MATURED) loans.fate[i] = FATE_PREPAID;
    }
    rows -= over;
    over = 0;
  }

  // ---- managers -------------------------------------------------------------------------------------------------
  const perBranch = branchWeights.map(() => 0);
  for (const b of custBranch) perBranch[b] = (perBranch[b] as number) + 1;
  const managers: ManagerRow[] = [];
  const managersByBranch: number[][] = [];
  const managerWeights: number[] = [];
  const seqWidth = Math.max(3, String(Math.max(...perBranch.map((n) => Math.round(n / 150)), 2)).length);
  for (let b = 0; b < options.branches; b++) {
    const count = Math.max(2, Math.round((perBranch[b] as number) / 150));
    const list: number[] = [];
    for (let k = 1; k <= count; k++) {
      list.push(managers.length);
      managers.push({ manager_id: `M${pad(b + 1, width)}${pad(k, seqWidth)}`, name: personName(org), branch_id: (branches[b + 1] as BranchRow).branch_id });
      managerWeights.push(0.5 + org.next());
    }
    managersByBranch.push(list);
  }
  // Customers go to their institution's managers in proportion to each manager's capacity.
  const cumulative = managersByBranch.map((list) => {
    let sum = 0;
    return list.map((i) => (sum += managerWeights[i] as number));
  });
  const assign = new Rng(options.seed, STREAM.managers);
  for (let c = 0; c < customers.length; c++) {
    const b = custBranch[c] as number;
    const cum = cumulative[b] as number[];
    const u = assign.next() * (cum[cum.length - 1] as number);
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    const m = (managersByBranch[b] as number[])[lo] as number;
    (customers[c] as CustomerRow).manager_id = (managers[m] as ManagerRow).manager_id;
  }

  return {
    options,
    cal,
    branches,
    branchWeights,
    managers,
    managersByBranch,
    customers,
    custGroup: Uint8Array.from(custGroup),
    custClass: Uint8Array.from(custClass),
    custCorporate: Uint8Array.from(custCorporate),
    custBranch: Uint16Array.from(custBranch),
    loans,
    loanRows: rows,
  };
}
