/** Hostile strings for the property-based tests: the SQL-, quoting- and encoding-nasty ones. */
import fc from 'fast-check';

export const gbk = new TextDecoder('gbk');
/** UTF-8 bytes read as GBK: the mojibake a mis-detected bank export produces. */
export const mojibake = (text: string) => gbk.decode(new TextEncoder().encode(text));

/** Fragments that break naive quoting, parsing or decoding. */
export const NASTY_COMMON: readonly string[] = [
  "'",
  "''",
  '"',
  '""',
  '`',
  "'; DROP TABLE loans; --",
  '"; DROP TABLE loans; --',
  "x'); DELETE FROM loans; --",
  "' OR '1'='1",
  '" OR ""="',
  "'||(SELECT count(*) FROM loans)||'",
  '\\',
  "\\'",
  '\\"',
  "\\\\'",
  'a\\nb',
  '\n',
  '\r\n',
  '\t',
  'line1\nline2',
  ' ',
  '  padded  ',
  '--',
  '/*',
  '*/',
  ';',
  '?',
  '$1',
  ':name',
  '%',
  '_',
  '%_\\',
  'NULL',
  'null',
  'TRUE',
  "E'\\x27'",
  '$$ dollar $$',
  '😀',
  '👨‍👩‍👧‍👦',
  '张三',
  "张'三",
  '中国工商银行股份有限公司',
  mojibake('中文客户名称'),
  mojibake("城北支行'; --"),
  'Ａ',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\u200b',
  '\u202e',
  'e\u0301',
  'İ',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${process.exit()}',
  '{{7*7}}',
  '__proto__',
  'constructor',
];

export const cjk = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((cp) => String.fromCodePoint(cp)), maxLength: 12 });
export const gbkBytes = fc.uint8Array({ maxLength: 24 }).map((bytes) => gbk.decode(bytes));

/** Fragments of a hostile string: the fixed list, any code point, graphemes, CJK, GBK mojibake. */
export function pieces(nasty: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...nasty),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'binary-ascii' }),
    fc.string({ unit: 'grapheme' }),
    cjk,
    gbkBytes,
  );
}

/** Any well-formed string without NUL: nasty fragments, any code point, CJK, GBK mojibake, and mixes. */
export function hostileStrings(nasty: readonly string[]): fc.Arbitrary<string> {
  const piece = pieces(nasty);
  return fc
    .oneof(fc.constantFrom(...nasty), piece, fc.array(piece, { maxLength: 4 }).map((parts) => parts.join('')))
    .map((s) => s.replace(/\u0000/g, ''));
}
