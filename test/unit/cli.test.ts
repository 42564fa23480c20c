/**
 * The `strata` command as a user runs it: a child process on CSV files written from the small
 * bank, its JSON compared with the same metric through the SDK.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA, Strata, TABLE_NAMES, type TableName } from '@strata/sdk/node';
import { smallBank } from '../fixtures/small.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join('packages', 'sdk', 'bin', 'strata.js');

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
  for (const table of TABLE_NAMES) writeFileSync(path.join(dir, 'bank', `${table}.csv`), csv(table, smallBank[table]));
  strata = await Strata.open();
  await strata.load(smallBank);
});

afterAll(async () => {
  await strata?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('strata <metric> --json', () => {
  it('prints the rows the SDK returns on the same data', async () => {
    const bank = path.join(dir, 'bank');
    const [byBranch, november, migration] = await Promise.all([
      cli('npl', '--by', 'branch', '--json', '--data', bank),
      cli('npl', '--as-of', '2024-11-30', '--json', '--data', bank),
      cli('migration', '--json', '--data', bank),
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

describe('strata check', () => {
  it('prints rows per table of a folder', async () => {
    const run = await cli('check', '--data', path.join(dir, 'bank'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^loans\s+12$/m);
    expect(run.stdout).toMatch(/^customers\s+8$/m);
    expect(run.stdout).toMatch(/^pipeline\s+12$/m);
    expect(run.stdout).toMatch(/^branches\s+3$/m);
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
});
