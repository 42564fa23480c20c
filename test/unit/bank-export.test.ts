/**
 * A bank's own loan export (GBK, Chinese headers, 万元, no customer file) through the `strata`
 * command with no mapping: NPL by branch equals the figures added up by hand from the file. The
 * same figures are what <strata-import> commits (packages/widgets/src/import/import.test.ts) and
 * what the demo's drop zone shows (test/e2e/bank-export.test.ts).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { NplRow } from '@strata/sdk/node';
import { BANK_EXPORT_FILE, NPL_BY_BRANCH_DECEMBER, NPL_BY_BRANCH_NOVEMBER, type BranchNpl } from '../fixtures/bank-export/figures.ts';

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
