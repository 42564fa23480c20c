/**
 * How a load fails and what it says (issue 11, items 3, 4, 5, 7, 8): problems grouped so that one
 * flood never hides another, a referenced table that is missing, orphans in both directions,
 * `replace`, the mapping checked as a whole, and engine failures wrapped, staging dropped and
 * nothing lost. Expected counts are worked out by hand from the fixtures.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeEngine, LoadError, Strata, TABLE_NAMES, type Engine, type LoadProblem, type Mapping } from '@strata/sdk/node';
import { LOAN_FACTS } from '../../packages/sdk/src/queries/facts.ts';
import { smallBank } from '../fixtures/small.ts';

let strata: Strata;
/** When set, statements it matches fail (see faulty): an engine failure at a chosen step. */
let failWhen: ((sql: string) => boolean) | null = null;
let insertFails = false;

/** The real engine, but failing where `failWhen` or `insertFails` says: engine failures on demand. */
function faulty(engine: Engine): Engine {
  const fail = (sql: string) => failWhen !== null && failWhen(sql);
  return {
    kind: engine.kind,
    get generation() {
      return engine.generation;
    },
    query: (sql, params, options) => (fail(sql) ? Promise.reject(new Error(`injected failure`)) : engine.query(sql, params, options)),
    insert: (name, data, options) => (insertFails ? Promise.reject(new Error('injected failure')) : engine.insert(name, data, options)),
    transaction: (work) => engine.transaction((run) => work((sql) => (fail(sql) ? Promise.reject(new Error('injected failure')) : run(sql)))),
    close: () => engine.close(),
  };
}

beforeAll(async () => {
  strata = await Strata.open({ engine: faulty(await createNodeEngine()) });
});
afterAll(async () => {
  await strata.close();
});

async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const table of TABLE_NAMES) out[table] = (await strata.engine.query(`SELECT * FROM ${table} ORDER BY ALL`)).toArray().map((r) => JSON.stringify(r.toJSON()));
  return out;
}

/** Staging tables and views left behind (every load drops its own, whatever happens). */
async function leftovers(): Promise<string[]> {
  const rows = await strata.engine.query(
    `SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, '__strata_') UNION ALL SELECT view_name FROM duckdb_views() WHERE starts_with(view_name, '__strata_')`,
  );
  return rows.toArray().map((r) => String(r.name));
}

async function expectLoadError(attempt: Promise<unknown>): Promise<LoadError> {
  const before = await snapshot();
  const error = await attempt.then(
    () => new Error('expected the load to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoadError);
  expect(await snapshot(), 'a failed load leaves what was loaded before untouched').toEqual(before);
  expect(await leftovers()).toEqual([]);
  return error as LoadError;
}

const { branches, managers, customers, loans, campaigns } = smallBank;

describe('problems grouped so that one flood never hides another', () => {
  beforeAll(async () => {
    await strata.load({ branches, managers, customers, campaigns }, { replace: 'all' });
  });

  it('9,857 orphan loans and two rows bad in other ways: both bad rows listed, three groups counted', async () => {
    // Rows 2 … 9860 of the file (9,859 loans); row 5000 has a balance that is no number, row 9000 a
    // class that is none, both of customer C1 (loaded); the other 9,857 name customers never loaded.
    const lines = ['as_of,loan_id,customer_id,product,balance,classification'];
    for (let row = 2; row <= 9860; row++) {
      if (row === 5000) lines.push(`2024-12-31,L${row},C1,consumer,abc,pass`);
      else if (row === 9000) lines.push(`2024-12-31,L${row},C1,consumer,100,好`);
      else lines.push(`2024-12-31,L${row},NOBODY${row},consumer,100,pass`);
    }
    const error = await expectLoadError(strata.load({ loans: lines.join('\n') }));
    expect(error.total).toBe(9_859);
    expect(error.groups).toEqual([
      { kind: 'orphan', table: 'loans', column: 'customer_id', field: 'customer_id', expected: 'a customer_id that exists in customers', count: 9_857, rows: [2, 3, 4, 5, 6], got: 'NOBODY2' },
      { kind: 'value', table: 'loans', column: 'balance', field: 'balance', expected: 'an amount in yuan (e.g. 1,234.56)', count: 1, rows: [5000], got: 'abc' },
      { kind: 'value', table: 'loans', column: 'classification', field: 'classification', expected: expect.stringContaining('one of pass'), count: 1, rows: [9000], got: '好' },
    ]);
    // 100 listed: one of each group in turn (the two single ones first round), so 98 orphans,
    // rows 2 … 99, then in row order.
    expect(error.problems).toHaveLength(100);
    expect(error.problems.map((p) => p.row)).toEqual([...Array.from({ length: 98 }, (_, i) => i + 2), 5000, 9000]);
    expect(error.problems.filter((p) => p.kind === 'value').map((p) => p.column)).toEqual(['balance', 'classification']);
  });

  it('a LoadError made from a list of problems groups them itself', () => {
    const p = (row: number | null, column: string, got: string): LoadProblem => ({ kind: 'value', table: 'customers', row, column, field: column, expected: 'a number', got });
    const error = new LoadError([p(7, 'aum', 'x'), p(3, 'aum', 'y'), p(4, 'deposits_avg', 'z')], 3);
    expect(error.groups).toEqual([
      { kind: 'value', table: 'customers', column: 'aum', field: 'aum', expected: 'a number', count: 2, rows: [3, 7], got: 'x' },
      { kind: 'value', table: 'customers', column: 'deposits_avg', field: 'deposits_avg', expected: 'a number', count: 1, rows: [4], got: 'z' },
    ]);
  });
});

describe('a table the loaded ones refer to', () => {
  it('loans alone with no customer loaded: the load succeeds with exactly one warning', async () => {
    const report = await strata.load({ loans }, { replace: 'all' });
    expect(report.rows).toEqual({ loans: 12 });
    expect(report.warnings).toEqual([
      {
        kind: 'missing_table',
        table: 'loans',
        row: null,
        column: 'customer_id',
        field: 'customer_id',
        expected: 'a customers file (customer_id refers to customers)',
        got: 'no customers loaded: tiers, customer groups and every figure by customer are unavailable',
        count: 12,
      },
    ]);
    // Again when the customers were never there (nothing emptied this time).
    const again = await strata.load({ loans: loans.slice(0, 5) });
    expect(again.warnings.map((w) => [w.kind, w.table, w.field, w.count])).toEqual([['missing_table', 'loans', 'customer_id', 5]]);
  });

  it('no warning once customers are there', async () => {
    const report = await strata.load({ customers, loans });
    expect(report.warnings).toEqual([]);
  });
});

describe('orphans in both directions', () => {
  beforeEach(async () => {
    await strata.load(smallBank, { replace: 'all' });
  });

  it('a customers file that lacks customers the loaded loans and leads name: their orphans, error by default', async () => {
    // Without C1 and C7: loans L1 (two month ends, C1) and L7 (C7) = 3 rows; lead P1 (C1) = 1.
    const fewer = customers.filter((c) => c.customer_id !== 'C1' && c.customer_id !== 'C7');
    const error = await expectLoadError(strata.load({ customers: fewer }));
    expect(error.problems).toEqual([
      expect.objectContaining({ kind: 'orphan', table: 'loans', row: null, column: 'customer_id', field: 'customer_id', got: 'C1' }),
      expect.objectContaining({ kind: 'orphan', table: 'pipeline', row: null, column: 'customer_id', field: 'customer_id', got: 'C1' }),
    ]);
    expect(error.problems[0]!.expected).toBe('a customer_id that exists in the new customers file (3 rows of the loaded loans refer to one it lacks)');
    expect(error.groups.map((g) => [g.table, g.count])).toEqual([
      ['loans', 3],
      ['pipeline', 1],
    ]);
    expect(error.total).toBe(4);
  });

  it('the same as warnings when asked, and the customers replaced', async () => {
    const fewer = customers.filter((c) => c.customer_id !== 'C1' && c.customer_id !== 'C7');
    const report = await strata.load({ customers: fewer }, { orphans: 'warning' });
    expect(report.rows).toEqual({ customers: 6 });
    expect(report.warnings.map((w) => [w.kind, w.table, w.column, w.got, w.count])).toEqual([
      ['orphan', 'loans', 'customer_id', 'C1', 3],
      ['orphan', 'pipeline', 'customer_id', 'C1', 1],
    ]);
  });

  it('branches, managers and campaigns too', async () => {
    // Without B2: manager M2; customers C3, C4, C6, C7; leads P7 … P12 (loans name no branch).
    let error = await expectLoadError(strata.load({ branches: branches.filter((b) => b.branch_id !== 'B2') }));
    expect(error.groups.map((g) => [g.kind, g.table, g.column, g.count, g.got])).toEqual([
      ['orphan', 'managers', 'branch_id', 1, 'B2'],
      ['orphan', 'customers', 'branch_id', 4, 'B2'],
      ['orphan', 'pipeline', 'branch_id', 6, 'B2'],
    ]);
    // Without M2: customers C3, C4, C6, C7; leads P7 … P12.
    error = await expectLoadError(strata.load({ managers: managers.filter((m) => m.manager_id !== 'M2') }));
    expect(error.groups.map((g) => [g.table, g.column, g.count])).toEqual([
      ['customers', 'manager_id', 4],
      ['pipeline', 'manager_id', 6],
    ]);
    // Another campaign instead of K1: all 12 leads and all 6 targets name K1.
    error = await expectLoadError(strata.load({ campaigns: [{ campaign_id: 'K2', name: '其他', start_date: '2025-01-01', end_date: '2025-03-31' }] }));
    expect(error.groups.map((g) => [g.table, g.column, g.count, g.got])).toEqual([
      ['pipeline', 'campaign_id', 12, 'K1'],
      ['targets', 'campaign_id', 6, 'K1'],
    ]);
  });

  it('a table loaded together with its referrers is checked one way only, against the new file', async () => {
    const report = await strata.load({ customers: customers.filter((c) => c.customer_id !== 'C7'), loans: loans.filter((l) => l.customer_id !== 'C7') });
    expect(report.warnings).toEqual([]);
  });
});

describe('replace: all or only the tables given', () => {
  beforeEach(async () => {
    await strata.load(smallBank, { replace: 'all' });
  });

  it("'all' empties every table not given, in the same swap, and says which", async () => {
    const report = await strata.load({ branches, customers: customers.slice(0, 2) }, { replace: 'all' });
    expect(report.emptied).toEqual(['managers', 'loans', 'pipeline', 'campaigns', 'targets', 'holdings', 'contacts']);
    expect(report.rows).toEqual({ branches: 3, customers: 2 });
    const counts = await strata.engine.query(`SELECT ${TABLE_NAMES.map((t) => `(SELECT count(*) FROM ${t})::DOUBLE AS ${t}`).join(', ')}`);
    expect(counts.get(0)!.toJSON()).toEqual({ branches: 3, managers: 0, customers: 2, loans: 0, pipeline: 0, campaigns: 0, targets: 0, holdings: 0, contacts: 0 });
    expect((await strata.npl()).length).toBe(0);
  });

  it("'tables' (the default) keeps every other table", async () => {
    const report = await strata.load({ campaigns });
    expect(report.emptied).toEqual([]);
    expect((await snapshot()).loans).toHaveLength(12);
  });

  it("a failing 'all' load empties nothing", async () => {
    await expectLoadError(strata.load({ customers: 'customer_id,kind\nX1,bogus\n' }, { replace: 'all' }));
  });
});

describe('the mapping checked as a whole before any file is read', () => {
  let url: string;
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.end('customer_id,kind\nX1,retail\n');
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/loans.csv`;
  });
  afterAll(() => {
    server.close();
  });

  it('every problem collected, each naming its mapping key; no file fetched', async () => {
    const mapping = {
      accounts: {},
      loans: {
        colums: {},
        columns: { balance: 5, loan_id: '', toString: 'x', constructor: 'y' },
        values: { product: 'mortgage', classification: { A: { nested: true } } },
        units: { balance: 'bogus', dpd: '万元' },
        constants: { as_of: null, loan_id: 'L' },
        negativeToZero: 'balance',
        unpivot: { column: 'nope', groups: { '2024-11-30': { dpd: 7 } } },
        decimal: ';',
      },
      customers: { negativeToZero: ['aum', 'kind'], valueOf: 1 },
      pipeline: 'all of it',
    };
    const before = requests;
    const error = await expectLoadError(strata.load({ loans: url, customers: url }, { mapping: mapping as unknown as Mapping }));
    expect(requests).toBe(before);
    expect(error.problems.map((p) => [p.kind, p.table, p.column, p.got])).toEqual(
      expect.arrayContaining([
        ['mapping', 'accounts', 'accounts', 'accounts'],
        ['mapping', 'loans', 'loans.colums', 'colums'],
        ['mapping', 'loans', 'loans.columns.balance', '5'],
        ['mapping', 'loans', 'loans.columns.loan_id', ''],
        ['mapping', 'loans', 'loans.columns.toString', 'toString'],
        ['mapping', 'loans', 'loans.columns.constructor', 'constructor'],
        ['mapping', 'loans', 'loans.values.product', 'mortgage'],
        ['mapping', 'loans', 'loans.values.classification.A', '{"nested":true}'],
        ['mapping', 'loans', 'loans.units.balance', 'bogus'],
        ['mapping', 'loans', 'loans.units.dpd', 'dpd'],
        ['mapping', 'loans', 'loans.constants.as_of', 'null'],
        ['mapping', 'loans', 'loans.negativeToZero', 'balance'],
        ['mapping', 'loans', 'loans.unpivot.column', 'nope'],
        ['mapping', 'loans', 'loans.unpivot.groups.2024-11-30.dpd', '7'],
        ['mapping', 'loans', 'loans.decimal', ';'],
        ['mapping', 'customers', 'customers.negativeToZero', 'kind'],
        ['mapping', 'customers', 'customers.valueOf', 'valueOf'],
        ['mapping', 'pipeline', 'pipeline', 'all of it'],
      ]),
    );
    expect(error.total).toBe(18);
    expect(error.problems.every((p) => p.kind === 'mapping')).toBe(true);
  });

  it('a constant and a column for the same field, and prototype keys at every level, by own keys only', async () => {
    const mapping = JSON.parse(
      '{"__proto__": {"columns": {}}, "loans": {"__proto__": {}, "columns": {"__proto__": "x"}, "units": {"__proto__": "万元"}, "constants": {"loan_id": "L"}}, "customers": {"columns": {"customer_id": "id"}, "constants": {"customer_id": "C"}}}',
    ) as Mapping;
    const error = await expectLoadError(strata.load({ customers: 'id,kind\nX,retail\n' }, { mapping }));
    expect(error.problems.map((p) => p.column)).toEqual(
      expect.arrayContaining(['__proto__', 'loans.__proto__', 'loans.columns.__proto__', 'loans.units.__proto__', 'customers.constants.customer_id']),
    );
    expect(error.total).toBe(5);
  });

  it('a mapping with 150 problems: 100 listed, 150 counted', async () => {
    const columns = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`field${i}`, 'x']));
    const error = await expectLoadError(strata.load({ customers: 'customer_id,kind\nX,retail\n' }, { mapping: { customers: { columns } } }));
    expect([error.problems.length, error.total, error.groups.length]).toEqual([100, 150, 150]);
  });

  it('a mapping that is no object, and options that are none of theirs', async () => {
    // (null, like undefined, is no mapping: the Strata's default applies.)
    for (const mapping of ['loans', 5, true, [], new Map()]) {
      const error = await expectLoadError(strata.load({ customers: 'customer_id,kind\nX,retail\n' }, { mapping: mapping as never }));
      expect(error.problems).toEqual([expect.objectContaining({ kind: 'mapping', table: 'customers', column: 'mapping' })]);
    }
    const error = await expectLoadError(strata.load({ customers: 'customer_id,kind\nX,retail\n' }, { replace: 'some' as never, orphans: 'ignore' as never }));
    expect(error.problems.map((p) => [p.column, p.got])).toEqual([
      ['orphans', 'ignore'],
      ['replace', 'some'],
    ]);
  });

  it('any value at all as a mapping: a LoadError or a load, never another error', async () => {
    await strata.load({ branches, managers, customers, campaigns }, { replace: 'all' });
    const section = fc.oneof(fc.anything(), fc.record({ columns: fc.anything(), units: fc.anything(), values: fc.anything(), decimal: fc.anything() }, { requiredKeys: [] }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('customers', 'loans', 'x', '__proto__'), section)), async (mapping) => {
        try {
          await strata.load({ customers: 'customer_id,kind\nX,retail\n' }, { mapping: mapping as Mapping, orphans: 'warning' });
        } catch (error) {
          expect(error).toBeInstanceOf(LoadError);
        }
      }),
      { numRuns: 100 },
    );
    expect(await leftovers()).toEqual([]);
  });
});

describe('engine failures: a LoadError naming the table, staging dropped, nothing lost', () => {
  beforeAll(async () => {
    await strata.load(smallBank, { replace: 'all' });
  });

  const steps: [string, () => void, Partial<LoadProblem>][] = [
    ['staging', () => (insertFails = true), { kind: 'file', table: 'customers', got: 'injected failure' }],
    ['numbering', () => (failWhen = (sql) => sql.includes('__strata_numbered_customers')), { kind: 'internal', table: 'customers', expected: 'the engine to stage the file' }],
    ['converting', () => (failWhen = (sql) => sql.includes('TABLE "__strata_typed_customers')), { kind: 'internal', table: 'customers', expected: 'the engine to convert the values' }],
    ['checking', () => (failWhen = (sql) => sql.includes('::DOUBLE AS p0')), { kind: 'internal', table: 'customers', expected: 'the engine to check the values' }],
    ['checking references into the new table', () => (failWhen = (sql) => sql.includes('AS "table"')), { kind: 'internal', table: 'customers' }],
    ['building the next table', () => (failWhen = (sql) => sql.includes('TABLE "__strata_next_customers')), { kind: 'internal', table: 'customers', expected: 'the engine to build the new tables' }],
    ['deriving', () => (failWhen = (sql) => sql.includes(`"__strata_next_${LOAN_FACTS}`)), { kind: 'internal', table: 'customers', expected: expect.stringContaining('derive') }],
    ['swapping', () => (failWhen = (sql) => sql.startsWith('ALTER TABLE') && sql.includes(LOAN_FACTS)), { kind: 'internal', table: 'customers', expected: expect.stringContaining('swap') }],
  ];
  for (const [step, arm, expected] of steps) {
    it(step, async () => {
      arm();
      try {
        const error = await expectLoadError(strata.load({ customers: customers.map((c) => ({ ...c, name: 'new' })) }));
        expect(error.problems).toEqual([expect.objectContaining({ ...expected, got: 'injected failure' })]);
      } finally {
        failWhen = null;
        insertFails = false;
      }
      // The engine is sound again: the same load goes through.
      expect((await strata.load({ customers })).rows).toEqual({ customers: 8 });
    });
  }
});
