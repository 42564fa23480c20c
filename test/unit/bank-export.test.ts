/**
 * A bank's own loan export (GBK, Chinese headers, 万元, no customer file) through the `strata`
 * command with no mapping: NPL by branch equals the figures added up by hand from the file. The
 * same figures are what <strata-import> commits (packages/widgets/src/import/import.test.ts) and
 * what the demo's drop zone shows (test/e2e/bank-export.test.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { NplRow } from '@strata/sdk/node';
import { BANK_EXPORT_FILE, NPL_BY_BRANCH_DECEMBER, NPL_BY_BRANCH_NOVEMBER, type BranchNpl } from '../fixtures/bank-export/figures.ts';
import { encodeGbk } from '../helpers/gbk.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['packages/sdk/bin/strata.js', ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The CLI's rows by key, with the fields the hand figures give. */
function byBranch(rows: NplRow[]): Record<string, BranchNpl> {
  return Object.fromEntries(
    rows.map((r) => [r.key, { balance: r.balance, npl_balance: r.npl_balance, special_mention_balance: r.special_mention_balance, loans: r.loans, npl_loans: r.npl_loans }]),
  );
}

describe('strata npl on a GBK loan export with Chinese headers and 万元, no mapping', () => {
  it('gives NPL by branch at the latest month end equal to the hand figures', async () => {
    const run = await cli('npl', '--data', `loans=${BANK_EXPORT_FILE}`, '--by', 'branch', '--json');
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as NplRow[];
    expect(byBranch(rows)).toEqual(NPL_BY_BRANCH_DECEMBER);
    const ratio = Object.fromEntries(rows.map((r) => [r.key, r.npl_ratio]));
    expect(ratio['城东支行']).toBeCloseTo(1_202_500 / 17_237_500, 12);
    expect(ratio['城西支行']).toBeCloseTo(2_526_000 / 11_220_000, 12);
    expect(ratio['高新支行']).toBe(0);
  });

  it('and at the earlier month end', async () => {
    const run = await cli('npl', '--data', `loans=${BANK_EXPORT_FILE}`, '--by', 'branch', '--as-of', '2024-11-30', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(byBranch(JSON.parse(run.stdout) as NplRow[])).toEqual(NPL_BY_BRANCH_NOVEMBER);
  });
});

describe('the same export with a mapping that spells the unit in Chinese', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-bank-export-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  // The header without its unit, as many exports write it: only the mapping says 万元.
  const text = new TextDecoder('gbk').decode(readFileSync(path.join(root, BANK_EXPORT_FILE)));
  const bare = path.join(dir, 'loans-bare.csv');
  writeFileSync(bare, encodeGbk(text.replace('贷款余额(万元)', '贷款余额')));

  it('"units": { "balance": "万元" } on the header as it is gives the hand figures (it used to crash)', async () => {
    const map = write('as-is.json', JSON.stringify({ loans: { units: { balance: '万元' } } }));
    const run = await cli('npl', '--data', `loans=${BANK_EXPORT_FILE}`, '--map', map, '--by', 'branch', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(byBranch(JSON.parse(run.stdout) as NplRow[])).toEqual(NPL_BY_BRANCH_DECEMBER);
  });

  it('a header without its unit loads in 万 through the mapping, and the check report says where the unit came from', async () => {
    const map = write('bare.json', JSON.stringify({ loans: { columns: { balance: '贷款余额' }, units: { balance: '（万元）' } } }));
    const run = await cli('npl', '--data', `loans=${bare}`, '--map', map, '--by', 'branch', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(byBranch(JSON.parse(run.stdout) as NplRow[])).toEqual(NPL_BY_BRANCH_DECEMBER);
    const check = await cli('check', '--data', `loans=${bare}`, '--map', map, '--json');
    expect(check.code, check.stderr).toBe(0);
    const report = JSON.parse(check.stdout) as { units: { field: string; unit: string; from: string }[] };
    expect(report.units.find((u) => u.field === 'balance')).toMatchObject({ unit: 'wan', from: 'mapping' });
  });

  it('without the mapping the bare header loads in yuan, with a warning that the amounts look like 万元', async () => {
    const check = await cli('check', '--data', `loans=${bare}`, '--json');
    expect(check.code, check.stderr).toBe(0);
    const report = JSON.parse(check.stdout) as { warnings: { kind: string; column: string | null }[] };
    expect(report.warnings.map((w) => w.kind)).toContain('unit');
  });

  it('a unit the loader does not know is a LoadError naming the mapping key and the spellings it accepts', async () => {
    const map = write('bad.json', JSON.stringify({ loans: { units: { balance: '千元' } } }));
    const run = await cli('npl', '--data', `loans=${BANK_EXPORT_FILE}`, '--map', map);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('loans.units.balance');
    expect(run.stderr).toContain('千元');
    expect(run.stderr).toMatch(/万元/);
  });
});

