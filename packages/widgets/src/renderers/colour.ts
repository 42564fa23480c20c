/**
 * CSS colours as sRGB channels, for the contrast of text on a fill and the heatmap's ramp. Reads
 * what the palette holds (hex and rgb(), the form of every default) itself, and any other colour a
 * host page gives (a named colour, hsl()) through a canvas, which parses what the browser
 * parses: d3-color's parser, with its table of named colours, is not needed in the page.
 * colour.test.ts checks the channels against d3-color's.
 */

export interface Rgb {
  r: number;
  g: number;
  b: number;
  opacity: number;
}

/** What a colour that cannot be read comes out as (d3-color's choice: no channels). */
const UNREADABLE: Rgb = { r: NaN, g: NaN, b: NaN, opacity: NaN };

const HEX = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NUMBER = String.raw`\s*([+-]?(?:\d*\.)?\d+(?:e[+-]?\d+)?)\s*`;
const PERCENT = String.raw`\s*([+-]?(?:\d*\.)?\d+(?:e[+-]?\d+)?)%\s*`;
const RGB = new RegExp(`^rgba?\\(${NUMBER},${NUMBER},${NUMBER}(?:,${NUMBER})?\\)$`);
const RGB_PERCENT = new RegExp(`^rgba?\\(${PERCENT},${PERCENT},${PERCENT}(?:,${NUMBER})?\\)$`);

/** As d3-color: a colour with no opacity left has no channels either. */
function rgba(r: number, g: number, b: number, opacity: number): Rgb {
  return opacity <= 0 ? { r: NaN, g: NaN, b: NaN, opacity } : { r, g, b, opacity };
}

function fromHex(digits: string): Rgb {
  const full = digits.length <= 4 ? [...digits].map((d) => d + d).join('') : digits;
  const n = (i: number) => parseInt(full.slice(i * 2, i * 2 + 2), 16);
  return rgba(n(0), n(1), n(2), full.length === 8 ? n(3) / 255 : 1);
}

let canvas: CanvasRenderingContext2D | null | undefined;

/** Any colour the browser reads, as hex or rgba() (a canvas normalises its fill style); undefined where there is no canvas or the text is no colour. */
function normalised(text: string): string | undefined {
  if (canvas === undefined) {
    try {
      canvas = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    } catch {
      canvas = null;
    }
  }
  if (!canvas) return undefined;
  // Two different starting styles: a text that is no colour leaves each as it was.
  canvas.fillStyle = '#000';
  canvas.fillStyle = text;
  const first = String(canvas.fillStyle);
  canvas.fillStyle = '#fff';
  canvas.fillStyle = text;
  return first === String(canvas.fillStyle) ? first : undefined;
}

/** A CSS colour's channels (0–255, opacity 0–1); NaN channels when it cannot be read, as d3-color's `rgb()`. */
export function parseColour(text: string): Rgb {
  const value = text.trim().toLowerCase();
  if (value === 'transparent') return { r: NaN, g: NaN, b: NaN, opacity: 0 };
  const hex = HEX.exec(value);
  if (hex) return fromHex(hex[1]!);
  const numbers = RGB.exec(value);
  if (numbers) return rgba(+numbers[1]!, +numbers[2]!, +numbers[3]!, numbers[4] === undefined ? 1 : +numbers[4]);
  const percents = RGB_PERCENT.exec(value);
  if (percents) {
    const p = (s: string) => (+s * 255) / 100;
    return rgba(p(percents[1]!), p(percents[2]!), p(percents[3]!), percents[4] === undefined ? 1 : +percents[4]);
  }
  const known = normalised(value);
  return known && known !== value ? parseColour(known) : UNREADABLE;
}

/** Channels as CSS, as d3-color writes them: rgb(r, g, b), or rgba(…, a) when not opaque; channels rounded into 0–255. */
export function formatRgb({ r, g, b, opacity }: Rgb): string {
  const a = Number.isNaN(opacity) ? 1 : Math.max(0, Math.min(1, opacity));
  const channel = (v: number) => Math.max(0, Math.min(255, Math.round(v) || 0));
  return `${a === 1 ? 'rgb(' : 'rgba('}${channel(r)}, ${channel(g)}, ${channel(b)}${a === 1 ? ')' : `, ${a})`}`;
}
