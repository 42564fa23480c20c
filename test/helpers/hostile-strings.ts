/** Hostile strings for the property-based tests (the SQL-, quoting-, encoding- and markup-nasty ones), and a bank made of them. */
import fc from 'fast-check';
import { SCHEMA, TABLE_NAMES, type Mapping, type TableName, type TableRows } from '@strata/sdk';

const gbk = new TextDecoder('gbk');
/** UTF-8 bytes read as GBK: the mojibake a mis-detected bank export produces. */
const mojibake = (text: string) => gbk.decode(new TextEncoder().encode(text));

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
  // Quotes of every sort, and backslashes where an escape would be read.
  "'''",
  `'"'`,
  '‘’“”',
  '＇＂',
  'ʼ',
  'abc\\',
  '\\x27',
  '\\u0027',
  '\\0',
  'C:\\Windows\\',
  // SQL comments, statements and engine functions.
  '-- x',
  '/* x */',
  "'/*",
  "*/'",
  '/* unterminated',
  '#',
  "'; COMMIT; DROP TABLE customers; --",
  "' UNION SELECT * FROM duckdb_tables() --",
  "'); ATTACH ':memory:' AS evil; --",
  "'; COPY loans TO 'x.csv'; --",
  "'; PRAGMA database_list; --",
  "x'::VARCHAR||'",
  // Property names a lookup by a user's key finds on every object.
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  // Bidirectional controls (RTL overrides, isolates, marks) and zero-width characters.
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  'abc\u202egnp.exe',
  "\u2067'; DROP TABLE loans; --\u2069",
  '\u2066x\u2069',
  '\u2068',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u200c',
  'a\u200db',
  '\u2060',
  '\ufeff',
  '\u3164',
  // Emoji: ZWJ sequences, skin tones, flags, keycaps, astral letters.
  '🏳️‍🌈',
  '👍🏽',
  '🇨🇳',
  '1️⃣',
  '𝕏',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  // Control characters other than NUL.
  '\u0001',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b[31mred',
  '\u007f',
  '\u0085',
  // Text that another reader would take for a number, a date, a URL parameter or a formula.
  '007',
  '1e3',
  '-0',
  'NaN',
  'Infinity',
  '1,234.5',
  '0x1F',
  '2024-12-31',
  '2024-02-30',
  '%00',
  '%27',
  '&f=[]',
  '=1+1',
  '@SUM(A1)',
];

/**
 * Each sets `__xss(n)` (a function the test defines) or asks for a URL with `xss` in it, so that a
 * payload that runs or loads anything shows. Script tags, event handlers, javascript: URLs,
 * attribute and element breakers, template and CSS injections, SVG and MathML tricks.
 */
export const XSS_PAYLOADS: readonly string[] = [
  '<script>__xss(1)</script>',
  '<img src=/xss-img-2 onerror=__xss(2)>',
  '<svg onload=__xss(3)>',
  '<svg><script>__xss(4)</script></svg>',
  '"><script>__xss(5)</script>',
  "'><img src=/xss-img-6 onerror=__xss(6)>",
  '" onmouseover="__xss(7)" autofocus onfocus="__xss(7)" x="',
  "' onfocus='__xss(8)' autofocus tabindex=0 x='",
  'javascript:__xss(9)',
  '<a href="javascript:__xss(10)">x</a>',
  '<iframe src="javascript:parent.__xss(11)"></iframe>',
  '<iframe srcdoc="<script>parent.__xss(12)</script>"></iframe>',
  '<body onload=__xss(13)>',
  '<details open ontoggle=__xss(14)>',
  '<input autofocus onfocus=__xss(15)>',
  '<math><mtext><table><mglyph><style><img src=/xss-img-16 onerror=__xss(16)>',
  '<object data="javascript:__xss(17)"></object>',
  '<svg><animate onbegin=__xss(18) attributeName=x dur=1s>',
  '</title><script>__xss(19)</script>',
  '</textarea></style><script>__xss(20)</script>',
  '--><script>__xss(21)</script><!--',
  ']]><script>__xss(22)</script>',
  '${__xss(23)}',
  "{{constructor.constructor('__xss(24)')()}}",
  '</style><style>*{background:url(/xss-css-25)}</style>',
  'x;background-image:url(/xss-css-26);--x:',
  '<link rel=stylesheet href=/xss-css-27>',
];

/** Spreadsheet formulas (CSV injection): an export must not hand them to Excel as formulas. */
export const FORMULAS: readonly string[] = [
  '=HYPERLINK("/xss-csv-28","x")',
  '+__xss(29)',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\t=1+1',
  '\r=1+1',
];

/** Text no SQL statement or UTF-8 file can carry as it is: NUL, and lone UTF-16 surrogates. */
export const UNSTORABLE: readonly string[] = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\udc00\ud800', 'a\ud83d'];

/** 100,000 UTF-16 code units each: plain, SQL-nasty, CJK (three UTF-8 bytes each) and emoji (surrogate pairs). */
export const LONG_STRINGS: readonly string[] = [
  'x'.repeat(100_000),
  "'; DROP TABLE loans; --".repeat(4_348).slice(0, 100_000),
  '张'.repeat(100_000),
  '😀'.repeat(50_000),
];

const cjk = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((cp) => String.fromCodePoint(cp)), maxLength: 12 });
const gbkBytes = fc.uint8Array({ maxLength: 24 }).map((bytes) => gbk.decode(bytes));

/** Fragments of a hostile string: the fixed list, any code point, graphemes, CJK, GBK mojibake. */
function pieces(nasty: readonly string[]): fc.Arbitrary<string> {
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

/** A lone surrogate somewhere in hostile text. */
function withLoneSurrogate(nasty: readonly string[]): fc.Arbitrary<string> {
  const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
  const text = hostileStrings(nasty);
  // x on both sides: a neighbouring half never completes the pair.
  return fc.tuple(text, surrogate, text).map(([a, s, b]) => `${a}x${s}x${b}`);
}

/**
 * Any string at all: hostileStrings, and now and then NUL, a lone surrogate or 100,000 characters
 * (the corpus of issue 17's property tests).
 */
export function anyStrings(nasty: readonly string[]): fc.Arbitrary<string> {
  const text = hostileStrings(nasty);
  return fc.oneof(
    { arbitrary: text, weight: 12 },
    { arbitrary: fc.constantFrom(...UNSTORABLE), weight: 1 },
    { arbitrary: fc.tuple(text, fc.constantFrom(...UNSTORABLE), text).map((parts) => parts.join('')), weight: 1 },
    { arbitrary: withLoneSurrogate(nasty), weight: 1 },
    { arbitrary: fc.constantFrom(...LONG_STRINGS), weight: 1 },
  );
}

/** Whether text can be stored as it is (see UNSTORABLE): no NUL and no lone surrogate. */
export const storable = (text: string) => !text.includes('\u0000') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

// ─── A bank whose every text is hostile ───────────────────────────────────────────────────────

/** Every table's rows. */
export type Tables = { [T in TableName]: TableRows[T][] };

/**
 * The name space of each text column's values: an id is the same text in every table that names
 * it (a target's scope_id is a branch or a manager id, by its scope).
 */
const TEXT_COLUMNS: { readonly [T in TableName]: Readonly<Record<string, string>> } = {
  branches: { branch_id: 'branch', name: 'branch name', parent_id: 'branch', grid: 'grid' },
  managers: { manager_id: 'manager', name: 'manager name', branch_id: 'branch' },
  customers: { customer_id: 'customer', name: 'customer name', branch_id: 'branch', manager_id: 'manager', industry: 'industry' },
  loans: { loan_id: 'loan', customer_id: 'customer', branch_id: 'branch' },
  pipeline: { lead_id: 'lead', customer_id: 'customer', campaign_id: 'campaign', branch_id: 'branch', manager_id: 'manager', lost_reason: 'lost reason' },
  campaigns: { campaign_id: 'campaign', name: 'campaign name' },
  targets: { campaign_id: 'campaign', scope_id: '' },
  holdings: { customer_id: 'customer' },
  contacts: { contact_id: 'contact', customer_id: 'customer', lead_id: 'lead', manager_id: 'manager', outcome: 'outcome' },
};

/** Text columns whose every second value comes as a plain token that the mapping's `values` turn into the hostile text. */
const BY_MAPPING: readonly string[] = ['customers.industry', 'pipeline.lost_reason', 'branches.grid'];

/** The name spaces of text (`branch`, `customer name` …), apart from the spellings of codes (`loans.product`). */
export const isTextSpace = (space: string) => !space.includes('.');

export interface HostileBank {
  /** The files: every text as `text` made it, every code spelled as `text` made it. */
  files: Tables;
  /** Its `values` recode the spellings into codes, and the tokens into hostile text. */
  mapping: Mapping;
  /** The tables as they must load: the files' text, the codes and text the mapping gives. */
  stored: Tables;
}

/**
 * `bank` with each distinct text value replaced by `text(space, i)` (i counts the values given so
 * far), each code (kind, product, stage …) spelled by `text(table.column, i)` and recoded by the
 * mapping's `values`, and every second industry, lost reason and grid given as a token that the
 * mapping recodes into its text (unless `byMapping` is false): the one path where data text is
 * written into SQL as a literal.
 */
export function hostileBank(bank: Tables, text: (space: string, i: number) => string, { byMapping = true } = {}): HostileBank {
  const names = new Map<string, [string, number]>();
  const rename = (space: string, value: string): [string, number] => {
    const key = `${space}\u0000${value}`;
    if (!names.has(key)) names.set(key, [text(space, names.size), names.size]);
    return names.get(key)!;
  };
  const mapping: Record<string, { values: Record<string, Record<string, string>> }> = {};
  const recode = (table: TableName, column: string, from: string, to: string) => {
    const values = (mapping[table] ??= { values: {} }).values;
    // A key defined as data: a spelling may be __proto__.
    Object.defineProperty((values[column] ??= {}), from, { value: to, enumerable: true, writable: true, configurable: true });
  };
  const files = {} as Record<TableName, Record<string, unknown>[]>;
  const stored = {} as Record<TableName, Record<string, unknown>[]>;
  for (const table of TABLE_NAMES) {
    files[table] = [];
    stored[table] = [];
    for (const row of bank[table] as unknown as Record<string, unknown>[]) {
      const file = { ...row };
      const out = { ...row };
      for (const column of SCHEMA[table].columns) {
        const value = row[column.name];
        if (typeof value !== 'string') continue;
        if (column.type === 'enum') {
          [file[column.name]] = rename(`${table}.${column.name}`, value);
          recode(table, column.name, file[column.name] as string, value);
          continue;
        }
        const space = TEXT_COLUMNS[table][column.name];
        if (space === undefined) continue;
        const [name, i] = rename(space || String(row.scope), value);
        out[column.name] = file[column.name] = name;
        if (byMapping && BY_MAPPING.includes(`${table}.${column.name}`) && i % 2 === 1) {
          file[column.name] = `token ${i}`;
          recode(table, column.name, `token ${i}`, name);
        }
      }
      files[table].push(file);
      stored[table].push(out);
    }
  }
  return { files: files as unknown as Tables, mapping: mapping as Mapping, stored: stored as unknown as Tables };
}

/** A table as CSV text: a header of its canonical columns, every text field quoted. */
export function tableCsv(table: TableName, rows: readonly object[]): string {
  const columns = SCHEMA[table].columns.map((c) => c.name);
  const field = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : String(v));
  return [columns.join(','), ...rows.map((row) => columns.map((c) => field((row as Record<string, unknown>)[c])).join(','))].join('\r\n') + '\r\n';
}
