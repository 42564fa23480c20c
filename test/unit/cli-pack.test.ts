/**
 * `strata pack` as a user runs it (a child process): the bundle it writes, what it prints, a load
 * error as `check` prints it, usage errors; and `--data manifest.json` reading the bundle back.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '@strata/sdk';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join('packages', 'sdk', 'bin', 'strata.js');
const smallBankFolder = path.join('test', 'fixtures', 'small-bank');

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'strata-pack-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Each run starts the CLI and native DuckDB; on a busy two-core machine that can take most of a minute.
describe('strata pack', { timeout: 120_000 }, () => {
  it('writes one Parquet file per table and the manifest, and prints what it wrote', async () => {
    const out = path.join(dir, 'bundle');
    const run = await cli('pack', '--data', smallBankFolder, '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as BundleManifest;
    expect(manifest).toMatchObject({ format: 'strata-bundle', schemaVersion: 2, strataVersion: '0.1.0' });
    // The fixture's row counts (test/fixtures/small-bank), one line each in the printed table.
    const rows = { branches: 3, managers: 2, customers: 8, loans: 12, pipeline: 12, campaigns: 1, targets: 6 };
    expect(Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]))).toEqual(rows);
    const derived = (manifest.derived?.tables ?? []).map((t) => t.file);
    expect(derived).toHaveLength(11);
    expect(readdirSync(out).sort()).toEqual([...Object.keys(rows).map((t) => `${t}.parquet`), ...derived, 'manifest.json'].sort());
    for (const t of manifest.tables) {
      expect(readFileSync(path.join(out, t.file)).byteLength).toBe(t.bytes);
      expect(run.stdout).toMatch(new RegExp(`^${t.name} +${t.file} +${t.rows} +[\\d,]+$`, 'm'));
    }
    expect(run.stdout).toMatch(/^Derived layer \(tiers, groups, facts and cubes under the default rules\): 11 files, [\d,]+ bytes$/m);
    expect(run.stdout).toContain(`Wrote ${path.join(out, 'manifest.json')} (7 tables,`);

    // Read back with --data manifest.json: the same figures as the folder's files.
    const [fromBundle, fromFiles] = await Promise.all([cli('kpis', '--json', '--data', path.join(out, 'manifest.json')), cli('kpis', '--json', '--data', smallBankFolder)]);
    expect(fromBundle.code).toBe(0);
    expect(JSON.parse(fromBundle.stdout)).toEqual(JSON.parse(fromFiles.stdout));
  });

  it('writes nothing and exits 1 with the problems when the data fails its checks', async () => {
    const data = path.join(dir, 'bad');
    cpSync(smallBankFolder, data, { recursive: true });
    const loans = readFileSync(path.join(data, 'loans.csv'), 'utf8').split('\n');
    loans[1] = loans[1]!.replace(/,(pass|normal|special_mention|substandard|doubtful|loss),/, ',bogus,');
    writeFileSync(path.join(data, 'loans.csv'), loans.join('\n'));
    const out = path.join(dir, 'not-written');
    const run = await cli('pack', '--data', data, '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Load failed: 1 problem; nothing was loaded\.\n  loans, row 2, column "classification": expected .*, got "bogus"\n$/);
    expect(() => readdirSync(out)).toThrow();
  });

  it('needs --out, and takes no metric options', async () => {
    const noOut = await cli('pack', '--data', smallBankFolder);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/^strata: pack needs --out <dir>/);
    const metric = await cli('pack', '--data', smallBankFolder, '--out', path.join(dir, 'x'), '--by', 'tier');
    expect(metric.code).toBe(2);
    expect(metric.stderr).toMatch(/^strata: pack takes only --data, --map, --orphans, --out and --json/);
  });
});
