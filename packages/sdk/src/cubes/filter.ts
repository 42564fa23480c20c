/**
 * Filter clauses tested on a cube's rows in JavaScript, meaning exactly what queries/where.ts makes
 * of them in SQL. Only clauses whose values already have the field's type are tested here (what a
 * dashboard sets); a value SQL would convert (the text '2' for a class number, say) leaves the
 * answer to SQL, whose TRY_CAST is the reference.
 */
import { DIMENSIONS } from '../dimensions.ts';
import type { FilterClause, FilterValue } from '../filters.ts';
import { STAGE_BITS } from '../queries/facts.ts';
import { compareText } from '../queries/order.ts';
import { fieldType, type CellValue, type Cube } from './cube.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A clause value as the field holds it, or undefined when SQL would have to convert it. */
function native(value: FilterValue, type: ReturnType<typeof fieldType>): CellValue | undefined {
  if (value === null) return null;
  if (type === 'text' && typeof value === 'string') return value;
  if (type === 'int' && typeof value === 'number') return value;
  if (type === 'bool' && typeof value === 'boolean') return value;
  // A valid date's text orders and compares as the date does.
  if (type === 'date' && typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value ? value : undefined;
  }
  return undefined;
}

const ALL_STAGES = Object.values(STAGE_BITS).reduce((a, b) => a | b, 0);

function compare(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(a as string, b as string);
}

type ValueTest = (value: CellValue) => boolean;

/** A clause's test of one value of its field (null when the clause cannot be tested here). */
function valueTest(cube: Cube, clause: FilterClause): { field: string; test: ValueTest } | undefined {
  if (clause.field === 'stage' && !cube.fields.stage) {
    if (!cube.fields.lead_stages) return undefined;
    // As leadStagesCondition: a value is a stage only as its exact code.
    const picked = clause.values.reduce<number>((bits, v) => bits | (typeof v === 'string' && Object.hasOwn(STAGE_BITS, v) ? STAGE_BITS[v]! : 0), 0);
    const bits = clause.op === 'not_in' ? ALL_STAGES & ~picked : picked;
    return { field: 'lead_stages', test: (v) => ((v as number) & bits) !== 0 };
  }
  const key = DIMENSIONS[clause.field].key;
  if (!cube.fields[key]) return undefined;
  const type = fieldType(key);
  const values: CellValue[] = [];
  for (const v of clause.values) {
    const n = native(v, type);
    if (n === undefined) return undefined;
    values.push(n);
  }
  if (clause.op === 'between') {
    if (type === 'bool') return undefined;
    const [low, high] = values as [CellValue, CellValue];
    return { field: key, test: (v) => v !== null && compare(v, low) >= 0 && compare(v, high) <= 0 };
  }
  if (clause.op === 'gte' || clause.op === 'lte') {
    if (type === 'bool') return undefined;
    const bound = values[0] as CellValue;
    const sign = clause.op === 'gte' ? 1 : -1;
    return { field: key, test: (v) => v !== null && sign * compare(v, bound) >= 0 };
  }
  const present = new Set(values.filter((v) => v !== null));
  const withNull = values.includes(null);
  const isIn = (v: CellValue) => (v === null ? withNull : present.has(v));
  // not_in: a NULL field is kept unless NULL is among the values (COALESCE(x IN …, FALSE)).
  return { field: key, test: clause.op === 'in' ? isIn : (v) => !isIn(v) };
}

/** Row masks already worked out per cube, by clauses: the views of one click share them. */
const masks = new WeakMap<Cube, Map<string, Uint8Array>>();
const MASKS_KEPT = 32;

/**
 * The test of every clause on a cube row, or undefined when one cannot be tested exactly here
 * (a field the cube lacks, a value SQL would convert). Each clause is tested once per distinct
 * value of its field (the fields are coded), and the rows' mask is kept for the next metric.
 */
export function rowFilter(cube: Cube, clauses: readonly FilterClause[]): ((row: number) => boolean) | undefined {
  const tests: { field: string; test: ValueTest }[] = [];
  for (const clause of clauses) {
    const t = valueTest(cube, clause);
    if (!t) return undefined;
    tests.push(t);
  }
  if (tests.length === 0) return () => true;
  const key = JSON.stringify(clauses.map((c) => [c.field, c.op, c.values]));
  let kept = masks.get(cube);
  if (!kept) masks.set(cube, (kept = new Map()));
  let mask = kept.get(key);
  if (!mask) {
    mask = new Uint8Array(cube.rows).fill(1);
    for (const { field, test } of tests) {
      const { codes, values } = cube.coded[field]!;
      const allowed = Uint8Array.from(values, (v) => (test(v) ? 1 : 0));
      for (let row = 0; row < cube.rows; row++) mask[row]! &= allowed[codes[row]!]!;
    }
    if (kept.size >= MASKS_KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(key, mask);
  }
  const m = mask;
  return (row) => m[row] === 1;
}
