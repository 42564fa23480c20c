/**
 * The public UCI data sets (../shared/data, see its README) through the example mappings: every
 * figure the README gives, through the SDK and through the CLI. Skipped, with a message naming
 * the missing folder, where the data is not there.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Strata, type LoadReport, type Mapping } from '@strata/sdk/node';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = path.resolve(root, '../shared/data');
const bankDir = path.join(dataDir, 'uci-bank-marketing');
const cardDir = path.join(dataDir, 'uci-credit-default');
const bankFile = path.join(bankDir, 'bank-full.csv');
const cardFile = path.join(cardDir, 'UCI_Credit_Card.csv');
const bankMapping = path.join('examples', 'uci-bank-marketing', 'mapping.json');
const cardMapping = path.join('examples', 'uci-credit-default', 'mapping.json');

for (const [folder, file] of [[bankDir, bankFile], [cardDir, cardFile]] as const) {
  if (!existsSync(file)) console.warn(`SKIPPED real-data tests: ${folder} is missing (no ${path.basename(file)}); see ../shared/data/README.md`);
}

/** A ratio as the README prints it: 0.11698 → "11.70". */
const percent = (ratio: number | null) => ((ratio ?? NaN) * 100).toFixed(2);
const mappingOf = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Mapping;
const bytesOf = (file: string) => new Uint8Array(readFileSync(file));

function cli(...args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join('packages', 'sdk', 'bin', 'strata.js'), ...args], { cwd: root, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`strata ${args.join(' ')} failed (${error.code}): ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

type Row = Record<string, unknown>;
const byKey = (rows: unknown, key: string) => (rows as Row[]).find((r) => r.key === key) as Row;

describe.skipIf(!existsSync(bankFile))('UCI bank marketing (bank-full.csv)', () => {
  let strata: Strata;
  let report: LoadReport;
  let viaCli: { check: unknown; npl: unknown; byJob: unknown; funnel: unknown };

  beforeAll(async () => {
    const data = ['--data', bankFile, '--map', bankMapping, '--json'];
    const runs = Promise.all([
      cli('check', ...data),
      cli('npl', ...data),
      cli('npl', '--by', 'industry', ...data),
      cli('funnel', '--campaign', 'uci-bank-marketing', ...data),
    ]);
    strata = await Strata.open();
    const bytes = bytesOf(bankFile);
    const source = { data: bytes, format: 'csv' as const };
    report = await strata.load({ customers: source, loans: source, pipeline: source }, { mapping: mappingOf(bankMapping) });
    const [check, npl, byJob, funnel] = await runs;
    viaCli = { check, npl, byJob, funnel };
  });
  afterAll(async () => {
    await strata?.close();
  });

  it('has 45,211 rows in every table', () => {
    expect(report.rows).toEqual({ customers: 45_211, loans: 45_211, pipeline: 45_211 });
    expect(report.warnings).toEqual([]);
    expect((viaCli.check as LoadReport).rows).toEqual(report.rows);
  });

  it('default = yes for 815 clients: NPL ratio 1.80%', async () => {
    for (const [row] of [await strata.npl(), viaCli.npl as Row[]]) {
      expect(row).toMatchObject({ loans: 45_211, npl_loans: 815, balance: 45_211, npl_balance: 815 });
      expect(percent(row!.npl_ratio as number)).toBe('1.80');
      expect(percent(row!.npl_ratio_count as number)).toBe('1.80');
    }
  });

  it('by job: entrepreneur 3.70%, student 0.32%', async () => {
    for (const rows of [await strata.npl({ by: 'industry' }), viaCli.byJob]) {
      expect(percent(byKey(rows, 'entrepreneur').npl_ratio as number)).toBe('3.70');
      expect(percent(byKey(rows, 'student').npl_ratio as number)).toBe('0.32');
      expect((rows as Row[]).reduce((n, r) => n + (r.npl_loans as number), 0)).toBe(815);
    }
  });

  it('y = yes for 5,289 clients: 11.70% of leads disbursed', async () => {
    for (const rows of [await strata.funnel({ campaign: 'uci-bank-marketing' }), viaCli.funnel as Row[]]) {
      const stage = (s: string) => (rows as Row[]).find((r) => r.stage === s) as Row;
      expect(stage('identified').count).toBe(45_211);
      expect(stage('disbursed').count).toBe(5_289);
      expect(percent(stage('disbursed').overall_conversion as number)).toBe('11.70');
    }
  });
});

/** Card five-category floors (DESIGN.md) from a repayment status: -2, -1, 0 paid duly, k months late. */
function cardClass(status: number): string {
  const dpd = Math.max(0, status) * 30;
  return dpd <= 0 ? 'pass' : dpd <= 90 ? 'special_mention' : dpd <= 120 ? 'substandard' : dpd <= 180 ? 'doubtful' : 'loss';
}

describe.skipIf(!existsSync(cardFile))('UCI default of credit card clients (UCI_Credit_Card.csv)', () => {
  let strata: Strata;
  let report: LoadReport;
  let viaCli: { check: unknown; october: unknown };

  beforeAll(async () => {
    const data = ['--data', cardFile, '--map', cardMapping, '--json'];
    const runs = Promise.all([cli('check', ...data), cli('npl', '--as-of', '2005-10-31', ...data)]);
    strata = await Strata.open();
    const source = { data: bytesOf(cardFile), format: 'csv' as const };
    report = await strata.load({ customers: source, loans: source }, { mapping: mappingOf(cardMapping) });
    const [check, october] = await runs;
    viaCli = { check, october };
  });
  afterAll(async () => {
    await strata?.close();
  });

  it('has 30,000 clients over seven month ends', async () => {
    expect(report.rows).toEqual({ customers: 30_000, loans: 210_000 });
    expect((viaCli.check as LoadReport).rows).toEqual(report.rows);
    const trend = await strata.nplTrend();
    expect(trend.map((r) => r.as_of)).toEqual(['2005-04-30', '2005-05-31', '2005-06-30', '2005-07-31', '2005-08-31', '2005-09-30', '2005-10-31']);
    expect(trend.every((r) => r.loans === 30_000)).toBe(true);
  });

  it('Y = 1 for 6,636 clients: October NPL ratio by count 22.12%', async () => {
    for (const [row] of [await strata.npl({ asOf: '2005-10-31' }), viaCli.october as Row[]]) {
      expect(row).toMatchObject({ loans: 30_000, npl_loans: 6_636 });
      expect(percent(row!.npl_ratio_count as number)).toBe('22.12');
    }
  });

  it('migration from 2005-08-31 to 2005-09-30 is the one computed from the CSV rows; rows sum to 1', async () => {
    const rows = await strata.migration({ from: '2005-08-31', to: '2005-09-30' });
    // Plain TypeScript over the file: August = X7 status and X13 bill, September = X6 and X12.
    const [header, ...lines] = readFileSync(cardFile, 'utf8').trim().split(/\r?\n/);
    const col = (name: string) => header!.split(',').indexOf(name);
    const [x6, x7, x13] = [col('X6'), col('X7'), col('X13')];
    const moved = new Map<string, number>();
    const total = new Map<string, number>();
    for (const line of lines) {
      const f = line.split(',').map(Number);
      const from = cardClass(f[x7]!);
      const to = cardClass(f[x6]!);
      const balance = Math.max(0, f[x13]!);
      moved.set(`${from}>${to}`, (moved.get(`${from}>${to}`) ?? 0) + balance);
      total.set(from, (total.get(from) ?? 0) + balance);
    }
    expect(lines).toHaveLength(30_000);
    expect(rows).toHaveLength(5 * 6);
    for (const r of rows) {
      expect(r.balance_from, `${r.from_class} → ${r.to_class}`).toBe(moved.get(`${r.from_class}>${r.to_class}`) ?? 0);
      const t = total.get(r.from_class) ?? 0;
      if (t > 0) expect(r.share).toBeCloseTo(r.balance_from / t, 12);
    }
    for (const from of total.keys()) {
      const shares = rows.filter((r) => r.from_class === from).map((r) => r.share ?? 0);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    // Not a degenerate matrix: loans did move between classes.
    expect(rows.filter((r) => r.from_class !== r.to_class && r.balance_from > 0).length).toBeGreaterThan(5);
  });
});
