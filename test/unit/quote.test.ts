/**
 * sql/quote.ts is the one place names and values become SQL text (DESIGN.md, "Reliability and
 * security"). These properties run every quoted string through a real DuckDB (duckdb-wasm, as
 * the sdk uses it) and check that what comes back is exactly what went in: a hostile string can
 * neither break the statement nor add to it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Strata } from '@strata/sdk/node';
import { toRows } from '../../packages/sdk/src/engine/rows.ts';
import { hostileStrings, NASTY_COMMON } from '../helpers/hostile-strings.ts';
import { date, ident, inlineValues, literal, num, placeholders, SqlQuoteError, str } from '../../packages/sdk/src/sql/quote.ts';

// ─── Hostile strings ─────────────────────────────────────────────────────────────────────────

const NASTY: readonly string[] = [
  ...NASTY_COMMON,
  '\r',
  '/* x */ 1',
  '$tag$x$tag$',
  '🏳️‍🌈',
  '\u00e4\u00b8\u00ad\u00e6\u0096\u0087',
  '\ufeff',
  'ﬁ',
  'ß',
  'x'.repeat(5000),
];
const hostile = hostileStrings(NASTY);

// ─── A real DuckDB ───────────────────────────────────────────────────────────────────────────

let strata: Strata;
beforeAll(async () => {
  strata = await Strata.open();
});
afterAll(async () => {
  await strata?.close();
});

const rows = async <T>(sql: string, params: unknown[] = []) => toRows<T>(await strata.engine.query(sql, params as never));

/**
 * apache-arrow decodes every text value with a default TextDecoder, which drops one leading
 * U+FEFF (see the last describe): the JS-side comparisons skip that case, the in-DuckDB ones do not.
 */
const readableInJs = (s: string) => !s.startsWith('\ufeff');

describe('str', () => {
  it('round-trips any string without NUL through DuckDB, as one value in one row', async () => {
    for (const s of NASTY.filter(readableInJs)) expect((await rows<{ v: string }>(`SELECT ${str(s)} AS v`))[0]?.v).toBe(s);
    await fc.assert(
      fc.asyncProperty(hostile, async (s) => {
        const table = await strata.engine.query(`SELECT ${str(s)} AS v, ${str(s)} = ? AS same, length(${str(s)}) = length(?) AS same_length`, [s, s]);
        expect(table.numRows).toBe(1);
        expect(table.numCols).toBe(3);
        const [row] = toRows<{ v: string; same: boolean; same_length: boolean }>(table);
        expect(row?.same).toBe(true);
        expect(row?.same_length).toBe(true);
        if (readableInJs(s)) expect(row?.v).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it('equals the same string bound as a parameter (a literal inside a predicate)', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (s, other) => {
        const [hit] = await rows<{ n: number }>(`SELECT count(*)::DOUBLE AS n FROM (VALUES (?), (?)) t(x) WHERE x = ${str(s)}`, [s, other]);
        expect(hit?.n).toBe(other === s ? 2 : 1);
      }),
      { numRuns: 150 },
    );
  });
});

describe('ident', () => {
  it('names a column exactly: CREATE TABLE then DESCRIBE gives the name back, and the column is usable', async () => {
    const names = fc.oneof(fc.constantFrom(...NASTY), hostile).filter((s) => s.length > 0);
    await fc.assert(
      fc.asyncProperty(names, async (s) => {
        await strata.engine.query(`CREATE OR REPLACE TABLE quote_probe (${ident(s)} INTEGER)`);
        const [match] = await rows<{ n: number; same: number }>(
          'SELECT count(*)::DOUBLE AS n, count(*) FILTER (WHERE column_name = ?)::DOUBLE AS same FROM (DESCRIBE quote_probe)',
          [s],
        );
        expect(match).toEqual({ n: 1, same: 1 });
        const described = await rows<{ column_name: string }>('SELECT column_name FROM (DESCRIBE quote_probe)');
        if (readableInJs(s)) expect(described.map((r) => r.column_name)).toEqual([s]);
        await strata.engine.query(`INSERT INTO quote_probe (${ident(s)}) VALUES (42)`);
        expect(await rows(`SELECT ${ident(s)} AS v FROM quote_probe`)).toEqual([{ v: 42 }]);
        // As an output name: the result's one field carries it unchanged.
        const table = await strata.engine.query(`SELECT 1 AS ${ident(s)}`);
        expect(table.numCols).toBe(1);
        if (readableInJs(s)) expect(table.schema.fields.map((f) => f.name)).toEqual([s]);
      }),
      { numRuns: 150 },
    );
    await strata.engine.query('DROP TABLE IF EXISTS quote_probe');
  });

  it('names a table exactly, found again through a bound parameter and dropped', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (s) => {
        const name = `t ${s}`;
        await strata.engine.query(`CREATE TABLE ${ident(name)} (x INTEGER)`);
        const found = await rows<{ n: number }>('SELECT count(*)::DOUBLE AS n FROM information_schema.tables WHERE table_name = ?', [name]);
        expect(found[0]?.n).toBe(1);
        await strata.engine.query(`DROP TABLE ${ident(name)}`);
        const [left] = await rows<{ n: number }>("SELECT count(*)::DOUBLE AS n FROM information_schema.tables WHERE table_name LIKE 't %'");
        expect(left?.n).toBe(0);
      }),
      { numRuns: 80 },
    );
  });

  it('rejects the empty name and non-strings with SqlQuoteError', () => {
    expect(() => ident('')).toThrow(SqlQuoteError);
    for (const bad of [1, null, undefined, {}, ['a'], 1n]) {
      expect(() => ident(bad as never)).toThrow(SqlQuoteError);
      expect(() => str(bad as never)).toThrow(SqlQuoteError);
    }
  });
});

describe('NUL', () => {
  it('is rejected with SqlQuoteError by str, ident and literal, wherever it appears', () => {
    fc.assert(
      fc.property(hostile, hostile, fc.integer({ min: 1, max: 3 }), (before, after, count) => {
        const s = `${before}${'\u0000'.repeat(count)}${after}`;
        expect(() => str(s)).toThrow(SqlQuoteError);
        expect(() => ident(s)).toThrow(SqlQuoteError);
        expect(() => literal(s)).toThrow(SqlQuoteError);
      }),
      { numRuns: 300 },
    );
  });
});

describe('num', () => {
  it('rejects NaN, ±Infinity and anything not a number with SqlQuoteError', () => {
    for (const bad of [NaN, Infinity, -Infinity, '1', '1; DROP TABLE loans', null, undefined, 1n, {}, [1]]) {
      expect(() => num(bad as never)).toThrow(SqlQuoteError);
    }
    expect(() => literal(NaN)).toThrow(SqlQuoteError);
    expect(() => literal(-Infinity)).toThrow(SqlQuoteError);
  });

  it('gives the same finite number back from DuckDB', async () => {
    const finite = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.maxSafeInteger());
    await fc.assert(
      fc.asyncProperty(finite, async (x) => {
        const [row] = await rows<{ v: number }>(`SELECT (${num(x)})::DOUBLE AS v`);
        expect(row?.v).toBe(x === 0 ? 0 : x);
      }),
      // A decimal literal DuckDB once rounded (read as DECIMAL before DOUBLE), and the extremes.
      { numRuns: 200, examples: [[0.000028406068295528482], [Number.MIN_VALUE], [Number.MAX_VALUE], [-1e-300]] },
    );
  });
});

describe('date', () => {
  it('gives the same day back from DuckDB, and a typed NULL for null', async () => {
    const day = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    await fc.assert(
      fc.asyncProperty(day, async (d) => {
        const [row] = await rows<{ v: string; t: string }>(`SELECT strftime(${date(d)}, '%Y-%m-%d') AS v, typeof(${date(d)}) AS t`);
        expect(row).toEqual({ v: d, t: 'DATE' });
      }),
      { numRuns: 50, examples: [['2024-02-29'], ['2024-12-31']] },
    );
    const [row] = await rows<{ v: string | null; t: string }>(`SELECT ${date(null)} AS v, typeof(${date(null)}) AS t`);
    expect(row).toEqual({ v: null, t: 'DATE' });
  });

  it('rejects anything but YYYY-MM-DD text with SqlQuoteError', () => {
    for (const bad of ["2024-01-01' OR 1=1 --", '2024-1-1', '20240101', ' 2024-01-01', '2024-01-01\n', 20240101, undefined, {}]) {
      expect(() => date(bad as never)).toThrow(SqlQuoteError);
    }
  });
});

describe('literal and placeholders', () => {
  it('literal round-trips null, booleans, finite numbers and strings', async () => {
    const value = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), hostile);
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        const [row] = await rows<{ v: unknown }>(`SELECT ${literal(v)} AS v`);
        expect(row?.v).toBe(v);
      }),
      { numRuns: 150 },
    );
  });

  it('placeholders(n) binds n hostile values in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 6 }), async (values) => {
        const sql = `SELECT * FROM (VALUES (${placeholders(values.length)})) t(${values.map((_, i) => `c${i}`).join(', ')})`;
        const same = values.map((_, i) => `c${i} = ?`).join(' AND ');
        const [check] = await rows<{ same: boolean }>(`SELECT ${same} AS same FROM (${sql})`, [...values, ...values]);
        expect(check?.same).toBe(true);
        const [row] = await rows<Record<string, string>>(sql, values);
        if (values.every(readableInJs)) expect(Object.values(row ?? {})).toEqual(values);
      }),
      { numRuns: 100 },
    );
  });
});

describe('strings that are not well-formed UTF-16', () => {
  // A lone surrogate cannot be encoded as UTF-8: DuckDB receives U+FFFD in its place, so the
  // literal silently means another string, and two distinct names quote to the same column.
  // Either the string round-trips or quote.ts refuses it, as it refuses NUL.
  it('round-trip or are rejected with SqlQuoteError', async () => {
    const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
    const broken = fc.tuple(hostile, surrogate, hostile).map(([a, s, b]) => `${a}x${s}x${b}`);
    await fc.assert(
      fc.asyncProperty(broken, async (s) => {
        let sql: string;
        try {
          sql = `SELECT ${str(s)} AS v`;
        } catch (error) {
          expect(error).toBeInstanceOf(SqlQuoteError);
          return;
        }
        expect((await rows<{ v: string }>(sql))[0]?.v).toBe(s);
      }),
      { numRuns: 30, examples: [['x\ud800x']] },
    );
  });
});

describe('text read back through the engine', () => {
  // DuckDB stores a leading U+FEFF (length and equality above agree), but Arrow's Utf8 decoding
  // (apache-arrow util/utf8: `new TextDecoder('utf-8')`, ignoreBOM false) drops it from each value
  // read, so a name such as "\ufeff张三" comes back as "张三" from every metric and query.
  it('keeps a leading U+FEFF', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (rest) => {
        const s = `\ufeff${rest}`;
        const [row] = await rows<{ v: string; n: number }>('SELECT ?::VARCHAR AS v, length(?)::DOUBLE AS n', [s, s]);
        expect(row?.n).toBe([...s].length);
        expect(row?.v).toBe(s);
      }),
      { numRuns: 20, examples: [['']] },
    );
  });
});

describe('inlineValues', () => {
  it('writes each placeholder outside quoted text and names as a literal, in order', () => {
    const sql = `SELECT '?' AS "a?", ? AS x, 'it''s ?' AS y, ? AS z, "b""?" FROM t WHERE c IN (?, ?)`;
    expect(inlineValues(sql, ['o\'k?', 1.5, true, null])).toBe(
      `SELECT '?' AS "a?", 'o''k?' AS x, 'it''s ?' AS y, 1.5e+0 AS z, "b""?" FROM t WHERE c IN (TRUE, NULL)`,
    );
  });

  it('leaves a statement to binding when a value cannot be written as a literal', () => {
    expect(inlineValues('SELECT ?', ['\uD800'])).toBeUndefined();
    expect(inlineValues('SELECT ?', ['a\u0000b'])).toBeUndefined();
  });

  it('refuses a statement whose placeholders and values do not pair up', () => {
    expect(() => inlineValues('SELECT ?, ?', [1])).toThrow(SqlQuoteError);
    expect(() => inlineValues('SELECT ?', [1, 2])).toThrow(SqlQuoteError);
  });
});
