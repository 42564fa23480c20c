/**
 * GROUP BY over a cube in JavaScript: rows that pass the clauses, grouped by a field's typed value
 * (as queries/metrics.ts `grouping` keys it), with exact sums.
 */
import { dimension, type DimensionInput } from '../dimensions.ts';
import type { FilterValue } from '../filters.ts';
import { unitsToDouble } from './exact.ts';
import { keyText, type Cube, type MoneyColumn } from './cube.ts';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * sum(x) over money: exact, null while no value was added (SQL's sum of nothing). Adds in doubles
 * while every partial sum is a safe integer (exact), and in BigInt beyond.
 */
export class MoneySum {
  private small = 0;
  private big = 0n;
  any = false;

  /** Adds a column's value at `row` (nothing for null). */
  addRow(column: MoneyColumn, row: number): void {
    const v = column.small[row]!;
    if (v === v) {
      const s = this.small + v;
      if (s <= MAX_SAFE && s >= -MAX_SAFE) {
        this.small = s;
        this.any = true;
        return;
      }
    }
    const exact = column.exact[row];
    if (exact === null || exact === undefined) return;
    this.big += exact;
    this.any = true;
  }

  add(value: bigint | null): void {
    if (value === null) return;
    this.big += value;
    this.any = true;
  }

  /** The exact sum in units of 0.0001 yuan (0 while nothing was added). */
  get units(): bigint {
    return this.big + BigInt(this.small);
  }

  /** The sum as `sum(x)::DOUBLE`, or undefined when beyond what this module casts exactly (unitsToDouble). */
  toDouble(): number | null | undefined {
    if (!this.any) return null;
    // Number(units) / 10^4, as unitsToDouble does for a sum a double holds exactly.
    return this.big === 0n ? this.small / 10_000 : unitsToDouble(this.units);
  }

  /** `COALESCE(sum(x), 0)::DOUBLE`. */
  toDoubleOrZero(): number | undefined {
    return this.any ? this.toDouble()! : 0;
  }
}

export interface Group<Acc> {
  /** The field's value, typed as the SQL key is (cube values read as the dimension types them). */
  key: FilterValue;
  /** COALESCE(any_value(label column), key text): the first name met, else the key as text. */
  label: string | null;
  acc: Acc;
}

/**
 * The cube's rows that pass `test`, grouped by `by` (one group 'all' without it) and, where given,
 * by the field `also` too, each group's accumulator made by `start` and fed every row by `add`.
 * Groups come in the order first met.
 */
export function groupCube<Acc>(
  cube: Cube,
  by: DimensionInput | undefined,
  test: (row: number) => boolean,
  start: () => Acc,
  add: (acc: Acc, row: number) => void,
  also?: string,
): Group<Acc>[] {
  const dim = by === undefined ? undefined : dimension(by);
  const keyField = dim ? cube.coded[dim.key]! : undefined;
  const keys = keyField?.values;
  const labels = dim?.labelColumn ? cube.fields[dim.labelColumn]! : undefined;
  const alsoField = also === undefined ? undefined : cube.coded[also]!;
  const width = keyField ? keyField.values.length : 1;
  const groups = new Map<number, Group<Acc> & { name: string | null }>();
  for (let row = 0; row < cube.rows; row++) {
    if (!test(row)) continue;
    const k = keyField ? keyField.codes[row]! : 0;
    const id = alsoField ? alsoField.codes[row]! * width + k : k;
    let group = groups.get(id);
    if (!group) {
      const key = keys ? keys[k]! : 'all';
      group = { key, label: keyText(key), name: null, acc: start() };
      groups.set(id, group);
    }
    if (labels && group.name === null && labels[row] !== null) group.name = labels[row] as string;
    add(group.acc, row);
  }
  return [...groups.values()].map((g) => ({ key: g.key, label: labels ? (g.name ?? g.label) : g.label, acc: g.acc }));
}
