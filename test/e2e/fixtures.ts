/**
 * Files a user drops on the demo, cut from the branch's own loans in Node so that every
 * reference resolves: a good loans CSV, the same kind of file with the bank's own column names
 * (which needs the mapping dialog), and a bad one (LoadError with problems).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Strata } from '@strata/sdk/node';
import { E2E_OUT } from './helpers.ts';

const COLUMNS = ['as_of', 'loan_id', 'customer_id', 'branch_id', 'product', 'balance', 'classification', 'dpd', 'origination_date', 'maturity_date', 'original_amount'] as const;

/** The bank's own names for the mapped file (canonical ← file). Extra column `备注` is ignored. */
export const BANK_NAMES: Record<(typeof COLUMNS)[number], string> = {
  as_of: 'MonthEnd',
  loan_id: 'LoanNo',
  customer_id: 'CustNo',
  branch_id: 'OrgCode',
  product: 'ProductType',
  balance: 'OutstandingYuan',
  classification: 'RiskGrade',
  dpd: 'Overdue',
  origination_date: 'StartDate',
  maturity_date: 'EndDate',
  original_amount: 'Principal',
};

/** Canonical column → the file's column, for the columns the SDK requires (what the dialog asks). */
export const REQUIRED_MAPPING = {
  as_of: BANK_NAMES.as_of,
  loan_id: BANK_NAMES.loan_id,
  customer_id: BANK_NAMES.customer_id,
  product: BANK_NAMES.product,
  balance: BANK_NAMES.balance,
  classification: BANK_NAMES.classification,
};

type Row = Record<(typeof COLUMNS)[number], string>;

async function loansWhere(strata: Strata, where: string): Promise<Row[]> {
  const sql = `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, loan_id, customer_id, branch_id, product, CAST(balance AS VARCHAR) AS balance,
      classification, CAST(dpd AS VARCHAR) AS dpd, strftime(origination_date, '%Y-%m-%d') AS origination_date,
      strftime(maturity_date, '%Y-%m-%d') AS maturity_date, CAST(original_amount AS VARCHAR) AS original_amount
    FROM loans WHERE ${where} ORDER BY as_of, loan_id`;
  const table = await strata.engine.query(sql);
  return table.toArray().map((r) => {
    const o = (r as { toJSON(): Record<string, unknown> }).toJSON();
    return Object.fromEntries(COLUMNS.map((c) => [c, o[c] === null || o[c] === undefined ? '' : String(o[c])])) as Row;
  });
}

function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[header, ...rows].map((r) => r.map(field).join(',')).join('\n')}\n`;
}

export interface DropFiles {
  good: string;
  mapped: string;
  bad: string;
  /** The text of each, for loading the same bytes into the Node Strata. */
  text: { good: string; mapped: string; bad: string };
}

/** Writes the three files under test/.out/e2e/<prefix>/ and returns their paths. */
export async function writeDropFiles(strata: Strata, folder: string): Promise<DropFiles> {
  const months = (await strata.months()).slice(-2);
  const inMonths = `as_of IN (${months.map((m) => `DATE '${m}'`).join(', ')})`;
  const good = await loansWhere(strata, `${inMonths} AND product IN ('mortgage', 'consumer')`);
  const mapped = await loansWhere(strata, `${inMonths} AND product = 'mortgage'`);
  const sample = good.slice(0, 4);
  if (sample.length < 4) throw new Error('not enough loans to cut the drop files from');

  const goodText = csv(COLUMNS, good.map((r) => COLUMNS.map((c) => r[c])));
  const mappedText = csv([...COLUMNS.map((c) => BANK_NAMES[c]), '备注'], mapped.map((r) => [...COLUMNS.map((c) => r[c]), '导出']));
  // Row 2 is fine; then a negative balance, an unknown class, a date that is none, an unknown customer.
  const bad = [
    sample[0]!,
    { ...sample[1]!, balance: '-1200' },
    { ...sample[2]!, classification: 'bogus' },
    { ...sample[3]!, as_of: '2024-13-45', loan_id: `${sample[3]!.loan_id}-X` },
    { ...sample[0]!, loan_id: `${sample[0]!.loan_id}-Y`, customer_id: 'NO-SUCH-CUSTOMER' },
  ];
  const badText = csv(COLUMNS, bad.map((r) => COLUMNS.map((c) => r[c])));

  const paths = { good: join(E2E_OUT, folder, 'loans.csv'), mapped: join(E2E_OUT, folder, 'mapped', 'core-export.csv'), bad: join(E2E_OUT, folder, 'bad', 'loans.csv') };
  for (const [key, path] of Object.entries(paths)) {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, key === 'good' ? goodText : key === 'mapped' ? mappedText : badText);
  }
  return { ...paths, text: { good: goodText, mapped: mappedText, bad: badText } };
}
