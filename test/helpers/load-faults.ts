/**
 * The bad files of the load-fault tests and the good load of every format that must follow each,
 * shared by Node (test/unit/load-faults.test.ts) and Chromium (test/browser/load-faults.test.ts).
 * Only apache-arrow here: each runtime brings its own way to write Parquet.
 */
import { Dictionary, Field, Int32, makeData, makeVector, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import type { LoadInput, LoadOptions, LoadProblem, LoadReport } from '@strata/sdk';

/** Parquet bytes of an Arrow table (parquet-wasm, as the loader reads them back). */
export type WriteParquet = (table: Table) => Uint8Array;

/** What a test needs of a Strata, from either entry point. */
export interface Loader {
  load(input: LoadInput, options?: LoadOptions): Promise<LoadReport>;
  engine: { query(sql: string): Promise<Table> };
}

/** Customers replace the small bank's: its loans then refer to customers no longer there, a warning here. */
export const loadCustomers = (strata: Loader, source: unknown) => strata.load({ customers: source as never }, { orphans: 'warning' });

const text = (values: string[]) => vectorFromArray(values, new Utf8());

/** A customers table; deposits as numbers. */
export function customersTable(ids: string[], kinds: string[], deposits: number[]): Table {
  return new Table({ customer_id: text(ids), kind: text(kinds), deposits_avg: vectorFromArray(deposits) });
}

/** The customers loaded, in figures: how many, their deposits, every id with its kind. */
export interface CustomerFigures {
  customers: number;
  deposits: number;
  list: string;
}

export async function customerFigures(strata: Loader): Promise<CustomerFigures> {
  const result = await strata.engine.query(
    `SELECT count(*)::DOUBLE AS customers, sum(deposits_avg)::DOUBLE AS deposits, string_agg(customer_id || ':' || kind, ',' ORDER BY customer_id) AS list FROM customers`,
  );
  const row = result.get(0)!.toJSON();
  return { customers: Number(row.customers), deposits: Number(row.deposits), list: String(row.list) };
}

/** Every format, each with customers of its own and their figures, worked out by hand. */
export const FORMATS: { name: string; source: (writeParquet: WriteParquet) => unknown; figures: CustomerFigures }[] = [
  {
    name: 'CSV',
    source: () => 'customer_id,name,kind,deposits_avg\nV1,甲,retail,100\nV2,乙,corporate,250.5\n',
    figures: { customers: 2, deposits: 350.5, list: 'V1:retail,V2:corporate' },
  },
  {
    name: 'Parquet',
    source: (writeParquet) => writeParquet(customersTable(['P1', 'P2', 'P3'], ['retail', 'retail', 'corporate'], [1, 2, 3])),
    figures: { customers: 3, deposits: 6, list: 'P1:retail,P2:retail,P3:corporate' },
  },
  {
    name: 'Arrow stream',
    source: () => tableToIPC(customersTable(['S1', 'S2'], ['corporate', 'retail'], [10, 20]), 'stream'),
    figures: { customers: 2, deposits: 30, list: 'S1:corporate,S2:retail' },
  },
  {
    name: 'Arrow file',
    source: () => tableToIPC(customersTable(['F1'], ['retail'], [7]), 'file'),
    figures: { customers: 1, deposits: 7, list: 'F1:retail' },
  },
  {
    name: 'JSON',
    source: () => JSON.stringify([{ customer_id: 'J1', kind: 'retail', deposits_avg: 1000 }, { customer_id: 'J2', kind: 'corporate', deposits_avg: 2000 }]),
    figures: { customers: 2, deposits: 3000, list: 'J1:retail,J2:corporate' },
  },
  {
    name: 'NDJSON',
    source: () => ({ data: '{"customer_id":"N1","kind":"retail","deposits_avg":1}\n{"customer_id":"N2","kind":"retail","deposits_avg":2}\n{"customer_id":"N3","kind":"corporate","deposits_avg":4}\n', format: 'json' }),
    figures: { customers: 3, deposits: 7, list: 'N1:retail,N2:retail,N3:corporate' },
  },
  {
    name: 'an array of objects',
    source: () => [{ customer_id: 'O1', kind: 'corporate', deposits_avg: 0.5 }, { customer_id: 'O2', kind: 'retail', deposits_avg: null }],
    figures: { customers: 2, deposits: 0.5, list: 'O1:corporate,O2:retail' },
  },
  {
    name: 'an Arrow Table',
    source: () => customersTable(['T1', 'T2', 'T3', 'T4'], ['retail', 'retail', 'retail', 'corporate'], [5, 5, 5, 5]),
    figures: { customers: 4, deposits: 20, list: 'T1:retail,T2:retail,T3:retail,T4:corporate' },
  },
];

/** A Utf8 vector whose `bad`-th value (0-based) holds the byte 0xFF after its first character. */
export function invalidUtf8Vector(values: string[], bad: number): Vector {
  const valid = vectorFromArray(values, new Utf8()).data[0]!;
  const bytes = new Uint8Array(valid.values);
  bytes[valid.valueOffsets[bad]! + 1] = 0xff;
  return makeVector(makeData({ type: new Utf8(), length: values.length, nullCount: 0, valueOffsets: valid.valueOffsets, data: bytes }));
}

/** Customers in two batches of two whose fourth name (record 4) is not UTF-8: "D\xffelta". */
export function invalidUtf8Customers(): Table {
  const batch = (ids: string[], names: string[], bad: number | null) => {
    const schema = new Schema([new Field('customer_id', new Utf8()), new Field('name', new Utf8()), new Field('kind', new Utf8())]);
    const name = bad === null ? text(names) : invalidUtf8Vector(names, bad);
    const children = [text(ids).data[0]!, name.data[0]!, text(ids.map(() => 'retail')).data[0]!];
    return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: ids.length, nullCount: 0, children }));
  };
  return new Table([batch(['U1', 'U2'], ['Alpha', 'Beta'], null), batch(['U3', 'U4'], ['Gamma', 'Delta'], 1)]);
}

/**
 * Parquet of 257.8 kB on disk and 600 MB decoded: one 10,000-character name (30 kB) in a
 * dictionary, used by 20,000 records. The file's Arrow schema (which would read it back as a dictionary) is
 * hidden by renaming its key, so parquet-wasm decodes every name in full.
 */
export function parquetBomb(writeParquet: WriteParquet): Uint8Array {
  const rows = 20_000;
  const names = makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: rows, nullCount: 0, data: new Int32Array(rows), dictionary: text(['名'.repeat(10_000)]) }));
  const bytes = writeParquet(new Table({ customer_id: text(Array.from({ length: rows }, (_, i) => `B${i}`)), kind: text(Array.from({ length: rows }, () => 'retail')), name: names }));
  const key = new TextEncoder().encode('ARROW:schema');
  for (let i = 0; i + key.length <= bytes.length; i++) {
    if (key.every((b, j) => bytes[i + j] === b)) bytes[i + key.length - 1] = 0x58; // ARROW:schemX
  }
  return bytes;
}

/** Bytes wasm32 memory can grow to. */
const WASM32_BYTES = 2 ** 32;
const PAGE = 65_536;

/**
 * Grows a wasm memory until at most `headroom` bytes are left of wasm32's 4 GiB: an allocator in
 * it then fails beyond that, as with a file too big to decode. The pages are reserved, not
 * touched: it costs address space, not RAM. Returns the bytes left.
 */
export function takeWasmMemory(memory: WebAssembly.Memory, headroom: number): number {
  let pages = Math.floor((WASM32_BYTES - memory.buffer.byteLength - headroom) / PAGE);
  while (pages > 0) {
    try {
      memory.grow(pages);
      break;
    } catch {
      pages = Math.floor(pages / 2);
    }
  }
  return WASM32_BYTES - memory.buffer.byteLength;
}

/** A fault: its failing load (with whatever it needs around it), what that threw and the problem expected. */
export interface Fault {
  name: string;
  fail(strata: Loader, writeParquet: WriteParquet): Promise<{ thrown: unknown; problem: Partial<LoadProblem> }>;
}

/** What a failing load threw (or an Error saying it did not fail). */
export const thrown = (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => new Error('expected the load to fail'),
    (error: unknown) => error,
  );

/** 60 customers with a name of a million characters each: an Arrow table of about 60 MB. */
export function bigCustomers(): Table {
  const ids = Array.from({ length: 60 }, (_, i) => `B${i}`);
  return new Table({ customer_id: text(ids), kind: text(ids.map(() => 'retail')), name: text(ids.map(() => 'x'.repeat(1_000_000))) });
}

/** The engine's memory limit during the memory faults (a small load still fits), and how DuckDB says it. */
const LOW_MEMORY = '24MB';
/** What a load too big for the engine's memory expects, under a limit as DuckDB writes it ("22.8 MiB"). */
export const memoryExpected = (limit: string) => `a file that fits in the engine's memory (${limit}, shared by every table loaded)`;
export const LOW_MEMORY_EXPECTED = memoryExpected('22.8 MiB');

/** The engine's memory limit as DuckDB writes it. */
export const memoryLimit = async (strata: Loader) => String((await strata.engine.query(`SELECT current_setting('memory_limit') AS m`)).get(0)!.m);

/** Each engine's limit as first seen: set back as written then, so that rounding never adds up. */
const firstLimits = new WeakMap<Loader, string>();

/**
 * Runs `work` with the engine's memory limit lowered to 24 MB, then set back to what it was
 * (DuckDB 1.4's RESET memory_limit shows the default again but leaves the buffer pool's limit low).
 */
export async function withLowMemory<T>(strata: Loader, work: () => Promise<T>): Promise<T> {
  if (!firstLimits.has(strata)) firstLimits.set(strata, await memoryLimit(strata));
  const previous = firstLimits.get(strata)!;
  await strata.engine.query(`SET memory_limit = '${LOW_MEMORY}'`);
  try {
    return await work();
  } finally {
    await strata.engine.query(`SET memory_limit = '${previous.replace(/[^\w. ]/g, '')}'`);
  }
}

/**
 * The faults of issue 17: each must fail with a LoadError and leave the engine sound. The last
 * takes parquet-wasm's memory (`parquetMemory`) for the rest of the page or process.
 */
export function faults(parquetMemory: () => WebAssembly.Memory): Fault[] {
  const fault = (name: string, fail: Fault['fail']): Fault => ({ name, fail });
  return [
    fault('a truncated Arrow stream (cut inside its last batch)', async (strata) => {
      const stream = tableToIPC(customersTable(['A1', 'A2', 'A3'], ['retail', 'retail', 'retail'], [1, 2, 3]), 'stream');
      return { thrown: await thrown(loadCustomers(strata, stream.slice(0, stream.length - 20))), problem: { kind: 'file', expected: 'a whole Arrow IPC stream' } };
    }),
    fault('a truncated Parquet file', async (strata, writeParquet) => {
      const bytes = writeParquet(customersTable(['Q1'], ['retail'], [1]));
      return { thrown: await thrown(loadCustomers(strata, bytes.slice(0, bytes.length - 10))), problem: { kind: 'file', expected: 'a whole Parquet file (PAR1 at its start and end)' } };
    }),
    fault('Arrow text that is not UTF-8', async (strata) => ({
      thrown: await thrown(loadCustomers(strata, tableToIPC(invalidUtf8Customers(), 'stream'))),
      problem: { kind: 'value', row: 4, column: 'name', expected: 'text in UTF-8', got: 'bytes that are not UTF-8: 0x44 0xff 0x6c 0x74 0x61' },
    })),
    fault("an Arrow stream of 60 MB, over twice the engine's memory", async (strata) => {
      const stream = tableToIPC(bigCustomers(), 'stream');
      return {
        thrown: await withLowMemory(strata, () => thrown(loadCustomers(strata, stream))),
        problem: { kind: 'file', row: null, column: null, expected: LOW_MEMORY_EXPECTED, got: `an Arrow file of ${(stream.length / 1e6).toFixed(1)} MB` },
      };
    }),
    fault('a CSV with a bad row', async (strata) => ({
      thrown: await thrown(loadCustomers(strata, 'customer_id,kind\nX1,retail\nX2,retail,extra\n')),
      problem: { kind: 'file', row: 3, expected: '2 fields, as in the header', got: 'more fields: X2,retail,extra' },
    })),
    fault('JSON nested 5,000 deep', async (strata) => ({
      thrown: await thrown(loadCustomers(strata, { data: '['.repeat(5000) + ']'.repeat(5000), format: 'json' })),
      problem: { kind: 'file', row: 1, expected: 'an object of column values', got: 'an array' },
    })),
    fault('objects with a cycle', async (strata) => {
      const looped: Record<string, unknown> = { customer_id: 'Y1', kind: 'retail' };
      looped.self = looped;
      return { thrown: await thrown(loadCustomers(strata, [looped])), problem: { kind: 'value', row: 1, column: 'self', got: 'an object' } };
    }),
    fault('a Parquet file parquet-wasm cannot decode in its memory', async (strata, writeParquet) => {
      const bomb = parquetBomb(writeParquet);
      takeWasmMemory(parquetMemory(), 64 * 2 ** 20);
      // Under the engine's own limit (DuckDB would take the 600 MB): the words are DuckDB's running out.
      return {
        thrown: await thrown(loadCustomers(strata, bomb)),
        problem: { kind: 'file', row: null, column: null, expected: memoryExpected(await memoryLimit(strata)), got: 'a Parquet file of 257.8 kB' },
      };
    }),
  ];
}

/** Staging tables and views left behind (every load drops its own, whatever happens). */
export async function leftovers(strata: Loader): Promise<string[]> {
  const rows = await strata.engine.query(
    `SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, '__strata_') UNION ALL SELECT view_name FROM duckdb_views() WHERE starts_with(view_name, '__strata_')`,
  );
  return rows.toArray().map((r) => String(r.name));
}
