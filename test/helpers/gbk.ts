/**
 * GBK bytes of a text, as a bank's core system or Excel exports them: ASCII as it is, every other
 * character by the two-byte code the platform's own GBK decoder reads as that character.
 */
let codes: Map<string, number> | undefined;

/** Every two-byte GBK code (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F), by the character it decodes to. */
function gbkCodes(): Map<string, number> {
  if (codes) return codes;
  codes = new Map();
  const decoder = new TextDecoder('gbk', { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      let char: string;
      try {
        char = decoder.decode(Uint8Array.of(lead, trail));
      } catch {
        continue;
      }
      if (!codes.has(char)) codes.set(char, (lead << 8) | trail);
    }
  }
  return codes;
}

export function encodeGbk(text: string): Uint8Array {
  const table = gbkCodes();
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char.length === 1 && code < 0x80) {
      bytes.push(code);
      continue;
    }
    const gbk = table.get(char);
    if (gbk === undefined) throw new Error(`${JSON.stringify(char)} (U+${code.toString(16).toUpperCase()}) has no GBK code`);
    bytes.push(gbk >> 8, gbk & 0xff);
  }
  return Uint8Array.from(bytes);
}
