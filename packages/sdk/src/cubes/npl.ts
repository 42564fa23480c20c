/**
 * NPL, its trend and the class mix answered from the loan cube in memory: the same rows, to the
 * bit and in the same order, as their SQL over the cube (queries/npl.ts), which stays the
 * reference and answers whatever this cannot (undefined).
 */
import { dimension, type DimensionInput } from '../dimensions.ts';
import type { ClassMixRow, NplRow, NplTrendRow } from '../queries/npl.ts';
import { CLASSIFICATIONS, NPL_CLASSES, type Classification } from '../schema.ts';
import type { Cube } from './cube.ts';
import { compareDescending } from './exact.ts';
import { ratio } from '../queries/metrics.ts';
import { compareKey, compareText } from '../queries/order.ts';
import { groupCube, MoneySum, type Group } from './group.ts';

const NPL = new Set<unknown>(NPL_CLASSES);

class LoanSums {
  balance = new MoneySum();
  npl = new MoneySum();
  specialMention = new MoneySum();
  loans = 0;
  nplLoans = 0;
}

function addLoans(cube: Cube, sums: LoanSums, row: number): void {
  const balance = cube.moneyColumns.balance!;
  const cls = cube.fields.classification![row];
  const loans = cube.counts.loans![row]!;
  sums.balance.addRow(balance, row);
  sums.loans += loans;
  if (NPL.has(cls)) {
    sums.npl.addRow(balance, row);
    sums.nplLoans += loans;
  } else if (cls === 'special_mention') {
    sums.specialMention.addRow(balance, row);
  }
}

/** The measures of nplMeasures and NPL_RATIOS, or undefined when a sum is beyond the exact cast. */
function loanFigures(sums: LoanSums) {
  const balance = sums.balance.toDouble();
  const npl = sums.npl.toDoubleOrZero();
  const sm = sums.specialMention.toDoubleOrZero();
  if (balance === undefined || npl === undefined || sm === undefined) return undefined;
  return {
    balance,
    npl_balance: npl,
    loans: sums.loans,
    npl_loans: sums.nplLoans,
    special_mention_balance: sm,
    npl_ratio: ratio(npl, balance),
    npl_ratio_count: ratio(sums.nplLoans, sums.loans),
    special_mention_ratio: ratio(sm, balance),
  };
}

const atMonth = (cube: Cube, asOf: string | null) => {
  const months = cube.fields.as_of!;
  return (row: number) => months[row] === asOf;
};

export function nplFromCube(cube: Cube, test: (row: number) => boolean, by: DimensionInput | undefined, asOf: string | null): NplRow[] | undefined {
  const inMonth = atMonth(cube, asOf);
  const groups = groupCube(cube, by, (row) => inMonth(row) && test(row), () => new LoanSums(), (sums, row) => addLoans(cube, sums, row));
  const total = new MoneySum();
  for (const g of groups) if (g.acc.balance.any) total.add(g.acc.balance.units);
  const totalDouble = total.toDouble();
  if (totalDouble === undefined) return undefined;
  const rows: NplRow[] = [];
  for (const g of groups) {
    const figures = loanFigures(g.acc);
    if (!figures) return undefined;
    const { balance, npl_balance, loans, npl_loans, special_mention_balance, npl_ratio, npl_ratio_count, special_mention_ratio } = figures;
    rows.push({
      key: g.key,
      label: g.label,
      balance,
      npl_balance,
      loans,
      npl_loans,
      special_mention_balance,
      npl_ratio,
      npl_ratio_count,
      special_mention_ratio,
      balance_share: ratio(balance, totalDouble),
    } as NplRow);
  }
  return rows.sort((a, b) => compareDescending(a.balance, b.balance) || compareKey(a.key, b.key));
}

export function nplTrendFromCube(
  cube: Cube,
  test: (row: number) => boolean,
  by: DimensionInput | undefined,
  from: string | undefined,
  to: string | undefined,
): NplTrendRow[] | undefined {
  const months = cube.fields.as_of! as readonly (string | null)[];
  const inRange = (row: number) => {
    const m = months[row]!;
    return m !== null && (from === undefined || m >= from) && (to === undefined || m <= to);
  };
  const groups = groupCube(
    cube,
    by,
    (row) => inRange(row) && test(row),
    () => ({ asOf: '', sums: new LoanSums() }),
    (acc, row) => {
      acc.asOf = months[row]!;
      addLoans(cube, acc.sums, row);
    },
    'as_of',
  );
  const rows: NplTrendRow[] = [];
  for (const g of groups) {
    const figures = loanFigures(g.acc.sums);
    if (!figures) return undefined;
    const { balance, npl_balance, loans, npl_loans, special_mention_balance, npl_ratio, npl_ratio_count, special_mention_ratio } = figures;
    rows.push({ as_of: g.acc.asOf, key: g.key, label: g.label, balance, npl_balance, loans, npl_loans, special_mention_balance, npl_ratio, npl_ratio_count, special_mention_ratio } as NplTrendRow);
  }
  return rows.sort((a, b) => compareText(a.as_of, b.as_of) || compareKey(a.key, b.key));
}

export function classMixFromCube(cube: Cube, test: (row: number) => boolean, by: DimensionInput | undefined, asOf: string | null): ClassMixRow[] | undefined {
  const monthly = by !== undefined && dimension(by).name === 'as_of';
  const inMonth = monthly ? () => true : atMonth(cube, asOf);
  const classes = cube.fields.classification!;
  const balances = cube.moneyColumns.balance!;
  const groups: Group<{ total: MoneySum; byClass: Map<unknown, MoneySum> }>[] = groupCube(
    cube,
    by,
    (row) => inMonth(row) && test(row),
    () => ({ total: new MoneySum(), byClass: new Map(CLASSIFICATIONS.map((c) => [c, new MoneySum()])) }),
    (acc, row) => {
      acc.total.addRow(balances, row);
      acc.byClass.get(classes[row] as Classification)?.addRow(balances, row);
    },
  );
  const rows: ClassMixRow[] = [];
  for (const g of groups) {
    const total = g.acc.total.toDoubleOrZero();
    if (total === undefined) return undefined;
    const row = { key: g.key, label: g.label } as ClassMixRow;
    for (const c of CLASSIFICATIONS) {
      const v = g.acc.byClass.get(c)!.toDoubleOrZero();
      if (v === undefined) return undefined;
      row[c as Classification] = v;
    }
    row.total = total;
    rows.push(row);
  }
  return rows.sort(monthly ? (a, b) => compareKey(a.key, b.key) : (a, b) => compareDescending(a.total, b.total) || compareKey(a.key, b.key));
}
