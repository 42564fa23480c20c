/// <reference types="mocha" />
/**
 * The benchmark's Mosaic side (test/bench/page/mosaic.ts) computes the same numbers as Strata's
 * SDK: a mosaic-core Coordinator over the Strata engine's own duckdb-wasm database, for segments,
 * npl and funnel, unfiltered and under a tier and a branch clause. Nothing leaves the page.
 */
import { expect } from 'chai';
import { recordWorkers } from '../helpers/record-workers.ts';
import { createBrowserEngine, Strata, type BrowserEngine, type FilterClause } from '@strata/sdk/browser';
import { generate } from '@strata/synth';
import { nplQuery } from '../../packages/sdk/src/queries/npl.ts';
import { segmentsQuery } from '../../packages/sdk/src/queries/segments.ts';
import { openMosaic, type MosaicFilter, type MosaicRow, type MosaicSide } from '../bench/page/mosaic.ts';
import { askSdk } from '../bench/page/shared.ts';
import { assets } from '../helpers/browser.ts';

/** Every fetch and every worker the page starts from here on (Mosaic's CDN path would do both). */
const fetched: string[] = [];
const nativeFetch = window.fetch.bind(window);
window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  fetched.push(new URL(input instanceof Request ? input.url : String(input), location.href).href);
  return nativeFetch(input, init);
};
const workers = recordWorkers();

type Metric = 'segments' | 'npl' | 'funnel';
type Sdk = Record<string, unknown>;

/** Mosaic's rows equal Strata's: same columns, same keys in the same order, numbers within 1e-9 relative. */
function expectSameRows(mosaic: MosaicRow[], strata: readonly Sdk[], what: string): void {
  expect(mosaic.length, `${what}: row count`).to.equal(strata.length);
  const keyOf = (row: Record<string, unknown>) => `${String(row.key)}|${String(row.stage ?? '')}`;
  expect(mosaic.map(keyOf), `${what}: keys`).to.deep.equal(strata.map(keyOf));
  strata.forEach((expected, i) => {
    const got = mosaic[i]!;
    expect(Object.keys(got).sort(), `${what}: columns`).to.deep.equal(Object.keys(expected).sort());
    for (const [name, want] of Object.entries(expected)) {
      const value = got[name];
      const where = `${what}: row ${keyOf(expected)} ${name}`;
      if (typeof want === 'number' && typeof value === 'number') {
        const scale = Math.max(Math.abs(want), Math.abs(value));
        expect(Math.abs(value - want) <= 1e-9 * scale, `${where}: ${value} vs ${want}`).to.equal(true);
      } else {
        expect(value, where).to.equal(want);
      }
    }
  });
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('Mosaic (mosaic-core wasm connector) on the Strata engine’s database', function () {
  this.timeout(120_000);
  const bank = generate({ seed: 7, loanRows: 3000 });
  let engine: BrowserEngine;
  let strata: Strata;
  let side: MosaicSide;
  let workersBefore: string[];
  let tier: string;
  let branch: string;

  before(async () => {
    engine = await createBrowserEngine(assets);
    strata = await Strata.open({ engine });
    await strata.load(bank);
    workersBefore = [...workers];
    side = await openMosaic(engine);
    // Filter values with data behind them in all three facts: the largest tier and branch by
    // balance among those with leads in the default campaign.
    const pick = async (by: 'tier' | 'branch') => {
      const withLeads = new Set((await strata.funnel({ by })).filter((r) => r.count > 0).map((r) => r.key));
      const row = (await strata.segments({ by, measure: 'balance' })).find((r) => r.balance > 0 && withLeads.has(r.key));
      if (typeof row?.key !== 'string') throw new Error(`no ${by} with both loans and leads in the generated bank`);
      return row.key;
    };
    tier = await pick('tier');
    branch = await pick('branch');
  });

  after(() => strata?.filters.clear());

  it('the connector runs on the engine’s own AsyncDuckDB: no second database, no worker of its own', async () => {
    const connector = side.coordinator.databaseConnector() as unknown as { _db?: unknown; getDuckDB(): Promise<unknown> };
    expect(await connector.getDuckDB()).to.equal(engine.duckdb);
    expect(workers.slice(workersBefore.length), 'workers started by Mosaic').to.deep.equal([]);
    const { rows } = await side.rawSql('SELECT count(*)::DOUBLE AS n FROM loans');
    expect(rows).to.deep.equal([{ n: bank.loans.length }]);
  });

  const filters: { name: string; filter: () => MosaicFilter | undefined; clause: () => FilterClause | undefined }[] = [
    { name: 'no filter', filter: () => undefined, clause: () => undefined },
    {
      name: 'tier',
      filter: () => ({ field: 'tier', value: tier }),
      clause: () => ({ field: 'tier', op: 'in', values: [tier], source: 'parity' }),
    },
    {
      name: 'branch_id',
      filter: () => ({ field: 'branch_id', value: branch }),
      clause: () => ({ field: 'branch', op: 'in', values: [branch], source: 'parity' }),
    },
  ];

  async function sdk(metric: Metric, clause: FilterClause | undefined, campaign?: string): Promise<Sdk[]> {
    strata.filters.clear();
    if (clause) strata.filters.set(clause);
    return [...(await askSdk(strata, metric, campaign))] as unknown as Sdk[];
  }

  for (const metric of ['segments', 'npl', 'funnel'] as const) {
    for (const f of filters) {
      it(`${metric}, ${f.name}: Mosaic's rows equal the SDK's`, async () => {
        const expected = await sdk(metric, f.clause());
        const { rows, ms } = await side[metric](f.filter());
        expect(expected.length, 'the SDK found rows to compare').to.be.greaterThan(0);
        expectSameRows(rows, expected, `${metric} (${f.name})`);
        expect(ms).to.be.a('number').and.greaterThan(0);
        if (metric === 'segments' && f.name === 'tier') {
          console.log(`parity evidence, segments by tier under tier=${tier}: SDK ${JSON.stringify(expected)} / Mosaic ${JSON.stringify(rows)} in ${ms.toFixed(1)} ms`);
        }
      });
    }
  }

  it('real values: balances at the latest month end and a campaign’s leads match the generated data', async () => {
    const latest = bank.loans.reduce((m, l) => (l.as_of > m ? l.as_of : m), '');
    const atLatest = bank.loans.filter((l) => l.as_of === latest);
    const balance = sum(atLatest.map((l) => l.balance));
    const npl = sum(atLatest.filter((l) => ['substandard', 'doubtful', 'loss'].includes(l.classification)).map((l) => l.balance));
    const segments = (await side.segments()).rows;
    expect(sum(segments.map((r) => r.balance as number))).to.be.closeTo(balance, balance * 1e-9);
    expect(sum(segments.map((r) => r.npl_balance as number))).to.be.closeTo(npl, npl * 1e-9 + 1e-9);
    expect(sum(segments.map((r) => r.share as number))).to.be.closeTo(1, 1e-9);
    expect(sum(segments.map((r) => r.customers as number))).to.equal(bank.customers.length);
    const nplRows = (await side.npl()).rows;
    expect(sum(nplRows.map((r) => r.loans as number))).to.equal(atLatest.length);

    const campaign = bank.campaigns[0]!.campaign_id;
    const leads = bank.pipeline.filter((p) => p.campaign_id === campaign);
    const funnel = (await side.funnel(undefined, campaign)).rows;
    expectSameRows(funnel, await sdk('funnel', undefined, campaign), `funnel (campaign ${campaign})`);
    expect(funnel.map((r) => r.stage)).to.deep.equal(['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed']);
    expect(funnel[0]!.count).to.equal(leads.length);
    expect(funnel[0]!.overall_conversion).to.equal(1);
    expect(funnel[5]!.count).to.equal(leads.filter((p) => p.stage === 'disbursed').length);
  });

  it('a value with quotes is a literal, never SQL: it matches nothing, as in the SDK', async () => {
    const value = "corp_gold' OR '1'='1";
    for (const metric of ['segments', 'npl', 'funnel'] as const) {
      const expected = await sdk(metric, { field: 'tier', op: 'in', values: [value], source: 'parity' });
      const { rows } = await side[metric]({ field: 'tier', value });
      expect(expected, `${metric}: SDK`).to.deep.equal([]);
      expect(rows, `${metric}: Mosaic`).to.deep.equal([]);
    }
    expect(side.sqlOf('npl', { field: 'tier', value })).to.contain(`'corp_gold'' OR ''1''=''1'`);
  });

  it('rawSql runs the SDK’s own SQL text (bound values inlined as literals) to the same rows', async () => {
    const plainSql = await sdk('segments', undefined);
    const rows = await strata.segments({ by: 'tier', measure: 'balance' });
    expectSameRows((await side.rawSql(rows.sql)).rows, plainSql, 'segments via rawSql');

    const clauses: FilterClause[] = [{ field: 'tier', op: 'in', values: [tier], source: 'parity' }];
    const npl = nplQuery({ clauses }, { by: 'industry_class' });
    expect(npl.params.length).to.be.greaterThan(0);
    expectSameRows((await side.rawSql(npl.sql, npl.params)).rows, await sdk('npl', clauses[0]), 'npl via rawSql, tier');
    const seg = segmentsQuery({ clauses: [{ field: 'branch', op: 'in', values: [branch], source: 'parity' }] }, { by: 'tier', measure: 'balance' });
    expectSameRows(
      (await side.rawSql(seg.sql, seg.params)).rows,
      await sdk('segments', { field: 'branch', op: 'in', values: [branch], source: 'parity' }),
      'segments via rawSql, branch',
    );
  });

  it('no request left the page: every resource, fetch and worker came from the test server', () => {
    const resources = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(resources.length).to.be.greaterThan(0);
    const foreign = [...resources, ...fetched, ...workers].filter((url) => new URL(url).origin !== location.origin || url.startsWith('blob:'));
    expect(foreign).to.deep.equal([]);
    // mosaic-core's pinned duckdb-wasm build is never instantiated: no wasm or worker file of it loaded.
    expect(resources.filter((url) => /duckdb-wasm@(?!1\.32\.0)[^/]*\/.*\.(wasm|worker\.js)/.test(url))).to.deep.equal([]);
    expect(workers.filter((url) => url.includes('duckdb'))).to.have.length(1);
  });
});
