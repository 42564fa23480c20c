import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { guessTable, LoadError, Strata, type LoadProblem } from '@strata/sdk/node';
import { BANK_EXPORT_FILE, BANK_EXPORT_HEADER, NPL_BY_BRANCH_DECEMBER } from '../fixtures/bank-export/figures.ts';
import { smallBank } from '../fixtures/small.ts';
import { parquetBytes } from '../helpers/parquet.ts';

let strata: Strata;

beforeAll(async () => {
  strata = await Strata.open();
});
afterAll(async () => {
  await strata.close();
});

/** Everything loaded, summarised: counts per table and the loan and deposit totals. */
async function snapshot() {
  const rows = await strata.engine.query(`SELECT
    (SELECT count(*) FROM branches)::DOUBLE AS branches, (SELECT count(*) FROM customers)::DOUBLE AS customers,
    (SELECT count(*) FROM loans)::DOUBLE AS loans, (SELECT count(*) FROM pipeline)::DOUBLE AS pipeline,
    (SELECT sum(balance) FROM loans)::DOUBLE AS balance, (SELECT sum(deposits_avg) FROM customers)::DOUBLE AS deposits,
    (SELECT string_agg(customer_id || ':' || kind, ',' ORDER BY customer_id) FROM customers) AS customer_list`);
  return rows.get(0)!.toJSON();
}

async function expectLoadError(attempt: Promise<unknown>): Promise<LoadError> {
  const before = await snapshot();
  const error = await attempt.then(
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

const customersCsv = 'customer_id,name,kind,branch_id,deposits_avg\nX1,甲,retail,B1,100\nX2,乙,corporate,B2,200\n';
/**
 * The small bank without loans and leads: a customers file that lacks the small bank's customers
 * would orphan its loans (a LoadError of its own, tested in load-problems.test.ts).
 */
const { branches, managers, customers, campaigns } = smallBank;
const noLoans = { branches, managers, customers, campaigns };

describe('loading every source and format', () => {
  beforeEach(async () => {
    await strata.load(noLoans, { replace: 'all' });
  });

  it('CSV text, with quoted fields holding the delimiter and a newline', async () => {
    const csv = 'customer_id,name,kind\nX1,"Lee, ""Jr""",retail\nX2,"two\nlines",corporate\n';
    const report = await strata.load({ customers: csv });
    expect(report.rows.customers).toBe(2);
    const names = await strata.engine.query('SELECT name FROM customers ORDER BY customer_id');
    expect(names.toArray().map((r) => r.name)).toEqual(['Lee, "Jr"', 'two\nlines']);
  });

  it('CSV with ; and tab delimiters, detected', async () => {
    for (const delimiter of [';', '\t']) {
      const csv = customersCsv.replaceAll(',', delimiter);
      const report = await strata.load({ customers: csv });
      expect(report.rows.customers).toBe(2);
    }
  });

  it('UTF-8 bytes with a BOM, and Chinese headers recognised without a mapping', async () => {
    const csv = '\uFEFF客户号,客户名称,客户类型,日均存款\nX1,张三,零售,"1,234.50"\nX2,北方公司,对公,2000\n';
    const report = await strata.load({ customers: new TextEncoder().encode(csv) });
    expect(report.rows.customers).toBe(2);
    const rows = await strata.engine.query('SELECT customer_id, name, kind, deposits_avg FROM customers ORDER BY 1');
    expect(rows.toArray().map((r) => r.toJSON())).toEqual([
      { customer_id: 'X1', name: '张三', kind: 'retail', deposits_avg: 1234.5 },
      { customer_id: 'X2', name: '北方公司', kind: 'corporate', deposits_avg: 2000 },
    ]);
  });

  it('GBK bytes, as bank core systems and Excel export them', async () => {
    // "客户号,姓名,客户类型\nG1,张三,零售\n" in GBK, byte by byte.
    const gbk = new Uint8Array([
      0xbf, 0xcd, 0xbb, 0xa7, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xbf, 0xcd, 0xbb, 0xa7, 0xc0, 0xe0, 0xd0, 0xcd, 0x0a,
      0x47, 0x31, 0x2c, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0xc1, 0xe3, 0xca, 0xdb, 0x0a,
    ]);
    expect(new TextDecoder('gbk').decode(gbk)).toBe('客户号,姓名,客户类型\nG1,张三,零售\n');
    await strata.load({ customers: new Blob([gbk]) });
    const rows = await strata.engine.query('SELECT customer_id, name, kind FROM customers');
    expect(rows.toArray().map((r) => r.toJSON())).toEqual([{ customer_id: 'G1', name: '张三', kind: 'retail' }]);
  });

  it('Parquet bytes (read offline by parquet-wasm), typed columns kept', async () => {
    const table = tableFromArrays({
      customer_id: ['P1', 'P2', 'P3'],
      kind: ['retail', 'retail', 'corporate'],
      deposits_avg: Float64Array.from([1.5, 2.5, 3]),
      products_held: Int32Array.from([1, 2, 3]),
    });
    const report = await strata.load({ customers: parquetBytes(table) });
    expect(report.rows.customers).toBe(3);
    const [row] = (await strata.engine.query('SELECT sum(deposits_avg) AS d, sum(products_held)::DOUBLE AS p FROM customers')).toArray();
    expect(row.toJSON()).toEqual({ d: 7, p: 6 });
  });

  it('Arrow IPC bytes, an Arrow table, an array of objects', async () => {
    const table = tableFromArrays({ customer_id: ['A1', 'A2'], kind: ['retail', 'corporate'] });
    expect((await strata.load({ customers: tableToIPC(table, 'stream') })).rows.customers).toBe(2);
    expect((await strata.load({ customers: tableToIPC(table, 'file') })).rows.customers).toBe(2);
    expect((await strata.load({ customers: table })).rows.customers).toBe(2);
    expect((await strata.load({ customers: [{ customer_id: 'O1', kind: 'retail', deposits_avg: 5 }] })).rows.customers).toBe(1);
  });

  it('JSON: an array of objects, and one object per line', async () => {
    const array = JSON.stringify([{ customer_id: 'J1', kind: 'retail', open_date: 20240131 }]);
    await strata.load({ customers: { data: new TextEncoder().encode(array), format: 'json' } });
    const [row] = (await strata.engine.query(`SELECT strftime(open_date, '%Y-%m-%d') AS d FROM customers`)).toArray();
    expect(row.d).toBe('2024-01-31');
    const lines = '{"customer_id":"J1","kind":"retail"}\n{"customer_id":"J2","kind":"对公"}\n';
    expect((await strata.load({ customers: { data: lines, format: 'json' } })).rows.customers).toBe(2);
  });

  it('a URL the user gives (and only that URL)', async () => {
    const server: Server = createServer((req, res) => {
      if (req.url === '/customers.csv') res.end(customersCsv);
      else res.writeHead(404).end('missing');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await strata.load({ customers: new URL('/customers.csv', base) })).rows.customers).toBe(2);
      expect((await strata.load({ customers: `${base}/customers.csv` })).rows.customers).toBe(2);
      const error = await expectLoadError(strata.load({ customers: `${base}/nope.csv` }));
      expect(error.problems[0]).toEqual(problem({ table: 'customers', got: 'HTTP 404 Not Found' }));
    } finally {
      server.close();
    }
  });
});

describe('mapping and conversion', () => {
  beforeEach(async () => {
    await strata.load(noLoans, { replace: 'all' });
  });

  it('renames columns, converts 万元 and thousands separators, three date formats, labels and codes', async () => {
    const csv = [
      '数据日期,借据,客户,品种,余额（万元）,分类',
      '2024/1/31,N1,C1,按揭,"1,200.5",正常',
      '20240131,N2,C2,消费贷,3,关注',
      '2024-01-31,N3,C3,经营贷,0.5,3',
      '2024-01-31,N4,C4,信用卡,1,损失',
    ].join('\n');
    await strata.load(
      { loans: csv },
      { mapping: { loans: { columns: { loan_id: '借据', customer_id: '客户', product: '品种', balance: '余额（万元）', classification: '分类' }, units: { balance: 'wan' } } } },
    );
    const rows = await strata.engine.query(`SELECT strftime(as_of, '%Y-%m-%d') AS as_of, loan_id, product, balance, classification FROM loans ORDER BY loan_id`);
    expect(rows.toArray().map((r) => r.toJSON())).toEqual([
      { as_of: '2024-01-31', loan_id: 'N1', product: 'mortgage', balance: 12_005_000, classification: 'pass' },
      { as_of: '2024-01-31', loan_id: 'N2', product: 'consumer', balance: 30_000, classification: 'special_mention' },
      { as_of: '2024-01-31', loan_id: 'N3', product: 'business', balance: 5_000, classification: 'substandard' },
      { as_of: '2024-01-31', loan_id: 'N4', product: 'credit_card', balance: 10_000, classification: 'loss' },
    ]);
  });

  it('derives the five categories from days past due when no classification is given (cards on their own scale)', async () => {
    const dpds = [0, 1, 90, 91, 120, 121, 180, 181, 270, 271, 360, 361];
    const rows = dpds.flatMap((dpd, i) => [
      { as_of: '2024-12-31', loan_id: `R${i}`, customer_id: 'C1', product: 'consumer', balance: 1, dpd },
      { as_of: '2024-12-31', loan_id: `K${i}`, customer_id: 'C1', product: 'credit_card', balance: 1, dpd },
    ]);
    await strata.load({ loans: rows });
    const result = await strata.engine.query(`SELECT loan_id, classification FROM loans`);
    const cls = Object.fromEntries(result.toArray().map((r) => [r.loan_id, r.classification]));
    const floors = (dpd: number, card: boolean) => {
      const [sm, sub, dbt] = card ? [90, 120, 180] : [90, 270, 360];
      return dpd <= 0 ? 'pass' : dpd <= sm ? 'special_mention' : dpd <= sub ? 'substandard' : dpd <= dbt ? 'doubtful' : 'loss';
    };
    dpds.forEach((dpd, i) => {
      expect(cls[`R${i}`], `retail dpd ${dpd}`).toBe(floors(dpd, false));
      expect(cls[`K${i}`], `card dpd ${dpd}`).toBe(floors(dpd, true));
    });
  });

  it('pipeline stage labels (已批待放), values recoding, constants and $row ids', async () => {
    const csv = '阶段,金额,结果\n已批待放,"50,000",A\n已放款,1000,B\n跟进中,2,A\n';
    await strata.load(
      { pipeline: csv },
      {
        mapping: {
          pipeline: {
            columns: { lead_id: '$row', stage: '阶段', amount: '金额', channel: '结果' },
            values: { channel: { A: 'phone', B: 'referral' } },
            constants: { created_at: '2024-10-01', campaign_id: 'K1' },
          },
        },
      },
    );
    const rows = await strata.engine.query(`SELECT lead_id, stage, amount, channel, campaign_id FROM pipeline ORDER BY lead_id`);
    expect(rows.toArray().map((r) => r.toJSON())).toEqual([
      { lead_id: '2', stage: 'approved', amount: 50_000, channel: 'phone', campaign_id: 'K1' },
      { lead_id: '3', stage: 'disbursed', amount: 1000, channel: 'referral', campaign_id: 'K1' },
      { lead_id: '4', stage: 'follow_up', amount: 2, channel: 'phone', campaign_id: 'K1' },
    ]);
  });

  it('unpivots a wide file into one row per month end', async () => {
    const csv = 'id,bal_nov,bal_dec,dpd_nov,dpd_dec\nW1,100,90,0,30\nW2,-5,50,0,0\n';
    await strata.load(
      { loans: csv },
      {
        orphans: 'warning',
        mapping: {
          loans: {
            columns: { loan_id: 'id', customer_id: 'id' },
            constants: { product: 'credit_card' },
            negativeToZero: ['balance'],
            unpivot: { column: 'as_of', groups: { '2024-11-30': { balance: 'bal_nov', dpd: 'dpd_nov' }, '2024-12-31': { balance: 'bal_dec', dpd: 'dpd_dec' } } },
          },
        },
      },
    );
    const rows = await strata.engine.query(`SELECT strftime(as_of, '%Y-%m-%d') AS m, loan_id, balance, classification FROM loans ORDER BY 2, 1`);
    expect(rows.toArray().map((r) => r.toJSON())).toEqual([
      { m: '2024-11-30', loan_id: 'W1', balance: 100, classification: 'pass' },
      { m: '2024-12-31', loan_id: 'W1', balance: 90, classification: 'special_mention' },
      { m: '2024-11-30', loan_id: 'W2', balance: 0, classification: 'pass' },
      { m: '2024-12-31', loan_id: 'W2', balance: 50, classification: 'pass' },
    ]);
  });

  it('reports the columns it left out, and loads several tables in one call', async () => {
    const report = await strata.load({ branches: smallBank.branches, customers: customersCsv.replace('deposits_avg', 'deposits_avg,extra').replace(/\n(X\d.*)/g, '\n$1,z') });
    expect(report.rows).toEqual({ branches: 3, customers: 2 });
    expect(report.ignoredColumns.customers).toEqual(['extra']);
  });
});

describe("a bank's own export, with no mapping", () => {
  // 客户名称 has no field in loans; 贷款余额 is in 万元; products and classes are Chinese labels.
  const csv = [
    '数据日期,借据号,客户号,客户名称,机构,产品,贷款余额(万元),五级分类,放款日期,到期日',
    '2024-12-31,JJ1,KH1,张三,城东支行,个人住房按揭贷款,120,正常类,2020/1/5,20400105',
    '2024-12-31,JJ2,KH2,李四,城东支行,个人消费贷款,30,次级类,2023-03-01,2026-03-01',
    '2024-12-31,JJ3,KH3,王五,城西支行,个人经营性贷款,50,关注类,20220820,20250820',
    '2024-12-31,JJ4,KH4,赵六,城西支行,信用卡,2.5,损失类,2024-01-01,2027-01-01',
    '2024-12-31,JJ5,KH5,钱七,城西支行,个人经营贷款,47.5,可疑,2022-01-01,2027-01-01',
    '2024-12-31,JJ6,KH6,孙八,城西支行,个人住房贷款,100,正常,2019-06-15,2039-06-15',
  ].join('\n');

  it('loads with one warning (no customer file), 客户名称 ignored, and NPL by branch as added up by hand', async () => {
    const report = await strata.load({ loans: csv }, { replace: 'all' });
    expect(report.rows).toEqual({ loans: 6 });
    expect(report.ignoredColumns).toEqual({ loans: ['客户名称'] });
    expect(report.columns.loans).toEqual({
      as_of: '数据日期',
      loan_id: '借据号',
      customer_id: '客户号',
      branch_id: '机构',
      product: '产品',
      balance: '贷款余额(万元)',
      classification: '五级分类',
      origination_date: '放款日期',
      maturity_date: '到期日',
    });
    expect(report.units).toEqual([{ table: 'loans', field: 'balance', source: '贷款余额(万元)', unit: 'wan', from: 'header' }]);
    expect(report.warnings.map((w) => [w.kind, w.table, w.field])).toEqual([['missing_table', 'loans', 'customer_id']]);
    const loans = await strata.engine.query(`SELECT loan_id, product, classification, strftime(origination_date, '%Y-%m-%d') AS o FROM loans ORDER BY loan_id`);
    expect(loans.toArray().map((r) => Object.values(r.toJSON()))).toEqual([
      ['JJ1', 'mortgage', 'pass', '2020-01-05'],
      ['JJ2', 'consumer', 'substandard', '2023-03-01'],
      ['JJ3', 'business', 'special_mention', '2022-08-20'],
      ['JJ4', 'credit_card', 'loss', '2024-01-01'],
      ['JJ5', 'business', 'doubtful', '2022-01-01'],
      ['JJ6', 'mortgage', 'pass', '2019-06-15'],
    ]);
    // 城东: 120 + 30 = 150万, NPL 30万 (次级); 城西: 50 + 2.5 + 47.5 + 100 = 200万, NPL 2.5 + 47.5 = 50万, 关注 50万.
    const npl = await strata.npl({ by: 'branch' });
    expect(Object.fromEntries(npl.map((r) => [r.key, [r.balance, r.npl_balance, r.npl_ratio, r.special_mention_balance, r.loans, r.npl_loans]]))).toEqual({
      城东支行: [1_500_000, 300_000, 0.2, 0, 2, 1],
      城西支行: [2_000_000, 500_000, 0.25, 500_000, 4, 2],
    });
  });

  it('the same export in GBK bytes as a core system writes it', async () => {
    const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(`../../${BANK_EXPORT_FILE}`, import.meta.url))));
    const report = await strata.load({ loans: bytes }, { replace: 'all' });
    expect(report.files).toEqual({ loans: { format: 'csv', encoding: 'gb18030' } });
    expect(report.ignoredColumns).toEqual({ loans: ['客户名称'] });
    const npl = await strata.npl({ by: 'branch' });
    expect(Object.fromEntries(npl.map((r) => [r.key, { balance: r.balance, npl_balance: r.npl_balance, special_mention_balance: r.special_mention_balance, loans: r.loans, npl_loans: r.npl_loans }]))).toEqual(
      NPL_BY_BRANCH_DECEMBER,
    );
  });

  it('other headers banks use for the same fields', async () => {
    const other = [
      '统计日期,借据编号,客户编号,机构号,贷款品种,余额,风险分类,发放日期,到期日期,合同金额',
      '2024-12-31,A1,C1,B1,个人消费贷款,100,关注,2024-01-01,2026-01-01,200',
    ].join('\n');
    const report = await strata.load({ loans: other }, { replace: 'all' });
    expect(report.columns.loans).toEqual({
      as_of: '统计日期',
      loan_id: '借据编号',
      customer_id: '客户编号',
      branch_id: '机构号',
      product: '贷款品种',
      balance: '余额',
      classification: '风险分类',
      origination_date: '发放日期',
      maturity_date: '到期日期',
      original_amount: '合同金额',
    });
    const more = '数据日期,贷款账号,客户号,网点号,网点,产品名称,贷款余额,五级分类,贷款金额\n2024-12-31,A1,C1,N1,城北网点,信用卡,1,正常,2\n';
    const second = await strata.load({ loans: more }, { replace: 'all' });
    // 网点号 is the branch's number; 网点 (its name) is then left out.
    expect(second.columns.loans).toMatchObject({ loan_id: '贷款账号', branch_id: '网点号', product: '产品名称', original_amount: '贷款金额' });
    expect(second.ignoredColumns).toEqual({ loans: ['网点'] });
    await strata.load(noLoans, { replace: 'all' });
  });

  it('guessTable: the table a file\'s headers fit best', () => {
    expect(guessTable(BANK_EXPORT_HEADER)).toBe('loans');
    expect(guessTable(['客户号', '客户名称', '客户类型', '日均存款'])).toBe('customers');
    expect(guessTable(['线索号', '阶段', '金额_万元', '客户号'])).toBe('pipeline');
    expect(guessTable(['机构号', '机构名称', '机构层级'])).toBe('branches');
    expect(guessTable(['campaign_id', 'scope', 'scope_id', 'metric', 'target'])).toBe('targets');
    expect(guessTable(['名称'])).toBeUndefined();
    expect(guessTable(['foo', 'bar'])).toBeUndefined();
    expect(guessTable([])).toBeUndefined();
  });
});

describe('bad input: a precise LoadError and nothing lost', () => {
  beforeAll(async () => {
    await strata.load(noLoans, { replace: 'all' });
  });

  it('a missing required column', async () => {
    const error = await expectLoadError(strata.load({ customers: 'customer_id,name\nX1,甲\n' }));
    expect(error.problems).toEqual([problem({ table: 'customers', row: null, column: 'kind' })]);
    expect(error.message).toContain('kind');
  });

  it('a value that is not a number, with its row (header = row 1) and column', async () => {
    const error = await expectLoadError(strata.load({ customers: customersCsv + 'X3,丙,retail,B1,abc\n' }));
    expect(error.problems).toEqual([problem({ table: 'customers', row: 4, column: 'deposits_avg', expected: 'an amount in yuan (e.g. 1,234.56)', got: 'abc' })]);
    expect(error.total).toBe(1);
  });

  it('a date it cannot read, and one out of range', async () => {
    const csv = 'customer_id,kind,open_date\nX1,retail,2024-13-45\nX2,retail,1800-01-01\n';
    const error = await expectLoadError(strata.load({ customers: csv }));
    expect(error.problems).toEqual([
      problem({ row: 2, column: 'open_date', got: '2024-13-45' }),
      problem({ row: 3, column: 'open_date', expected: 'a date between 1900-01-01 and 2100-12-31', got: '1800-01-01' }),
    ]);
  });

  it('an unknown code names the codes it accepts', async () => {
    const error = await expectLoadError(strata.load({ customers: 'customer_id,kind\nX1,private\n' }));
    expect(error.problems[0]).toEqual(problem({ row: 2, column: 'kind', got: 'private' }));
    expect(error.problems[0]!.expected).toContain('retail, corporate');
  });

  it('a negative balance', async () => {
    const loans = [{ ...smallBank.loans[0]!, loan_id: 'NEG', balance: -1 }];
    const error = await expectLoadError(strata.load({ loans }));
    expect(error.problems).toEqual([problem({ table: 'loans', row: 1, column: 'balance', expected: 'a value of 0 or more', got: '-1' })]);
  });

  it('an amount beyond the range money is kept in (10^14 yuan either way)', async () => {
    const loans = [
      { ...smallBank.loans[0]!, loan_id: 'BIG', balance: 1e14 },
      { ...smallBank.loans[0]!, loan_id: 'JUST', balance: 99_999_999_999_999.98 },
    ];
    const error = await expectLoadError(strata.load({ loans }));
    expect(error.problems).toEqual([
      problem({ table: 'loans', row: 1, column: 'balance', expected: 'an amount below 100 trillion yuan (10^14)', got: '100000000000000' }),
    ]);
    const customers = 'customer_id,kind,branch_id,contribution\nX1,retail,B1,-200000000000000\n';
    const negative = await expectLoadError(strata.load({ customers }));
    expect(negative.problems).toEqual([problem({ row: 2, column: 'contribution', expected: 'an amount below 100 trillion yuan (10^14)', got: '-200000000000000' })]);
  });

  it('a duplicate key names both rows', async () => {
    const error = await expectLoadError(strata.load({ customers: customersCsv + 'X1,again,retail,B1,1\n' }));
    expect(error.problems).toEqual([problem({ row: 4, column: 'customer_id', expected: 'a unique customer_id', got: 'X1 (also in row 2)' })]);
  });

  it('a required value left blank', async () => {
    const error = await expectLoadError(strata.load({ customers: 'customer_id,kind\n,retail\n' }));
    expect(error.problems).toEqual([problem({ row: 2, column: 'customer_id', expected: 'a value (customer_id is required)', got: null })]);
  });

  it('an orphan reference: an error by default, a warning when asked', async () => {
    const loans = [{ ...smallBank.loans[0]!, loan_id: 'ORPHAN', customer_id: 'NOBODY' }];
    const error = await expectLoadError(strata.load({ loans }));
    expect(error.problems).toEqual([problem({ table: 'loans', row: 1, column: 'customer_id', expected: 'a customer_id that exists in customers', got: 'NOBODY' })]);
    const report = await strata.load({ loans }, { orphans: 'warning' });
    expect(report.warnings).toEqual([expect.objectContaining({ table: 'loans', column: 'customer_id', got: 'NOBODY', count: 1 })]);
    await strata.load(noLoans, { replace: 'all' });
  });

  it('references are checked against tables loaded in the same call', async () => {
    const customers = smallBank.customers.filter((c) => c.customer_id !== 'C7');
    const error = await expectLoadError(strata.load({ customers, loans: smallBank.loans }));
    expect(error.problems).toEqual([problem({ table: 'loans', row: 12, column: 'customer_id', got: 'C7' })]);
  });

  it('a malformed CSV row', async () => {
    const error = await expectLoadError(strata.load({ customers: 'customer_id,kind\nX1,retail\nX2,retail,extra,fields\n' }));
    expect(error.problems).toEqual([problem({ table: 'customers', row: 3, column: null, expected: '2 fields, as in the header', got: 'more fields: X2,retail,extra,fields' })]);
  });

  it('an empty file, a mapping to a missing column, an unknown table', async () => {
    let error = await expectLoadError(strata.load({ customers: new Uint8Array() }));
    expect(error.problems[0]).toEqual(problem({ expected: 'a non-empty file', got: 'an empty file' }));
    error = await expectLoadError(strata.load({ customers: customersCsv }, { mapping: { customers: { columns: { deposits_avg: '日均' } } } }));
    expect(error.problems[0]).toEqual(problem({ column: '日均', expected: 'a column named "日均" in the file (mapped to deposits_avg)' }));
    error = await expectLoadError(strata.load({ accounts: customersCsv } as never));
    expect(error.problems[0]).toEqual(problem({ got: 'accounts' }));
  });

  it('one bad table stops the whole load: the good tables in the same call are not applied either', async () => {
    const error = await expectLoadError(strata.load({ branches: [...branches, { branch_id: 'Z', name: 'Z', parent_id: 'H', level: 'outlet', grid: null }], customers: 'customer_id,kind\nX1,bogus\n' }));
    expect(error.problems.map((p) => p.table)).toEqual(['customers']);
  });

  it('problems are capped at 100, in row order, with the total counted', async () => {
    const lines = Array.from({ length: 250 }, (_, i) => `X${i},nope`);
    const error = await expectLoadError(strata.load({ customers: ['customer_id,kind', ...lines].join('\n') }));
    expect(error.problems.length).toBe(100);
    expect(error.total).toBe(250);
    expect(error.problems.map((p) => p.row)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(error.message).toContain('250 problems');
  });
});
