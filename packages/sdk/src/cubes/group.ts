/**
 * GROUP BY over a cube in JavaScript: rows that pass the clauses, grouped by a field's key text
 * (as queries/metrics.ts `grouping` writes it), with exact sums.
 */
import { dimension, type DimensionInput } from '../dimensions.ts';
import { unitsToDouble } from './exact.ts';
import { keyText, type Cube } from './cube.ts';

/** sum(x) over money: exact, null while no value was added (SQL's sum of nothing). */
export class MoneySum {
  units = 0n;
  any = false;
  add(value: bigint | null): void {
    if (value === null) return;
    this.units += value;
    this.any = true;
  }
  /** The sum as `sum(x)::DOUBLE`, or undefined when beyond what this module casts exactly (unitsToDouble). */
  toDouble(): number | null | undefined {
    return this.any ? unitsToDouble(this.units) : null;
  }
  /** `COALESCE(sum(x), 0)::DOUBLE`. */
  toDoubleOrZero(): number | undefined {
    return this.any ? unitsToDouble(this.units) : 0;
  }
}

export interface Group<Acc> {
  key: string | null;
  /** COALESCE(any_value(label column), key): the first name met, else the key. */
  label: string | null;
  acc: Acc;
}

/**
 * The cube's rows that pass `test`, grouped by `by` (one group 'all' without it), each group's
 * accumulator made by `start` and fed every row by `add`. Groups come in the order first met.
 */
export function groupCube<Acc>(
  cube: Cube,
  by: DimensionInput | undefined,
  test: (row: number) => boolean,
  start: () => Acc,
  add: (acc: Acc, row: number) => void,
  extraKey?: (row: number) => string,
): Group<Acc>[] {
  const dim = by === undefined ? undefined : dimension(by);
  const keys = dim ? cube.fields[dim.key]! : undefined;
  const labels = dim?.labelColumn ? cube.fields[dim.labelColumn]! : undefined;
  const groups = new Map<string, Group<Acc> & { name: string | null }>();
  for (let row = 0; row < cube.rows; row++) {
    if (!test(row)) continue;
    const key = keys ? keyText(keys[row]!) : 'all';
    const mapKey = `${extraKey ? `${extraKey(row)}\u0000` : ''}${key === null ? '\u0001' : `\u0002${key}`}`;
    let group = groups.get(mapKey);
    if (!group) {
      group = { key, label: key, name: null, acc: start() };
      groups.set(mapKey, group);
    }
    if (labels && group.name === null && labels[row] !== null) group.name = labels[row] as string;
    add(group.acc, row);
  }
  return [...groups.values()].map((g) => ({ key: g.key, label: labels ? (g.name ?? g.key) : g.key, acc: g.acc }));
}
