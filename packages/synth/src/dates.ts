/** Calendar arithmetic on day numbers (days since 1970-01-01, UTC): no time zones involved. */

const MS_PER_DAY = 86_400_000;

export interface Ymd {
  y: number;
  /** Month 1–12. */
  m: number;
  d: number;
}

export function dayOf(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function ymdOf(day: number): Ymd {
  const t = new Date(day * MS_PER_DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Parses a strict 'YYYY-MM-DD' date; throws on anything else. */
export function parseDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`expected a date as YYYY-MM-DD, got ${JSON.stringify(text)}`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const day = dayOf(y, m, d);
  const back = ymdOf(day);
  if (back.y !== y || back.m !== m || back.d !== d) throw new RangeError(`not a calendar date: ${JSON.stringify(text)}`);
  return day;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatYmd(y: number, m: number, d: number): string {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Last day of month `m` (1–12) of year `y`. */
export function monthEndDay(y: number, m: number): number {
  return dayOf(y, m + 1, 0);
}

/** Month number y*12 + (m-1), for counting months between dates. */
export function monthIndex(day: number): number {
  const { y, m } = ymdOf(day);
  return y * 12 + m - 1;
}

/** The same day of the month `n` months later (negative: earlier), clamped to the month's end. */
export function addMonths(day: number, n: number): number {
  const { y, m, d } = ymdOf(day);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const last = ymdOf(monthEndDay(ny, nm)).d;
  return dayOf(ny, nm, Math.min(d, last));
}

/** Formats day numbers as 'YYYY-MM-DD', sharing one string per day. */
export class DayStrings {
  private readonly cache = new Map<number, string>();
  get(day: number): string {
    let s = this.cache.get(day);
    if (s === undefined) {
      const { y, m, d } = ymdOf(day);
      s = formatYmd(y, m, d);
      this.cache.set(day, s);
    }
    return s;
  }
}
