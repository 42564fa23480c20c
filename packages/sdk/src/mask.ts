/**
 * Masking of personal data for display (DESIGN.md: "Customer names and ID numbers can be masked").
 * Pure string functions: characters are counted as code points, so a name is never cut inside a
 * surrogate pair. `null` stays `null`.
 */

const MASK = '*';

/**
 * A name with every character but the first and the last replaced by `*`: 张三丰 → 张*丰,
 * 欧阳娜娜 → 欧**娜; a two-character name keeps its first: 张三 → 张*; one character → *.
 */
export function maskName(name: string): string;
export function maskName(name: string | null): string | null;
export function maskName(name: string | null): string | null {
  if (name === null || name === undefined) return null;
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  if (chars.length === 1) return MASK;
  if (chars.length === 2) return `${chars[0]}${MASK}`;
  return `${chars[0]}${MASK.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * An ID number with the first four and the last four characters kept and the rest replaced by
 * `*`: 110101199001011234 → 1101**********1234. A shorter id keeps at most a quarter of its
 * characters at each end (rounded down), so at least half is always hidden: C00012345 →
 * C0*****45, C1 → **.
 */
export function maskId(id: string): string;
export function maskId(id: string | null): string | null;
export function maskId(id: string | null): string | null {
  if (id === null || id === undefined) return null;
  const chars = Array.from(id);
  const keep = Math.min(4, Math.floor(chars.length / 4));
  if (chars.length === 0) return '';
  return `${chars.slice(0, keep).join('')}${MASK.repeat(chars.length - 2 * keep)}${chars.slice(chars.length - keep).join('')}`;
}
