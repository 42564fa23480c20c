/**
 * `strata.preview` (issue 11, item 9): the same staging, conversion and checks as a load, the
 * first rows as they will load, every column with its field and unit, and the report or the
 * error load would give; it never changes a table. Expected rows are read off the files by hand.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadError, Strata, TABLE_NAMES, type LoadPreview } from '@strata/sdk/node';
import { BANK_EXPORT_FILE } from '../fixtures/bank-export/figures.ts';
import { smallBank } from '../fixtures/small.ts';

let strata: Strata;

beforeAll(async () => {
  strata = await Strata.open();
  await strata.load(smallBank);
});
afterAll(async () => {
  await strata.close();
});

/** Every canonical table's rows, and any table or view the engine holds by name. */
async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const table of TABLE_NAMES) out[table] = (await strata.engine.query(`SELECT * FROM ${table} ORDER BY ALL`)).toArray().map((r) => JSON.stringify(r.toJSON()));
  out.names = (await strata.engine.query(`SELECT table_name AS n FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1`))
    .toArray()
    .map((r) => String(r.n));
  return out;
}

async function unchanged(preview: () => Promise<LoadPreview>): Promise<LoadPreview> {
  const before = await snapshot();
  const result = await preview();
  expect(await snapshot(), 'a preview changes no table and leaves no staging behind').toEqual(before);
  return result;
}

const exportBytes = () => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../${BANK_EXPORT_FILE}`, import.meta.url))));

describe('a bank export previewed, then loaded', () => {
  it('the first rows as they will load, every column with its field and unit; then load returns the same report', async () => {
    const preview = await unchanged(() => strata.preview({ loans: exportBytes() }, { rows: 2, replace: 'all' }));
    expect(preview.error).toBeNull();
    const loans = preview.tables.loans!;
    expect(loans).toEqual({
      format: 'csv',
      encoding: 'gb18030',
      sourceRows: 20,
      columns: [
        { source: '数据日期', field: 'as_of', unit: null, unitFrom: null },
        { source: '借据号', field: 'loan_id', unit: null, unitFrom: null },
        { source: '客户号', field: 'customer_id', unit: null, unitFrom: null },
        { source: '客户名称', field: null, unit: null, unitFrom: null },
        { source: '机构', field: 'branch_id', unit: null, unitFrom: null },
        { source: '产品', field: 'product', unit: null, unitFrom: null },
        { source: '贷款余额(万元)', field: 'balance', unit: 'wan', unitFrom: 'header' },
        { source: '五级分类', field: 'classification', unit: null, unitFrom: null },
        { source: '放款日期', field: 'origination_date', unit: null, unitFrom: null },
        { source: '到期日', field: 'maturity_date', unit: null, unitFrom: null },
      ],
      constants: {},
      missing: [],
      // The file's first two lines: …,城东支行,个人住房贷款,1560,正常,2019/6/15,20390615 and …,36,正常,2023/3/1,20260301
      rows: [
        {
          as_of: '2024-11-30',
          loan_id: 'JJ2019001',
          customer_id: 'KH0001',
          branch_id: '城东支行',
          product: 'mortgage',
          balance: 15_600_000,
          classification: 'pass',
          dpd: null,
          origination_date: '2019-06-15',
          maturity_date: '2039-06-15',
          original_amount: null,
          collateral: null,
        },
        {
          as_of: '2024-11-30',
          loan_id: 'JJ2023002',
          customer_id: 'KH0002',
          branch_id: '城东支行',
          product: 'consumer',
          balance: 360_000,
          classification: 'pass',
          dpd: null,
          origination_date: '2023-03-01',
          maturity_date: '2026-03-01',
          original_amount: null,
          collateral: null,
        },
      ],
    });
    expect(preview.warnings.map((w) => [w.kind, w.table, w.field, w.count])).toEqual([['missing_table', 'loans', 'customer_id', 20]]);
    expect(preview.report!.emptied).toEqual(['branches', 'managers', 'customers', 'pipeline', 'campaigns', 'targets', 'holdings', 'contacts']);
    const report = await strata.load({ loans: exportBytes() }, { replace: 'all' });
    expect(report).toEqual(preview.report);
    await strata.load(smallBank, { replace: 'all' });
  });
});

describe('what a load would refuse', () => {
  it('the LoadError load would throw, rows still shown (unreadable values as null)', async () => {
    const csv = 'customer_id,kind,deposits_avg\nX1,retail,"1,234.5"\nX2,bogus,12,34\n';
    const fixed = 'customer_id,kind,deposits_avg\nX1,retail,"1,234.5"\nX2,bogus,"12,34"\n';
    const preview = await unchanged(() => strata.preview({ customers: fixed }, { replace: 'all' }));
    expect(preview.report).toBeNull();
    expect(preview.tables.customers!.rows.map((r) => [r.customer_id, r.kind, r.deposits_avg])).toEqual([
      ['X1', 'retail', 1234.5],
      ['X2', null, null],
    ]);
    const thrown = await strata.load({ customers: fixed }, { replace: 'all' }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(LoadError);
    const error = thrown as LoadError;
    expect(preview.error).toBeInstanceOf(LoadError);
    expect([preview.error!.problems, preview.error!.groups, preview.error!.total]).toEqual([error.problems, error.groups, error.total]);
    expect(error.problems.map((p) => [p.row, p.column, p.got])).toEqual([
      [3, 'deposits_avg', '12,34'],
      [3, 'kind', 'bogus'],
    ]);
    // A row with a field too many cannot be read at all: no table to show.
    const unreadable = await unchanged(() => strata.preview({ customers: csv }));
    expect(unreadable.tables).toEqual({});
    expect(unreadable.error!.problems).toEqual([expect.objectContaining({ kind: 'file', row: 3 })]);
  });

  it('a required field no column gives: listed as missing, the rows shown all the same', async () => {
    const preview = await unchanged(() => strata.preview({ customers: 'customer_id,name\nX1,甲\n' }));
    expect(preview.tables.customers!.missing).toEqual(['kind']);
    expect(preview.tables.customers!.rows).toEqual([expect.objectContaining({ customer_id: 'X1', name: '甲', kind: null })]);
    expect(preview.error!.problems).toEqual([expect.objectContaining({ kind: 'missing_column', column: 'kind' })]);
  });

  it('a table whose columns do not fit is shown, but nothing is checked against it: the same error as load', async () => {
    const input = { customers: 'customer_id,name\nX1,甲\n', loans: 'as_of,loan_id,customer_id,product,balance,classification\n2024-12-31,L9,X1,consumer,100,pass\n' };
    const preview = await unchanged(() => strata.preview(input));
    expect(preview.tables.customers!.rows).toHaveLength(1);
    const error = (await strata.load(input).catch((e: unknown) => e)) as LoadError;
    expect(error.problems).toEqual([expect.objectContaining({ kind: 'missing_column', table: 'customers', column: 'kind' })]);
    expect([preview.error!.problems, preview.error!.groups]).toEqual([error.problems, error.groups]);
  });

  it('a mapping problem: the error, and no file read', async () => {
    const preview = await unchanged(() => strata.preview({ loans: 'a,b\n1,2\n' }, { mapping: { loans: { units: { balance: '千元' } } } }));
    expect(preview).toEqual({ tables: {}, warnings: [], report: null, error: expect.any(LoadError) });
    expect(preview.error!.problems).toEqual([expect.objectContaining({ column: 'loans.units.balance', got: '千元' })]);
  });
});

describe('the choices an import screen makes', () => {
  it('columns, a unit and constants chosen in the mapping: shown as chosen', async () => {
    const csv = '阶段,意向(万),备注\n已放款,3,x\n跟进中,1.5,y\n';
    const mapping = { pipeline: { columns: { lead_id: '$row', stage: '阶段', amount: '意向(万)' }, units: { amount: '万' }, constants: { created_at: '2024-10-01', campaign_id: 'K1' } } };
    const preview = await unchanged(() => strata.preview({ pipeline: csv }, { mapping, rows: 1 }));
    const pipeline = preview.tables.pipeline!;
    expect(pipeline.columns).toEqual([
      { source: '阶段', field: 'stage', unit: null, unitFrom: null },
      { source: '意向(万)', field: 'amount', unit: 'wan', unitFrom: 'mapping' },
      { source: '备注', field: null, unit: null, unitFrom: null },
    ]);
    expect(pipeline.constants).toEqual({ lead_id: '$row', campaign_id: 'K1', created_at: '2024-10-01' });
    // Row 2 of the file, 3 万 = 30,000 yuan.
    expect(pipeline.rows).toEqual([expect.objectContaining({ lead_id: '2', stage: 'disbursed', amount: 30_000, created_at: '2024-10-01', campaign_id: 'K1' })]);
    // 12 small-bank leads orphaned? No: the pipeline is replaced; the new leads' campaign exists.
    expect(preview.error).toBeNull();
    expect(preview.report!.units).toEqual([{ table: 'pipeline', field: 'amount', source: '意向(万)', unit: 'wan', from: 'mapping' }]);
    expect(preview.report!.columns.pipeline).toEqual({ lead_id: '$row', campaign_id: 'K1 (constant)', stage: '阶段', amount: '意向(万)', created_at: '2024-10-01 (constant)' });
    expect((await strata.preview({ pipeline: csv }, { mapping, rows: 0 })).tables.pipeline!.rows).toEqual([]);
  });
});
