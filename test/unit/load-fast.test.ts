/**
 * The load's fast path (load/direct.ts) and its checks counted before any row is listed: a file
 * already of the canonical types loads as the same data from CSV does, without a typed copy and
 * without a row-level problem query; a problem in such a file is reported exactly as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine, LoadError, Strata, TABLE_NAMES, type Engine, type LoadInput, type TableName } from '@strata/sdk/node';
import { smallBankWithFollowUps } from '../fixtures/small.ts';
import { parquetBytes } from '../helpers/parquet.ts';

/** A real engine whose statements are recorded on their way through (only observed). */
async function recordingEngine(): Promise<{ engine: Engine; statements: string[] }> {
  const inner = await createNodeEngine();
  const statements: string[] = [];
  const engine: Engine = Object.assign(Object.create(inner) as Engine, {
    query: (sql: string, ...rest: never[]) => (statements.push(sql), inner.query(sql, ...rest)),
  });
  return { engine, statements };
}

let source: Strata;
let parquet: LoadInput;
let csv: LoadInput;

/** The canonical tables' rows as CSV (NULL as an empty field). */
async function csvOf(table: TableName): Promise<string> {
  const result = await source.engine.query(`SELECT * FROM ${table}`);
  const names = result.schema.fields.map((f) => f.name);
  const cell = (v: unknown) => (v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : `"${String(v).replaceAll('"', '""')}"`);
  const dated = await source.engine.query(`SELECT ${names.map((n) => `CAST("${n}" AS VARCHAR) AS "${n}"`).join(', ')} FROM ${table}`);
  return [names.join(','), ...dated.toArray().map((r) => names.map((n) => cell(r[n])).join(','))].join('\n') + '\n';
}

beforeAll(async () => {
  source = await Strata.open();
  await source.load(smallBankWithFollowUps, { replace: 'all' });
  parquet = {};
  csv = {};
  for (const table of TABLE_NAMES) {
    // Written from the canonical tables: every column already of its canonical type.
    parquet[table] = { data: parquetBytes(await source.engine.query(`SELECT * FROM ${table}`)), format: 'parquet' };
    csv[table] = await csvOf(table);
  }
});
afterAll(async () => {
  await source.close();
});

/** Rows per table and the money summed, as loaded. */
async function figures(strata: Strata) {
  const counts = TABLE_NAMES.map((t) => `(SELECT count(*) FROM ${t})::DOUBLE AS ${t}`).join(', ');
  const row = (await strata.engine.query(`SELECT ${counts},
    (SELECT sum(balance) FROM loans)::DOUBLE AS balance, (SELECT sum(amount) FROM pipeline)::DOUBLE AS amount,
    (SELECT string_agg(loan_id || '@' || CAST(as_of AS VARCHAR) || ':' || classification, ',' ORDER BY as_of, loan_id) FROM loans) AS loans_list`)).get(0)!.toJSON();
  return row;
}

const SMALL_BANK = { branches: 3, managers: 2, customers: 8, loans: 12, pipeline: 12, campaigns: 1, targets: 6, holdings: 13, contacts: 6, balance: 8_885_000, amount: 2_180_000 };

describe('a file already of the canonical types', () => {
  it('loads the same tables and figures as the same data from CSV, with no typed copy and no row-level problem query', async () => {
    const { engine, statements } = await recordingEngine();
    const fast = await Strata.open({ engine });
    const slow = await Strata.open();
    try {
      const report = await fast.load(parquet, { replace: 'all' });
      await slow.load(csv, { replace: 'all' });
      expect(report.rows).toEqual({ branches: 3, managers: 2, customers: 8, loans: 12, pipeline: 12, campaigns: 1, targets: 6, holdings: 13, contacts: 6 });
      expect(await figures(fast)).toEqual(expect.objectContaining(SMALL_BANK));
      expect(await figures(fast)).toEqual(await figures(slow));
      for (const table of TABLE_NAMES) {
        expect(statements.some((s) => s.startsWith(`CREATE OR REPLACE TEMP VIEW "__strata_typed_${table}_`)), `${table} read as it is`).toBe(true);
      }
      expect(statements.filter((s) => /TABLE "__strata_typed_/.test(s)), 'no typed copy').toEqual([]);
      expect(statements.filter((s) => s.includes('group_count')), 'no row-level problem query').toEqual([]);
      expect(statements.filter((s) => /::DOUBLE AS p0\b/.test(s)).length, 'each table counted').toBe(TABLE_NAMES.length);
    } finally {
      await fast.close();
      await slow.close();
    }
  });

  it('reports a duplicate key, an orphan, a negative and a missing amount with the table, row, column and what was expected', async () => {
    const { engine, statements } = await recordingEngine();
    const strata = await Strata.open({ engine });
    try {
      // Rows 3, 5, 4 and 6 of the loans: still the canonical types, so still the fast path.
      const loans = parquetBytes(
        await source.engine.query(`SELECT * EXCLUDE (n) REPLACE (
          CASE n WHEN 3 THEN 'L1' ELSE loan_id END AS loan_id,
          CASE n WHEN 3 THEN DATE '2024-11-30' ELSE as_of END AS as_of,
          CASE n WHEN 5 THEN 'C404' ELSE customer_id END AS customer_id,
          CASE n WHEN 4 THEN -5.5 WHEN 6 THEN NULL ELSE balance END AS balance)
        FROM (SELECT *, row_number() OVER () AS n FROM (SELECT * FROM loans ORDER BY as_of, loan_id))`),
      );
      const error = await strata.load({ ...parquet, loans: { data: loans, format: 'parquet' } }, { replace: 'all' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LoadError);
      const problems = (error as LoadError).problems.map(({ kind, table, row, column, expected, got }) => ({ kind, table, row, column, expected, got }));
      expect(problems).toEqual([
        { kind: 'duplicate', table: 'loans', row: 3, column: 'as_of + loan_id', expected: 'a unique as_of + loan_id', got: '2024-11-30 / L1 (also in row 1)' },
        { kind: 'range', table: 'loans', row: 4, column: 'balance', expected: 'a value of 0 or more', got: '-5.5' },
        { kind: 'orphan', table: 'loans', row: 5, column: 'customer_id', expected: 'a customer_id that exists in customers', got: 'C404' },
        { kind: 'required', table: 'loans', row: 6, column: 'balance', expected: 'a value (balance is required)', got: null },
      ]);
      expect(statements.some((s) => s.startsWith('CREATE OR REPLACE TEMP VIEW "__strata_typed_loans_')), 'the loans read as they are').toBe(true);
      expect(statements.filter((s) => s.includes('group_count')), 'rows listed for the loans alone').toHaveLength(1);
    } finally {
      await strata.close();
    }
  });

  it('a code the model does not know takes the typed copy and is reported as before', async () => {
    const { engine, statements } = await recordingEngine();
    const strata = await Strata.open({ engine });
    try {
      const pipeline = parquetBytes(await source.engine.query(`SELECT * REPLACE (CASE lead_id WHEN 'P2' THEN 'bogus' ELSE stage END AS stage) FROM pipeline ORDER BY lead_id`));
      const error = await strata.load({ ...parquet, pipeline: { data: pipeline, format: 'parquet' } }, { replace: 'all' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LoadError);
      expect((error as LoadError).problems).toEqual([
        expect.objectContaining({ kind: 'value', table: 'pipeline', row: 5, column: 'stage', got: 'bogus', expected: expect.stringMatching(/^one of identified, contacted, /) }),
      ]);
      expect(statements.some((s) => /^CREATE OR REPLACE TEMP TABLE "__strata_typed_pipeline_/.test(s)), 'the leads converted').toBe(true);
    } finally {
      await strata.close();
    }
  });
});
