import { rgb } from 'd3';
import { textWidth } from './text.ts';

/**
 * Text fitted to a width by estimate (renderers never measure): the text itself, or cut with an
 * ellipsis, or '' when not even one character and the ellipsis fit.
 */
export function fitText(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  const chars = [...text];
  for (let n = chars.length - 1; n > 0; n--) {
    const cut = `${chars.slice(0, n).join('').trimEnd()}…`;
    if (textWidth(cut, fontSize) <= width) return cut;
  }
  return '';
}

/**
 * Text on at most `lines` lines of `width`: broken at spaces, and inside a word too long for a line
 * (CJK between any two characters, Latin with a hyphen); the last line is fitted with an ellipsis.
 */
export function wrapText(text: string, width: number, fontSize: number, lines = 2): string[] {
  const fits = (s: string) => textWidth(s, fontSize) <= width;
  if (fits(text) || lines <= 1) return [fitText(text, width, fontSize)].filter(Boolean);
  const latin = (ch: string | undefined) => ch !== undefined && /[A-Za-z]/.test(ch);
  const words = text.split(/\s+/).filter(Boolean);
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
      let n = latin(rest[rest.length - 1]) && rest.length > 5 ? rest.length - 3 : rest.length - 1;
      const piece = (k: number) => rest.slice(0, k).join('') + (latin(rest[k - 1]) && latin(rest[k]) ? '-' : '');
      while (n > 1 && !fits(piece(n))) n--;
      out.push(piece(n));
      rest = rest.slice(n);
    }
    current = rest.join('');
  }
  const last = [current, ...words.slice(i)].filter(Boolean).join(' ');
  return [...out, fitText(last, width, fontSize)].filter(Boolean);
}

/** WCAG relative luminance of a CSS colour. */
function luminance(colour: string): number {
  const c = rgb(colour);
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
