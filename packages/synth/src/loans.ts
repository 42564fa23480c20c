/**
 * Pass 2: monthly loan snapshot rows from the plan, streamed in chunks.
 *
 * Calibration by construction. Loans are processed in one fixed order (the plan's), and running controllers
 * steer the figures the documents give (model.ts) while the per-loan state is drawn:
 *  - each risk group's NPL ratio at the latest month end (groups: retail and corporate, each by industry class
 *    and each class-2 industry): a loan on the books then becomes non-performing with a probability that rises
 *    with the group's shortfall against target, and is refused when it would take the group more than 10%
 *    over target on its expected balance;
 *  - the share of balance held by industry class 3 (retail and corporate apart): class-3 loan sizes are scaled
 *    up or down while the running share is below or above 18.4%.
 * Borrower shares by industry class are exact by quota (plan.ts). Because controllers, not luck, hold the
 * figures, they hold at 10k rows as at 10M, and for every seed.
 * Each loan's state at the latest month end is chosen first and its path is built backwards from it
 * (a delinquency that started D days before the latest month end shows as 0 → special mention → substandard
 * … at earlier month ends), so every month is consistent with the latest one.
 *
 * Rows come out month by month (as_of ascending, then loan_id), which keeps each month end together in a
 * Parquet row group; the per-loan state (a few numbers per loan) is computed once before the first row.
 */
import type { LoanRow } from '@strata/sdk';
import { addMonths, monthIndex } from './dates.ts';
import { AMOUNT_MULTIPLIER, CLASS3_BALANCE_SHARE, PRODUCT_SPECS, RISK_GROUPS, classify } from './model.ts';
import { FATE_ACTIVE, FATE_WRITTEN_OFF, STREAM, type Plan } from './plan.ts';
import { collateralOf } from './follow-ups.ts';
import { Rng } from './rng.ts';

/** Allowed overshoot of a group's NPL ratio over its target while the controller runs. */
const NPL_CAP = 1.1;
/** How hard the NPL controller corrects (in average loans of the group). */
const NPL_GAIN_LOANS = 3;
/** How hard the class-3 balance controller corrects. */
const SHARE_GAIN = 0.2;

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Days past due at the latest month end for a new non-performing loan. */
function nplDpd(rng: Rng, card: boolean): number {
  const u = rng.next();
  if (card) return u < 0.4 ? rng.int(91, 120) : u < 0.7 ? rng.int(121, 180) : rng.int(181, 360);
  return u < 0.55 ? rng.int(91, 270) : u < 0.75 ? rng.int(271, 360) : rng.int(361, 720);
}

/** Days past due at the latest month end for a special-mention loan. */
function smDpd(rng: Rng): number {
  const u = rng.next();
  return u < 0.55 ? rng.int(1, 30) : u < 0.83 ? rng.int(31, 60) : rng.int(61, 90);
}

/** Length in days of a delinquency that was later cured. */
function cureLength(rng: Rng): number {
  const u = rng.next();
  return u < 0.7 ? rng.int(10, 60) : u < 0.9 ? rng.int(61, 90) : rng.int(91, 150);
}

/** Per-loan state computed once (pass 2a); rows are derived from it month by month (pass 2b). */
interface LoanState {
  amount: Float64Array;
  /** Delinquency episode: dpd at day E is E - start while start < E < end (NO_DAY: none / open). */
  start: Int32Array;
  end: Int32Array;
  monthOrig: Int32Array;
  maturity: Int32Array;
}
const NO_DAY = 2_147_483_647;

function loanStates(plan: Plan): LoanState {
  const { cal, loans, custGroup, custClass, custCorporate } = plan;
  const { ends, endMonth } = cal;
  const M = ends.length;
  const E0 = ends[0] as number;
  const ELast = ends[M - 1] as number;
  const L = loans.count;
  const rng = new Rng(plan.options.seed, STREAM.loans);
  const state: LoanState = {
    amount: new Float64Array(L),
    start: new Int32Array(L),
    end: new Int32Array(L),
    monthOrig: new Int32Array(L),
    maturity: new Int32Array(L),
  };

  // controller state
  const G = RISK_GROUPS.length;
  const groupLoans = new Float64Array(G); // loans each group will have on the books at the latest month end
  for (let i = 0; i < L; i++) {
    if (loans.fate[i] !== FATE_ACTIVE) continue;
    const g = custGroup[loans.cust[i] as number] as number;
    groupLoans[g] = (groupLoans[g] as number) + 1;
  }
  const groupBalance = new Float64Array(G);
  const groupNpl = new Float64Array(G);
  const groupCount = new Float64Array(G);
  // class-3 share controller, per kind (0 retail, 1 corporate)
  const class3Balance = [0, 0];
  const otherBalance = [0, 0];
  const class3Count = [0, 0];

  for (let i = 0; i < L; i++) {
    const c = loans.cust[i] as number;
    const spec = PRODUCT_SPECS[loans.prod[i] as number] as (typeof PRODUCT_SPECS)[number];
    const n = loans.term[i] as number;
    const orig = loans.orig[i] as number;
    const first = loans.first[i] as number;
    const last = loans.last[i] as number;
    const fate = loans.fate[i] as number;
    const g = custGroup[c] as number;
    const cls = custClass[c] as number;
    const kind = custCorporate[c] as number;
    const group = RISK_GROUPS[g] as (typeof RISK_GROUPS)[number];
    const miOrig = monthIndex(orig);
    const frac = schedule(spec, n);
    const kLatest = paidInstalments(endMonth[M - 1] as number, miOrig, 0, n);

    let amount = rng.lognormal(spec.median, spec.sigma, spec.min, spec.max) * (kind ? 1 : (AMOUNT_MULTIPLIER[cls] as number));
    if (fate === FATE_ACTIVE && cls === 3) {
      // steer class 3's share of its kind's balance at the latest month end
      const b3 = class3Balance[kind] as number;
      const surplus = b3 - CLASS3_BALANCE_SHARE * (b3 + (otherBalance[kind] as number));
      const n3 = class3Count[kind] as number;
      const average = n3 > 0 ? b3 / n3 : amount * frac(kLatest);
      const scale = 1 - ((kind ? 2 * SHARE_GAIN : SHARE_GAIN) * surplus) / ((1 - CLASS3_BALANCE_SHARE) * Math.max(average, 1));
      const [lo, hi] = kind ? [0.25, 4] : [0.5, 2];
      amount *= scale < lo ? lo : scale > hi ? hi : scale;
      if (amount > spec.max * 2) amount = spec.max * 2;
    }
    const P = Math.max(spec.unit, Math.round(amount / spec.unit) * spec.unit);

    let start = NO_DAY;
    let end = NO_DAY;
    let npl = false;
    if (fate === FATE_ACTIVE) {
      const maxDpd = ELast - orig - 30; // the first instalment falls due a month after origination
      const balance = groupBalance[g] as number;
      const count = groupCount[g] as number;
      const perf = P * frac(kLatest);
      const average = count > 0 ? balance / count : perf;
      const deficit = group.npl * balance - (groupNpl[g] as number);
      let p = group.npl + deficit / ((group.corporate ? 1 : NPL_GAIN_LOANS) * Math.max(average, 1));
      p = p < 0 ? 0 : p > 1 ? 1 : p;
      const uNpl = rng.next();
      const dNpl = nplDpd(rng, spec.card);
      if (uNpl < p && maxDpd >= 91) {
        const D = Math.min(dNpl, maxDpd);
        const b = round2(P * frac(paidInstalments(endMonth[M - 1] as number, miOrig, D, n)));
        // the cap looks ahead to the group's expected balance, so that large loans can be non-performing too
        const expected = Math.max(balance + b, 0.9 * average * (groupLoans[g] as number));
        if ((groupNpl[g] as number) + b <= NPL_CAP * group.npl * expected) {
          npl = true;
          start = ELast - D;
        }
      }
      const uSm = rng.next();
      const dSm = smDpd(rng);
      const uCure = rng.next();
      if (!npl) {
        if (uSm < group.sm && maxDpd >= 1) {
          start = ELast - Math.min(dSm, maxDpd);
        } else if (uCure < group.cure) {
          const lo = Math.max(orig + 30, E0 - 60);
          const hi = ELast - 40;
          if (lo <= hi) {
            start = rng.int(lo, hi);
            end = Math.min(start + cureLength(rng), ELast - 1);
          }
        }
      }
      // the latest balance, exactly as the row will show it
      const dpd = start !== NO_DAY && ELast > start && ELast < end ? ELast - start : 0;
      const latest = round2(P * frac(paidInstalments(endMonth[M - 1] as number, miOrig, dpd, n)));
      groupBalance[g] = (groupBalance[g] as number) + latest;
      groupCount[g] = (groupCount[g] as number) + 1;
      if (npl) groupNpl[g] = (groupNpl[g] as number) + latest;
      if (cls === 3) {
        class3Balance[kind] = (class3Balance[kind] as number) + latest;
        class3Count[kind] = (class3Count[kind] as number) + 1;
      } else otherBalance[kind] = (otherBalance[kind] as number) + latest;
    } else if (fate === FATE_WRITTEN_OFF) {
      const exitEnd = ends[last] as number;
      const lo = orig + 30;
      if (rng.next() < 0.75 || E0 - 90 > exitEnd - 91) start = rng.int(Math.max(lo, E0 - 420), E0 - 91);
      else start = rng.int(Math.max(lo, E0 - 90), exitEnd - 91);
    } else if (rng.next() < group.cure * 0.7) {
      const lo = Math.max(orig + 30, (ends[first] as number) - 60);
      const hi = (ends[last] as number) - 40;
      if (lo <= hi) {
        start = rng.int(lo, hi);
        end = Math.min(start + cureLength(rng), (ends[last] as number) - 1);
      }
    }
    state.amount[i] = P;
    state.start[i] = start;
    state.end[i] = end;
    state.monthOrig[i] = miOrig;
    state.maturity[i] = addMonths(orig, n);
  }
  return state;
}

/** Fraction of the original amount outstanding after k instalments. */
function schedule(spec: (typeof PRODUCT_SPECS)[number], n: number): (k: number) => number {
  if (spec.repay === 'bullet') return () => 1;
  if (spec.repay === 'linear' || spec.rate <= 0) return (k) => (k <= 0 ? 1 : k >= n ? 0 : 1 - k / n);
  const q = 1 + spec.rate / 12;
  const qn = Math.pow(q, n);
  return (k) => (k <= 0 ? 1 : k >= n ? 0 : (qn - Math.pow(q, k)) / (qn - 1));
}

/** Instalments effectively paid by a month end: those due, less the ones the days past due say are missing. */
function paidInstalments(monthEnd: number, monthOrig: number, dpd: number, n: number): number {
  let k = monthEnd - monthOrig;
  if (dpd > 0) k -= Math.ceil(dpd / 30);
  return k < 0 ? 0 : k > n - 1 ? n - 1 : k;
}

export function* loanRowChunks(plan: Plan, chunkRows = 100_000): Generator<LoanRow[], void, undefined> {
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  const { cal, loans, customers } = plan;
  const { ends, endMonth, endStrings, days } = cal;
  const M = ends.length;
  const L = loans.count;
  const state = loanStates(plan);
  const specs = Array.from({ length: L }, (_, i) => PRODUCT_SPECS[loans.prod[i] as number] as (typeof PRODUCT_SPECS)[number]);
  const ids = Array.from({ length: L }, (_, i) => `L${String(i + 1).padStart(9, '0')}`);
  const fracs = new Map<string, (k: number) => number>();

  let chunk: LoanRow[] = [];
  for (let j = 0; j < M; j++) {
    const e = ends[j] as number;
    const asOf = endStrings[j] as string;
    const month = endMonth[j] as number;
    for (let i = 0; i < L; i++) {
      if ((loans.first[i] as number) > j || (loans.last[i] as number) < j) continue;
      const spec = specs[i] as (typeof PRODUCT_SPECS)[number];
      const n = loans.term[i] as number;
      const key = `${spec.code}/${n}`;
      let frac = fracs.get(key);
      if (!frac) fracs.set(key, (frac = schedule(spec, n)));
      const start = state.start[i] as number;
      const dpd = start !== NO_DAY && e > start && e < (state.end[i] as number) ? e - start : 0;
      const P = state.amount[i] as number;
      const customer = customers[loans.cust[i] as number] as (typeof customers)[number];
      chunk.push({
        as_of: asOf,
        loan_id: ids[i] as string,
        customer_id: customer.customer_id,
        branch_id: customer.branch_id,
        product: spec.code,
        balance: round2(P * frac(paidInstalments(month, state.monthOrig[i] as number, dpd, n))),
        classification: classify(dpd, spec.card),
        dpd,
        origination_date: days.get(loans.orig[i] as number),
        maturity_date: days.get(state.maturity[i] as number),
        original_amount: P,
        collateral: collateralOf(plan.options.seed, i, spec.code),
      });
      if (chunk.length >= chunkRows) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}
