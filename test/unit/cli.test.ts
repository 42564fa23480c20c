/**
 * The `strata` command as a user runs it: a child process on CSV files written from the small
 * bank, its JSON compared with the same metric through the SDK.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SCHEMA, Strata, TABLE_NAMES, type FilterClause, type TableName } from '@strata/sdk/node';
import { parseFilters } from '../../packages/sdk/src/cli/filters.ts';
import { formatTable } from '../../packages/sdk/src/cli/format.ts';
import { run as runCli } from '../../packages/sdk/src/cli/run.ts';
import { smallBank, smallBankWithFollowUps } from '../fixtures/small.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join('packages', 'sdk', 'bin', 'strata.js');
/** The small bank as CSV files in the repository (the same rows as test/fixtures/small.ts). */
const smallBankFolder = path.join('test', 'fixtures', 'small-bank');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The same command run in this process: for tests of many figures, where a child process each
 * would mostly time duckdb-wasm's start.
 */
async function cliHere(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) });
  return { code, stdout, stderr };
}

const cell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const text = String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

function csv(table: TableName, rows: readonly object[]): string {
  const columns = SCHEMA[table].columns.map((c) => c.name);
  const lines = rows.map((row) => columns.map((c) => cell((row as Record<string, unknown>)[c])).join(','));
  return [columns.join(','), ...lines].join('\n') + '\n';
}

let dir: string;
let strata: Strata;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'strata-cli-'));
  mkdirSync(path.join(dir, 'bank'));
  for (const table of TABLE_NAMES) writeFileSync(path.join(dir, 'bank', `${table}.csv`), csv(table, smallBankWithFollowUps[table]));
  strata = await Strata.open();
  await strata.load(smallBank);
});

afterAll(async () => {
  await strata?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Each run starts duckdb-wasm; on a busy two-core machine several at once take longer than a minute.
describe('strata <metric> --json', { timeout: 120_000 }, () => {
  it('prints the rows the SDK returns on the same data', async () => {
    const bank = path.join(dir, 'bank');
    const [byBranch, november, migration] = await Promise.all([
      cli('npl', '--by', 'branch', '--json', '--data', bank),
      cliHere('npl', '--as-of', '2024-11-30', '--json', '--data', bank),
      cliHere('migration', '--json', '--data', bank),
    ]);
    for (const run of [byBranch, november, migration]) expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(byBranch.stdout)).toEqual([...(await strata.npl({ by: 'branch' }))]);
    expect(JSON.parse(november.stdout)).toEqual([...(await strata.npl({ asOf: '2024-11-30' }))]);
    expect(JSON.parse(migration.stdout)).toEqual([...(await strata.migration())]);
    expect(JSON.parse(byBranch.stdout)).toHaveLength(2);
  });

  it('prints an aligned text table with percentages and thousands separators', async () => {
    const run = await cli('npl', '--data', path.join(dir, 'bank'));
    expect(run.code, run.stderr).toBe(0);
    const [row] = await strata.npl();
    const [header, rule, line] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^key\s+label\s+balance\s+npl_balance/);
    expect(rule).toMatch(/^-+  -+/);
    expect(line).toContain(`${(row!.npl_ratio! * 100).toFixed(2)}%`);
    expect(line).toContain(row!.balance.toLocaleString('en-US'));
    expect(header!.length).toBe(line!.length);
  });
});

describe('typed keys in the text table', () => {
  it('prints a class number, a flag and no value as --filter takes them back, left-aligned as codes', async () => {
    const rows = [
      { key: 1, label: '1', balance: 3_890_000 },
      { key: null, label: null, balance: 50_000 },
    ];
    expect(formatTable(rows).split('\n')).toEqual(['key  label    balance', '---  -----  ---------', '1    1      3,890,000', '-    -         50,000']);
    const flags = formatTable([{ key: true, label: 'true', loans: 1 }, { key: false, label: 'false', loans: 2 }]).split('\n');
    expect(flags.slice(2)).toEqual(['true   true       1', 'false  false      2']);
    // The SDK's own rows by class: the keys are numbers (and the JSON output keeps them so).
    expect((await strata.npl({ by: 'industry_class' })).map((r) => typeof r.key)).toEqual(['number', 'number', 'number']);
  });
});

describe('strata <metric> --filter', { timeout: 120_000 }, () => {
  /** The SDK's rows for the same metric under the same clauses, read one at a time (the filter state is shared). */
  async function sdkUnder<T>(clauses: FilterClause[], read: () => Promise<T>): Promise<T> {
    strata.filters.replace(clauses);
    try {
      return await read();
    } finally {
      strata.filters.clear();
    }
  }
  const clause = (field: FilterClause['field'], values: FilterClause['values'], op: FilterClause['op'] = 'in'): FilterClause => ({
    field,
    op,
    values,
    source: `cli:${field}${op === 'not_in' ? '!' : ''}`,
  });

  it('applies the clause before the metric: the figures are the SDK\'s under the same clause, and the hand-computed ones', async () => {
    const bank = path.join(root, smallBankFolder);
    const [gold, goldOrHighEnd, notGold, classOne, withDisbursedLead] = await Promise.all([
      cliHere('npl', '--json', '--data', bank, '--filter', 'tier=corp_gold'),
      cliHere('npl', '--json', '--data', bank, '--filter', 'tier=corp_gold', '--filter', 'tier=corp_high_end'),
      cliHere('npl', '--json', '--data', bank, '--filter', 'tier!=corp_gold', '--by', 'tier'),
      cliHere('npl', '--json', '--data', bank, '--filter', 'industryClass=1'),
      cliHere('npl', '--json', '--data', bank, '--filter', 'stage=已放款', '--by', 'branch_id'),
    ]);
    for (const run of [gold, goldOrHighEnd, notGold, classOne, withDisbursedLead]) expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });

    // 黄金 is C7 alone (strategic); its one loan at 2024-12-31 is L7: 1,000,000, all in loss.
    expect(JSON.parse(gold.stdout)).toEqual([
      expect.objectContaining({ key: 'all', balance: 1_000_000, npl_balance: 1_000_000, npl_ratio: 1, loans: 1, npl_loans: 1 }),
    ]);
    expect(JSON.parse(gold.stdout)).toEqual([...(await sdkUnder([clause('tier', ['corp_gold'])], () => strata.npl()))]);

    // The same field twice: either value. + C5 (high-end by its 12M deposits): L5 1,900,000 doubtful.
    expect(JSON.parse(goldOrHighEnd.stdout)).toEqual([expect.objectContaining({ balance: 2_900_000, npl_balance: 2_900_000 })]);
    expect(JSON.parse(goldOrHighEnd.stdout)).toEqual([
      ...(await sdkUnder([clause('tier', ['corp_gold', 'corp_high_end'])], () => strata.npl())),
    ]);

    // != leaves C7 out: 4,635,000 − 1,000,000 at 2024-12-31, NPL L3 50,000 + L5 1,900,000.
    const notGoldRows = JSON.parse(notGold.stdout) as { key: string; balance: number; npl_balance: number }[];
    expect(notGoldRows.map((r) => r.key)).not.toContain('corp_gold');
    expect(notGoldRows.reduce((sum, r) => sum + r.balance, 0)).toBe(3_635_000);
    expect(notGoldRows.reduce((sum, r) => sum + r.npl_balance, 0)).toBe(1_950_000);
    expect(notGoldRows).toEqual([...(await sdkUnder([clause('tier', ['corp_gold'], 'not_in')], () => strata.npl({ by: 'tier' })))]);

    // industry_class as a number: C1 (government), C5 (industry_transport), C7 (utilities).
    expect(JSON.parse(classOne.stdout)).toEqual([expect.objectContaining({ balance: 3_890_000, npl_balance: 2_900_000, loans: 3, npl_loans: 2 })]);
    expect(JSON.parse(classOne.stdout)).toEqual([...(await sdkUnder([clause('industry_class', [1])], () => strata.npl()))]);

    // A pipeline field, as a Chinese label, on loans: it reaches them through the customer. C1 (P1)
    // and C3 (P7) have a disbursed lead; their loans are L1 990,000 at 城北支行 and L3 50,000
    // substandard at 城南支行.
    expect(JSON.parse(withDisbursedLead.stdout)).toEqual([
      expect.objectContaining({ key: 'B1', label: '城北支行', balance: 990_000, npl_balance: 0 }),
      expect.objectContaining({ key: 'B2', label: '城南支行', balance: 50_000, npl_balance: 50_000 }),
    ]);
    expect(JSON.parse(withDisbursedLead.stdout)).toEqual([
      ...(await sdkUnder([clause('stage', ['disbursed'])], () => strata.npl({ by: 'branch' }))),
    ]);
  });

  it('names the filter under the text table', async () => {
    // is_payroll as a boolean: C2's L2, 95,000 in special mention; industry_class 2 (commerce) keeps it.
    const run = await cli('npl', '--data', smallBankFolder, '--filter', 'is_payroll=true', '--filter', 'industry_class!=1', '--filter', 'industry_class!=3');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^all\s+all\s+95,000\s+0\s+1\s+0\s+95,000\s/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('Filtered: is_payroll = true; industry_class not in (1, 3)');
  });

  it('types each value by its field: numbers, booleans, dates, codes and the labels a load accepts', () => {
    expect(
      parseFilters(['industryClass=3', 'is_strategic=false', 'as_of=2024-12-31', 'kind=对公', 'stage=已放款', 'branch_id=B1', 'branch=B2', 'tier!=corp_gold']),
    ).toEqual([
      clause('industry_class', [3]),
      clause('is_strategic', [false]),
      clause('as_of', ['2024-12-31']),
      clause('kind', ['corporate']),
      clause('stage', ['disbursed']),
      clause('branch', ['B1', 'B2']),
      clause('tier', ['corp_gold'], 'not_in'),
    ]);
    // A value with an = of its own keeps it; a value given twice counts once.
    expect(parseFilters(['industry=a=b', 'industry=a=b'])).toEqual([clause('industry', ['a=b'])]);
  });

  it('funnel takes --metric and --as-of: the disbursed stage\'s target_actual is attainment\'s actual', async () => {
    const bank = path.join(root, smallBankFolder);
    const [loanAmount, cards, november] = await Promise.all([
      cliHere('funnel', '--json', '--data', bank),
      cliHere('funnel', '--json', '--data', bank, '--metric', 'cards'),
      cliHere('funnel', '--json', '--data', bank, '--metric', 'loan_amount', '--as-of', '2024-11-30'),
    ]);
    for (const run of [loanAmount, cards, november]) expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    const disbursed = (run: Run) => (JSON.parse(run.stdout) as { stage: string; target_actual: number | null }[]).find((r) => r.stage === 'disbursed');
    // Loans disbursed within 2024-09-21 … 2024-12-31: P1 600,000 + P2 200,000 + P7 150,000 (P12's
    // 2024-09-01 is before the start; P3 is a card). By 2024-11-30: P1 alone. Cards: P3.
    expect(disbursed(loanAmount)?.target_actual).toBe(950_000);
    expect(disbursed(november)?.target_actual).toBe(600_000);
    expect(disbursed(cards)?.target_actual).toBe(1);
    expect(JSON.parse(cards.stdout)).toEqual([...(await strata.funnel({ metric: 'cards' }))]);
  });
});

describe('strata list', { timeout: 120_000 }, () => {
  it('prints each preset’s customers (the same as strata.list on the small bank with its follow-ups) and the reason for each', async () => {
    const bank = path.join(dir, 'bank');
    const expected: Record<string, string[]> = {
      mortgage_without_consumer: ['C1'],
      wealth_without_loan: ['C6'],
      card_without_loan: ['C8'],
      maturing: [],
      paid_off_good: ['C6'],
      no_loan: ['C6', 'C8'],
      large_borrowers: [],
      payroll_unit: ['C2'],
      merchants: ['C4'],
      overdue_leads: [null, null, null] as unknown as string[],
      handoff: ['C1', 'C2', 'C3', 'C5', 'C7'],
      behind_cadence: ['C6', 'C4', 'C5', 'C7'],
    };
    for (const [preset, ids] of Object.entries(expected)) {
      const run = await cliHere('list', '--preset', preset, '--data', bank, '--json');
      expect(run.code, `${preset}: ${run.stderr}`).toBe(0);
      const rows = JSON.parse(run.stdout) as { customer_id: string | null; lead_id: string | null; reason: string }[];
      expect(rows.map((r) => r.customer_id), preset).toEqual(ids);
      for (const r of rows) expect(r.reason.length, preset).toBeGreaterThan(0);
    }
    const leads = JSON.parse((await cliHere('list', '--preset', 'overdue_leads', '--data', bank, '--json')).stdout) as { lead_id: string }[];
    expect(leads.map((r) => r.lead_id)).toEqual(['P10', 'P5', 'P8']);
    const within = JSON.parse((await cliHere('list', '--preset', 'maturing', '--days', '1700', '--data', bank, '--json', '--filter', 'branch=B2')).stdout) as { customer_id: string }[];
    expect(within.map((r) => r.customer_id)).toEqual(['C3', 'C4', 'C7']);
  });

  it('prints a text table with masked names and the reasons; --unmasked gives names in full', async () => {
    const bank = path.join(dir, 'bank');
    const text = await cliHere('list', '--preset', 'payroll_unit', '--data', bank);
    expect(text.stdout).toMatch(/^C2 +李\* +retail_potential +王强 +城北支行 .*代发单位南\*{6}司的员工$/m);
    const plain = await cliHere('list', '--preset', 'payroll_unit', '--data', bank, '--unmasked');
    expect(plain.stdout).toMatch(/^C2 +李四 .*代发单位南城商贸有限公司的员工$/m);
  });

  it('a bad preset or a metric option is a usage error before any file is read; --preset belongs to list', async () => {
    const bad = await cliHere('list', '--preset', 'everyone', '--data', 'no-such-folder');
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, expect.stringMatching(/^strata: --preset must be one of mortgage_without_consumer, .*, got "everyone"$/)]);
    const by = await cliHere('list', '--preset', 'no_loan', '--by', 'tier', '--data', 'no-such-folder');
    expect([by.code, by.stderr.split('\n')[0]]).toEqual([2, 'strata: list takes --preset, --days, --as-of, --campaign, --limit, --unmasked, --filter and --json, not --by']);
    const npl = await cliHere('npl', '--preset', 'no_loan', '--data', 'no-such-folder');
    expect([npl.code, npl.stderr.split('\n')[0]]).toEqual([2, 'strata: npl does not take --preset (it takes --by, --as-of)']);
    const limit = await cliHere('npl', '--limit', '5', '--data', 'no-such-folder');
    expect([limit.code, limit.stderr.split('\n')[0]]).toEqual([2, 'strata: --limit and --unmasked are options of list, not of npl']);
  });
});

describe('strata coverage, pending and cadence', { timeout: 120_000 }, () => {
  it('print the follow-up metrics of the small bank with its follow-ups', async () => {
    const bank = path.join(dir, 'bank');
    const coverage = JSON.parse((await cliHere('coverage', '--preset', 'handoff', '--within', '30', '--data', bank, '--json')).stdout) as { key: string; listed: number; contacted: number }[];
    expect(coverage.map((r) => [r.key, r.listed, r.contacted])).toEqual([['M1', 3, 1], ['M2', 2, 1]]);
    const pending = JSON.parse((await cliHere('pending', '--data', bank, '--json')).stdout) as { key: string; due: number }[];
    expect(pending.map((r) => [r.key, r.due])).toEqual([['M2', 1]]);
    const cadence = await cliHere('cadence', '--data', bank);
    expect(cadence.stdout).toMatch(/^retail_high_end +retail_high_end +30 +2 +1 +50\.00%$/m);
  });
});

describe('strata check', () => {
  it('prints rows per table of a folder', async () => {
    const run = await cli('check', '--data', path.join(dir, 'bank'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^loans\s+12\s+csv\s+utf-8$/m);
    expect(run.stdout).toMatch(/^customers\s+8\s+csv\s+utf-8$/m);
    expect(run.stdout).toMatch(/^pipeline\s+12\s+csv\s+utf-8$/m);
    expect(run.stdout).toMatch(/^branches\s+3\s+csv\s+utf-8$/m);
  });

  it('takes table=path and prints the load report as JSON', async () => {
    const bank = path.join(dir, 'bank');
    const run = await cli('check', '--json', '--data', `loans=${path.join(bank, 'loans.csv')}`, '--data', `customers=${path.join(bank, 'customers.csv')}`);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ rows: { customers: 8, loans: 12 }, ignoredColumns: {}, emptied: [] });
    expect(report.files).toEqual({ customers: { format: 'csv', encoding: 'utf-8' }, loans: { format: 'csv', encoding: 'utf-8' } });
    // Every money field loaded, in yuan for want of any unit.
    const yuan = (table: string, field: string) => ({ table, field, source: field, unit: 'yuan', from: 'default' });
    expect(report.units).toEqual(
      expect.arrayContaining([yuan('customers', 'deposits_avg'), yuan('customers', 'aum'), yuan('customers', 'contribution'), yuan('loans', 'balance'), yuan('loans', 'original_amount')]),
    );
  });

  it('prints the unit applied to each money column and where it came from, and each file\'s format and encoding', async () => {
    const export_ = path.join(dir, 'export');
    mkdirSync(export_, { recursive: true });
    // A bank's own headers: 贷款余额(万元) says the unit; 备注 maps to nothing.
    writeFileSync(path.join(export_, 'loans.csv'), '数据日期,借据号,客户号,产品,贷款余额(万元),五级分类,备注\n2024-12-31,L1,C1,个人住房贷款,99,正常,x\n');
    writeFileSync(path.join(export_, 'customers.csv'), 'customer_id,kind,deposits_avg\nC1,retail,"400,000"\n');
    const run = await cli('check', '--data', export_);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^customers\s+1\s+csv\s+utf-8$/), expect.stringMatching(/^loans\s+1\s+csv\s+utf-8$/)]));
    expect(lines).toContain('Money columns (loaded in yuan):');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\s+loans\s+balance\s+贷款余额\(万元\)\s+万元 \(wan\)\s+the column header$/),
        expect.stringMatching(/^\s+customers\s+deposits_avg\s+deposits_avg\s+元 \(yuan\)\s+default \(no unit given\)$/),
      ]),
    );
    expect(run.stdout).toContain('Ignored columns (mapped to nothing):\n  loans: 备注');
  });
});

describe('a failed load', () => {
  it('exits 1 and lists each problem with its row, column and what was expected', async () => {
    const bad = path.join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    const loans = smallBank.loans.map((l, i) => (i === 2 ? { ...l, balance: 'lots' } : i === 4 ? { ...l, classification: 'fine' } : l));
    writeFileSync(path.join(bad, 'loans.csv'), csv('loans', loans));
    writeFileSync(path.join(bad, 'customers.csv'), csv('customers', smallBank.customers));
    const run = await cli('npl', '--data', bad);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Load failed: 2 problems');
    expect(run.stderr).toContain('loans, row 4, column "balance": expected an amount in yuan');
    expect(run.stderr).toContain('got "lots"');
    expect(run.stderr).toMatch(/loans, row 6, column "classification": expected one of pass, special_mention/);
  });

  it('prints a flood of one mistake as one counted line beside the other problems', async () => {
    const flood = path.join(dir, 'flood');
    mkdirSync(flood, { recursive: true });
    // Every loan's product unreadable (12 rows: 2–13 as a spreadsheet numbers them), and one balance.
    const loans = smallBank.loans.map((l, i) => ({ ...l, product: 'shoe', ...(i === 9 ? { balance: 'lots' } : {}) }));
    writeFileSync(path.join(flood, 'loans.csv'), csv('loans', loans));
    writeFileSync(path.join(flood, 'customers.csv'), csv('customers', smallBank.customers));
    const run = await cli('npl', '--data', flood);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('Load failed: 13 problems; nothing was loaded.');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}loans, column "product": 12 problems \(rows 2, 3, 4, 5, 6, …\): expected one of mortgage, .*, got "shoe" first$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}loans, row 11, column "balance": expected an amount in yuan.*, got "lots"$/));
    expect(lines).toHaveLength(3);
  });
});

describe('usage errors', () => {
  it('exit 2 with the usage, or a clear message for an unknown metric or dimension', async () => {
    const bank = path.join(dir, 'bank');
    const [none, noData, metric, dimension, option, wrongOption, missingBy, help] = await Promise.all([
      cli(),
      cli('npl'),
      cli('nope', '--data', bank),
      cli('npl', '--by', 'shoe_size', '--data', bank),
      cli('npl', '--bogus', '--data', bank),
      cli('migration', '--by', 'tier', '--data', bank),
      cli('segments', '--data', bank),
      cli('--help'),
    ]);
    for (const run of [none, noData, metric, dimension, option, wrongOption, missingBy]) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('Usage: strata <metric>');
      expect(run.stdout).toBe('');
    }
    expect(metric.stderr).toContain('Unknown metric "nope"');
    expect(dimension.stderr).toContain('Unknown dimension "shoe_size"');
    expect(option.stderr).toContain("Unknown option '--bogus'");
    expect(wrongOption.stderr).toContain('migration does not take --by');
    expect(missingBy.stderr).toContain('segments needs --by');
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: strata <metric>');
  });

  it('a bad --filter is a usage error naming the field or value, before any file is read', async () => {
    // The data folder does not exist: had a file been looked for, the error would say so instead.
    const missing = path.join(dir, 'no-such-folder');
    const runs = await Promise.all([
      cli('npl', '--data', missing, '--filter', 'shoe_size=42'),
      cli('npl', '--data', missing, '--filter', 'industry_class=4'),
      cli('npl', '--data', missing, '--filter', 'industry_class=one'),
      cli('npl', '--data', missing, '--filter', 'is_payroll=maybe'),
      cli('npl', '--data', missing, '--filter', 'as_of=2024-02-30'),
      cli('npl', '--data', missing, '--filter', 'tier=gold'),
      cli('npl', '--data', missing, '--filter', 'tier'),
      cli('npl', '--data', missing, '--filter', 'tier='),
      cli('npl', '--data', missing, '--filter', 'kind!=家庭'),
      cli('check', '--data', missing, '--filter', 'tier=corp_gold'),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Usage: strata <metric>');
      expect(run.stderr).not.toContain('No such file');
    }
    const message = (run: Run) => run.stderr.split('\n')[0];
    expect(runs.map(message)).toEqual([
      expect.stringMatching(/^strata: --filter shoe_size=42: Unknown dimension "shoe_size": expected one of kind, tier, /),
      'strata: --filter industry_class=4: industry_class must be one of 1, 2, 3, got "4"',
      'strata: --filter industry_class=one: industry_class must be one of 1, 2, 3, got "one"',
      'strata: --filter is_payroll=maybe: is_payroll must be true or false, got "maybe"',
      'strata: --filter as_of=2024-02-30: as_of must be a date such as 2024-12-31, got "2024-02-30"',
      expect.stringMatching(/^strata: --filter tier=gold: tier must be one of corp_gold, corp_high_end, .*, got "gold"$/),
      'strata: --filter needs field=value, field!=value, field>=value or field<=value, got "tier"',
      'strata: --filter tier=: give a value for tier',
      'strata: --filter kind!=家庭: kind must be one of retail, corporate, got "家庭"',
      'strata: check takes only --data, --map, --rules, --orphans and --json',
    ]);
  });

  it('a bad option value is a usage error naming the flag and what it takes, before any file is read', async () => {
    const missing = path.join(dir, 'no-such-folder');
    const rules = path.join(dir, 'bad-rules.json');
    writeFileSync(rules, '{ "corporate": { "midDeposits": "5000000" } }');
    // In this process: a NUL or a lone surrogate cannot be passed to a child process's arguments.
    const runs = await Promise.all([
      cliHere('npl', '--data', missing, '--as-of', '2024-02-30'),
      cliHere('npl', '--data', missing, '--as-of', '2024-1-1'),
      cliHere('npl-trend', '--data', missing, '--from', "2024-12-31'; DROP TABLE loans; --"),
      cliHere('overdue', '--data', missing, '--days=-1'),
      cliHere('overdue', '--data', missing, '--days', '1.5'),
      cliHere('overdue', '--data', missing, '--days', '99999999'),
      cliHere('attainment', '--data', missing, '--by', 'branch', '--metric', '__proto__'),
      cliHere('segments', '--data', missing, '--by', 'tier', '--measure', 'toString'),
      cliHere('npl', '--data', missing, '--by', 'constructor'),
      cliHere('npl', '--data', missing, '--by', 'stage'),
      cliHere('attainment', '--data', missing, '--by', 'tier'),
      cliHere('npl', '--data', missing, '--orphans', 'maybe'),
      cliHere('kpis', '--data', missing, '--campaign', 'K\u0000'),
      cliHere('funnel', '--data', missing, '--campaign', 'K\ud800'),
      cliHere('npl', '--data', missing, '--rules', rules),
      cliHere('constructor', '--data', missing),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Usage: strata <metric>');
      expect(run.stderr).not.toContain('No such file');
    }
    const message = (run: Run) => run.stderr.split('\n')[0];
    const campaign = 'a campaign id: text of 1 to 1,000 characters, without NUL or lone surrogates';
    expect(runs.map(message)).toEqual([
      'strata: --as-of must be a date such as 2024-12-31, got "2024-02-30"',
      'strata: --as-of must be a date such as 2024-12-31, got "2024-1-1"',
      `strata: --from must be a date such as 2024-12-31, got "2024-12-31'; DROP TABLE loans; --"`,
      'strata: --days must be a whole number, got "-1"',
      'strata: --days must be a whole number, got "1.5"',
      'strata: --days must be a whole number from 0 to 36,500, got 99999999',
      'strata: --metric must be one of loan_amount, cards, installment_amount, new_customers, got "__proto__"',
      'strata: --measure must be one of customers, balance, deposits, contribution, got "toString"',
      expect.stringMatching(/^strata: --by: Unknown dimension "constructor": expected one of kind, tier, /),
      expect.stringMatching(/^strata: --by must be a field of loans: one of kind, .*, got "stage"$/),
      'strata: --by must be branch or manager, got "tier"',
      'strata: --orphans must be error or warning, got "maybe"',
      `strata: --campaign must be ${campaign}, got "K\\u0000"`,
      `strata: --campaign must be ${campaign}, got "K\\ud800"`,
      'strata: --rules: rules.corporate.midDeposits must be a finite number ≥ 0, got "5000000"',
      'strata: Unknown metric "constructor": expected one of kpis, segments, npl, npl-trend, class-mix, migration, migration-rates, vintage, funnel, lost-reasons, overdue, attainment, coverage, pending, cadence, list, pack or check',
    ]);
  });
});

describe('a query that fails in the database', () => {
  it('exits 1 with the StrataQueryError message; the engine\'s (which quotes SQL) is not printed', async () => {
    const load = Strata.prototype.load;
    // The real engine, a table gone between the load and the metric (another connection dropped it, say).
    const spy = vi.spyOn(Strata.prototype, 'load').mockImplementation(async function (this: Strata, ...args: Parameters<Strata['load']>) {
      const report = await load.apply(this, args);
      await this.engine.query('DROP TABLE campaigns');
      return report;
    });
    try {
      const run = await cliHere('npl', '--data', smallBankFolder);
      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr: "strata: npl: the database failed to answer (Catalog Error); the engine's own message is this error's cause\n",
      });
    } finally {
      spy.mockRestore();
    }
  });
});
