/**
 * The migration matrix and the regulator's 迁徙率 between the default month ends, answered from the
 * migration cube in memory: the rows, to the bit and in order, that their SQL over the cube returns
 * (queries/migration.ts). Sums stay exact; a ratio of two sums is the division of their doubles, as
 * DuckDB divides DECIMALs. Undefined when a figure is beyond the exact cast.
 */
import type { MigrationRateRow, MigrationRow, MigrationTarget } from '../queries/migration.ts';
import { CLASSIFICATIONS, NPL_CLASSES, type Classification } from '../schema.ts';
import type { Cube } from './cube.ts';
import { unitsToDouble } from './exact.ts';
import { ratio } from '../queries/metrics.ts';
import { MoneySum } from './group.ts';

const CLASS_INDEX = new Map<unknown, number>(CLASSIFICATIONS.map((c, i) => [c, i]));
const NPL = new Set<unknown>(NPL_CLASSES);

/** Each cube row that passes `test`, as SQL's `moved`: starting class, class at the end (null: gone), sums. */
function* moves(cube: Cube, test: (row: number) => boolean) {
  const from = cube.fields.classification!;
  const to = cube.fields.to_class!;
  const { balance_from: b0, balance_to: b1, repaid } = cube.money;
  for (let row = 0; row < cube.rows; row++) {
    if (test(row)) yield { c0: from[row], c1: to[row], b0: b0![row]!, b1: b1![row]!, repaid: repaid![row]! };
  }
}

/** COALESCE(sum, 0)::DOUBLE, throwing nothing: undefined beyond the exact cast. */
const orZero = (sum: MoneySum | undefined) => (sum ? sum.toDoubleOrZero() : 0);

export function migrationFromCube(cube: Cube, test: (row: number) => boolean): MigrationRow[] | undefined {
  const targets: MigrationTarget[] = [...CLASSIFICATIONS, 'exited'];
  const cells = new Map<string, { b0: MoneySum; b1: MoneySum }>();
  for (const m of moves(cube, test)) {
    if (!CLASS_INDEX.has(m.c0)) continue;
    const key = `${m.c0 as string}\u0000${(m.c1 as string | null) ?? 'exited'}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { b0: new MoneySum(), b1: new MoneySum() }));
    cell.b0.add(m.b0);
    cell.b1.add(m.b1);
  }
  const rows: MigrationRow[] = [];
  for (const from of CLASSIFICATIONS) {
    // sum(COALESCE(m.b0, 0)) OVER (PARTITION BY from): the class's exact total.
    let total = 0n;
    for (const to of targets) total += cells.get(`${from}\u0000${to}`)?.b0.units ?? 0n;
    const totalDouble = unitsToDouble(total);
    if (totalDouble === undefined) return undefined;
    for (const to of targets) {
      const cell = cells.get(`${from}\u0000${to}`);
      const b0 = orZero(cell?.b0);
      const b1 = orZero(cell?.b1);
      if (b0 === undefined || b1 === undefined) return undefined;
      rows.push({ from_class: from, to_class: to, balance_from: b0, balance_to: b1, share: ratio(b0, totalDouble) });
    }
  }
  return rows;
}

class RateSums {
  balance = new MoneySum();
  downgraded = new MoneySum();
  exited = new MoneySum();
  repaid = new MoneySum();
}

function rateRow(fromClass: MigrationRateRow['from_class'], s: RateSums): MigrationRateRow | undefined {
  const balance = s.balance.toDoubleOrZero();
  const downgraded = s.downgraded.toDoubleOrZero();
  const exited = s.exited.toDoubleOrZero();
  const repaid = s.repaid.toDoubleOrZero();
  const reduction = unitsToDouble(s.exited.units + s.repaid.units);
  const remaining = unitsToDouble(s.balance.units - s.exited.units - s.repaid.units);
  if ([balance, downgraded, exited, repaid, reduction, remaining].includes(undefined)) return undefined;
  return {
    from_class: fromClass,
    balance: balance!,
    downgraded_balance: downgraded!,
    exited_balance: exited!,
    repaid: repaid!,
    reduction: reduction!,
    rate: fromClass === 'loss' ? null : ratio(downgraded!, remaining!),
  };
}

export function migrationRatesFromCube(cube: Cube, test: (row: number) => boolean): MigrationRateRow[] | undefined {
  const perClass = new Map<Classification, RateSums>(CLASSIFICATIONS.map((c) => [c, new RateSums()]));
  const normal = new RateSums();
  for (const m of moves(cube, test)) {
    const i0 = CLASS_INDEX.get(m.c0);
    if (i0 === undefined) continue;
    const i1 = CLASS_INDEX.get(m.c1);
    const s = perClass.get(m.c0 as Classification)!;
    s.balance.add(m.b0);
    if (i1 !== undefined && i1 > i0) s.downgraded.add(m.b1);
    if (m.c1 === null) s.exited.add(m.b0);
    s.repaid.add(m.repaid);
    if (m.c0 === 'pass' || m.c0 === 'special_mention') {
      normal.balance.add(m.b0);
      if (NPL.has(m.c1)) normal.downgraded.add(m.b1);
      if (m.c1 === null) normal.exited.add(m.b0);
      normal.repaid.add(m.repaid);
    }
  }
  const rows: MigrationRateRow[] = [];
  for (const [cls, sums] of [...perClass, ['normal_loans', normal] as const]) {
    const row = rateRow(cls, sums);
    if (!row) return undefined;
    rows.push(row);
  }
  return rows;
}
