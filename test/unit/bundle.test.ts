/**
 * Bundles (docs/bundle.md): `strata pack` of a synthetic bank, then `load({ bundle })` against a
 * load of the same folder's files. Every metric of the catalog must give the same rows; a file
 * that no longer matches its hash is checked again, and one made invalid fails as it would loaded
 * on its own, leaving the tables as they were.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadError, Strata, TABLE_NAMES, type BundleManifest, type LoadInput, type TableName } from '@strata/sdk/node';
import { writeDataset } from '@strata/synth/node';
import { METRIC_CATALOG, METRIC_NAMES } from '../../packages/sdk/src/catalog.ts';
import { run as runCli } from '../../packages/sdk/src/cli/run.ts';
import { parquetBytes } from '../helpers/parquet.ts';

/** Options for the metrics that need some. */
const METRIC_OPTIONS: Partial<Record<string, object>> = { segments: { by: 'tier' }, attainment: { by: 'branch' } };

let dir: string;
let raw: Strata;
let bundled: Strata;
/** The synthetic bank's files as written. */
let rawFolder: string;
let bundleFolder: string;

async function pack(data: string, out: string): Promise<string> {
  let text = '';
  const code = await runCli(['pack', '--data', data, '--out', out], { out: (t) => (text += `${t}\n`), err: (t) => (text += `${t}\n`) });
  expect(code, text).toBe(0);
  return text;
}

/** Every table's file of a folder (a bundle's derived tables left out), as a load of files takes them (by path). */
async function filesOf(folder: string): Promise<LoadInput> {
  const names = (await readdir(folder)).filter((f) => (TABLE_NAMES as readonly string[]).includes(f.replace(/\.parquet$/, '')));
  return Object.fromEntries(names.map((f) => [f.replace(/\.[a-z]+$/, ''), join(folder, f)]));
}

/** A copy of the bundle whose `table` file is rewritten by `edit` (the manifest left as packed). */
async function tampered(name: string, table: TableName, edit: (engine: Strata['engine']) => Promise<Uint8Array>): Promise<string> {
  const folder = join(dir, name);
  await cp(bundleFolder, folder, { recursive: true });
  await writeFile(join(folder, `${table}.parquet`), await edit(bundled.engine));
  return folder;
}

async function filesOfCsv(folder: string): Promise<LoadInput> {
  const names = (await readdir(folder)).filter((f) => f.endsWith('.csv'));
  return Object.fromEntries(names.map((f) => [f.replace(/\.csv$/, ''), join(folder, f)]));
}

const plain = (rows: readonly unknown[]) => JSON.parse(JSON.stringify(rows)) as unknown[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-bundle-'));
  rawFolder = join(dir, 'raw');
  bundleFolder = join(dir, 'bundle');
  await writeDataset(rawFolder, { loanRows: 6_000, seed: 5, format: 'parquet' });
  await pack(rawFolder, bundleFolder);
  raw = await Strata.open();
  await raw.load(await filesOf(rawFolder), { replace: 'all' });
  bundled = await Strata.open();
}, 120_000);

afterAll(async () => {
  await raw?.close();
  await bundled?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a bundle', () => {
  it('loads without the checks when every file matches its hash', async () => {
    const report = await bundled.load({ bundle: join(bundleFolder, 'manifest.json') });
    const manifest = JSON.parse(await readFile(join(bundleFolder, 'manifest.json'), 'utf8')) as BundleManifest;
    // A first load into empty tables: the small tables first, then the loans and the loan facts.
    expect(report.bundle).toEqual({
      manifest: join(bundleFolder, 'manifest.json'),
      verified: manifest.tables.map((t) => t.name),
      rechecked: [],
      derivedLayer: 'packed',
      interactiveMs: expect.any(Number),
      builtMs: expect.any(Number),
    });
    expect(report.bundle!.interactiveMs).toBeLessThan(report.bundle!.builtMs);
    for (const t of manifest.tables) expect(report.rows[t.name]).toBe(t.rows);
  });

  it.each(METRIC_NAMES)('gives the same %s as a load of the raw files', async (metric) => {
    const options = METRIC_OPTIONS[metric] ?? {};
    const call = (s: Strata) => (s[metric] as (o: object) => Promise<unknown[]>).call(s, options);
    expect(METRIC_CATALOG[metric]).toBeDefined();
    const expected = plain(await call(raw));
    expect(expected.length).toBeGreaterThan(0);
    expect(plain(await call(bundled))).toEqual(expected);
  });

  it('checks a file again when its bytes changed, and loads it when it is still right', async () => {
    // The same rows written again without compression: other bytes, the same table.
    const folder = await tampered('rewritten', 'loans', async (engine) => parquetBytes(await engine.query('SELECT * FROM loans')));
    const s = await Strata.open();
    try {
      const report = await s.load({ bundle: join(folder, 'manifest.json') });
      expect(report.bundle?.rechecked).toEqual(['loans']);
      expect(report.bundle?.verified).not.toContain('loans');
      expect(report.bundle?.derivedLayer).toBe('derived');
      expect(plain(await s.kpis())).toEqual(plain(await raw.kpis()));
    } finally {
      await s.close();
    }
  });

  it('fails as a load of the same files does when a changed file is invalid, and changes nothing', async () => {
    const folder = await tampered('invalid', 'loans', async (engine) => {
      return parquetBytes(await engine.query(`SELECT * REPLACE (CASE WHEN row_number() OVER () = 3 THEN 'bogus' ELSE classification END AS classification) FROM loans`));
    });
    const before = plain(await bundled.kpis());
    const error = await bundled.load({ bundle: join(folder, 'manifest.json') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    // The same files loaded as files (a failed load leaves `raw` as it was).
    const asFiles = await raw.load(await filesOf(folder), { replace: 'all' }).catch((e: unknown) => e);
    expect(asFiles).toBeInstanceOf(LoadError);
    expect((error as LoadError).problems).toEqual((asFiles as LoadError).problems);
    expect((error as LoadError).problems.some((p) => p.table === 'loans' && p.column === 'classification' && p.got === 'bogus')).toBe(true);
    expect(plain(await bundled.kpis())).toEqual(before);
  });

  it('refuses a manifest of another schema version, naming the version to pack with', async () => {
    const manifest = JSON.parse(await readFile(join(bundleFolder, 'manifest.json'), 'utf8')) as BundleManifest;
    const error = (await bundled.load({ bundle: { ...manifest, schemaVersion: 99 }, base: bundleFolder }).catch((e: unknown) => e)) as LoadError;
    expect(error).toBeInstanceOf(LoadError);
    expect(error.problems).toEqual([
      { kind: 'file', table: 'loans', row: null, column: 'manifest', expected: expect.stringContaining('schema version 2'), got: 'schema version 99' },
    ]);
  });

  it('derives tiers and groups at load under rules other than the pack\'s, with the figures of a raw load under them', async () => {
    const rules = { corporate: { midDeposits: 2_000_000 }, lifecycle: { dormantDays: 30 } };
    const [fromBundle, fromFiles] = await Promise.all([Strata.open({ rules }), Strata.open({ rules })]);
    try {
      const report = await fromBundle.load({ bundle: join(bundleFolder, 'manifest.json') });
      expect(report.bundle?.derivedLayer).toBe('derived');
      await fromFiles.load(await filesOf(rawFolder));
      for (const metric of ['segments', 'kpis', 'npl'] as const) {
        const options = METRIC_OPTIONS[metric] ?? {};
        const call = (s: Strata) => (s[metric] as (o: object) => Promise<unknown[]>).call(s, options);
        expect(plain(await call(fromBundle)), metric).toEqual(plain(await call(fromFiles)));
      }
      expect(plain(await fromBundle.segments({ by: 'tier' }))).not.toEqual(plain(await raw.segments({ by: 'tier' })));
    } finally {
      await fromBundle.close();
      await fromFiles.close();
    }
  });

  it('takes the manifest as an object, its files beside `base`', async () => {
    const manifest = JSON.parse(await readFile(join(bundleFolder, 'manifest.json'), 'utf8')) as BundleManifest;
    const report = await bundled.load({ bundle: manifest, base: bundleFolder });
    // A reload is one step: the views never show the new small tables beside the old loans.
    expect(report.bundle).toEqual({ manifest: null, verified: manifest.tables.map((t) => t.name), rechecked: [], derivedLayer: 'packed', interactiveMs: null, builtMs: expect.any(Number) });
  });

  it('keeps a yes/no column that holds no value at all (loaded as BOOLEAN)', async () => {
    // The small bank's customers without is_strategic and is_payroll: both columns all NULL.
    const folder = join(dir, 'no-flags');
    await mkdir(folder);
    for (const f of await readdir('test/fixtures/small-bank')) if (f.endsWith('.csv')) await cp(join('test/fixtures/small-bank', f), join(folder, f));
    const [header, ...lines] = (await readFile(join(folder, 'customers.csv'), 'utf8')).trimEnd().split('\n');
    const drop = ['is_strategic', 'is_payroll'].map((c) => header!.split(',').indexOf(c));
    const keep = (line: string) => line.split(',').filter((_, i) => !drop.includes(i)).join(',');
    await writeFile(join(folder, 'customers.csv'), [header!, ...lines].map(keep).join('\n'));
    const out = join(dir, 'no-flags-bundle');
    await pack(folder, out);
    const s = await Strata.open();
    try {
      const report = await s.load({ bundle: join(out, 'manifest.json') });
      expect(report.bundle?.rechecked).toEqual([]);
      const types = await s.engine.query(`SELECT column_type FROM (DESCRIBE customers) WHERE column_name IN ('is_strategic', 'is_payroll')`);
      expect(types.toArray().map((r) => r.column_type)).toEqual(['BOOLEAN', 'BOOLEAN']);
      const fromFiles = await Strata.open();
      await fromFiles.load(await filesOfCsv(folder));
      expect(plain(await s.segments({ by: 'tier' }))).toEqual(plain(await fromFiles.segments({ by: 'tier' })));
      await fromFiles.close();
    } finally {
      await s.close();
    }
  });
});
