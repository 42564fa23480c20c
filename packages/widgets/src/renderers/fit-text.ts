import { parseColour } from './colour.ts';
import { firstCharacters, mostCharacters, textWidth } from './text.ts';

/**
 * Text fitted to a width by estimate (renderers never measure): the text itself, or cut with an
 * ellipsis, or '' when not even one character and the ellipsis fit. Only as many characters as
 * could ever fit are read, and the cut is found by halving: a name of 100,000 characters costs
 * what one of a hundred does.
 */
export function fitText(text: string, width: number, fontSize: number): string {
  const limit = mostCharacters(width, fontSize);
  const chars = firstCharacters(text, limit + 1);
  if (chars.length <= limit && textWidth(text, fontSize) <= width) return text;
  // A longer cut is never narrower: the longest that fits, by bisection (no cut of more than
  // `limit` characters fits; one that trims to fewer is the same as the cut at `limit`).
  const cut = (n: number) => `${chars.slice(0, n).join('').trimEnd()}…`;
  let lo = 0;
  let hi = Math.min(chars.length - 1, limit);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(cut(mid), fontSize, width) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? cut(lo) : '';
}

/**
 * The words of the start of a text (split at white space, as `split(/\s+/)`), read until they
 * hold `max` characters with a space between two: what no number of lines could show is not read.
 */
function firstWords(text: string, max: number): string[] {
  const words: string[] = [];
  let word = '';
  let length = 0;
  for (const ch of text) {
    if (/\s/.test(ch)) {
      if (word) words.push(word);
      word = '';
    } else {
      if (!word && words.length > 0) length++;
      word += ch;
      length++;
    }
    if (length >= max) break;
  }
  if (word) words.push(word);
  return words;
}

/**
 * Text on at most `lines` lines of `width`: broken at spaces, and inside a word too long for a line
 * (CJK between any two characters, Latin with a hyphen); the last line is fitted with an ellipsis.
 * As `fitText`, it reads only what the lines could show, and finds each break by halving.
 */
export function wrapText(text: string, width: number, fontSize: number, lines = 2): string[] {
  return wrapLines(text, width, fontSize, lines).lines;
}

/** `wrapText`'s lines, and whether the text was cut (its last line ends with an ellipsis of its own). */
export function wrapLines(text: string, width: number, fontSize: number, lines = 2): { lines: string[]; cut: boolean } {
  const fits = (s: string) => textWidth(s, fontSize, width) <= width;
  const limit = mostCharacters(width, fontSize);
  const finish = (done: string[], last: string) => {
    const fitted = fitText(last, width, fontSize);
    return { lines: [...done, fitted].filter(Boolean), cut: fitted !== last };
  };
  if (lines <= 1 || (firstCharacters(text, limit + 1).length <= limit && fits(text))) return finish([], text);
  const latin = (ch: string | undefined) => ch !== undefined && /[A-Za-z]/.test(ch);
  // A line holds at most `limit` characters of the text and one space after them: a line more of
  // margin keeps every break (and the last line's cut) as they would be on the whole text.
  const words = firstWords(text, (lines + 1) * (limit + 1));
  const out: string[] = [];
  let current = '';
  let i = 0;
  for (; i < words.length && out.length < lines - 1; i++) {
    const word = words[i]!;
    const candidate = current ? `${current} ${word}` : word;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current) {
      out.push(current);
      current = '';
      if (out.length === lines - 1) break;
    }
    let rest = [...word];
    while (!fits(rest.join('')) && out.length < lines - 1) {
      // A Latin word keeps at least three letters for the next line (Substan-dard, not Substanda-rd).
      const start = latin(rest[rest.length - 1]) && rest.length > 5 ? rest.length - 3 : rest.length - 1;
      const piece = (k: number) => rest.slice(0, k).join('') + (latin(rest[k - 1]) && latin(rest[k]) ? '-' : '');
      // The longest piece that fits (a longer one is never narrower), else one character.
      let n = start;
      if (n > 1) {
        let lo = 1;
        let hi = Math.min(n, limit);
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (fits(piece(mid))) lo = mid;
          else hi = mid - 1;
        }
        n = lo;
      }
      out.push(piece(n));
      rest = rest.slice(n);
    }
    current = rest.join('');
  }
  return finish(out, [current, ...words.slice(i)].filter(Boolean).join(' '));
}

/** WCAG relative luminance of a CSS colour. */
function luminance(colour: string): number {
  const c = parseColour(colour);
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

/** WCAG contrast ratio of two CSS colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour for a background: the first candidate with contrast ≥ 4.5:1, else black or
 * white, whichever contrasts more (one of them always reaches 4.5:1).
 */
export function textColourOn(background: string, candidates: readonly string[]): string {
  for (const c of candidates) if (contrastRatio(c, background) >= 4.5) return c;
  return contrastRatio('#000000', background) >= contrastRatio('#ffffff', background) ? '#000000' : '#ffffff';
}
