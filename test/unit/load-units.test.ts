/**
 * How amounts are read (issue 11, items 1 and 6): units as a mapping spells them and as headers
 * carry them, what the report says was applied where, the warning when a column's magnitudes do
 * not fit its unit, and numbers read strictly (thousands separators, decimal commas). Every
 * expected figure is worked out by hand in the test.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoadError, Strata, type LoadReport } from '@strata/sdk/node';
import { smallBank } from '../fixtures/small.ts';

let strata: Strata;
const { branches, managers, customers, campaigns } = smallBank;

beforeAll(async () => {
  strata = await Strata.open();
  await strata.load({ branches, managers, customers, campaigns }, { replace: 'all' });
});
afterAll(async () => {
  await strata.close();
});

/** A month of loans of customer C1, with the given money columns. */
function loansCsv(header: string, rows: readonly string[]): string {
  return ['as_of,loan_id,customer_id,product,classification,' + header, ...rows.map((r, i) => `2024-12-31,U${i},C1,consumer,pass,${r}`)].join('\n');
}

async function loanSums(): Promise<{ balance: number; original: number | null }> {
  const [row] = (await strata.engine.query('SELECT sum(balance) AS balance, sum(original_amount) AS original FROM loans')).toArray();
  return row.toJSON() as { balance: number; original: number | null };
}

async function rejection(attempt: Promise<unknown>): Promise<LoadError> {
  const error = await attempt.then(
    () => new Error('expected a LoadError'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoadError);
  return error as LoadError;
}

describe('units in a mapping', () => {
  it('"units": { "balance": "万元" } as a bank writes it loads in 万元 (it crashed with an internal error)', async () => {
    const report = await strata.load({ loans: loansCsv('balance', ['1.5', '2']) }, { mapping: { loans: { units: { balance: '万元' } } } });
    // (1.5 + 2) 万元 = 35,000 yuan
    expect(await loanSums()).toEqual({ balance: 35_000, original: null });
    expect(report.units).toEqual([{ table: 'loans', field: 'balance', source: 'balance', unit: 'wan', from: 'mapping' }]);
  });

  // The accepted spellings, written out here, with the brackets and spaces a person types around them.
  const SPELLINGS = { yuan: ['元', 'yuan'], wan: ['万', '万元', 'wan'], yi: ['亿', '亿元', 'yi'] } as const;
  // (1.5 + 2) in each unit, in yuan.
  const SUMS = { yuan: 3.5, wan: 35_000, yi: 350_000_000 } as const;
  const decorated = fc
    .tuple(
      fc.constantFrom(...(Object.keys(SPELLINGS) as (keyof typeof SPELLINGS)[])),
      fc.nat(),
      fc.constantFrom(['', ''], ['(', ')'], ['（', '）'], ['(', '）']),
      fc.constantFrom('', ' ', '  ', '\u3000'),
      fc.constantFrom('', ' ', '\u3000'),
    )
    .map(([unit, pick, [open, close], outer, inner]) => {
      const names = SPELLINGS[unit];
      return { unit, spelling: `${outer}${open}${inner}${names[pick % names.length]}${inner}${close}${outer}` };
    });

  it('every accepted spelling of a unit gives the same sums', async () => {
    await fc.assert(
      fc.asyncProperty(decorated, async ({ unit, spelling }) => {
        await strata.load({ loans: loansCsv('balance', ['1.5', '2']) }, { mapping: { loans: { units: { balance: spelling } } } });
        expect((await loanSums()).balance).toBe(SUMS[unit]);
      }),
      { numRuns: 16, examples: [[{ unit: 'wan', spelling: '（万元）' }], [{ unit: 'yi', spelling: ' 亿元 ' }], [{ unit: 'yuan', spelling: '(元)' }]] },
    );
  });

  /** Whether a string is one of the spellings above once brackets and spaces are dropped. */
  const accepted = (s: string) =>
    Object.values(SPELLINGS)
      .flat()
      .includes(s.replace(/[\s\u3000()（）[\]【】]/g, '').toLowerCase() as never);

  it('every other string is a LoadError naming the table, the mapping key, the unit given and the accepted spellings', async () => {
    const before = await loanSums();
    const other = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('万万', '千元', 'wan yuan', 'CNY', '10k', '美元', '', '(', '万元)元'));
    await fc.assert(
      fc.asyncProperty(
        other.filter((s) => !accepted(s)),
        async (unit) => {
          const error = await rejection(strata.load({ loans: loansCsv('balance', ['1']) }, { mapping: { loans: { units: { balance: unit } } } }));
          expect(error.problems).toEqual([
            { kind: 'mapping', table: 'loans', row: null, column: 'loans.units.balance', field: 'balance', expected: 'a unit: 元/yuan, 万/万元/wan, 亿/亿元/yi', got: unit },
          ]);
        },
      ),
      { numRuns: 200 },
    );
    expect(await loanSums()).toEqual(before);
  });

  it('a unit that is no text, on a field that is no amount, on an unknown field: every one named', async () => {
    const error = await rejection(
      strata.load({ loans: loansCsv('balance,dpd', ['1,0']) }, { mapping: { loans: { units: { balance: 10_000 as never, dpd: '万元', nope: '万元' } } } }),
    );
    expect(error.total).toBe(3);
    expect(error.problems).toEqual([
      expect.objectContaining({ kind: 'mapping', table: 'loans', column: 'loans.units.balance', got: '10000', expected: 'a unit: 元/yuan, 万/万元/wan, 亿/亿元/yi' }),
      expect.objectContaining({ kind: 'mapping', table: 'loans', column: 'loans.units.dpd', field: 'dpd', got: 'dpd', expected: 'a money field of loans (balance, original_amount): dpd is no amount' }),
      expect.objectContaining({ kind: 'mapping', table: 'loans', column: 'loans.units.nope', field: null, got: 'nope' }),
    ]);
  });
});

describe('units carried by headers', () => {
  it('贷款余额(万元) and 合同金额(亿元): the columns map by their names, the units apply', async () => {
    const csv = ['数据日期,借据号,客户号,产品,五级分类,贷款余额(万元),合同金额(亿元)', '2024-12-31,J1,C1,个人消费贷款,正常,12.5,0.5', '2024-12-31,J2,C1,个人消费贷款,正常,7.5,0.25'].join('\n');
    const report = await strata.load({ loans: csv });
    // (12.5 + 7.5) 万元 = 200,000 yuan; (0.5 + 0.25) 亿元 = 75,000,000 yuan
    expect(await loanSums()).toEqual({ balance: 200_000, original: 75_000_000 });
    expect(report.units).toEqual([
      { table: 'loans', field: 'balance', source: '贷款余额(万元)', unit: 'wan', from: 'header' },
      { table: 'loans', field: 'original_amount', source: '合同金额(亿元)', unit: 'yi', from: 'header' },
    ]);
  });

  it('full-width brackets, English, a unit after an underscore, and 元 said outright', async () => {
    const cases: [header: string, value: string, yuan: number, unit: 'yuan' | 'wan' | 'yi'][] = [
      ['余额（万元）', '3', 30_000, 'wan'],
      ['Balance (10k CNY)', '3', 30_000, 'wan'],
      ['balance_万元', '3', 30_000, 'wan'],
      ['贷款余额 (单位：万元)', '3', 30_000, 'wan'],
      ['余额(元)', '3000', 3_000, 'yuan'],
      ['贷款余额(亿元)', '0.03', 3_000_000, 'yi'],
    ];
    for (const [header, value, yuan, unit] of cases) {
      const report = await strata.load({ loans: loansCsv(header, [value]) });
      expect((await loanSums()).balance, header).toBe(yuan);
      expect(report.units, header).toEqual([{ table: 'loans', field: 'balance', source: header, unit, from: 'header' }]);
    }
  });

  it('金额_万元 on a lead is its amount in 万元', async () => {
    const csv = '线索号,阶段,创建日期,金额_万元\nP1,已放款,2024-10-01,3\n';
    const report = await strata.load({ pipeline: csv });
    const [row] = (await strata.engine.query('SELECT amount FROM pipeline')).toArray();
    expect(row.amount).toBe(30_000);
    expect(report.units).toEqual([{ table: 'pipeline', field: 'amount', source: '金额_万元', unit: 'wan', from: 'header' }]);
  });

  it("a unit in the mapping wins over the header's; a column mapped by name keeps its header's unit", async () => {
    let report = await strata.load({ loans: loansCsv('贷款余额(万元)', ['3']) }, { mapping: { loans: { units: { balance: '元' } } } });
    expect((await loanSums()).balance).toBe(3);
    expect(report.units).toEqual([{ table: 'loans', field: 'balance', source: '贷款余额(万元)', unit: 'yuan', from: 'mapping' }]);
    report = await strata.load({ loans: loansCsv('余额A(万元)', ['3']) }, { mapping: { loans: { columns: { balance: '余额A(万元)' } } } });
    expect((await loanSums()).balance).toBe(30_000);
    expect(report.units).toEqual([{ table: 'loans', field: 'balance', source: '余额A(万元)', unit: 'wan', from: 'header' }]);
  });

  it('the report lists every money field loaded with its unit, and every column ignored', async () => {
    const report: LoadReport = await strata.load({ loans: loansCsv('贷款余额(万元),original_amount,备注,客户名称', ['1,2,x,张三']) });
    expect(report.units).toEqual([
      { table: 'loans', field: 'balance', source: '贷款余额(万元)', unit: 'wan', from: 'header' },
      { table: 'loans', field: 'original_amount', source: 'original_amount', unit: 'yuan', from: 'default' },
    ]);
    expect(report.ignoredColumns).toEqual({ loans: ['备注', '客户名称'] });
    expect(await loanSums()).toEqual({ balance: 10_000, original: 2 });
  });

  it('unpivoted columns whose headers disagree on the unit are a LoadError unless the mapping says', async () => {
    const csv = 'id,bal_nov(万元),bal_dec(元)\nW1,1,20000\n';
    const unpivot = { column: 'as_of', groups: { '2024-11-30': { balance: 'bal_nov(万元)' }, '2024-12-31': { balance: 'bal_dec(元)' } } };
    const mapping = { loans: { columns: { loan_id: 'id' }, constants: { customer_id: 'C1', product: 'consumer', classification: 'pass' }, unpivot } };
    const error = await rejection(strata.load({ loans: csv }, { mapping }));
    expect(error.problems).toEqual([
      expect.objectContaining({ kind: 'mapping', column: 'loans.units.balance', got: 'bal_nov(万元) (万元), bal_dec(元) (元)' }),
    ]);
    await strata.load({ loans: csv }, { mapping: { loans: { ...mapping.loans, units: { balance: '元' } } } });
    expect((await loanSums()).balance).toBe(20_001);
  });
});

describe('magnitudes that do not fit the unit', () => {
  it('loan balances in 万元 read as yuan: a warning stating the median and the likely unit', async () => {
    const report = await strata.load({ loans: loansCsv('balance', ['12', '35.5', '120.25']) });
    // Median of 12, 35.5 and 120.25 yuan is 35.5 yuan: below 1,000 yuan, and 355,000 yuan as 万元.
    expect(report.warnings).toEqual([
      {
        kind: 'unit',
        table: 'loans',
        row: null,
        column: 'balance',
        field: 'balance',
        expected: 'a median balance between 1,000 yuan and 1亿 yuan (card balances run to thousands of yuan, mortgages to hundreds of thousands, corporate loans to millions)',
        got: 'median 35.5 yuan over 3 positive values: likely written in 万元 (wan) but read as 元 (yuan): set units.balance to 万元 or put (万元) in the header',
        count: 3,
      },
    ]);
  });

  it('amounts in yuan said to be 万元: the median in 亿 and yuan as the likely unit', async () => {
    const report = await strata.load({ loans: loansCsv('余额(万元)', ['500000', '1000000', '2000000']) });
    // Median 1,000,000 万元 = 100亿 yuan; as yuan it would be 1,000,000 (plausible).
    expect(report.warnings).toEqual([
      expect.objectContaining({ kind: 'unit', table: 'loans', field: 'balance', column: '余额(万元)', got: expect.stringMatching(/^median 100亿 yuan over 3 positive values: likely written in 元 \(yuan\) but read as 万元 \(wan\)/) }),
    ]);
  });

  it('deposits in 万元 read as yuan, on customers', async () => {
    const csv = 'customer_id,kind,deposits_avg\nD1,retail,3\nD2,retail,5\nD3,retail,8\nD4,retail,0\n';
    const report = await strata.load({ customers: csv }, { replace: 'all' });
    // Positive deposits 3, 5, 8: median 5 yuan (below 10); as 万元, 50,000 yuan.
    expect(report.warnings).toEqual([
      expect.objectContaining({ kind: 'unit', table: 'customers', field: 'deposits_avg', count: 3, got: expect.stringMatching(/^median 5 yuan over 3 positive values: likely written in 万元/) }),
    ]);
    await strata.load({ branches, managers, customers, campaigns }, { replace: 'all' });
  });

  it('plausible amounts and constants the user typed get no warning', async () => {
    expect((await strata.load({ loans: loansCsv('balance', ['500', '80000', '1200000']) })).warnings).toEqual([]);
    const report = await strata.load({ loans: 'id\nA\nB\n' }, { mapping: { loans: { columns: { loan_id: 'id' }, constants: { as_of: '2024-12-31', customer_id: 'C1', product: 'consumer', classification: 'pass', balance: 1 } } } });
    expect(report.warnings).toEqual([]);
    expect(report.units).toEqual([{ table: 'loans', field: 'balance', source: '1 (constant)', unit: 'yuan', from: 'default' }]);
  });
});

describe('numbers read strictly', () => {
  beforeEach(async () => {
    await strata.load({ branches, managers, customers, campaigns }, { replace: 'all' });
  });

  /** Loads customers X1, X2 … with these deposits; the deposits back in order. */
  async function deposits(values: readonly string[], options: Parameters<Strata['load']>[1] = {}) {
    const csv = ['customer_id,kind,deposits_avg', ...values.map((v, i) => `X${i + 1},retail,"${v}"`)].join('\n');
    await strata.load({ customers: csv }, options);
    const rows = await strata.engine.query('SELECT deposits_avg FROM customers ORDER BY customer_id');
    return rows.toArray().map((r) => r.deposits_avg as number);
  }

  it('thousands separators where they belong (full-width too), currency signs, 元 and spaces, and Excel\'s 1.5E+06', async () => {
    expect(await deposits(['1,234,567.89', '1，234', '¥1,234.50', '1,234元', ' 12 345 ', '1.5E+06', '.5', '007'])).toEqual([
      1_234_567.89, 1_234, 1_234.5, 1_234, 12_345, 1_500_000, 0.5, 7,
    ]);
  });

  it('12,34 and 1.234,56 are LoadErrors naming row and column (they read as 1234 and 1.23456 before), as are 1_000, nan and inf', async () => {
    const csv = ['customer_id,kind,deposits_avg', ...['12,34', '1.234,56', '1,23,456', '1_000', 'nan', 'inf', '1,234'].map((v, i) => `X${i + 1},retail,"${v}"`)].join('\n');
    const error = await rejection(strata.load({ customers: csv }));
    expect(error.problems).toEqual(
      ['12,34', '1.234,56', '1,23,456', '1_000', 'nan', 'inf'].map((got, i) =>
        expect.objectContaining({ kind: 'value', table: 'customers', row: i + 2, column: 'deposits_avg', expected: 'an amount in yuan (e.g. 1,234.56)', got }),
      ),
    );
  });

  it("decimal: ',' reads 1.234,56 and 1 234,56 as 1234.56; 1,234.56 is then a LoadError", async () => {
    const mapping = { customers: { decimal: ',' as const } };
    expect(await deposits(['1.234,56', '1 234,56', '12,5', '1.234', '2.000.000'], { mapping })).toEqual([1_234.56, 1_234.56, 12.5, 1_234, 2_000_000]);
    const error = await rejection(strata.load({ customers: 'customer_id,kind,deposits_avg\nX1,retail,"1,234.56"\n' }, { mapping }));
    expect(error.problems).toEqual([expect.objectContaining({ row: 2, column: 'deposits_avg', expected: 'an amount in yuan (e.g. 1.234,56)', got: '1,234.56' })]);
  });

  it('whole numbers (days past due) the same way', async () => {
    const csv = 'as_of,loan_id,customer_id,product,balance,dpd\n2024-12-31,D1,C1,consumer,100,"1,000"\n2024-12-31,D2,C1,consumer,100,"12,34"\n';
    const error = await rejection(strata.load({ loans: csv }));
    // The class would come from days past due: unreadable, it is missing too.
    expect(error.problems).toEqual([
      expect.objectContaining({ kind: 'required', row: 3, column: 'classification' }),
      expect.objectContaining({ kind: 'value', row: 3, column: 'dpd', expected: 'a whole number', got: '12,34' }),
    ]);
    await strata.load({ loans: csv.split('\n').slice(0, 2).join('\n') });
    const [row] = (await strata.engine.query('SELECT dpd, classification FROM loans')).toArray();
    expect(row.toJSON()).toEqual({ dpd: 1000, classification: 'loss' });
  });
});
