/**
 * A bundle's first load in two steps (load/bundle.ts): the small tables first, the Strata answering
 * from them (`onInteractive`), then the loans and the loan facts. A query reading those waits for
 * them and answers as after a whole load; a failure of the second step is the load's LoadError and
 * leaves the tables empty, as they were. On the small bank's bundle (test/fixtures/small-bank-bundle).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine, LoadError, Strata, type BundleManifest, type Engine } from '@strata/sdk/node';

const BUNDLE = 'test/fixtures/small-bank-bundle/manifest.json';
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const loansNow = async (s: Strata) => (await s.engine.query('SELECT count(*)::DOUBLE AS n FROM loans')).toArray()[0].n as number;

/** A KPI's value by its metric. */
const kpi = (rows: readonly { metric: string; value: number | null }[], metric: string) => rows.find((r) => r.metric === metric)?.value;

/**
 * The real Node engine whose writes of tables nobody reads yet (a staged load's big tables) wait
 * until `release()`: so the test, not the machine's speed, decides what comes first.
 */
async function heldEngine(): Promise<{ engine: Engine; release: () => void }> {
  const real = await createNodeEngine();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const engine: Engine = {
    kind: real.kind,
    get generation() {
      return real.generation;
    },
    query: (sql, params, options) => real.query(sql, params, options),
    insert: async (name, data, options) => {
      if (options?.unread) await gate;
      return real.insert(name, data, options);
    },
    transaction: (work) => real.transaction(work),
    close: () => real.close(),
  };
  return { engine, release };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-staged-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a first load of a bundle', () => {
  it('answers from the cubes before the loans are in; a query reading the loans waits and answers as after the whole load', async () => {
    const { engine, release } = await heldEngine();
    const staged = await Strata.open({ engine });
    const whole = await Strata.open();
    try {
      // `whole` first takes a table, so its bundle load is a reload: one step.
      await whole.load({ customers: 'test/fixtures/small-bank/customers.csv' });
      const wholeReport = await whole.load({ bundle: BUNDLE });
      expect(wholeReport.bundle?.interactiveMs).toBeNull();

      let interactive!: () => void;
      const isInteractive = new Promise<void>((resolve) => (interactive = resolve));
      const load = staged.load({ bundle: BUNDLE }, { onInteractive: () => interactive() });
      await isInteractive;
      // The big tables are held: the cube-answered KPIs answer all the same, the loan list waits.
      let listed = false;
      const rows = staged.rows({ table: 'loans', offset: 0, limit: 50 }).then((r) => ((listed = true), r));
      const kpis = await staged.kpis();
      expect(await loansNow(staged)).toBe(0);
      // The small bank's figures (docs/metrics.md): 4,635,000 yuan over 6 loans at 2024-12-31.
      expect([kpi(kpis, 'balance'), kpi(kpis, 'loans')]).toEqual([4_635_000, 6]);
      expect(plain(kpis)).toEqual(plain(await whole.kpis()));
      expect(await staged.months()).toEqual(['2024-11-30', '2024-12-31']);
      expect(listed).toBe(false);

      release();
      const report = await load;
      expect(report.bundle?.interactiveMs).toBeGreaterThan(0);
      expect(report.bundle?.builtMs).toBeGreaterThan(report.bundle!.interactiveMs!);
      expect(await loansNow(staged)).toBe(12);
      const listedRows = await rows;
      expect(listedRows.map((r) => (r as { loan_id: string }).loan_id).sort()).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L7']);
      expect(plain(listedRows)).toEqual(plain(await whole.rows({ table: 'loans', offset: 0, limit: 50 })));
    } finally {
      await staged.close();
      await whole.close();
    }
  });

  it('reports a failure of the big tables as the load\'s LoadError, and leaves every table empty as it was', async () => {
    // The loans' file as packed (its hash matches), the manifest claiming one row more.
    const folder = join(dir, 'wrong-count');
    await cp('test/fixtures/small-bank-bundle', folder, { recursive: true });
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as BundleManifest;
    manifest.tables.find((t) => t.name === 'loans')!.rows = 13;
    await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest));

    const s = await Strata.open();
    try {
      let interactive = 0;
      let during: Promise<unknown> | undefined;
      const error = await s
        .load({ bundle: join(folder, 'manifest.json') }, {
          onInteractive: () => {
            interactive++;
            during = s.rows({ table: 'loans', offset: 0, limit: 50 });
          },
        })
        .catch((e: unknown) => e);
      expect(interactive).toBe(1);
      expect(error).toBeInstanceOf(LoadError);
      expect((error as LoadError).problems).toEqual([
        { kind: 'file', table: 'loans', row: null, column: null, expected: '13 rows, as the manifest says', got: '12 rows' },
      ]);
      // The query that waited read the tables as the failed load left them: empty, never a part.
      expect(await during).toEqual([]);
      const kpis = await s.kpis();
      expect([kpi(kpis, 'balance'), kpi(kpis, 'loans')]).toEqual([0, 0]);
      expect(await s.months()).toEqual([]);
      const counts = (await s.engine.query('SELECT (SELECT count(*) FROM customers)::DOUBLE AS c, (SELECT count(*) FROM strata_customer_cube)::DOUBLE AS cube')).toArray()[0];
      expect([counts.c, counts.cube]).toEqual([0, 0]);
      // And the good bundle loads after it.
      await s.load({ bundle: BUNDLE });
      const after = await s.kpis();
      expect([kpi(after, 'balance'), kpi(after, 'loans')]).toEqual([4_635_000, 6]);
    } finally {
      await s.close();
    }
  });
});
