/**
 * Issue 17's faults in Node: a load that fails for the engine's reasons says what to do (text that
 * is not UTF-8 with its column and record, a line over DuckDB's limit, a file larger than the
 * engine's memory worded alike whoever ran out), never names a staging table, and leaves the
 * engine sound: after each bad file every format loads, and no staging table is left.
 */
import { Dictionary, Field, Int32, makeData, makeVector, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import * as parquet from 'parquet-wasm/esm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine, LoadError, Strata, type Engine, type LoadProblem } from '@strata/sdk/node';
import { smallBank } from '../fixtures/small.ts';
import {
  bigCustomers,
  customerFigures,
  customersTable,
  faults,
  FORMATS,
  invalidUtf8Customers,
  invalidUtf8Vector,
  leftovers,
  loadCustomers,
  LOW_MEMORY_EXPECTED,
  memoryExpected,
  memoryLimit,
  parquetBomb,
  takeWasmMemory,
  thrown,
  withLowMemory,
} from '../helpers/load-faults.ts';
import { parquetBytes } from '../helpers/parquet.ts';

let strata: Strata;
/** When set, statements it matches fail with this message (the real engine otherwise). */
let failWith: { when: (sql: string) => boolean; message: string } | null = null;

function faulty(engine: Engine): Engine {
  const fail = (sql: string) => (failWith?.when(sql) ? Promise.reject(new Error(failWith.message)) : undefined);
  return {
    kind: engine.kind,
    get generation() {
      return engine.generation;
    },
    query: (sql, params, options) => fail(sql) ?? engine.query(sql, params, options),
    insert: (name, data, options) => engine.insert(name, data, options),
    transaction: (work) => engine.transaction(work),
    close: () => engine.close(),
  };
}

beforeAll(async () => {
  strata = await Strata.open({ engine: faulty(await createNodeEngine()) });
  await strata.load(smallBank);
});
afterAll(async () => {
  await strata.close();
});

/** What is loaded, summarised (the small bank's tables and one metric). */
async function snapshot() {
  const rows = await strata.engine.query(`SELECT
    (SELECT count(*) FROM customers)::DOUBLE AS customers, (SELECT count(*) FROM loans)::DOUBLE AS loans,
    (SELECT sum(balance) FROM loans)::DOUBLE AS balance,
    (SELECT string_agg(customer_id || ':' || kind, ',' ORDER BY customer_id) FROM customers) AS customer_list`);
  const kpis = (await strata.kpis()).map((k) => [k.metric, k.value]);
  return { tables: rows.get(0)!.toJSON(), kpis };
}

/** The load fails with one problem like `problem`, and everything loaded before is as it was and answering. */
async function expectProblem(attempt: () => Promise<unknown>, problem: Partial<LoadProblem>): Promise<LoadError> {
  const before = await snapshot();
  const error = await thrown(attempt());
  expect(error).toBeInstanceOf(LoadError);
  const { problems, message } = error as LoadError;
  expect(problems).toEqual([expect.objectContaining(problem)]);
  expect(message).not.toContain('__strata_');
  expect(await snapshot(), 'a failed load leaves what was loaded before untouched and answering').toEqual(before);
  return error as LoadError;
}

const parquetMemory = () => parquet.wasmMemory();

describe('text that is not UTF-8', () => {
  it('Arrow: the column, the record and "text in UTF-8", from a stream, a file and an Arrow table', async () => {
    const expected = { kind: 'value', table: 'customers', row: 4, column: 'name', expected: 'text in UTF-8', got: 'bytes that are not UTF-8: 0x44 0xff 0x6c 0x74 0x61' } as const;
    const table = invalidUtf8Customers();
    for (const source of [tableToIPC(table, 'stream'), tableToIPC(table, 'file'), table]) {
      await expectProblem(() => loadCustomers(strata, source), expected);
    }
  });

  it('Arrow: a name in a dictionary (the first record using it), and a character split between two values', async () => {
    const ids = vectorFromArray(['D1', 'D2', 'D3'], new Utf8());
    const kinds = vectorFromArray(['retail', 'retail', 'retail'], new Utf8());
    const dictionary = invalidUtf8Vector(['ok', 'Zbad'], 1);
    const names = makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: 3, nullCount: 0, data: Int32Array.of(0, 1, 1), dictionary }));
    await expectProblem(() => loadCustomers(strata, new Table({ customer_id: ids, kind: kinds, name: names })), {
      kind: 'value',
      row: 2,
      column: 'name',
      got: 'bytes that are not UTF-8: 0x5a 0xff 0x61 0x64',
    });

    // 甲 (E7 94 B2) cut between records 1 and 2: their bytes together are valid UTF-8, each alone is not.
    const schema = new Schema([new Field('customer_id', new Utf8()), new Field('kind', new Utf8()), new Field('name', new Utf8())]);
    const split = makeData({ type: new Utf8(), length: 3, nullCount: 0, valueOffsets: Int32Array.of(0, 2, 3, 4), data: Uint8Array.of(0xe7, 0x94, 0xb2, 0x41) });
    const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 3, nullCount: 0, children: [ids.data[0]!, kinds.data[0]!, split] }));
    await expectProblem(() => loadCustomers(strata, tableToIPC(new Table([batch]), 'stream')), { kind: 'value', row: 1, column: 'name', got: 'bytes that are not UTF-8: 0xe7 0x94' });
  });

  it('Parquet: the record, among the text columns named (parquet-wasm reads them all at once); a dictionary page fails as a whole', async () => {
    const n = 3000;
    const table = new Table({
      customer_id: vectorFromArray(Array.from({ length: n }, (_, i) => `C${i}`), new Utf8()),
      kind: vectorFromArray(Array.from({ length: n }, () => 'retail'), new Utf8()),
      name: vectorFromArray(Array.from({ length: n }, (_, i) => (i === 2345 ? 'QQQQ' : `name ${i}`)), new Utf8()),
    });
    const write = (dictionary: boolean) => {
      parquetBytes(table); // parquet-wasm loaded
      const properties = new parquet.WriterPropertiesBuilder().setDictionaryEnabled(dictionary).setMaxRowGroupSize(1000).build();
      const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), properties);
      // QQQQ → Q\xffQQ wherever it is written (the page and the column statistics).
      for (let i = 0; i + 4 <= bytes.length; i++) if (bytes[i] === 0x51 && bytes[i + 1] === 0x51 && bytes[i + 2] === 0x51 && bytes[i + 3] === 0x51) bytes[i + 1] = 0xff;
      return bytes;
    };
    const expected = { kind: 'file', column: null, expected: 'text in UTF-8', got: 'bytes that are not UTF-8 in one of its text columns (customer_id, kind, name)' } as const;
    await expectProblem(() => loadCustomers(strata, write(false)), { ...expected, row: 2346 });
    await expectProblem(() => loadCustomers(strata, write(true)), { ...expected, row: null });
  });
});

describe('CSV lines DuckDB cannot read', () => {
  const head = 'customer_id,name,kind\n' + Array.from({ length: 6 }, (_, i) => `X${i},n,retail\n`).join('');

  it('a 5 MB field: "a line of at most 2 MB" with its line (DuckDB\'s limit is kept: see engine-problems.ts)', async () => {
    await expectProblem(() => loadCustomers(strata, `${head}X9,${'a'.repeat(5_000_000)},retail\nX10,b,retail\n`), {
      kind: 'file',
      row: 8,
      column: null,
      expected: 'a line of at most 2 MB',
      got: 'a line of 5.0 MB',
    });
  });

  it('a quote that never closes, and a row of too many fields: the line, cut to 200 characters', async () => {
    await expectProblem(() => loadCustomers(strata, `${head}X9,"abc,retail\nX10,b,retail\n`), {
      row: 8,
      expected: 'a closing quote for every quoted field',
      got: 'a quote that never closes: X9,"abc,retail',
    });
    const long = 'x'.repeat(300);
    await expectProblem(() => loadCustomers(strata, `${head}X9,${long},retail,extra\n`), { row: 8, expected: '3 fields, as in the header', got: `more fields: X9,${long.slice(0, 197)}…` });
  });
});

describe("engine messages during a load", () => {
  it('are wrapped with the table, never naming a staging table', async () => {
    failWith = { when: (sql) => sql.includes('__strata_numbered_customers'), message: 'Catalog Error: Table with name __strata_raw_customers_41 does not exist!' };
    try {
      await expectProblem(() => loadCustomers(strata, 'customer_id,kind\nX1,retail\n'), {
        kind: 'internal',
        table: 'customers',
        expected: 'the engine to stage the file',
        got: 'Catalog Error: Table with name customers does not exist!',
      });
    } finally {
      failWith = null;
    }
  });
});

describe("a file larger than the engine's memory", () => {
  /** Sizes as the problem gives them (every source here is over 1 MB). */
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

  it('fails with a LoadError saying so, in every format, the previous data intact and answering; a small file still loads', async () => {
    const table = bigCustomers();
    const stream = tableToIPC(table, 'stream');
    const file = tableToIPC(table, 'file');
    const objects = table.toArray().map((r) => r.toJSON());
    const parquetFile = parquetBytes(table);
    const csv = new TextEncoder().encode(`customer_id,kind,name\n${objects.map((o) => `${o.customer_id},${o.kind},${o.name}`).join('\n')}\n`);
    const json = JSON.stringify(objects);
    const cases: [unknown, string][] = [
      [stream, `an Arrow file of ${mb(stream.length)}`],
      [file, `an Arrow file of ${mb(file.length)}`],
      [table, `an Arrow table of ${mb(stream.length)}`],
      [objects, `an array of objects (as Arrow) of ${mb(stream.length)}`],
      [json, `JSON text (as Arrow) of ${mb(stream.length)}`],
      [parquetFile, `a Parquet file of ${mb(parquetFile.length)}`],
      [csv, `a CSV file of ${mb(csv.length)}`],
    ];
    expect(stream.length).toBeGreaterThan(2 * 24e6);
    for (const [source, got] of cases) {
      await expectProblem(() => withLowMemory(strata, () => loadCustomers(strata, source)), { kind: 'file', row: null, column: null, expected: LOW_MEMORY_EXPECTED, got });
    }
    // Under the same limit a small file loads: it is the size that did not fit.
    const small = await withLowMemory(strata, () => loadCustomers(strata, tableToIPC(customersTable(['M1'], ['retail'], [1]), 'stream')));
    expect(small.rows).toEqual({ customers: 1 });
    await strata.load(smallBank);
  });

  it('parquet-wasm running out while decoding says the same as DuckDB running out, and Parquet that fits loads after', async () => {
    const bomb = parquetBomb(parquetBytes);
    expect(takeWasmMemory(parquetMemory(), 64 * 2 ** 20)).toBeLessThanOrEqual(64 * 2 ** 20);
    // Under the engine's own limit (about 3 GiB here): DuckDB would take the 600 MB, parquet-wasm cannot.
    const limit = await memoryLimit(strata);
    expect(limit).toMatch(/^[23]\.\d GiB$/);
    await expectProblem(() => loadCustomers(strata, bomb), { kind: 'file', row: null, column: null, expected: memoryExpected(limit), got: 'a Parquet file of 257.8 kB' });
    expect((await loadCustomers(strata, parquetBytes(customersTable(['P1'], ['retail'], [1])))).rows).toEqual({ customers: 1 });
    await strata.load(smallBank);
  });
});

describe('a bad file never leaves the engine broken: after each, every format loads', () => {
  for (const fault of faults(parquetMemory)) {
    it(fault.name, async () => {
      const before = await snapshot();
      const { thrown: error, problem } = await fault.fail(strata, parquetBytes);
      expect(error).toBeInstanceOf(LoadError);
      expect((error as LoadError).problems).toEqual([expect.objectContaining(problem)]);
      expect(await snapshot()).toEqual(before);
      for (const format of FORMATS) {
        await loadCustomers(strata, format.source(parquetBytes));
        expect(await customerFigures(strata), format.name).toEqual(format.figures);
      }
      expect(await leftovers(strata)).toEqual([]);
    });
  }
});
