/**
 * Loading at the file level: text encodings, line breaks, truncated Arrow, hostile objects and
 * JSON, paths and file: URLs in Node. Every bad input is a LoadError that says where and what,
 * and leaves what was loaded before exactly as it was.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Field, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoadError, Strata, type LoadProblem } from '@strata/sdk/node';
import { nodeFiles } from '../../packages/sdk/src/load/node-files.ts';
import { resolveSource, setLocalFiles } from '../../packages/sdk/src/load/source.ts';
import { oneLineBreak } from '../../packages/sdk/src/load/text.ts';
import { smallBank } from '../fixtures/small.ts';
import { encodeGbk } from '../helpers/gbk.ts';
import { parquetBytes } from '../helpers/parquet.ts';

let strata: Strata;
let dir: string;

beforeAll(async () => {
  strata = await Strata.open();
  dir = await mkdtemp(path.join(tmpdir(), 'strata-sources-'));
});
afterAll(async () => {
  await strata.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await strata.load(smallBank);
});

/** What is loaded, summarised: counts per table, loan and deposit totals, every customer. */
async function snapshot() {
  const rows = await strata.engine.query(`SELECT
    (SELECT count(*) FROM branches)::DOUBLE AS branches, (SELECT count(*) FROM customers)::DOUBLE AS customers,
    (SELECT count(*) FROM loans)::DOUBLE AS loans, (SELECT count(*) FROM pipeline)::DOUBLE AS pipeline,
    (SELECT sum(balance) FROM loans)::DOUBLE AS balance, (SELECT sum(deposits_avg) FROM customers)::DOUBLE AS deposits,
    (SELECT string_agg(customer_id || ':' || kind, ',' ORDER BY customer_id) FROM customers) AS customer_list`);
  return rows.get(0)!.toJSON();
}

/** The load fails with a LoadError, and every table is as it was before. */
async function expectLoadError(attempt: () => Promise<unknown>): Promise<LoadError> {
  const before = await snapshot();
  expect(before.customers, 'customers are loaded before the failing load').toBeGreaterThan(0);
  const error = await attempt().then(
    () => {
      throw new Error('expected the load to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoadError);
  expect(await snapshot(), 'a failed load leaves what was loaded before untouched').toEqual(before);
  return error as LoadError;
}

const problem = (p: Partial<LoadProblem>) => expect.objectContaining(p);

/**
 * Customers replace the small bank's: its loans and leads then refer to customers no longer
 * there, which is a warning here (these tests are about reading files, not references).
 */
const load = (customers: unknown) => strata.load({ customers: customers as never }, { orphans: 'warning' });

async function customerRows(): Promise<Record<string, unknown>[]> {
  const result = await strata.engine.query('SELECT customer_id, name, kind FROM customers ORDER BY customer_id');
  return result.toArray().map((r) => r.toJSON());
}

const customersCsv = 'customer_id,name,kind\nX1,张三,retail\nX2,北方公司,corporate\n';
const loadedCustomers = [
  { customer_id: 'X1', name: '张三', kind: 'retail' },
  { customer_id: 'X2', name: '北方公司', kind: 'corporate' },
];

describe('test/helpers/gbk.ts', () => {
  it('round-trips a bank export header and five-category labels, byte for byte as GBK', () => {
    const text = 'loan_id,贷款余额(万元)、机构、正常、关注';
    const bytes = encodeGbk(text);
    expect(new TextDecoder('gbk').decode(bytes)).toBe(text);
    // 正常 is D5FD B3A3 in GBK; ASCII stays one byte each.
    expect([...encodeGbk('正常')]).toEqual([0xd5, 0xfd, 0xb3, 0xa3]);
    expect([...encodeGbk('L1,')]).toEqual([0x4c, 0x31, 0x2c]);
    expect(() => encodeGbk('😀')).toThrow(/no GBK code/);
  });
});

describe('encodings', () => {
  it('GBK bytes without a declared encoding are detected and load exactly', async () => {
    await load(encodeGbk(customersCsv));
    expect(await customerRows()).toEqual(loadedCustomers);
  });

  it('GBK bytes declared gbk or gb18030 load exactly', async () => {
    for (const encoding of ['gbk', 'gb18030'] as const) {
      await load({ data: encodeGbk(customersCsv), encoding });
      expect(await customerRows()).toEqual(loadedCustomers);
    }
  });

  it('the encoding used is part of the resolved source: declared, detected, or null for what is not text bytes', async () => {
    const utf8 = new TextEncoder().encode(customersCsv);
    const utf16 = Uint8Array.from([0xff, 0xfe, ...new Uint8Array(Uint16Array.from(customersCsv, (c) => c.charCodeAt(0)).buffer)]);
    const arrow = new Table({ customer_id: vectorFromArray(['A1'], new Utf8()), kind: vectorFromArray(['retail'], new Utf8()) });
    const cases: [unknown, string | null][] = [
      [utf8, 'utf-8'],
      [new TextEncoder().encode(`\uFEFF${customersCsv}`), 'utf-8'],
      [encodeGbk(customersCsv), 'gb18030'],
      [{ data: encodeGbk(customersCsv), encoding: 'gbk' }, 'gbk'],
      [{ data: new TextEncoder().encode('customer_id,kind\nX1,retail\n'), encoding: 'gbk' }, 'gbk'],
      [utf16, 'utf-16le'],
      [new TextEncoder().encode(JSON.stringify([{ customer_id: '甲', kind: 'retail' }])), 'utf-8'],
      [customersCsv, null],
      [[{ customer_id: 'O1', kind: 'retail' }], null],
      [arrow, null],
      [tableToIPC(arrow, 'stream'), null],
      [parquetBytes(arrow), null],
    ];
    for (const [source, encoding] of cases) {
      expect((await resolveSource('customers', source as never)).encoding).toBe(encoding);
    }
    await load(utf16);
    expect(await customerRows()).toEqual(loadedCustomers);
  });

  it('GBK bytes declared UTF-8: a LoadError naming the line and byte offset and saying the file looks like GBK', async () => {
    const error = await expectLoadError(() => load({ data: encodeGbk(customersCsv), encoding: 'utf-8' }));
    // "customer_id,name,kind\n" is 22 bytes and "X1," 3 more: 张 starts at byte 25, on line 2.
    expect(error.problems).toEqual([
      {
        kind: 'file',
        table: 'customers',
        row: null,
        column: null,
        expected: "UTF-8 text, as declared (encoding 'utf-8')",
        got: `bytes that are not UTF-8 at line 2 (byte offset 25); the file looks like GBK, where that line reads "X1,张三,retail": give encoding 'gbk', or leave encoding out to detect it`,
      },
    ]);
  });

  it('the first bad sequence is found however far into the file, and a sequence cut short at the end too', async () => {
    const lines = ['customer_id,name,kind', ...Array.from({ length: 999 }, (_, i) => `X${i},name,retail`)].join('\n');
    const bytes = Uint8Array.from([...new TextEncoder().encode(`${lines}\n`), ...encodeGbk('Y1,李四,retail\n')]);
    // 21 bytes of header plus 999 lines of "X<i>,name,retail": 10 of 15 bytes, 90 of 16, 899 of 17.
    const offset = 22 + 10 * 15 + 90 * 16 + 899 * 17 + 3;
    const error = await expectLoadError(() => load({ data: bytes, encoding: 'utf-8' }));
    expect(error.problems[0]!.got).toContain(`at line 1001 (byte offset ${offset}); the file looks like GBK, where that line reads "Y1,李四,retail"`);

    // A UTF-8 character (甲: E7 94 B2) cut to its first byte at the very end of the file.
    const cut = new TextEncoder().encode('customer_id,kind\nX1,甲').subarray(0, -2);
    const short = await expectLoadError(() => load({ data: cut, encoding: 'utf-8' }));
    expect(short.problems[0]!.got).toBe('bytes that are not UTF-8 at line 2 (byte offset 20): 0xe7');
  });

  it('UTF-8 bytes declared GBK: a LoadError saying the file is UTF-8, not GBK', async () => {
    const error = await expectLoadError(() => load({ data: new TextEncoder().encode(customersCsv), encoding: 'gbk' }));
    expect(error.problems).toEqual([
      {
        kind: 'file',
        table: 'customers',
        row: null,
        column: null,
        expected: "GBK text, as declared (encoding 'gbk')",
        got: `UTF-8 text, not GBK: line 2 (byte offset 25) reads "X1,张三,retail" in UTF-8; give encoding 'utf-8', or leave encoding out to detect it`,
      },
    ]);
    const gb18030 = await expectLoadError(() => load({ data: new TextEncoder().encode(customersCsv), encoding: 'gb18030' }));
    expect(gb18030.problems[0]!.expected).toBe("GBK text, as declared (encoding 'gb18030')");
  });

  it('bytes that are neither UTF-8 nor GBK (Latin-1 café) are a LoadError, never replacement characters', async () => {
    const latin1 = Uint8Array.from([...new TextEncoder().encode('customer_id,name,kind\nX1,caf'), 0xe9, ...new TextEncoder().encode(',retail\n')]);
    const error = await expectLoadError(() => load(latin1));
    expect(error.problems).toEqual([
      problem({
        kind: 'file',
        expected: 'text in UTF-8 or GBK (or UTF-16LE with its byte-order mark)',
        got: 'bytes that are neither, from line 2 (byte offset 28): 0xe9 0x2c 0x72 0x65',
      }),
    ]);
    const declared = await expectLoadError(() => load({ data: latin1, encoding: 'gbk' }));
    expect(declared.problems[0]!.got).toBe('bytes that are not GBK at line 2 (byte offset 28): 0xe9 0x2c 0x72 0x65');
  });

  it('UTF-16LE without its byte-order mark: a LoadError pointing at the zero bytes, and it loads once declared', async () => {
    const utf16 = new Uint8Array(Uint16Array.from(customersCsv, (c) => c.charCodeAt(0)).buffer);
    const error = await expectLoadError(() => load(utf16));
    expect(error.problems[0]).toEqual(
      problem({ kind: 'file', expected: 'text in UTF-8 or GBK', got: "a zero byte at line 1 (byte offset 1): a UTF-16 file without its byte-order mark? give encoding 'utf-16le'" }),
    );
    await load({ data: utf16, encoding: 'utf-16le' });
    expect(await customerRows()).toEqual(loadedCustomers);
    const notUtf16 = await expectLoadError(() => load({ data: new TextEncoder().encode(customersCsv), encoding: 'utf-16le' }));
    expect(notUtf16.problems[0]!.got).toBe('no zero bytes, so not UTF-16: leave encoding out to detect the encoding');
  });
});

describe('line breaks', () => {
  it('CRLF and LF mixed in one file load, and a later bad value keeps its row (header = row 1)', async () => {
    const mixed = 'customer_id,name,kind\r\nX1,张三,retail\r\nX2,北方公司,corporate\n';
    await load(mixed);
    expect(await customerRows()).toEqual(loadedCustomers);
    const error = await expectLoadError(() => load(`${mixed}X3,丙,retail\r\nX4,丁,bogus\nX5,戊,retail\r\n`));
    expect(error.problems).toEqual([problem({ table: 'customers', row: 5, column: 'kind', got: 'bogus' })]);
  });

  it('mixed line breaks from bytes (Excel CRLF plus a hand-added LF line), GBK too', async () => {
    const text = 'customer_id,name,kind\r\nX1,张三,retail\r\nX2,北方公司,corporate\n';
    await load(new TextEncoder().encode(text));
    expect(await customerRows()).toEqual(loadedCustomers);
    await load(encodeGbk(text));
    expect(await customerRows()).toEqual(loadedCustomers);
  });

  it('a quoted field holding a newline keeps it exactly, and rows after it keep their numbers', async () => {
    // CRLF records, an LF and a CRLF inside quoted names (as Excel writes a cell with a line break).
    const csv = 'customer_id,name,kind\r\nX1,"two\nlines",retail\r\nX2,"crlf\r\ninside ""q""",corporate\nX3,丙,retail\r\n';
    await load(csv);
    expect(await customerRows()).toEqual([
      { customer_id: 'X1', name: 'two\nlines', kind: 'retail' },
      { customer_id: 'X2', name: 'crlf\r\ninside "q"', kind: 'corporate' },
      { customer_id: 'X3', name: '丙', kind: 'retail' },
    ]);
    // Records are rows as a spreadsheet shows them: X4 is the fifth record, whatever lines X1 and X2 take.
    const error = await expectLoadError(() => load(`${csv}X4,"a\nb",bogus\n`));
    expect(error.problems).toEqual([problem({ row: 5, column: 'kind', got: 'bogus' })]);
  });

  it('oneLineBreak: text with one kind of line break is unchanged; mixed text ends every record in LF, quoted breaks kept', () => {
    for (const text of ['a,b\r\nc,d\r\n', 'a,b\nc,d\n', 'a,"x\r\ny"\nc,d\n', 'a,b\rc,d']) expect(oneLineBreak(text)).toBe(text);
    expect(oneLineBreak('a,b\r\nc,"x\r\n""y"""\r\ne,f\ng,"h\ni"\r\n')).toBe('a,b\nc,"x\r\n""y"""\ne,f\ng,"h\ni"\n');
    // An unclosed quote: the rest is left for the CSV reader to report.
    expect(oneLineBreak('a,b\r\nc,"d\r\ne\n')).toBe('a,b\nc,"d\r\ne\n');
    // 200,000 records alternating the two line breaks: every one normalised, none lost.
    const lines = Array.from({ length: 200_000 }, (_, i) => `X${i},"n${i}",retail`);
    const normalised = oneLineBreak(lines.map((l, i) => l + (i % 2 ? '\n' : '\r\n')).join(''));
    expect(normalised).toBe(lines.map((l) => `${l}\n`).join(''));
  });
});

/** A stream of three record batches of two customers each. */
function threeBatches() {
  const batch = (b: number) =>
    new Table({
      customer_id: vectorFromArray([`A${b}1`, `A${b}2`], new Utf8()),
      kind: vectorFromArray(['retail', 'corporate'], new Utf8()),
    }).batches[0]!;
  const batches = [batch(0), batch(1), batch(2)];
  return { batches, stream: tableToIPC(new Table(batches), 'stream'), file: tableToIPC(new Table(batches), 'file') };
}

describe('truncated Arrow IPC', () => {
  it('a stream cut at any byte is a LoadError before the engine sees it, unless cut exactly between two messages', async () => {
    const { batches, stream } = threeBatches();
    // Where the messages end, from streams of 1, 2 and 3 batches (each stream ends in the 8-byte end marker).
    const ends = [1, 2, 3].map((k) => tableToIPC(new Table(batches.slice(0, k)), 'stream').length - 8);
    const batchBytes = ends[1]! - ends[0]!;
    const boundaries = new Map([ends[0]! - batchBytes, ...ends].map((end, k) => [end, 2 * k]));
    expect(ends[2]).toBe(stream.length - 8);
    let rejected = 0;
    // A few bytes cannot be told from text by their content: the format is given.
    for (let cut = 1; cut < stream.length; cut++) {
      const resolved = resolveSource('customers', { data: stream.slice(0, cut), format: 'arrow' }).then(
        () => 'resolved',
        (error: unknown) => error,
      );
      const outcome = await resolved;
      if (boundaries.has(cut)) {
        expect(outcome, `cut at ${cut}, between two messages`).toBe('resolved');
      } else {
        expect(outcome, `cut at ${cut}`).toBeInstanceOf(LoadError);
        expect((outcome as LoadError).problems[0]).toEqual(problem({ kind: 'file', table: 'customers', expected: 'a whole Arrow IPC stream' }));
        rejected++;
      }
    }
    expect(rejected).toBe(stream.length - 1 - boundaries.size);
  });

  it('a stream cut every 7th byte, loaded: a LoadError with the tables untouched, or exactly the whole batches before the cut', async () => {
    const { batches, stream } = threeBatches();
    const ends = [1, 2, 3].map((k) => tableToIPC(new Table(batches.slice(0, k)), 'stream').length - 8);
    const batchBytes = ends[1]! - ends[0]!;
    const boundaries = new Map([ends[0]! - batchBytes, ...ends].map((end, k) => [end, 2 * k]));
    for (let cut = 7; cut < stream.length; cut += 7) {
      const rows = boundaries.get(cut);
      if (rows === undefined) {
        await expectLoadError(() => load(stream.slice(0, cut)));
      } else {
        // Customers are referred to by the small bank's loans: an empty or partial table orphans them.
        expect((await load(stream.slice(0, cut))).rows.customers).toBe(rows);
        await strata.load(smallBank);
      }
    }
  });

  it('the problem says which message is cut and how', async () => {
    const { stream } = threeBatches();
    const reasons = async (cut: number) => (await expectLoadError(() => load({ data: stream.slice(0, cut), format: 'arrow' }))).problems[0]!.got;
    expect(await reasons(2)).toBe('the stream ends inside the length of the schema (byte 0)');
    expect(await reasons(40)).toMatch(/^the schema is cut off: its metadata needs \d+ bytes from byte 8, 32 remain$/);
    expect(await reasons(stream.length - 20)).toMatch(/^record batch 3 is cut off: its body needs \d+ bytes from byte \d+, \d+ remain$/);
  });

  it('an Arrow file cut every 7th byte is always a LoadError (its footer is gone)', async () => {
    const { file } = threeBatches();
    for (let cut = 7; cut < file.length; cut += 7) {
      const error = await expectLoadError(() => load(file.slice(0, cut)));
      expect(error.problems[0]).toEqual(problem({ kind: 'file', expected: 'a whole Arrow IPC file', got: 'the file is cut off: it does not end with ARROW1' }));
    }
    expect((await load(file)).rows.customers).toBe(6);
  });

  it('whole streams and files, with and without the end marker, load every row, and so does the next load', async () => {
    const { batches, stream, file } = threeBatches();
    for (const bytes of [stream, stream.slice(0, -8), file, stream]) {
      expect((await load(bytes)).rows.customers).toBe(6);
    }
    const schemaOnly = tableToIPC(new Table(batches[0]!.schema), 'stream');
    expect((await load(schemaOnly)).rows.customers).toBe(0);
    expect((await load(stream.slice(0, -8))).rows.customers).toBe(6);
  });

  it('two streams one after the other are a LoadError, not the first one alone', async () => {
    const { stream } = threeBatches();
    const error = await expectLoadError(() => load(Uint8Array.from([...stream, ...stream])));
    expect(error.problems).toEqual([
      problem({ kind: 'file', expected: 'a whole Arrow IPC stream', got: `${stream.length} bytes after its end-of-stream marker (from byte ${stream.length}): two streams one after the other?` }),
    ]);
  });

  it('a column name repeated, exactly or but for case, is a LoadError as before', async () => {
    const schema = new Schema([new Field('customer_id', new Utf8()), new Field('kind', new Utf8()), new Field('kind', new Utf8())]);
    const child = (values: string[]) => vectorFromArray(values, new Utf8()).data[0]!;
    const data = makeData({ type: new Struct(schema.fields), length: 1, nullCount: 0, children: [child(['R1']), child(['retail']), child(['corporate'])] });
    const repeated = tableToIPC(new Table([new RecordBatch(schema, data)]), 'stream');
    let error = await expectLoadError(() => load(repeated));
    expect(error.problems).toEqual([problem({ kind: 'file', expected: 'column names that differ by more than letter case', got: 'kind, kind' })]);
    const byCase = new Table({ customer_id: vectorFromArray(['R1'], new Utf8()), kind: vectorFromArray(['retail'], new Utf8()), KIND: vectorFromArray(['x'], new Utf8()) });
    error = await expectLoadError(() => load(tableToIPC(byCase, 'stream')));
    expect(error.problems[0]).toEqual(problem({ got: 'kind, KIND' }));
  });

  it('a Parquet file cut short is a LoadError (no PAR1 at its end)', async () => {
    const table = new Table({ customer_id: vectorFromArray(['P1'], new Utf8()), kind: vectorFromArray(['retail'], new Utf8()) });
    const bytes = parquetBytes(table);
    const error = await expectLoadError(() => load(bytes.slice(0, bytes.length - 10)));
    expect(error.problems).toEqual([
      problem({ kind: 'file', expected: 'a whole Parquet file (PAR1 at its start and end)', got: `a file cut off after ${bytes.length - 10} bytes: it does not end with PAR1` }),
    ]);
  });
});

describe('JSON and arrays of objects', () => {
  const deep = 200_000;

  it('JSON nested 200,000 deep: a LoadError for the row or the cell, never a RangeError', async () => {
    const arrays = '['.repeat(deep) + ']'.repeat(deep);
    let error = await expectLoadError(() => load({ data: arrays, format: 'json' }));
    expect(error.problems).toEqual([{ kind: 'file', table: 'customers', row: 1, column: null, expected: 'an object of column values', got: 'an array' }]);

    const objects = '{"a":'.repeat(deep) + '1' + '}'.repeat(deep);
    const cell = `[{"customer_id":"X1","kind":"retail"},{"customer_id":"X2","kind":${objects}}]`;
    error = await expectLoadError(() => load(new TextEncoder().encode(cell)));
    expect(error.problems).toEqual([
      { kind: 'value', table: 'customers', row: 2, column: 'kind', expected: 'text, a number, true/false or a date', got: 'an object' },
    ]);

    error = await expectLoadError(() => load({ data: objects, format: 'json' }));
    expect(error.problems).toEqual([problem({ kind: 'value', row: 1, column: 'a', got: 'an object' })]);
  });

  it('an array of objects holding a cycle: a LoadError naming the cell (or the row), never a stack overflow', async () => {
    const looped: Record<string, unknown> = { customer_id: 'X1', kind: 'retail' };
    looped.self = looped;
    let error = await expectLoadError(() => load([looped]));
    expect(error.problems).toEqual([problem({ kind: 'value', row: 1, column: 'self', got: 'an object' })]);
    const rows: unknown[] = [{ customer_id: 'X1', kind: 'retail' }];
    rows.push(rows);
    error = await expectLoadError(() => load(rows as object[]));
    expect(error.problems).toEqual([problem({ kind: 'file', row: 2, expected: 'an object of column values', got: 'an array' })]);
  });

  it('a getter that throws, or keys that cannot be listed: a LoadError with the row (and column)', async () => {
    const throwing = Object.defineProperty({ customer_id: 'X2' }, 'kind', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    let error = await expectLoadError(() => load([{ customer_id: 'X1', kind: 'retail' }, throwing]));
    expect(error.problems).toEqual([{ kind: 'value', table: 'customers', row: 2, column: 'kind', expected: 'a value that can be read', got: 'reading it failed: boom' }]);
    const unlistable = new Proxy(
      {},
      {
        ownKeys() {
          throw new TypeError('no keys');
        },
      },
    );
    error = await expectLoadError(() => load([unlistable]));
    expect(error.problems).toEqual([problem({ kind: 'file', row: 1, column: null, got: 'reading it failed: no keys' })]);
  });

  it('objects, arrays, symbols, functions and invalid dates as cell values: each a LoadError with its row and column', async () => {
    const base = { customer_id: 'X', kind: 'retail' };
    const rows = [
      { ...base, name: { first: '张' } },
      { ...base, name: ['张', '三'] },
      { ...base, name: Symbol('x') },
      { ...base, name: () => '张三' },
      { ...base, open_date: new Date('not a date') },
      { ...base, name: new Map() },
    ];
    const error = await expectLoadError(() => load(rows));
    const expected = 'text, a number, true/false or a date';
    expect(error.problems).toEqual([
      { kind: 'value', table: 'customers', row: 1, column: 'name', expected, got: 'an object' },
      { kind: 'value', table: 'customers', row: 2, column: 'name', expected, got: 'an array' },
      { kind: 'value', table: 'customers', row: 3, column: 'name', expected, got: 'a symbol' },
      { kind: 'value', table: 'customers', row: 4, column: 'name', expected, got: 'a function' },
      { kind: 'value', table: 'customers', row: 5, column: 'open_date', expected, got: 'an invalid Date' },
      { kind: 'value', table: 'customers', row: 6, column: 'name', expected, got: 'an object' },
    ]);
    expect(error.total).toBe(6);
  });

  it('nested values in many rows: every one counted, and a flood of one sort never hides another', async () => {
    const rows: Record<string, unknown>[] = Array.from({ length: 150 }, (_, i) => ({ customer_id: `X${i}`, kind: 'retail', name: { i } }));
    rows.push({ customer_id: 'S1', kind: Symbol('k') }, { customer_id: 'S2', kind: Symbol('k') });
    const error = await expectLoadError(() => load(rows));
    expect(error.total).toBe(152);
    const expected = 'text, a number, true/false or a date';
    expect(error.groups).toEqual([
      { kind: 'value', table: 'customers', column: 'name', field: null, expected, count: 150, rows: [1, 2, 3, 4, 5], got: 'an object' },
      { kind: 'value', table: 'customers', column: 'kind', field: null, expected, count: 2, rows: [151, 152], got: 'a symbol' },
    ]);
    expect(error.problems).toHaveLength(100);
    expect(error.problems.slice(-2)).toEqual([problem({ row: 151, column: 'kind' }), problem({ row: 152, column: 'kind' })]);
  });

  it('Date objects load as their YYYY-MM-DD date, big integers as their digits, other keys never read from the prototype', async () => {
    await load([
      { customer_id: 'D1', kind: 'retail', open_date: new Date('2024-01-31T00:00:00Z'), deposits_avg: 1234n },
      { customer_id: 'D2', kind: 'retail', constructor: 'x' },
    ]);
    const rows = await strata.engine.query(`SELECT customer_id, strftime(open_date, '%Y-%m-%d') AS open_date, deposits_avg FROM customers ORDER BY 1`);
    expect(rows.toArray().map((r) => r.toJSON())).toEqual([
      { customer_id: 'D1', open_date: '2024-01-31', deposits_avg: 1234 },
      { customer_id: 'D2', open_date: null, deposits_avg: null },
    ]);
  });

  it('a Date made from local day parts stands for that day in any time zone (China: local midnight is 16:00 UTC the day before)', async () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const local = new Date(2024, 0, 31);
      expect(local.toISOString()).toBe('2024-01-30T16:00:00.000Z');
      await load([
        { customer_id: 'D1', kind: 'retail', open_date: local },
        { customer_id: 'D2', kind: 'retail', open_date: new Date('2024-02-29') },
      ]);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    const rows = await strata.engine.query(`SELECT customer_id, strftime(open_date, '%Y-%m-%d') AS open_date FROM customers ORDER BY 1`);
    expect(rows.toArray().map((r) => r.toJSON())).toEqual([
      { customer_id: 'D1', open_date: '2024-01-31' },
      { customer_id: 'D2', open_date: '2024-02-29' },
    ]);
  });

  it('objects keyed by ids rather than columns: more than 10,000 distinct keys is a LoadError naming the row', async () => {
    const wide = [{ customer_id: 'X1', kind: 'retail' }, Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`C${i}`, i]))];
    const error = await expectLoadError(() => load(wide));
    expect(error.problems).toEqual([
      { kind: 'file', table: 'customers', row: 2, column: 'C9998', expected: 'at most 10000 distinct keys (columns)', got: 'more' },
    ]);
  });

  it('an array that throws when read is a LoadError too (the loader failing is wrapped, never thrown as it is)', async () => {
    const hostile = new Proxy([], {
      get(target, key) {
        if (key === 'length') throw new RangeError('no length');
        return Reflect.get(target, key);
      },
    });
    const error = await expectLoadError(() => load(hostile));
    expect(error.problems).toEqual([{ kind: 'internal', table: 'customers', row: null, column: null, expected: 'a source Strata can read', got: 'no length' }]);
  });

  it('a row that is not an object is a LoadError with its row, as before', async () => {
    const error = await expectLoadError(() => load([{ customer_id: 'X1', kind: 'retail' }, 42, null]));
    expect(error.problems).toEqual([
      { kind: 'file', table: 'customers', row: 2, column: null, expected: 'an object of column values', got: '42' },
      { kind: 'file', table: 'customers', row: 3, column: null, expected: 'an object of column values', got: 'null' },
    ]);
  });
});

describe('paths and file: URLs in Node', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(dir, 'customers.csv');
    await writeFile(file, customersCsv);
  });

  it('an absolute path, a path relative to the working directory (with or without ./) and a file: URL all load', async () => {
    const relative = path.relative(process.cwd(), file);
    for (const source of [file, relative, `./${relative}`, ` ${file}\n`, pathToFileURL(file), pathToFileURL(file).href]) {
      await strata.load(smallBank);
      expect((await load(source)).rows.customers, String(source)).toBe(2);
      expect(await customerRows()).toEqual(loadedCustomers);
    }
  });

  it('a path with spaces and Chinese in it, and the format from the extension (JSON, Arrow, Parquet, GBK CSV)', async () => {
    const folder = path.join(dir, 'bank 导出');
    await mkdir(folder, { recursive: true });
    const table = new Table({ customer_id: vectorFromArray(['X1', 'X2'], new Utf8()), kind: vectorFromArray(['retail', 'corporate'], new Utf8()) });
    const files: [string, Uint8Array | string][] = [
      ['客户 list.json', JSON.stringify([{ customer_id: 'X1', kind: 'retail' }, { customer_id: 'X2', kind: 'corporate' }])],
      ['customers.arrow', tableToIPC(table, 'stream')],
      ['customers.feather', tableToIPC(table, 'file')],
      ['customers.parquet', parquetBytes(table)],
      ['客户.csv', encodeGbk('客户号,客户类型\nX1,零售\nX2,对公\n')],
    ];
    for (const [name, content] of files) {
      await writeFile(path.join(folder, name), content);
      await strata.load(smallBank);
      expect((await load(path.join(folder, name))).rows.customers, name).toBe(2);
      const kinds = await strata.engine.query('SELECT customer_id, kind FROM customers ORDER BY 1');
      expect(kinds.toArray().map((r) => r.toJSON())).toEqual([
        { customer_id: 'X1', kind: 'retail' },
        { customer_id: 'X2', kind: 'corporate' },
      ]);
    }
  });

  it('a missing file, a folder: a LoadError naming the absolute path and the reason', async () => {
    const missing = path.join(dir, 'nope.csv');
    let error = await expectLoadError(() => load(missing));
    expect(error.problems).toEqual([{ kind: 'file', table: 'customers', row: null, column: null, expected: `a readable file at ${missing}`, got: 'no such file' }]);
    error = await expectLoadError(() => load(pathToFileURL(missing)));
    expect(error.problems[0]).toEqual(problem({ expected: `a readable file at ${missing}`, got: 'no such file' }));
    error = await expectLoadError(() => load('nope/customers.csv'));
    expect(error.problems[0]).toEqual(problem({ expected: `a readable file at ${path.resolve('nope/customers.csv')}`, got: 'no such file' }));
    const folder = path.join(dir, 'a-folder');
    await mkdir(folder, { recursive: true });
    error = await expectLoadError(() => load(`${folder}/`));
    expect(error.problems[0]).toEqual(problem({ expected: `a readable file at ${folder}`, got: 'a folder, not a file' }));
  });

  it('Windows-style paths are paths, not CSV text (on this system: no such file)', async () => {
    for (const windows of ['C:\\Users\\李明\\My Documents\\customers.csv', 'D:/exports/customers.csv', '\\\\server\\share\\customers.csv']) {
      const error = await expectLoadError(() => load(windows));
      expect(error.problems).toEqual([problem({ kind: 'file', expected: `a readable file at ${path.resolve(windows)}`, got: 'no such file' })]);
    }
  });

  it('CSV text of one line is still text, not a path', async () => {
    const error = await expectLoadError(() => load('customer_id,name'));
    expect(error.problems).toEqual([problem({ kind: 'missing_column', column: 'kind' })]);
  });

  it('without local files (as in a browser) a file: URL is a LoadError and a path is fetched relative to the page', async () => {
    setLocalFiles(undefined);
    try {
      const url = pathToFileURL(file);
      let error = await expectLoadError(() => load(url));
      expect(error.problems).toEqual([
        problem({ kind: 'file', expected: 'a URL the page can fetch: a file: URL is read in Node only (in a browser, pass the File itself)', got: url.href }),
      ]);
      error = await expectLoadError(() => load(file));
      expect(error.problems).toEqual([problem({ kind: 'file', expected: `a readable file at ${file}` })]);
    } finally {
      setLocalFiles(nodeFiles);
    }
  });
});
