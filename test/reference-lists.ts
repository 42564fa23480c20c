/**
 * The lists' clauses again, in plain TypeScript over row arrays (docs/metrics.md, "Filters"): a
 * range on a customer's amount, date or day count to the reference date, and what a customer holds
 * (its loans' products at the latest month end, its holdings open at the reference date).
 */
import type { FilterClause, TableRows } from '@strata/sdk';
import { latestAsOf, money, type Bank } from './reference.ts';

type Customer = TableRows['customers'];

export interface ListBank extends Bank {
  holdings: TableRows['holdings'][];
  contacts: TableRows['contacts'][];
}

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** The reference date: the latest month end of the loans (the banks these lists are tested on have loans). */
const referenceDateOf = (bank: ListBank) => latestAsOf(bank);

const cache = new WeakMap<ListBank, Map<string, { loanBalance: number; nextMaturity: string | null; lastContact: string | null; holds: Set<string> }>>();

/** Per customer: its loan balance and next maturity at the latest month end, its last contact and what it holds. */
function facts(bank: ListBank) {
  let byId = cache.get(bank);
  if (byId) return byId;
  const ref = referenceDateOf(bank);
  const latest = latestAsOf(bank);
  const made = new Map<string, { balances: number[]; nextMaturity: string | null; lastContact: string | null; holds: Set<string> }>();
  const of = (id: string) => {
    let f = made.get(id);
    if (!f) made.set(id, (f = { balances: [], nextMaturity: null, lastContact: null, holds: new Set() }));
    return f;
  };
  for (const l of bank.loans) {
    if (l.as_of !== latest) continue;
    const f = of(l.customer_id);
    f.balances.push(l.balance);
    f.holds.add(l.product);
    if (l.maturity_date !== null && l.maturity_date >= ref && (f.nextMaturity === null || l.maturity_date < f.nextMaturity)) f.nextMaturity = l.maturity_date;
  }
  for (const h of bank.holdings) if (h.opened_on <= ref && (h.closed_on === null || h.closed_on > ref)) of(h.customer_id).holds.add(h.product);
  for (const c of bank.contacts) {
    if (c.customer_id === null || c.contact_date > ref) continue;
    const f = of(c.customer_id);
    if (f.lastContact === null || c.contact_date > f.lastContact) f.lastContact = c.contact_date;
  }
  byId = new Map([...made].map(([id, f]) => [id, { loanBalance: money(f.balances), nextMaturity: f.nextMaturity, lastContact: f.lastContact, holds: f.holds }]));
  cache.set(bank, byId);
  return byId;
}

/** A customer's value of a range field (null: none). */
function valueOf(bank: ListBank, c: Customer, field: string): number | string | null {
  const f = facts(bank).get(c.customer_id);
  const ref = referenceDateOf(bank);
  switch (field) {
    case 'deposits_avg':
      return c.deposits_avg;
    case 'aum':
      return c.aum;
    case 'loan_balance':
      return f?.loanBalance ?? 0;
    case 'open_date':
      return c.open_date;
    case 'last_active_date':
      return c.last_active_date;
    case 'next_maturity':
      return f?.nextMaturity ?? null;
    case 'days_to_maturity':
      return f?.nextMaturity ? daysBetween(ref, f.nextMaturity) : null;
    case 'days_since_contact':
      return f?.lastContact ? daysBetween(f.lastContact, ref) : null;
    default:
      throw new Error(`reference: no range field ${field}`);
  }
}

/** Whether customer `c` is selected by a range or holds clause. */
export function customerSelected(bank: ListBank, c: Customer, clause: Omit<FilterClause, 'source'>): boolean {
  if (clause.field === 'holds') {
    const held = facts(bank).get(c.customer_id)?.holds ?? new Set<string>();
    const any = clause.values.some((v) => v !== null && held.has(String(v)));
    return clause.op === 'not_in' ? !any : any;
  }
  const v = valueOf(bank, c, clause.field);
  const [a, b] = clause.values;
  if (clause.op === 'in') return clause.values.some((x) => x === v);
  if (v === null) return false;
  if (clause.op === 'gte') return v >= a!;
  if (clause.op === 'lte') return v <= a!;
  if (clause.op === 'between') return v >= a! && v <= b!;
  throw new Error(`reference: op ${clause.op} not covered`);
}
