/**
 * The kpis with their loan and customer parts worked out from the loan and customer cubes in
 * memory, and the rest of their statement (month ends, campaign, target, actuals: small tables)
 * in SQL: the same rows as kpisQuery, whose loan and customer parts sum the same cubes in SQL.
 */
import { kpiRows, type KpiPartRow, type KpiRow } from '../queries/kpis.ts';
import { NPL_CLASSES } from '../schema.ts';
import type { Cube } from './cube.ts';
import { MoneySum } from './group.ts';

const NPL = new Set<unknown>(NPL_CLASSES);

class MonthSums {
  loans = 0;
  balance = new MoneySum();
  npl = new MoneySum();
  specialMention = new MoneySum();
}

/**
 * The kpis from the statement's other parts and the cubes' rows that pass the clauses, at the
 * month end `asOf` and the one before; undefined when a sum is beyond the exact cast.
 */
export function kpisFromCubes(
  otherParts: readonly KpiPartRow[],
  loans: Cube,
  loanTest: (row: number) => boolean,
  customers: Cube,
  customerTest: (row: number) => boolean,
  asOf: string | null,
  previousAsOf: string | null,
): KpiRow[] | undefined {
  const now = new MonthSums();
  const before = new MonthSums();
  const months = loans.fields.as_of!;
  const classes = loans.fields.classification!;
  for (let row = 0; row < loans.rows; row++) {
    const month = months[row];
    const sums = month === asOf ? now : month === previousAsOf ? before : undefined;
    if (!sums || !loanTest(row)) continue;
    const balance = loans.moneyColumns.balance!;
    sums.loans += loans.counts.loans![row]!;
    sums.balance.addRow(balance, row);
    if (NPL.has(classes[row])) sums.npl.addRow(balance, row);
    else if (classes[row] === 'special_mention') sums.specialMention.addRow(balance, row);
  }
  let latest = 0;
  let previous = 0;
  const deposits = new MoneySum();
  for (let row = 0; row < customers.rows; row++) {
    if (!customerTest(row)) continue;
    latest += customers.counts.customers_latest![row]!;
    previous += customers.counts.customers_previous![row]!;
    deposits.addRow(customers.moneyColumns.deposits_avg!, row);
  }
  const figures = [now.balance, now.npl, now.specialMention, before.balance, before.npl, before.specialMention, deposits].map((s) => s.toDoubleOrZero());
  if (figures.includes(undefined)) return undefined;
  const [balance, npl, sm, balanceP, nplP, smP, depositsDouble] = figures as number[];
  const loanPart = {
    part: 'loans',
    loans: now.loans,
    balance,
    npl_balance: npl,
    special_mention_balance: sm,
    loans_p: before.loans,
    balance_p: balanceP,
    npl_balance_p: nplP,
    special_mention_balance_p: smP,
  } as KpiPartRow;
  const customerPart = { part: 'customers', customers: latest, customers_p: previous, deposits: depositsDouble } as KpiPartRow;
  return kpiRows([...otherParts, loanPart, customerPart]);
}
