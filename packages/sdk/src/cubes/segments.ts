/**
 * Segments at the default month end answered from the customer and borrower cubes in memory: the
 * rows, to the bit and in order, that segmentsQuery's SQL over the same cubes returns (its FULL
 * OUTER JOIN of customers and borrowers per key, exact sums cast to DOUBLE at the end, the share
 * of the measure's exact total). Undefined when a figure is beyond the exact cast.
 */
import type { DimensionInput } from '../dimensions.ts';
import type { FilterValue } from '../filters.ts';
import type { SegmentMeasure, SegmentRow } from '../queries/segments.ts';
import type { Cube } from './cube.ts';
import { unitsToDouble } from './exact.ts';
import { ratio } from '../queries/metrics.ts';
import { compareKey } from '../queries/order.ts';
import { groupCube, MoneySum } from './group.ts';

class CustomerSums {
  customers = 0;
  deposits = new MoneySum();
  contribution = new MoneySum();
}

class BorrowerSums {
  borrowers = 0;
  balance = new MoneySum();
  npl = new MoneySum();
}

interface Joined {
  key: FilterValue;
  label: string | null;
  c?: CustomerSums;
  l?: BorrowerSums;
}

/** An exact figure (a count as BigInt, money as units) for ordering and the share's total; null when absent. */
function exact(j: Joined, measure: SegmentMeasure): bigint | null {
  if (measure === 'balance') return j.l?.balance.any ? j.l.balance.units : null;
  if (!j.c) return null;
  if (measure === 'customers') return BigInt(j.c.customers) * 10_000n;
  const sum = measure === 'deposits' ? j.c.deposits : j.c.contribution;
  // COALESCE(sum(x), 0) in the customers' part: never null where the part has the key.
  return sum.units;
}

export function segmentsFromCubes(
  customers: Cube,
  borrowers: Cube,
  customerTest: (row: number) => boolean,
  borrowerTest: (row: number) => boolean,
  by: DimensionInput,
  measure: SegmentMeasure,
): SegmentRow[] | undefined {
  const c = groupCube(customers, by, customerTest, () => new CustomerSums(), (acc, row) => {
    acc.customers += customers.counts.customers![row]!;
    acc.deposits.addRow(customers.moneyColumns.deposits_avg!, row);
    acc.contribution.addRow(customers.moneyColumns.contribution!, row);
  });
  const l = groupCube(borrowers, by, borrowerTest, () => new BorrowerSums(), (acc, row) => {
    acc.borrowers += borrowers.counts.borrowers![row]!;
    acc.balance.addRow(borrowers.moneyColumns.balance!, row);
    acc.npl.addRow(borrowers.moneyColumns.npl_balance!, row);
  });
  const joined = new Map<FilterValue, Joined>();
  for (const g of c) joined.set(g.key, { key: g.key, label: g.label, c: g.acc });
  for (const g of l) {
    const j = joined.get(g.key);
    // COALESCE(c.label, l.label): the customers' name wins where both have the key.
    if (j) Object.assign(j, { l: g.acc, label: j.label ?? g.label });
    else joined.set(g.key, { key: g.key, label: g.label, l: g.acc });
  }
  const all = [...joined.values()];
  let total = 0n;
  for (const j of all) total += exact(j, measure) ?? 0n;
  const totalDouble = unitsToDouble(total);
  if (totalDouble === undefined) return undefined;
  const rows: { row: SegmentRow; order: bigint | null }[] = [];
  for (const j of all) {
    const deposits = j.c ? j.c.deposits.toDoubleOrZero() : 0;
    const contribution = j.c ? j.c.contribution.toDoubleOrZero() : 0;
    const balance = j.l ? j.l.balance.toDoubleOrZero() : 0;
    const npl = j.l ? j.l.npl.toDoubleOrZero() : 0;
    // l.npl_balance::DOUBLE / NULLIF(l.balance::DOUBLE, 0): null without the borrowers' part.
    const lBalance = j.l ? j.l.balance.toDouble() : null;
    const own = exact(j, measure);
    const ownDouble = own === null ? 0 : unitsToDouble(own);
    if ([deposits, contribution, balance, npl, lBalance, ownDouble].includes(undefined)) return undefined;
    rows.push({
      order: own,
      row: {
        key: j.key,
        label: j.label,
        customers: j.c?.customers ?? 0,
        borrowers: j.l?.borrowers ?? 0,
        balance: balance!,
        npl_balance: npl!,
        npl_ratio: j.l ? ratio(npl!, lBalance!) : null,
        deposits: deposits!,
        contribution: contribution!,
        share: ratio(ownDouble!, totalDouble),
      },
    });
  }
  // ORDER BY the measure DESC NULLS LAST, then the key.
  rows.sort((a, b) => {
    if (a.order !== b.order) {
      if (a.order === null) return 1;
      if (b.order === null) return -1;
      return a.order > b.order ? -1 : 1;
    }
    return compareKey(a.row.key, b.row.key);
  });
  return rows.map((r) => r.row);
}
