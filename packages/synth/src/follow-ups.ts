/**
 * What the marketing lists read beside loans: managers' posts, payroll employers, products held
 * (holdings) and follow-up records (contacts), drawn from streams of their own so that every table
 * generated before them keeps its rows.
 *
 * Consistent with the documents' picture: every customer with deposits holds a deposit; card
 * instalment borrowers hold a card; a business borrower is often an acquiring merchant; payroll
 * customers work for a payroll unit of their institution; most leads have contacts, the last one
 * setting the next date, and some of those dates have passed on open leads (待跟进).
 */
import type { Collateral, ContactChannel, ContactRow, CustomerRow, HoldingProduct, HoldingRow, ManagerRole, PipelineRow, Product } from '@strata/sdk';
import { PRODUCT_SPECS } from './model.ts';
import type { Plan } from './plan.ts';
import { mix32, Rng } from './rng.ts';

const STREAM_FOLLOW_UPS = 6;
const STREAM_CONTACTS = 7;

/** A loan's collateral by its product, with the usual mix where a product has several. */
const COLLATERAL_MIX: Readonly<Record<Product, readonly (readonly [Collateral, number])[]>> = {
  mortgage: [['mortgage', 1]],
  auto: [['mortgage', 0.8], ['guarantee', 0.2]],
  consumer: [['credit', 0.85], ['guarantee', 0.15]],
  business: [['mortgage', 0.6], ['guarantee', 0.3], ['credit', 0.1]],
  card_installment: [['credit', 1]],
  credit_card: [['credit', 1]],
  working_capital: [['guarantee', 0.5], ['mortgage', 0.35], ['credit', 0.15]],
  fixed_asset: [['mortgage', 0.8], ['pledge', 0.2]],
  trade_finance: [['pledge', 0.7], ['guarantee', 0.3]],
};

/** The collateral of loan `index`: a hash of the seed and the index, the same in every month's row. */
export function collateralOf(seed: number, index: number, product: Product): Collateral {
  let u = mix32((seed ^ mix32(index + 0x7f4a7c15)) >>> 0) / 4294967296;
  for (const [collateral, share] of COLLATERAL_MIX[product]) {
    if ((u -= share) < 0) return collateral;
  }
  return COLLATERAL_MIX[product][0]![0];
}

/** Posts in a sub-branch: its head, a team lead, then relationship and wealth managers. */
function roleOf(rank: number, rng: Rng): ManagerRole {
  if (rank === 0) return 'sub_branch_head';
  if (rank === 1) return 'team_lead';
  return rng.bool(0.25) ? 'wealth_manager' : 'relationship_manager';
}

export interface FollowUps {
  holdings: HoldingRow[];
  contacts: ContactRow[];
}

/**
 * Sets the managers' roles and the payroll customers' employers (in place), and builds holdings and
 * contacts for the plan and its pipeline.
 */
export function buildFollowUps(plan: Plan, pipeline: readonly PipelineRow[]): FollowUps {
  const { cal, customers, custBranch, custCorporate, loans, managers, managersByBranch } = plan;
  const rng = new Rng(plan.options.seed, STREAM_FOLLOW_UPS);
  const asOf = cal.asOfDay;
  const day = (d: number) => cal.days.get(d);

  for (const list of managersByBranch) list.forEach((m, rank) => (managers[m]!.role = roleOf(rank, rng)));

  // Loans each customer has had, by product.
  const held = customers.map(() => new Set<Product>());
  for (let i = 0; i < loans.count; i++) held[loans.cust[i] as number]!.add(PRODUCT_SPECS[loans.prod[i] as number]!.code);

  // Payroll units: the corporate payroll customers of each institution.
  const units = managersByBranch.map((): CustomerRow[] => []);
  customers.forEach((c, i) => {
    if (custCorporate[i] === 1 && c.is_payroll) units[custBranch[i] as number]!.push(c);
  });

  const holdings: HoldingRow[] = [];
  customers.forEach((c, i) => {
    const open = c.open_date ?? day(asOf - 365);
    const hold = (product: HoldingProduct, balance: number | null, openedOn = open, closed = false) => {
      const closedOn = closed ? day(asOf - rng.int(30, 700)) : null;
      holdings.push({ customer_id: c.customer_id, product, opened_on: openedOn, closed_on: closedOn !== null && closedOn > openedOn ? closedOn : null, balance });
    };
    const deposits = c.deposits_avg ?? 0;
    const aum = c.aum ?? 0;
    if (deposits > 0) hold('deposit', deposits);
    if (custCorporate[i] === 1) {
      if (rng.bool(0.8)) hold('online_banking', null);
      if (c.is_payroll) hold('payroll', null);
      if (rng.bool(0.25)) hold('acquiring', null, open, rng.bool(0.1));
      return;
    }
    const unitsHere = units[custBranch[i] as number]!;
    if (c.is_payroll && unitsHere.length > 0) c.employer_id = rng.pick(unitsHere).customer_id;
    if (aum - deposits >= 10_000) hold('wealth', Math.round((aum - deposits) * 100) / 100);
    if (held[i]!.has('card_installment') || rng.bool(0.3)) hold('credit_card', null, open, rng.bool(0.05));
    if (held[i]!.has('business') && rng.bool(0.4)) hold('acquiring', null, open, rng.bool(0.1));
    if (rng.bool(0.6)) hold('mobile_banking', null);
    if (rng.bool(0.3)) hold('online_banking', null);
    if (rng.bool(0.4)) hold('wechat_banking', null);
    if (rng.bool(0.08)) hold('fund', null);
    if (rng.bool(0.06)) hold('insurance', null);
  });

  return { holdings, contacts: buildContacts(plan, pipeline) };
}

const CHANNELS: readonly ContactChannel[] = ['visit', 'phone', 'wechat', 'event', 'branch'];
const OUTCOMES = ['有意向', '需再跟进', '暂无需求', '已预约面谈', '资料已收集'];

/**
 * Contacts: most leads with a manager get one to four, spread from the lead's creation to its last
 * update, the last setting a next date; and the institutions' big customers (daily deposits of 5M
 * or AUM of 1M and more) are visited in the last quarter, some of them not.
 */
function buildContacts(plan: Plan, pipeline: readonly PipelineRow[]): ContactRow[] {
  const { cal, customers } = plan;
  const rng = new Rng(plan.options.seed, STREAM_CONTACTS);
  const asOf = cal.asOfDay;
  const toDay = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  const contacts: ContactRow[] = [];
  const add = (row: Omit<ContactRow, 'contact_id'>) => contacts.push({ contact_id: `T${String(contacts.length + 1).padStart(8, '0')}`, ...row });

  for (const lead of pipeline) {
    if (lead.manager_id === null || !rng.bool(0.85)) continue;
    const from = toDay(lead.created_at);
    const to = Math.min(asOf, lead.updated_at === null ? asOf : toDay(lead.updated_at));
    const count = 1 + rng.weighted([45, 30, 15, 10]);
    const dates = Array.from({ length: count }, () => rng.int(from, Math.max(from, to))).sort((a, b) => a - b);
    dates.forEach((d, k) => {
      const last = k === dates.length - 1;
      add({
        customer_id: lead.customer_id,
        lead_id: lead.lead_id,
        manager_id: lead.manager_id,
        contact_date: cal.days.get(d),
        channel: CHANNELS[rng.weighted([20, 45, 25, 5, 5])]!,
        outcome: rng.pick(OUTCOMES),
        next_date: last ? cal.days.get(d + rng.int(3, 30)) : null,
      });
    });
  }
  customers.forEach((c) => {
    const big = (c.deposits_avg ?? 0) >= 5_000_000 || (c.aum ?? 0) >= 1_000_000;
    if (!big || c.manager_id === null || !rng.bool(0.7)) return;
    const visits = 1 + rng.int(0, 2);
    for (let k = 0; k < visits; k++) {
      const d = asOf - rng.int(0, 89);
      add({ customer_id: c.customer_id, lead_id: null, manager_id: c.manager_id, contact_date: cal.days.get(d), channel: rng.bool(0.6) ? 'visit' : 'phone', outcome: rng.pick(OUTCOMES), next_date: null });
    }
  });
  return contacts;
}
