/**
 * The native DuckDB engine (engine/duckdb-node.ts) where it differs in kind from duckdb-wasm's:
 * its own conversion of results to Arrow (the types and values duckdb-wasm's Arrow export gives),
 * Arrow bytes staged through Parquet, interruption of a running statement, its folder of files.
 * Everything the SDK does on it is the data-layer suite's (data-layer-native.test.ts).
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Table, tableToIPC, vectorFromArray, Bool, Utf8 } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine, createNodeEngine, type Engine } from '@strata/sdk/node';
import { toRows } from '../../packages/sdk/src/engine/rows.ts';

const folders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('strata-native-'));

let native: Engine;
let wasm: Engine;
beforeAll(async () => {
  [native, wasm] = await Promise.all([createNativeEngine(), createNodeEngine()]);
});
afterAll(async () => {
  await Promise.all([native?.close(), wasm?.close()]);
});

describe('the native engine', () => {
  const EVERY_TYPE = `SELECT 12::BIGINT AS big, 1.5::DECIMAL(18,4) AS money, -2.5::DECIMAL(38,4) AS total, DATE '2024-01-02' AS day,
    TIMESTAMP '2024-01-02 03:04:05.123456' AS at, 'x' AS text, true AS yes, 1.25::DOUBLE AS x, 12::HUGEINT AS huge, [1, NULL, 3] AS list,
    3::INTEGER AS i, 1::TINYINT AS ti, 1.5::FLOAT AS f, NULL AS nothing, {'a': 1, 'b': 'c'} AS struct, chr(65279) || 'bom' AS bom
    UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL`;

  it("gives duckdb-wasm's Arrow types, and the same rows", async () => {
    const [n, w] = await Promise.all([native.query(EVERY_TYPE), wasm.query(EVERY_TYPE)]);
    const types = (t: Table) => t.schema.fields.map((f) => `${f.name}: ${String(f.type)}`);
    expect(types(n)).toEqual([
      'big: Int64', 'money: Decimal[18e+4]', 'total: Decimal[38e+4]', 'day: Date32<DAY>', 'at: Timestamp<MICROSECOND>', 'text: Utf8',
      'yes: Bool', 'x: Float64', 'huge: Decimal[38e0]', 'list: List<Int32>', 'i: Int32', 'ti: Int8', 'f: Float32', 'nothing: Int32',
      'struct: Struct<{a:Int32, b:Utf8}>', 'bom: Utf8',
    ]);
    expect(types(n)).toEqual(types(w));
    // Lists and structs come back as Arrow objects: compared as JSON, the rest as toRows reads them.
    const scalars = (t: Table) => toRows(t.select(t.schema.fields.map((f) => f.name).filter((name) => name !== 'list' && name !== 'struct')));
    expect(scalars(n)).toEqual(scalars(w));
    const nested = (t: Table) => JSON.stringify([t.getChild('list')!.toArray(), t.getChild('struct')!.toArray()]);
    expect(nested(n)).toBe('[[[1,null,3],null],[{"a":1,"b":"c"},null]]');
    expect(nested(n)).toBe(nested(w));
    const [first] = toRows<Record<string, unknown>>(n);
    expect(first).toMatchObject({ big: 12, day: Date.UTC(2024, 0, 2), text: 'x', yes: true, x: 1.25, i: 3, nothing: null, bom: '\ufeffbom' });
    expect(String(n.getChild('money')!.get(0))).toBe(String(w.getChild('money')!.get(0)));
  });

  it('binds what the quoting module cannot write, and counts a write as a new generation', async () => {
    expect(toRows(await native.query('SELECT ? AS a, ? AS b, ? AS c', ['it\'s', 2.5, null]))).toEqual([{ a: "it's", b: 2.5, c: null }]);
    const before = native.generation!;
    await native.query('CREATE OR REPLACE TABLE g AS SELECT 1 AS x');
    expect(native.generation).toBe(before + 1);
    await native.query('SELECT * FROM g');
    expect(native.generation).toBe(before + 1);
  });

  it('stages Arrow bytes (an all-null yes/no column too) and CSV as duckdb-wasm does', async () => {
    const ipc = tableToIPC(
      new Table({ id: vectorFromArray(['a', 'b'], new Utf8()), flag: vectorFromArray([null, null], new Bool()) }),
      'stream',
    );
    const csv = { format: 'csv' as const, text: 'id;note\n1;"x;""y"""\n2;\n', options: { delimiter: ';', columns: ['id', 'note'], newline: 'lf' as const } };
    for (const engine of [native, wasm]) {
      await engine.insert('staged', { format: 'arrow', ipc });
      expect(toRows(await engine.query('SELECT id, flag, typeof(flag) AS t FROM staged ORDER BY id'))).toEqual([
        { id: 'a', flag: null, t: 'BOOLEAN' },
        { id: 'b', flag: null, t: 'BOOLEAN' },
      ]);
      await engine.insert('staged', csv);
      expect(toRows(await engine.query('SELECT * FROM staged ORDER BY id'))).toEqual([
        { id: '1', note: 'x;"y"' },
        { id: '2', note: null },
      ]);
      await expect(engine.insert('staged', { ...csv, text: 'id;note\n1;2;3\n' })).rejects.toThrow(/Expected Number of Columns: 2 Found: 3/);
    }
  });

  it('a Parquet file native DuckDB refuses fails with the error parquet-wasm gives on duckdb-wasm', async () => {
    const damaged = new TextEncoder().encode('PAR1 this is no parquet file PAR1');
    const errors = await Promise.all([native, wasm].map((e) => e.insert('p', { format: 'parquet', bytes: damaged }).then(() => null, (error: Error) => error.message)));
    expect(errors[0]).not.toBeNull();
    expect(errors[0]).toBe(errors[1]);
  });

  it('interrupts a statement whose signal aborts while it runs, and runs the next one', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const running = native.query('SELECT count(*) FROM range(100000000000)', [], { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(toRows(await native.query('SELECT 42 AS n'))).toEqual([{ n: 42 }]);
  });

  it('never fetches an extension: a URL to read fails at once, naming the extension it would need', async () => {
    expect(toRows(await native.query("SELECT current_setting('autoinstall_known_extensions') AS install, current_setting('autoload_known_extensions') AS load"))).toEqual([
      { install: false, load: false },
    ]);
    await expect(native.query("SELECT * FROM read_parquet('https://example.invalid/x.parquet')")).rejects.toThrow(/Missing Extension Error: .* requires the extension httpfs/);
  });

  it('keeps its files in a folder of its own, removed on close', async () => {
    const before = folders();
    const engine = await createNativeEngine();
    await engine.insert('t', { format: 'csv', text: 'a\n1\n', options: { delimiter: ',', columns: ['a'], newline: 'lf' } });
    const mine = folders().filter((f) => !before.includes(f));
    expect(mine).toHaveLength(1);
    await engine.close();
    expect(folders()).not.toContain(mine[0]);
    await expect(engine.query('SELECT 1')).rejects.toThrow(/closed/i);
  });
});
