/// <reference types="mocha" />
/**
 * Two Strata on one page from '@strata/sdk/browser' (no engine given) hold two banks: each its own
 * tables on the page's one duckdb-wasm worker. Closing one leaves the other answering; the worker
 * ends with the last, and a later open starts another. The figures are worked out by hand from
 * test/fixtures/small.ts (bank A) and the copy below (bank B).
 */
import { expect } from 'chai';
import { recordWorkers } from '../helpers/record-workers.ts';
import { configureAssets, Strata, type BrowserEngine, type KpiRow, type LoadInput, type NplRow } from '@strata/sdk/browser';
import { smallBank } from '../fixtures/small.ts';
import { assets } from '../helpers/browser.ts';

const workers = recordWorkers();
/** Workers terminated from here on: the page's worker ends with its last engine, not before. */
let terminated = 0;
const nativeTerminate = Worker.prototype.terminate;
Worker.prototype.terminate = function (this: Worker) {
  terminated++;
  nativeTerminate.call(this);
};
configureAssets(assets);

/**
 * Bank B: the small bank at 2024-12-31 with L5 (1,900,000) upgraded from doubtful to pass, L7
 * (1,000,000, loss) gone, and customer C8 (no loans, no leads) gone.
 */
const bankB: LoadInput = {
  ...smallBank,
  customers: smallBank.customers.filter((c) => c.customer_id !== 'C8'),
  loans: smallBank.loans
    .filter((l) => l.loan_id !== 'L7')
    .map((l) => (l.loan_id === 'L5' && l.as_of === '2024-12-31' ? { ...l, classification: 'pass' as const } : l)),
};

/** The figures each bank answers at 2024-12-31 (latest month end). */
const expected = {
  // A: L1 990,000 + L2 95,000 + L3 50,000 + L4 600,000 + L5 1,900,000 + L7 1,000,000; NPL L3 + L5 + L7.
  A: {
    kpis: { loans: 6, balance: 4_635_000, npl_ratio: 2_950_000 / 4_635_000, special_mention_ratio: 95_000 / 4_635_000, customers: 8 },
    // retail: L1–L4 (C1–C4), NPL L3; corporate: L5 (C5) and L7 (C7), both NPL.
    npl: { retail: [1_735_000, 50_000], corporate: [2_900_000, 2_900_000] },
    loanRows: 12,
  },
  // B: without L7, L5 a pass loan: NPL L3 only.
  B: {
    kpis: { loans: 5, balance: 3_635_000, npl_ratio: 50_000 / 3_635_000, special_mention_ratio: 95_000 / 3_635_000, customers: 7 },
    npl: { retail: [1_735_000, 50_000], corporate: [1_900_000, 0] },
    loanRows: 11,
  },
};

type Figures = (typeof expected)['A'];

function kpiValues(rows: readonly KpiRow[]): Record<string, number | null> {
  const wanted = Object.keys(expected.A.kpis);
  return Object.fromEntries(rows.filter((r) => wanted.includes(r.metric)).map((r) => [r.metric, r.value]));
}

function nplByKind(rows: readonly NplRow[]): Record<string, [number, number]> {
  return Object.fromEntries(rows.map((r) => [String(r.key), [r.balance, r.npl_balance]]));
}

async function expectBank(strata: Strata, figures: Figures, name: string): Promise<void> {
  const kpis = kpiValues(await strata.kpis());
  for (const [metric, value] of Object.entries(figures.kpis)) {
    expect(kpis[metric], `${name}: kpi ${metric}`).to.be.closeTo(value, 1e-12 * Math.max(1, value));
  }
  expect(nplByKind(await strata.npl({ by: 'kind' })), `${name}: npl by kind`).to.deep.equal(figures.npl);
}

const duckdbWorkers = () => workers.filter((url) => url.includes('duckdb'));

describe('Strata instances on one page (the page’s one duckdb-wasm worker)', function () {
  this.timeout(120_000);
  let a: Strata;
  let b: Strata;

  before(async () => {
    // Opened and loaded at once: the worker starts once, and the two loads interleave on it.
    [a, b] = await Promise.all([Strata.open(), Strata.open()]);
    await Promise.all([a.load(smallBank), b.load(bankB, { compactStaging: true })]);
  });

  after(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
  });

  it('each answers for its own bank, on one worker', async () => {
    await expectBank(a, expected.A, 'A');
    await expectBank(b, expected.B, 'B');
    expect(duckdbWorkers()).to.have.length(1);
    const [ea, eb] = [a.engine as BrowserEngine, b.engine as BrowserEngine];
    expect(ea).to.not.equal(eb);
    expect(ea.duckdb).to.equal(eb.duckdb);
    expect(ea.database).to.not.equal(eb.database);
  });

  it('a load into one leaves the other’s tables as they were', async () => {
    await a.load({ loans: smallBank.loans.filter((l) => l.loan_id !== 'L7') });
    const kpis = kpiValues(await a.kpis());
    // A without L7: 4,635,000 − 1,000,000 = 3,635,000, NPL 1,950,000.
    expect(kpis.balance).to.equal(3_635_000);
    expect(kpis.npl_ratio).to.be.closeTo(1_950_000 / 3_635_000, 1e-15);
    await expectBank(b, expected.B, 'B');
    await a.load({ loans: smallBank.loans });
    await expectBank(a, expected.A, 'A');
  });

  it('another connection sees an engine’s tables after its useDatabaseSql (what Mosaic runs)', async () => {
    const engine = a.engine as BrowserEngine;
    const connection = await engine.duckdb.connect();
    try {
      const count = async (use: string) => {
        await connection.query(use);
        return Number((await connection.query('SELECT count(*) AS n FROM loans')).toArray()[0].n);
      };
      expect(await count(engine.useDatabaseSql)).to.equal(expected.A.loanRows);
      expect(await count((b.engine as BrowserEngine).useDatabaseSql)).to.equal(expected.B.loanRows);
      await connection.query('USE memory');
    } finally {
      await connection.close();
    }
  });

  it('closing one detaches its database only: the other keeps answering, the worker stays', async () => {
    const closedDatabase = (a.engine as BrowserEngine).database;
    await a.close();
    let error: unknown;
    await a.kpis().catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/engine is closed/);
    expect((error as Error).name).to.equal('EngineClosedError');
    await expectBank(b, expected.B, 'B');
    const databases = (await b.engine.query('SELECT database_name FROM duckdb_databases()')).toArray().map((r) => String(r.database_name));
    expect(databases).to.not.include(closedDatabase);
    expect(databases).to.include((b.engine as BrowserEngine).database);
    expect(terminated).to.equal(0);
    expect(duckdbWorkers()).to.have.length(1);
  });

  it('the last close ends the worker; a later open starts a new one and works', async () => {
    await b.close();
    expect(terminated).to.equal(1);
    const c = await Strata.open();
    try {
      expect(duckdbWorkers()).to.have.length(2);
      await c.load(bankB);
      await expectBank(c, expected.B, 'C (bank B)');
    } finally {
      await c.close();
    }
    expect(terminated).to.equal(2);
  });

  it('two Strata given the same engine share its tables (and its close)', async () => {
    const first = await Strata.open();
    const second = await Strata.open({ engine: first.engine });
    try {
      await first.load(smallBank);
      await expectBank(second, expected.A, 'second, on first’s engine');
      expect(duckdbWorkers()).to.have.length(3);
    } finally {
      await first.close();
    }
    let error: unknown;
    await second.kpis().catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/engine is closed/);
    expect((error as Error).name).to.equal('EngineClosedError');
  });
});
