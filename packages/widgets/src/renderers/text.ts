/**
 * The narrowest character's estimated width, in ems (a space): no text of n characters is
 * estimated narrower than n × this × its font size.
 */
const NARROWEST = 0.3;

/**
 * Text width estimated from characters (CJK wide, Latin narrow), not measured: renderers stay
 * pure and deterministic (the same SVG in a test DOM and in Chromium). With `max`, the estimate
 * stops once it passes `max` (it then returns some width over `max`): a long text costs what its
 * first characters cost.
 */
export function textWidth(text: string, fontSize: number, max = Infinity): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    units += code >= 0x2e80 ? 1 : /[A-Z0-9%]/.test(ch) ? 0.62 : ch === ' ' ? 0.3 : 0.52;
    if (units * fontSize > max) break;
  }
  return Math.ceil(units * fontSize);
}

/**
 * The most characters a text estimated to fit `width` can have (one more for rounding): any text
 * with more is wider, whatever its characters.
 */
export function mostCharacters(width: number, fontSize: number): number {
  return Math.max(0, Math.floor(width / (NARROWEST * fontSize))) + 1;
}

/** The first `n` characters (code points) of a text, read no further. */
export function firstCharacters(text: string, n: number): string[] {
  const out: string[] = [];
  if (n <= 0) return out;
  for (const ch of text) {
    out.push(ch);
    if (out.length >= n) break;
  }
  return out;
}

/**
 * Data text bounded for display where the browser lays it out (a table cell, a chip, a sentence):
 * the text itself, or its first `max` characters and an ellipsis. A browser lays out the whole of
 * a text even where CSS hides most of it, so a cell that can show a few dozen characters is given
 * a few dozen, not twenty thousand; the full text goes in a title, the CSV and the accessible name.
 */
export function boundText(text: string, max: number): string {
  const head = firstCharacters(text, max + 1);
  return head.length <= max ? text : `${head.slice(0, max).join('').trimEnd()}…`;
}

/** How many characters of a name a sentence (a view's summary) quotes: a longer one is cut. */
const NAME_IN_TEXT = 40;

/** A data name as a sentence quotes it: whole up to 40 characters, else cut with an ellipsis (the marks and the table have it whole). */
export function nameInText(name: string): string {
  return boundText(name, NAME_IN_TEXT);
}
