/** Options, their defaults and the calendar (month ends) they imply. */
import { DayStrings, dayOf, formatYmd, monthEndDay, monthIndex, parseDay, ymdOf } from './dates.ts';

export interface SynthOptions {
  /** PRNG seed (default 42): the same options always give the same data. */
  seed?: number;
  /** Total loan snapshot rows over all month ends (default 10_000; exact). */
  loanRows?: number;
  /** Number of month-end snapshots (default 12), the last one at `asOf`'s month end. */
  months?: number;
  /** Reference date 'YYYY-MM-DD' (default '2024-12-31'). Snapshots are the month ends on or before it. */
  asOf?: string;
  /** Institutions (sub-branches) under the head office (default 8: "辖内8家机构"). */
  branches?: number;
}

export interface ResolvedSynthOptions {
  seed: number;
  loanRows: number;
  months: number;
  asOf: string;
  branches: number;
}

export const DEFAULT_OPTIONS: Readonly<ResolvedSynthOptions> = {
  seed: 42,
  loanRows: 10_000,
  months: 12,
  asOf: '2024-12-31',
  branches: 8,
};

/** Upper bound on `loanRows` (the generator streams loans, but customers are held in memory). */
export const MAX_LOAN_ROWS = 50_000_000;

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`synth option ${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
  }
  return value;
}

export function resolveOptions(options: SynthOptions = {}): ResolvedSynthOptions {
  const o = { ...DEFAULT_OPTIONS, ...stripUndefined(options) };
  const seed = o.seed;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new RangeError(`synth option seed must be a finite number, got ${JSON.stringify(seed)}`);
  const asOf = String(o.asOf);
  parseDay(asOf);
  return {
    seed: Math.trunc(seed),
    loanRows: integer('loanRows', o.loanRows, 0, MAX_LOAN_ROWS),
    months: integer('months', o.months, 1, 240),
    asOf,
    branches: integer('branches', o.branches, 1, 200),
  };
}

function stripUndefined(options: SynthOptions): SynthOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  return out as SynthOptions;
}

/** The month-end snapshot dates. */
export interface Calendar {
  /** Reference date as a day number (the `asOf` option itself). */
  asOfDay: number;
  /** Month ends, oldest first, as day numbers. */
  ends: number[];
  /** The same as 'YYYY-MM-DD'. */
  endStrings: string[];
  /** Month index (y*12+m-1) of each month end. */
  endMonth: number[];
  /** Shared date strings. */
  days: DayStrings;
}

export function calendar(options: ResolvedSynthOptions): Calendar {
  const asOfDay = parseDay(options.asOf);
  const { y, m } = ymdOf(asOfDay);
  // The latest snapshot is asOf's month end when asOf is that day, else the previous month end.
  let latestMonth = y * 12 + (m - 1);
  if (monthEndDay(y, m) !== asOfDay) latestMonth -= 1;
  const ends: number[] = [];
  const endMonth: number[] = [];
  for (let i = options.months - 1; i >= 0; i--) {
    const mi = latestMonth - i;
    const yy = Math.floor(mi / 12);
    ends.push(monthEndDay(yy, mi - yy * 12 + 1));
    endMonth.push(mi);
  }
  const days = new DayStrings();
  return { asOfDay, ends, endStrings: ends.map((e) => days.get(e)), endMonth, days };
}

export { dayOf, formatYmd, monthIndex };
