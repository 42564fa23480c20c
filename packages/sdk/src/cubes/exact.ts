/**
 * Money the way the derived layer adds it: exact integers of 0.0001 yuan (DECIMAL(18,4), summed as
 * DECIMAL(38,4)), turned into a JavaScript number exactly as DuckDB casts such a sum to DOUBLE, so
 * that an answer worked out here equals the SQL answer to the last bit.
 */

/** The scale of money in the derived layer: 4 decimals (MONEY in queries/facts.ts). */
const SCALE = 10_000n;
const SCALE_NUMBER = 10_000;
const EXACT = 2n ** 53n;

/**
 * A sum of money in units of 0.0001 yuan as DuckDB's `CAST(sum AS DOUBLE)` gives it: a sum a
 * double holds exactly is divided by 10^4 once; a larger one is split into its whole yuan and its
 * fraction, each converted and then added (DuckDB's decimal-to-floating-point cast; dividing the
 * whole sum instead differs above about 9,007亿元). Undefined where the whole yuan themselves are
 * beyond a double's exact integers (a cast this module does not reproduce): the caller asks SQL.
 */
export function unitsToDouble(units: bigint): number | undefined {
  const magnitude = units < 0n ? -units : units;
  if (magnitude <= EXACT) return Number(units) / SCALE_NUMBER;
  const whole = units / SCALE;
  if ((whole < 0n ? -whole : whole) > EXACT) return undefined;
  return Number(whole) + Number(units % SCALE) / SCALE_NUMBER;
}

/**
 * The units of a DECIMAL(p,4) written as DuckDB writes it in text ("-12.3400", "0.0500"): the
 * digits without the point. Null stays null.
 */
export function parseUnits(text: string | null): bigint | null {
  if (text === null) return null;
  const point = text.indexOf('.');
  if (point < 0 || text.length - point - 1 !== 4) throw new Error(`Not a DECIMAL of scale 4: ${JSON.stringify(text)}`);
  return BigInt(text.slice(0, point) + text.slice(point + 1));
}

/** Doubles largest first, nulls last (ORDER BY x DESC in DuckDB). */
export function compareDescending(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a > b ? -1 : a < b ? 1 : 0;
}
