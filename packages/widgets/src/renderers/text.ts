/**
 * Text width estimated from characters (CJK wide, Latin narrow), not measured: renderers stay
 * pure and deterministic (the same SVG in a test DOM and in Chromium).
 */
export function textWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    units += code >= 0x2e80 ? 1 : /[A-Z0-9%]/.test(ch) ? 0.62 : ch === ' ' ? 0.3 : 0.52;
  }
  return Math.ceil(units * fontSize);
}
