/**
 * The data-layer suite, written once and run on every engine: duckdb-wasm's Node build under
 * vitest, and its browser build in Chromium. It takes the runner's describe/it/before and a
 * chai-style expect (vitest's expect speaks chai too), so it depends on neither runner.
 */
import { Strata, type AttainmentRow, type Engine, type FilterClause, type FilterValue, type FunnelRow } from '@strata/sdk';
import { METRIC_NAMES } from '../../packages/sdk/src/catalog.ts';
import { attainmentQuery } from '../../packages/sdk/src/queries/attainment.ts';
import { kpisQuery } from '../../packages/sdk/src/queries/kpis.ts';
import type { MetricContext } from '../../packages/sdk/src/queries/metrics.ts';
import { migrationQuery, migrationRatesQuery } from '../../packages/sdk/src/queries/migration.ts';
import { classMixQuery, nplQuery, nplTrendQuery } from '../../packages/sdk/src/queries/npl.ts';
import { funnelQuery, lostReasonsQuery, overdueQuery } from '../../packages/sdk/src/queries/pipeline.ts';
import type { Query } from '../../packages/sdk/src/queries/query.ts';
import { rowCountQuery, rowsQuery } from '../../packages/sdk/src/queries/rows.ts';
import { cadenceQuery, coverageQuery, pendingQuery } from '../../packages/sdk/src/queries/follow-ups.ts';
import { segmentsQuery } from '../../packages/sdk/src/queries/segments.ts';
import { vintageQuery } from '../../packages/sdk/src/queries/vintage.ts';
import { smallBank } from '../fixtures/small.ts';
import {
  attainmentBy,
  funnelBy,
  latestAsOf,
  migrationMatrix,
  migrationRates,
  nplBy,
  nplFigures,
  previousAsOf,
  segmentsBy,
  sum,
  type AttainmentFigures,
  type Bank,
} from '../reference.ts';
import { cubesSuite } from './cubes.ts';
import { dashboardFiltersSuite } from './dashboard-filters.ts';
import { definitionsSuite } from './definitions.ts';
import { engineOrderSuite } from './engine-order.ts';
import { listsSuite } from './lists.ts';
import { rangesSuite } from './ranges.ts';
import { hostileSuite } from './hostile.ts';
import { keysSuite } from './keys.ts';
import { planSuite } from './plan.ts';

export interface Harness {
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: () => Promise<void> | void) => void;
  before: (body: () => Promise<void> | void) => void;
  after: (body: () => Promise<void> | void) => void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  expect: (actual: unknown, message?: string) => any;
  createEngine: () => Promise<Engine>;
  /** A larger generated bank to compare against the reference, when the runner can afford it. */
  syntheticBank?: () => Bank;
}

const close = (a: number | null | undefined, b: number | null | undefined, tolerance = 1e-9) =>
  a === b || (a !== null && a !== undefined && b !== null && b !== undefined && Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b)));

export function dataLayerSuite(h: Harness): void {
  const { describe, it, before, after, expect } = h;
  const expectClose = (actual: number | null | undefined, expected: number | null | undefined, what: string) =>
    expect(close(actual, expected), `${what}: ${actual} ≠ ${expected}`).to.equal(true);
  /** Attainment rows equal to the reference's, field by field, in order of rank (none last). */
  const expectAttainment = (rows: readonly AttainmentRow[], ref: readonly AttainmentFigures[], what: string) => {
    expect(rows.map((r) => r.key).sort(), `${what}: keys`).to.deep.equal(ref.map((r) => r.key).sort());
    for (const row of rows) {
      const r = ref.find((x) => x.key === row.key)!;
      for (const field of ['actual', 'target', 'attainment', 'actual_share', 'pace'] as const) expectClose(row[field], r[field], `${what} ${row.key} ${field}`);
      expect([row.period, row.ahead, row.rank, row.bottom_five], `${what} ${row.key}`).to.deep.equal([r.period, r.ahead, r.rank, r.bottom_five]);
    }
    const ranks = rows.map((r) => r.rank ?? Infinity);
    expect(ranks, `${what}: by rank`).to.deep.equal([...ranks].sort((a, b) => a - b));
  };

  describe('metrics on the small bank (hand-checkable, and against plain TypeScript)', () => {
    let strata: Strata;
    const bank: Bank = smallBank;
    before(async () => {
      strata = await Strata.open({ engine: await h.createEngine() });
      await strata.load(smallBank);
    });
    after(async () => {
      await strata.close();
    });

    it('npl: the bank-wide figures at the latest month end', async () => {
      const row = (await strata.npl())[0]!;
      // 990k + 95k + 50k + 600k + 1.9M + 1M; NPL = 50k substandard + 1.9M doubtful + 1M loss.
      expect(row.balance).to.equal(4_635_000);
      expect(row.npl_balance).to.equal(2_950_000);
      const ref = nplFigures(bank.loans.filter((l) => l.as_of === '2024-12-31'));
      expectClose(row.npl_ratio, ref.npl_ratio, 'npl_ratio');
      expectClose(row.npl_ratio_count, ref.npl_ratio_count, 'npl_ratio_count');
      expectClose(row.special_mention_ratio, 95_000 / 4_635_000, 'special_mention_ratio');
    });

    for (const by of ['industry_class', 'tier', 'kind', 'has_loan', 'product', 'branch', 'classification'] as const) {
      it(`npl by ${by} equals the reference`, async () => {
        const rows = await strata.npl({ by });
        const ref = nplBy(bank, by);
        expect(rows.length).to.equal(ref.size);
        for (const row of rows) {
          const r = ref.get(row.key);
          expect(r, `segment ${row.key}`).to.not.equal(undefined);
          expectClose(row.balance, r!.balance, `${row.key} balance`);
          expectClose(row.npl_balance, r!.npl_balance, `${row.key} npl_balance`);
          expectClose(row.npl_ratio, r!.npl_ratio, `${row.key} npl_ratio`);
          expectClose(row.npl_ratio_count, r!.npl_ratio_count, `${row.key} npl_ratio_count`);
          expectClose(row.special_mention_ratio, r!.special_mention_ratio, `${row.key} special_mention_ratio`);
        }
        expectClose(sum(rows.map((r) => r.balance_share ?? 0)), 1, 'shares sum to 1');
      });
    }

    it('npl at an earlier month end', async () => {
      const row = (await strata.npl({ asOf: '2024-11-30' }))[0]!;
      expect(row.balance).to.equal(4_250_000);
      expectClose(row.npl_ratio, 2_000_000 / 4_250_000, 'npl_ratio November');
    });

    it('tiers follow the rules: every corporate and retail tier appears where expected', async () => {
      const rows = await strata.segments({ by: 'tier' });
      const tiers = Object.fromEntries(rows.map((r) => [r.key, r.customers]));
      expect(tiers).to.deep.equal({
        corp_gold: 1, // strategic (总对总)
        corp_high_end: 1, // 12M deposits
        corp_mid: 1, // 6M deposits
        corp_general: 1,
        retail_high_end: 2, // AUM 1.5M, and a 600k business loan
        retail_potential: 1, // AUM 300k
        retail_general: 1,
      });
    });

    for (const by of ['tier', 'industry_class', 'branch', 'kind', 'has_loan'] as const) {
      it(`segments by ${by} equal the reference, shares sum to 1`, async () => {
        for (const measure of ['customers', 'balance', 'deposits', 'contribution'] as const) {
          const rows = await strata.segments({ by, measure });
          const ref = segmentsBy(bank, by);
          expect(rows.length).to.equal(ref.size);
          for (const row of rows) {
            const r = ref.get(row.key)!;
            expect(row.customers).to.equal(r.customers);
            expect(row.borrowers).to.equal(r.borrowers.size);
            expectClose(row.balance, r.balance, `${row.key} balance`);
            expectClose(row.deposits, r.deposits, `${row.key} deposits`);
            expectClose(row.contribution, r.contribution, `${row.key} contribution`);
          }
          const total = sum([...ref.values()].map((r) => (measure === 'balance' ? r.balance : r[measure])));
          for (const row of rows) {
            const r = ref.get(row.key)!;
            expectClose(row.share, (measure === 'balance' ? r.balance : r[measure]) / total, `${row.key} share of ${measure}`);
          }
        }
      });
    }

    it('nplTrend gives each month end', async () => {
      const rows = await strata.nplTrend();
      expect(rows.map((r) => r.as_of)).to.deep.equal(['2024-11-30', '2024-12-31']);
      for (const row of rows) expectClose(row.npl_ratio, nplFigures(bank.loans.filter((l) => l.as_of === row.as_of)).npl_ratio, row.as_of);
      const limited = await strata.nplTrend({ from: '2024-12-01' });
      expect(limited.map((r) => r.as_of)).to.deep.equal(['2024-12-31']);
    });

    it('classMix: five-category balances sum to the total', async () => {
      const rows = await strata.classMix({ by: 'as_of' });
      expect(rows.map((r) => r.key)).to.deep.equal(['2024-11-30', '2024-12-31']);
      const dec = rows[1];
      expect([dec.pass, dec.special_mention, dec.substandard, dec.doubtful, dec.loss]).to.deep.equal([1_590_000, 95_000, 50_000, 1_900_000, 1_000_000]);
      expect(dec.total).to.equal(4_635_000);
    });

    it('migration: matrix rows sum to 1 and match the reference', async () => {
      const rows = await strata.migration();
      const ref = migrationMatrix(bank, '2024-11-30', '2024-12-31');
      expect(rows.length).to.equal(5 * 6);
      for (const from of ['pass', 'special_mention', 'substandard']) {
        const shares = rows.filter((r) => r.from_class === from);
        expectClose(sum(shares.map((r) => r.share ?? 0)), 1, `${from} row sums to 1`);
        for (const r of shares) expectClose(r.share ?? 0, ref.shares.get(`${from}→${r.to_class}`) ?? 0, `${from}→${r.to_class}`);
      }
      // Pass at November: L1 1M, L2 100k, L4 600k, L6 500k (gone in December): 500k/2.2M exited.
      expectClose(rows.find((r) => r.from_class === 'pass' && r.to_class === 'exited')?.share, 500_000 / 2_200_000, 'pass→exited');
      for (const r of rows.filter((r) => r.from_class === 'doubtful')) expect(r.share).to.equal(null);
    });

    it("migration rates: the regulator's formula, equal to the reference", async () => {
      const rows = await strata.migrationRates({ from: '2024-11-30', to: '2024-12-31' });
      const ref = migrationRates(bank, '2024-11-30', '2024-12-31');
      expect(rows.map((r) => r.from_class)).to.deep.equal(['pass', 'special_mention', 'substandard', 'doubtful', 'loss', 'normal_loans']);
      for (const row of rows) {
        const r = ref.get(row.from_class)!;
        for (const field of ['balance', 'downgraded_balance', 'exited_balance', 'repaid', 'reduction', 'rate'] as const) {
          expectClose(row[field], r[field], `${row.from_class} ${field}`);
        }
      }
      // L1 repaid 10k, L2 5k (pass); L5 100k (substandard). L2 went to special mention at 95k:
      // pass 迁徙率 = 95k / (2.2M − 500k L6 gone − 15k) = 95k / 1.685M.
      expect(rows.find((r) => r.from_class === 'pass')?.repaid).to.equal(15_000);
      expect(rows.find((r) => r.from_class === 'substandard')?.repaid).to.equal(100_000);
      expectClose(rows.find((r) => r.from_class === 'pass')?.rate, 95_000 / 1_685_000, 'pass rate');
      expect(rows.find((r) => r.from_class === 'loss')?.rate).to.equal(null);
    });

    it('vintage: cumulative NPL over original amount by months on book', async () => {
      const rows = await strata.vintage();
      // One cohort (2024-06): original = first balances 1M+100k+50k+600k+2M+500k + L7's 1M.
      expect(rows.map((r) => [r.cohort, r.mob])).to.deep.equal([
        ['2024-06', 5],
        ['2024-06', 6],
      ]);
      expect(rows[0].original_amount).to.equal(5_250_000);
      expect(rows[0].npl_balance).to.equal(2_000_000);
      expect(rows[1].npl_balance).to.equal(2_000_000 + 50_000 + 1_000_000);
    });

    it('funnel: reached counts, step and overall conversion, per branch', async () => {
      const rows = await strata.funnel({ campaign: 'K1', by: 'branch' });
      const ref = funnelBy(bank, 'K1', (lead) => lead.branch_id);
      for (const [key, r] of ref) {
        const mine = rows.filter((row) => row.key === key);
        expect(mine.map((m) => m.count)).to.deep.equal(r.count);
        expect(mine.map((m) => m.amount)).to.deep.equal(r.amount);
        expect(mine.map((m) => m.current)).to.deep.equal(r.current);
        mine.forEach((m, k) => {
          expectClose(m.step_conversion, k === 0 ? null : r.count[k]! / r.count[k - 1]!, `${key} step ${k}`);
          expectClose(m.overall_conversion, r.count[k]! / r.count[0]!, `${key} overall ${k}`);
        });
      }
      expect(rows.find((r) => r.key === 'B1')?.label).to.equal('城北支行');
    });

    it('lost reasons and overdue follow-ups', async () => {
      const lost = await strata.lostReasons({ campaign: 'K1' });
      expect(lost.map((r) => [r.reason, r.count, r.amount])).to.deep.equal([
        ['利率不满意', 1, 50_000],
        ['资质不符', 1, 30_000],
      ]);
      // Open leads idle > 14 days at 2024-12-31: P5 (60 days, M1), P8 (56, M2), P10 (90, M2).
      const overdue = await strata.overdueFollowUps({ campaign: 'K1', days: 14 });
      expect(overdue.map((r) => [r.key, r.count, r.max_days])).to.deep.equal([
        ['M2', 2, 90],
        ['M1', 1, 60],
      ]);
    });

    it('attainment: actual vs target vs pace, ranked, per branch and manager', async () => {
      for (const by of ['branch', 'manager'] as const) {
        for (const metric of ['loan_amount', 'cards'] as const) {
          for (const asOf of ['2024-11-30', '2024-12-31']) {
            const rows = await strata.attainment({ campaign: 'K1', by, metric, asOf });
            expectAttainment(rows, attainmentBy(bank, 'K1', by, metric, asOf).rows, `${by} ${metric} at ${asOf}`);
          }
        }
      }
      const [b1] = await strata.attainment({ campaign: 'K1', by: 'branch', asOf: '2024-12-31' });
      // P1 600k + P2 200k disbursed in the campaign; the card (P3) is not a loan; target 1M.
      expect([b1.key, b1.label, b1.actual, b1.attainment, b1.pace, b1.period, b1.rank]).to.deep.equal(['B1', '城北支行', 800_000, 0.8, 1, 'running', 1]);
    });

    it('kpis: each figure with its previous month end', async () => {
      const rows = await strata.kpis({ campaign: 'K1' });
      const kpi = Object.fromEntries(rows.map((r) => [r.metric, r]));
      const dec = nplFigures(bank.loans.filter((l) => l.as_of === '2024-12-31'));
      const nov = nplFigures(bank.loans.filter((l) => l.as_of === '2024-11-30'));
      expect([kpi.loans.value, kpi.loans.previous]).to.deep.equal([6, 6]);
      expect([kpi.balance.value, kpi.balance.previous, kpi.balance.change]).to.deep.equal([dec.balance, nov.balance, dec.balance - nov.balance]);
      expectClose(kpi.npl_ratio.value, dec.npl_ratio, 'npl now');
      expectClose(kpi.npl_ratio.previous, nov.npl_ratio, 'npl before');
      expectClose(kpi.special_mention_ratio.value, dec.special_mention_ratio, 'sm now');
      // C8 opened 2024-11-15: counted at both month ends.
      expect([kpi.customers.value, kpi.customers.previous]).to.deep.equal([8, 8]);
      expect(kpi.deposits.value).to.equal(sum(bank.customers.map((c) => c.deposits_avg ?? 0)));
      const att = attainmentBy(bank, 'K1', 'branch', 'loan_amount', '2024-12-31');
      expectClose(kpi.attainment.value, sum(att.rows.map((r) => r.actual)) / sum(att.rows.map((r) => r.target ?? 0)), 'attainment');
      expectClose(kpi.pace.value, 1, 'pace at the campaign end');
      // P1 600k + P2 200k (B1) + P7 150k (B2); by 2024-11-30 only P1. The branches' targets: 1M + 500k.
      expect([kpi.actual.value, kpi.actual.previous, kpi.target.value]).to.deep.equal([950_000, 600_000, 1_500_000]);
      expectClose(kpi.attainment.value, 950_000 / 1_500_000, 'attainment by hand');
      expectClose(kpi.attainment.previous, 600_000 / 1_500_000, 'attainment at November');
      expect(kpi.actual_share.value, 'every filter (none) is targeted').to.equal(null);
      expect(rows.map((r) => r.period)).to.deep.equal([null, null, null, null, null, null, 'running', 'running', 'running', 'running', null]);
      expect(rows.every((r) => r.untargeted.length === 0)).to.equal(true);
      expect(kpi.npl_ratio.as_of).to.equal('2024-12-31');
      expect(kpi.npl_ratio.previous_as_of).to.equal('2024-11-30');
    });

    it('rows are plain numbers and text, with the Arrow table and SQL behind them', async () => {
      const rows = await strata.npl({ by: 'product' });
      for (const row of rows) for (const v of Object.values(row)) expect(['number', 'string', 'boolean'].includes(typeof v) || v === null).to.equal(true);
      expect(rows.table!.numRows).to.equal(rows.length);
      // The latest month end's own table of loan facts (npl by product has no cube).
      expect(rows.sql).to.contain('strata_latest_loan_facts');
      expect(rows.source).to.equal('sql');
      // By class, the loan cube answers in memory: no Arrow table, the SQL it equals.
      const byClass = await strata.npl({ by: 'classification' });
      expect([byClass.source, byClass.table]).to.deep.equal(['cube', undefined]);
      expect(byClass.sql).to.contain('strata_loan_cube');
      // Its statement, asked again, gives the same rows from SQL.
      const again = await strata.run(byClass.query);
      expect([again.source, [...again]]).to.deep.equal(['sql', [...byClass]]);
    });

    it('cross-filter: other views follow a clause, its own view excludes it', async () => {
      strata.filters.set({ field: 'tier', op: 'in', values: ['corp_gold', 'corp_high_end'], source: 'tier-chart' });
      try {
        const filtered = await strata.npl();
        const ref = nplBy(bank, undefined, '2024-12-31', (l) => ['C5', 'C7'].includes(l.customer_id)).get('all')!;
        expect(filtered[0].balance).to.equal(ref.balance);
        const own = await strata.segments({ by: 'tier', exclude: 'tier-chart' });
        expect(own.length).to.equal(7);
        // A loan-level clause reaches customer views through the customer.
        strata.filters.set({ field: 'product', op: 'in', values: ['working_capital'], source: 'product-chart' });
        const customers = await strata.segments({ by: 'tier', exclude: 'tier-chart' });
        expect(customers.map((r) => [r.key, r.customers])).to.deep.equal([['corp_high_end', 1]]);
        // A pipeline clause reaches loans through the customer (C1 has a disbursed lead).
        strata.filters.clear();
        strata.filters.set({ field: 'stage', op: 'in', values: ['disbursed'], source: 'funnel' });
        const viaLeads = await strata.npl();
        expect(viaLeads.map((r) => r.balance)).to.deep.equal([990_000 + 50_000]);
        // between and not_in
        strata.filters.clear();
        strata.filters.set({ field: 'industry_class', op: 'between', values: [2, 3], source: 'a' });
        strata.filters.set({ field: 'product', op: 'not_in', values: ['business'], source: 'b' });
        const [combined] = await strata.npl();
        expect(combined.balance).to.equal(95_000 + 50_000);
      } finally {
        strata.filters.clear();
      }
    });

    it('a stale query aborted before it runs never returns', async () => {
      const controller = new AbortController();
      const slow = strata.npl({ by: 'tier' });
      const stale = strata.npl({ by: 'kind', signal: controller.signal }).then(
        () => 'resolved',
        (e: unknown) => (e as Error).name,
      );
      controller.abort();
      const fresh = await strata.npl({ by: 'product' });
      expect((await slow).length).to.be.greaterThan(0);
      expect(await stale).to.equal('AbortError');
      expect(fresh.length).to.be.greaterThan(0);
    });

    it('rules are data: overriding a threshold re-tiers customers', async () => {
      await strata.setRules({ corporate: { midDeposits: 7_000_000 } });
      try {
        const rows = await strata.segments({ by: 'tier' });
        expect(rows.find((r) => r.key === 'corp_mid')).to.equal(undefined);
        expect(rows.find((r) => r.key === 'corp_general')?.customers).to.equal(2);
      } finally {
        await strata.setRules({});
      }
    });

    it('lifecycle groups (客群) at the data reference date 2024-12-31, overridable', async () => {
      const groups = async () => Object.fromEntries((await strata.segments({ by: 'lifecycle' })).map((r) => [r.key, r.customers]));
      // C1 AUM 1.5M → vip; C2 payroll; C6 had a loan in November only → churned; C8 opened
      // 2024-11-15, within 90 days → new; the rest hold loans and are active.
      expect(await groups()).to.deep.equal({ vip: 1, payroll: 1, churned: 1, new: 1, active: 4 });
      await strata.setRules({ lifecycle: { dormantDays: 10 } });
      try {
        // Last active 2024-12-20 is ≥ 10 days before the reference date: dormant (促活), after churned.
        expect(await groups()).to.deep.equal({ dormant: 6, churned: 1, new: 1 });
      } finally {
        await strata.setRules({});
      }
      const industries = await strata.segments({ by: 'industry_class', measure: 'customers' });
      expect(Object.fromEntries(industries.map((r) => [r.key, r.customers]))).to.deep.equal({ '1': 3, '2': 3, '3': 2 });
    });

    it('data defaults: the latest and previous month ends, the reference date and the campaign running then', async () => {
      const latest = latestAsOf(bank);
      expect(await strata.dataDefaults()).to.deep.equal({
        latestAsOf: latest,
        previousAsOf: previousAsOf(bank, latest),
        referenceDate: latest,
        // K1 runs 2024-09-21 to 2024-12-31, so it is running at the reference date.
        campaignId: bank.campaigns.find((c) => c.start_date <= latest && latest <= c.end_date)!.campaign_id,
        // Each borrower's loans at the latest month end are at its own branch (no loan names another).
        borrowersAtOneBranch: true,
        customersMissing: false,
      });
    });

    it('metrics answer on an empty database', async () => {
      const empty = await Strata.open({ engine: await h.createEngine() });
      try {
        expect(await empty.dataDefaults()).to.deep.equal({
          latestAsOf: null,
          previousAsOf: null,
          referenceDate: null,
          campaignId: null,
          borrowersAtOneBranch: true,
          customersMissing: false,
        });
        expect(await empty.npl()).to.deep.equal([]);
        await empty.load({ customers: [smallBank.customers[0]], loans: [smallBank.loans[1]] });
        const kpis = Object.fromEntries((await empty.kpis()).map((r) => [r.metric, r]));
        // One month end: no previous figure, so no change (not a change from zero).
        expect([kpis.customers.value, kpis.customers.previous, kpis.customers.change]).to.deep.equal([1, null, null]);
        expect([kpis.loans.previous, kpis.loans.change]).to.deep.equal([null, null]);
        const rates = await empty.migrationRates({ from: '2024-12-31', to: '2024-12-31' });
        expect(rates.find((r) => r.from_class === 'pass')?.rate).to.equal(0);
        expect((await empty.kpis()).length).to.equal(11);
        expect((await empty.migration()).every((r) => r.share === null)).to.equal(true);
      } finally {
        await empty.close();
      }
    });
  });

  describe("the sdk's caches (results by filter state, data defaults) never change a number", () => {
    let engine: Engine;
    let cached: Strata;
    let uncached: Strata;
    /** The engine `e` seen through `query` (by default its own), with or without its generation. */
    const through = (e: Engine, query: Engine['query'] = (sql, params, options) => e.query(sql, params, options), generation = true): Engine => {
      const wrapped: Engine = {
        kind: e.kind,
        query,
        insert: (name, data, options) => e.insert(name, data, options),
        transaction: (work) => e.transaction(work),
        close: () => e.close(),
      };
      // A getter, read on each use: the generation moves with every write.
      if (generation) Object.defineProperty(wrapped, 'generation', { get: () => e.generation });
      return wrapped;
    };
    /** The same engine without a generation: the sdk then caches no result (the truth to compare with). */
    const withoutGeneration = (e: Engine): Engine => through(e, undefined, false);
    const doubled = { ...smallBank, loans: smallBank.loans.map((l) => ({ ...l, balance: l.balance * 2 })) };
    /** Without the latest month: other data defaults (latest and previous month end, reference date). */
    const latestMonth = smallBank.loans.map((l) => l.as_of).sort().at(-1);
    const earlier = { ...smallBank, loans: smallBank.loans.filter((l) => l.as_of !== latestMonth) };
    before(async () => {
      engine = await h.createEngine();
      cached = await Strata.open({ engine });
      await cached.load(smallBank);
      uncached = await Strata.open({ engine: withoutGeneration(await h.createEngine()) });
      await uncached.load(smallBank);
    });
    after(async () => {
      await cached.close();
      await uncached.close();
    });

    const campaign = smallBank.campaigns[0]!.campaign_id;
    const metrics: [string, (s: Strata) => Promise<unknown[]>][] = [
      ['kpis', (s) => s.kpis({ exclude: 'tiers' })],
      ['segments', (s) => s.segments({ by: 'tier', measure: 'balance', exclude: 'tiers' })],
      ['npl', (s) => s.npl({ by: 'industry_class', exclude: 'classes' })],
      ['nplTrend', (s) => s.nplTrend({})],
      ['migration', (s) => s.migration({})],
      ['funnel', (s) => s.funnel({ campaign, exclude: 'funnel' })],
      ['funnel of the current campaign', (s) => s.funnel({ exclude: 'funnel' })],
      ['overdueFollowUps', (s) => s.overdueFollowUps({})],
      ['classMix', (s) => s.classMix({ by: 'tier' })],
      ['migrationRates', (s) => s.migrationRates({})],
      ['dataDefaults', async (s) => [await s.dataDefaults()]],
      ['attainment', (s) => s.attainment({ campaign, by: 'branch', exclude: 'attainment' })],
      ['rowCount', async (s) => [await s.rowCount({ table: 'loans' })]],
      ['rows', (s) => s.rows({ table: 'loans', offset: 0, limit: 5, orderBy: { column: 'balance', descending: true } })],
    ];
    const answers = async (s: Strata) => {
      const out: Record<string, unknown[]> = {};
      for (const [name, metric] of metrics) out[name] = [...(await metric(s))];
      return out;
    };
    const states = [
      [],
      [{ field: 'tier', op: 'in', values: ['corp_gold'], source: 'tiers' }],
      [
        { field: 'tier', op: 'in', values: ['corp_gold'], source: 'tiers' },
        { field: 'industry_class', op: 'in', values: [1], source: 'classes' },
      ],
      [{ field: 'stage', op: 'in', values: ['disbursed'], source: 'funnel' }],
      [],
    ] as const;
    const apply = (s: Strata, clauses: readonly (typeof states)[number][number][]) => {
      s.filters.clear();
      for (const clause of clauses) s.filters.set({ ...clause, values: [...clause.values] });
    };

    it('every view of the dashboard, through a round of cross-filter states and back, asked twice', async () => {
      const hitsBefore = cached.stats.cacheHits;
      try {
        for (let pass = 0; pass < 2; pass++) {
          for (const clauses of states) {
            apply(cached, clauses);
            apply(uncached, clauses);
            expect(await answers(cached)).to.deep.equal(await answers(uncached));
          }
        }
      } finally {
        cached.filters.clear();
        uncached.filters.clear();
      }
      expect(cached.stats.cacheHits - hitsBefore).to.be.greaterThan(metrics.length);
      expect(uncached.stats.cacheHits).to.equal(0);
    });

    it('a load, a failed load and a change of rules show at once', async () => {
      const before = await answers(cached);
      await cached.load(doubled);
      await uncached.load(doubled);
      const after = await answers(cached);
      expect(after).to.deep.equal(await answers(uncached));
      expect((after.npl as { balance: number }[])[0]!.balance).to.equal(2 * (before.npl as { balance: number }[])[0]!.balance);
      const bad = { loans: [{ ...smallBank.loans[0]!, balance: 'not a number' as unknown as number }] };
      let failed = false;
      await cached.load(bad).catch(() => (failed = true));
      expect(failed).to.equal(true);
      expect(await answers(cached)).to.deep.equal(after);
      await cached.setRules({ corporate: { midDeposits: 7_000_000 } });
      await uncached.setRules({ corporate: { midDeposits: 7_000_000 } });
      try {
        expect(await answers(cached)).to.deep.equal(await answers(uncached));
      } finally {
        await cached.setRules({});
        await uncached.setRules({});
      }
      await cached.load(smallBank);
      await uncached.load(smallBank);
      expect(await answers(cached)).to.deep.equal(before);
    });

    it('a statement that writes starts a new generation, with or without values; a read does not', async () => {
      const generation = () => engine.generation ?? NaN;
      const before = generation();
      await engine.query('CREATE OR REPLACE TEMP TABLE strata_test_written AS SELECT ? AS v', ['o\'k']);
      const afterWrite = generation();
      expect(afterWrite).to.be.greaterThan(before);
      const [row] = await engine.query('SELECT v FROM strata_test_written WHERE v = ?', ['o\'k']).then((t) => t.toArray());
      expect(String(row?.v)).to.equal("o'k");
      expect(generation()).to.equal(afterWrite);
      await engine.query('DROP TABLE strata_test_written');
      expect(generation()).to.be.greaterThan(afterWrite);
    });

    it('a load staged compressed (as a big file is) gives the same answers', async () => {
      const before = await answers(cached);
      await cached.load(smallBank, { compactStaging: true });
      expect(await answers(cached)).to.deep.equal(before);
      await cached.load(smallBank, { compactStaging: false });
      expect(await answers(cached)).to.deep.equal(before);
    });

    it('a second Strata on the same engine: its load shows in the first one', async () => {
      const before = await answers(cached);
      const second = await Strata.open({ engine });
      try {
        for (const bank of [doubled, earlier]) {
          await second.load(bank);
          await uncached.load(bank);
          expect(await answers(cached)).to.deep.equal(await answers(uncached));
          expect(await answers(cached)).to.not.deep.equal(before);
        }
        expect((await cached.dataDefaults()).latestAsOf).to.not.equal(latestMonth);
      } finally {
        await second.load(smallBank);
        await uncached.load(smallBank);
      }
      expect(await answers(cached)).to.deep.equal(before);
    });

    it('views asking at once share one read of the data defaults; one giving up fails no other', async () => {
      let reads = 0;
      const counting = through(engine, (sql, params, options) => {
        if (sql.includes('"latestAsOf"')) reads++;
        return engine.query(sql, params, options);
      });
      const viewer = await Strata.open({ engine: counting });
      await viewer.load(smallBank);
      const gaveUp = new AbortController();
      const asked = [viewer.npl({ signal: gaveUp.signal }), viewer.kpis(), viewer.segments({ by: 'tier' }), viewer.nplTrend(), viewer.funnel()];
      gaveUp.abort();
      const settled = await Promise.allSettled(asked);
      expect(reads).to.equal(1);
      expect(settled[0]!.status).to.equal('rejected');
      expect(settled.slice(1).map((s) => s.status)).to.deep.equal(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      await viewer.npl();
      expect(reads).to.equal(1);
    });

    it('tables replaced between reading the data defaults and the answer: the metric asks again', async () => {
      let interleave: (() => Promise<unknown>) | undefined;
      // The engine, with another Strata's load slipped in before the first query after the defaults.
      const racing = through(engine, async (sql, params, options) => {
        const work = interleave;
        if (work && !sql.includes('"latestAsOf"')) {
          interleave = undefined;
          await work();
        }
        return engine.query(sql, params, options);
      });
      const first = await Strata.open({ engine: racing });
      const second = await Strata.open({ engine });
      await uncached.load(earlier);
      try {
        await first.npl();
        interleave = () => second.load(earlier);
        // By product: a statement runs (the loan cube has no product), which the load slips in before.
        const rows = await first.npl({ by: 'product' });
        expect(interleave).to.equal(undefined);
        expect([...rows]).to.deep.equal([...(await uncached.npl({ by: 'product' }))]);
        expect(rows.length).to.be.greaterThan(0);
        // By class, from the loan cube held in memory: the load slips in before the cube is read.
        const fresh = await Strata.open({ engine: racing });
        interleave = () => second.load(smallBank);
        const fromCube = await fresh.npl({ by: 'industry_class' });
        expect([interleave, fromCube.source]).to.deep.equal([undefined, 'cube']);
        await uncached.load(smallBank);
        expect([...fromCube]).to.deep.equal([...(await uncached.npl({ by: 'industry_class' }))]);
      } finally {
        await second.load(smallBank);
        await uncached.load(smallBank);
      }
    });
  });

  /**
   * The shortcuts: the loan and migration cubes (pre-aggregated loan facts) answer the loan
   * aggregates a dashboard's clicks ask for, and a stage clause picks loans and customers by their
   * lead-stage bits. Here each metric is asked the SDK's way and in plain SQL (the loan facts, a
   * subquery on the leads), across filter states on every cube field and on stages, and must be
   * identical to the last bit.
   */
  const shortcutChecks = (bankName: string, bank: () => Bank, oneBranch = true) =>
    describe(`the cubes and lead-stage bits never change a number (${bankName})`, () => {
      let strata: Strata;
      let data: Bank;
      before(async () => {
        data = bank();
        strata = await Strata.open({ engine: await h.createEngine() });
        await strata.load(data);
      });
      after(async () => {
        await strata.close();
      });

      const fields = ['kind', 'tier', 'tier_owner', 'industry_class', 'has_loan', 'branch', 'classification'] as const;
      // A customer may have loans in several classes: its customers' part and its borrowers' then come from the facts.
      const segmentsCubed = (clauseFields: string[]) => !clauseFields.includes('classification');
      /** Name, the query, the SDK's call, and whether it reads a cube (in a filter state, given its clauses' fields). */
      const metrics: [string, (ctx: MetricContext) => Query<unknown>, (s: Strata) => Promise<unknown>, boolean | ((fields: string[]) => boolean)][] = [
        ['npl', (ctx) => nplQuery(ctx, {}), (s) => s.npl(), true],
        ['npl by industry class', (ctx) => nplQuery(ctx, { by: 'industry_class' }), (s) => s.npl({ by: 'industry_class' }), true],
        ['npl by branch', (ctx) => nplQuery(ctx, { by: 'branch' }), (s) => s.npl({ by: 'branch' }), true],
        ['npl by tier', (ctx) => nplQuery(ctx, { by: 'tier' }), (s) => s.npl({ by: 'tier' }), true],
        ['nplTrend', (ctx) => nplTrendQuery(ctx, {}), (s) => s.nplTrend(), true],
        ['nplTrend by kind', (ctx) => nplTrendQuery(ctx, { by: 'kind' }), (s) => s.nplTrend({ by: 'kind' }), true],
        ['classMix by month', (ctx) => classMixQuery(ctx, { by: 'as_of' }), (s) => s.classMix({ by: 'as_of' }), true],
        ['classMix by tier owner', (ctx) => classMixQuery(ctx, { by: 'tier_owner' }), (s) => s.classMix({ by: 'tier_owner' }), true],
        ['kpis', (ctx) => kpisQuery(ctx, {}), (s) => s.kpis(), true],
        ['migration', (ctx) => migrationQuery(ctx, {}), (s) => s.migration(), true],
        ['migrationRates', (ctx) => migrationRatesQuery(ctx, {}), (s) => s.migrationRates(), true],
        ['segments', (ctx) => segmentsQuery(ctx, { by: 'tier', measure: 'balance' }), (s) => s.segments({ by: 'tier', measure: 'balance' }), segmentsCubed],
        ['segments by branch', (ctx) => segmentsQuery(ctx, { by: 'branch', measure: 'deposits' }), (s) => s.segments({ by: 'branch', measure: 'deposits' }), segmentsCubed],
        ['segments by industry class', (ctx) => segmentsQuery(ctx, { by: 'industry_class' }), (s) => s.segments({ by: 'industry_class' }), segmentsCubed],
        ['segments by lifecycle', (ctx) => segmentsQuery(ctx, { by: 'lifecycle' }), (s) => s.segments({ by: 'lifecycle' }), false],
        ['vintage', (ctx) => vintageQuery(ctx, {}), (s) => s.vintage(), false],
        ['customer rows', (ctx) => rowsQuery(ctx, { table: 'customers', offset: 0, limit: 20 }), (s) => s.rows({ table: 'customers', offset: 0, limit: 20 }), false],
        ['loan rows', (ctx) => rowsQuery(ctx, { table: 'loans', offset: 0, limit: 20 }), (s) => s.rows({ table: 'loans', offset: 0, limit: 20 }), true],
        ['loan count', (ctx) => rowCountQuery(ctx, { table: 'loans' }), async (s) => [await s.rowCount({ table: 'loans' })], false],
        ['funnel', (ctx) => funnelQuery(ctx, {}), (s) => s.funnel(), false],
        ['funnel of cards by branch', (ctx) => funnelQuery(ctx, { by: 'branch', metric: 'cards' }), (s) => s.funnel({ by: 'branch', metric: 'cards' }), false],
        ['lostReasons', (ctx) => lostReasonsQuery(ctx, {}), (s) => s.lostReasons(), false],
        ['overdueFollowUps', (ctx) => overdueQuery(ctx, {}), (s) => s.overdueFollowUps(), false],
        ['attainment by branch', (ctx) => attainmentQuery(ctx, { by: 'branch' }), (s) => s.attainment({ by: 'branch' }), false],
        ['attainment by manager', (ctx) => attainmentQuery(ctx, { by: 'manager' }), (s) => s.attainment({ by: 'manager' }), false],
        ['npl by has_loan', (ctx) => nplQuery(ctx, { by: 'has_loan' }), (s) => s.npl({ by: 'has_loan' }), true],
        ['segments by has_loan', (ctx) => segmentsQuery(ctx, { by: 'has_loan', measure: 'deposits' }), (s) => s.segments({ by: 'has_loan', measure: 'deposits' }), segmentsCubed],
        ['contactCoverage of the handoff list', (ctx) => coverageQuery(ctx, { preset: 'handoff' }), (s) => s.contactCoverage({ preset: 'handoff' }), false],
        ['pendingFollowUps', (ctx) => pendingQuery(ctx, {}), (s) => s.pendingFollowUps(), false],
        ['visitCadence', (ctx) => cadenceQuery(ctx, {}), (s) => s.visitCadence(), false],
        ['segments at an earlier month end', (ctx) => segmentsQuery(ctx, { by: 'tier', asOf: '2024-11-30' }), (s) => s.segments({ by: 'tier', asOf: '2024-11-30' }), false],
      ];

      it('every metric of the catalog is checked here', () => {
        const checked = (metric: string) => metrics.some(([name]) => name === metric || name.startsWith(`${metric} `));
        expect(METRIC_NAMES.filter((metric) => !checked(metric))).to.deep.equal([]);
      });

      /** Filter states: each field alone (one value, two, not one, blank, a value or blank), and pairs. */
      async function states(): Promise<FilterClause[][]> {
        const values: Record<string, FilterValue[]> = {};
        for (const field of fields) values[field] = (await strata.npl({ by: field })).map((r) => r.key);
        const clause = (field: string, op: 'in' | 'not_in', vs: FilterValue[]): FilterClause =>
          ({ field, op, values: vs, source: `test-${field}` }) as FilterClause;
        const out: FilterClause[][] = [[]];
        for (const field of fields) {
          const [a, b] = values[field]!;
          out.push([clause(field, 'in', [a!])], [clause(field, 'not_in', [a!])], [clause(field, 'in', [null])], [clause(field, 'in', [a!, null])]);
          if (b !== undefined) out.push([clause(field, 'in', [a!, b])]);
        }
        for (let i = 0; i < fields.length; i++) {
          const next = fields[(i + 1) % fields.length]!;
          out.push([clause(fields[i]!, 'in', [values[fields[i]!]!.at(-1)!]), clause(next, 'not_in', [values[next]![0]!])]);
        }
        // A stage selects the customers with a lead there: the cubes answer it by the lead-stage bits.
        for (const [op, vs] of [
          ['in', ['disbursed']],
          ['in', ['lost', 'identified']],
          ['not_in', ['disbursed']],
          ['not_in', ['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed', 'lost']],
          ['in', [null]],
          ['not_in', ['disbursed', null]],
          ['in', ['Disbursed', "disbursed' OR 1=1"]],
        ] as const) {
          out.push([clause('stage', op, [...vs])]);
          out.push([clause('stage', op, [...vs]), clause('tier', 'in', [values.tier![0]!])]);
        }
        return out;
      }

      /** The filter states, worked out once for every metric's test. */
      let statesRead: Promise<FilterClause[][]> | undefined;

      // One test per metric: each stays short on a busy machine.
      for (const [name, build, ask, cubed] of metrics) {
        it(`${name}, as the SDK asks it and in plain SQL, in every filter state`, async () => {
          const defaults = await strata.dataDefaults();
          expect(defaults.borrowersAtOneBranch).to.equal(oneBranch);
          const cube = /strata_(loan|migration|customer|borrower)_cube|strata_latest_loan_facts/;
          statesRead ??= states();
          const all = await statesRead;
          try {
            for (const clauses of all) {
              strata.filters.clear();
              for (const c of clauses) strata.filters.set(c);
              const state = JSON.stringify(clauses.map((c) => [c.field, c.op, c.values]));
              const own = await ask(strata);
              const plain = build({ clauses, defaults, plain: true });
              expect(cube.test(plain.sql), `${name} ${state}: plain SQL`).to.equal(false);
              expect(plain.sql, `${name} ${state}: plain SQL`).to.not.contain('lead_stages');
              if (cubed === true || (cubed && cubed(clauses.map((c) => c.field)))) {
                expect(cube.test((own as { sql: string }).sql), `${name} ${state}: through a cube`).to.equal(true);
              }
              const plainRows = name === 'loan count' ? [((await strata.run(plain))[0] as { count: number }).count] : [...(await strata.run(plain))];
              expect([...(own as unknown[])], `${name} ${state}`).to.deep.equal(plainRows);
            }
          } finally {
            strata.filters.clear();
          }
          expect(all.length).to.be.greaterThan(50);
        });
      }

      it('the funnel (counts in SQL, its grid in TypeScript) equals the funnel made all in SQL', async () => {
        // The whole funnel as one statement, as the SDK made it before: each key's six stages joined to its leads at or beyond them.
        const STAGES = ['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed'];
        const inSql = (key: string, label: string, where: string) => `WITH p AS (SELECT ${key} AS key, ${label} AS label,
  CASE stage ${STAGES.map((st, i) => `WHEN '${st}' THEN ${i + 1}`).join(' ')} WHEN 'lost' THEN 1 END AS reached, stage, amount
  FROM strata_pipeline_facts WHERE ${where}),
keys AS (SELECT key, any_value(label) AS label FROM p GROUP BY key),
counts AS (SELECT k.key, k.label, s.stage, s.ord, count(p.reached)::DOUBLE AS count, COALESCE(sum(p.amount), 0)::DOUBLE AS amount,
    (count(*) FILTER (WHERE p.stage = s.stage))::DOUBLE AS current
  FROM keys k CROSS JOIN (VALUES ${STAGES.map((st, i) => `('${st}', ${i + 1})`).join(', ')}) s(stage, ord)
  LEFT JOIN p ON p.key IS NOT DISTINCT FROM k.key AND p.reached >= s.ord GROUP BY ALL)
SELECT key, label, stage, count, amount, current, count / NULLIF(lag(count) OVER (PARTITION BY key ORDER BY ord), 0) AS step_conversion,
  count / NULLIF(first_value(count) OVER (PARTITION BY key ORDER BY ord), 0) AS overall_conversion FROM counts ORDER BY key, ord`;
        const { campaignId } = await strata.dataDefaults();
        const campaign = `campaign_id IS NOT DISTINCT FROM ${campaignId === null ? 'NULL' : `'${campaignId}'`}`;
        const tier = (await strata.segments({ by: 'tier' }))[0]!.key!;
        const cases: [string, () => Promise<unknown[]>, string][] = [
          ['all', () => strata.funnel(), inSql(`'all'`, `'all'`, campaign)],
          ['by branch', () => strata.funnel({ by: 'branch' }), inSql('CAST(branch_id AS VARCHAR)', 'COALESCE(branch_name, CAST(branch_id AS VARCHAR))', campaign)],
          ['by tier', () => strata.funnel({ by: 'tier' }), inSql('CAST(tier AS VARCHAR)', 'CAST(tier AS VARCHAR)', campaign)],
          ['one tier, by manager', async () => {
            strata.filters.set({ field: 'tier', op: 'in', values: [tier], source: 'test-tier' });
            try {
              return await strata.funnel({ by: 'manager' });
            } finally {
              strata.filters.clear();
            }
          }, inSql('CAST(manager_id AS VARCHAR)', 'COALESCE(manager_name, CAST(manager_id AS VARCHAR))', `${campaign} AND tier = '${tier}'`)],
          ['a campaign with no leads', () => strata.funnel({ campaign: 'no such campaign' }), inSql(`'all'`, `'all'`, `campaign_id = 'no such campaign'`)],
        ];
        for (const [name, sdk, sql] of cases) {
          const expected = [...(await strata.run({ sql, params: [] }))];
          if (name !== 'a campaign with no leads') expect(expected.length, name).to.be.greaterThan(5);
          // The target's actual (compared with attainment's elsewhere) is the SDK's addition.
          const rows = (await sdk()) as FunnelRow[];
          expect(rows.map(({ target_actual: _, ...rest }) => rest), name).to.deep.equal(expected);
          for (const row of rows) expect(row.target_actual === null, `${name} ${row.stage}`).to.equal(row.stage !== 'disbursed');
        }
      });

      it('attainment: ranks (ties share one), the bottom five (no tie split) and the funnel’s target actual, as the reference has them', async () => {
        const { campaignId, referenceDate } = await strata.dataDefaults();
        for (const metric of ['loan_amount', 'cards', 'installment_amount', 'new_customers'] as const) {
          for (const by of ['branch', 'manager'] as const) {
            const rows = await strata.attainment({ by, metric });
            expectAttainment(rows, attainmentBy(data, campaignId!, by, metric, referenceDate!).rows, `${metric} by ${by}`);
            const disbursed = (await strata.funnel({ by, metric })).filter((r) => r.stage === 'disbursed');
            for (const row of rows) {
              expect(disbursed.find((f) => f.key === row.key)?.target_actual ?? 0, `${metric} by ${by} ${row.key}: funnel`).to.equal(row.actual);
            }
          }
        }
      });

      it('kpis at the default month ends (constants, cubes) equal kpis at the same month ends named (subqueries, facts)', async () => {
        const { latestAsOf, previousAsOf } = await strata.dataDefaults();
        for (const clauses of [[], [{ field: 'tier', op: 'in', values: ['corp_gold', 'retail_general'], source: 'test-tier' }]] as FilterClause[][]) {
          strata.filters.clear();
          for (const c of clauses) strata.filters.set(c);
          const byDefault = await strata.kpis();
          const named = await strata.kpis({ asOf: latestAsOf! });
          expect(byDefault.sql).to.contain('strata_customer_cube');
          expect(named.sql).to.not.contain('strata_customer_cube');
          expect([...named]).to.deep.equal([...byDefault]);
          // A month earlier, each figure is the previous one of the latest (deposits and pace have none).
          const earlier = Object.fromEntries((await strata.kpis({ asOf: previousAsOf! })).map((r) => [r.metric, r.value]));
          for (const row of byDefault.filter((r) => !['deposits', 'pace'].includes(r.metric))) expect(earlier[row.metric], row.metric).to.equal(row.previous);
        }
        strata.filters.clear();
      });

      it('a clause or grouping on a field the cubes lack reads the facts', async () => {
        strata.filters.set({ field: 'manager', op: 'in', values: ['nobody'], source: 'test-manager' });
        try {
          expect((await strata.npl()).sql).to.not.contain('strata_loan_cube');
          expect((await strata.segments({ by: 'tier' })).sql).to.not.match(/strata_(customer|borrower)_cube/);
          expect((await strata.kpis()).sql).to.not.match(/strata_(loan|customer)_cube/);
        } finally {
          strata.filters.clear();
        }
        expect((await strata.npl({ by: 'product' })).sql).to.not.contain('strata_loan_cube');
        expect((await strata.npl({ by: 'branch' })).sql).to.contain('strata_loan_cube');
        // A borrower may have loans in several classes, and may have them at several branches: then
        // borrowers are counted from the loans.
        for (const field of ['branch', 'classification'] as const) {
          strata.filters.set({ field, op: 'in', values: ['x'], source: `test-${field}` });
          try {
            const cubed = field === 'branch' && oneBranch;
            expect((await strata.segments({ by: 'tier' })).sql.includes('strata_borrower_cube'), field).to.equal(cubed);
          } finally {
            strata.filters.clear();
          }
        }
        expect((await strata.segments({ by: 'branch' })).sql.includes('strata_borrower_cube'), 'by branch').to.equal(oneBranch);
        // Customers are counted by month end only at the default ones.
        expect((await strata.kpis({ asOf: '2024-11-30' })).sql).to.not.contain('strata_customer_cube');
        expect((await strata.kpis()).sql).to.contain('strata_customer_cube');
      });
    });

  shortcutChecks('the small bank', () => smallBank);
  // One borrower with a second loan booked at another branch: the borrower cube then keeps no branch.
  shortcutChecks(
    'a bank with a borrower at two branches',
    () => {
      const own = smallBank.loans.find((l) => l.as_of === latestAsOf(smallBank))!;
      const home = smallBank.customers.find((c) => c.customer_id === own.customer_id)!.branch_id;
      const other = smallBank.branches.find((b) => b.level === 'sub_branch' && b.branch_id !== home)!;
      return { ...smallBank, loans: [...smallBank.loans, { ...own, loan_id: `${own.loan_id}-2`, branch_id: other.branch_id }] };
    },
    false,
  );
  if (h.syntheticBank) shortcutChecks('a generated bank', h.syntheticBank);

  definitionsSuite(h, expectClose);
  keysSuite(h);
  dashboardFiltersSuite(h);
  hostileSuite(h);
  cubesSuite(h);
  planSuite(h);
  engineOrderSuite(h);
  rangesSuite(h);
  listsSuite(h);

  if (h.syntheticBank) {
    describe('metrics on generated data against plain TypeScript', () => {
      let strata: Strata;
      let bank: Bank;
      before(async () => {
        bank = h.syntheticBank!();
        strata = await Strata.open({ engine: await h.createEngine() });
        await strata.load(bank);
      });
      after(async () => {
        await strata.close();
      });

      it('npl by industry class, tier and branch', async () => {
        for (const by of ['industry_class', 'tier', 'branch', 'product'] as const) {
          const rows = await strata.npl({ by });
          const ref = nplBy(bank, by);
          expect(rows.length).to.equal(ref.size);
          for (const row of rows) {
            const r = ref.get(row.key)!;
            expectClose(row.balance, r.balance, `${by} ${row.key} balance`);
            expectClose(row.npl_ratio, r.npl_ratio, `${by} ${row.key} npl_ratio`);
            expect(row.loans).to.equal(r.loans);
          }
        }
      });

      it('segments by tier', async () => {
        const rows = await strata.segments({ by: 'tier', measure: 'deposits' });
        const ref = segmentsBy(bank, 'tier');
        for (const row of rows) {
          expect(row.customers).to.equal(ref.get(row.key)!.customers);
          expectClose(row.deposits, ref.get(row.key)!.deposits, `${row.key} deposits`);
        }
      });

      it('migration between the last two month ends', async () => {
        const to = latestAsOf(bank);
        const from = previousAsOf(bank, to);
        const rows = await strata.migration();
        const ref = migrationMatrix(bank, from, to);
        for (const r of rows) expectClose(r.share ?? 0, ref.shares.get(`${r.from_class}→${r.to_class}`) ?? 0, `${r.from_class}→${r.to_class}`);
      });

      it('funnel and attainment', async () => {
        const campaign = bank.campaigns[0]!.campaign_id;
        const funnel = await strata.funnel({ campaign });
        const ref = funnelBy(bank, campaign).get('all')!;
        expect(funnel.map((r) => r.count)).to.deep.equal(ref.count);
        const asOf = latestAsOf(bank);
        for (const by of ['branch', 'manager'] as const) {
          const rows = await strata.attainment({ campaign, by, asOf });
          expectAttainment(rows, attainmentBy(bank, campaign, by, 'loan_amount', asOf).rows, `by ${by}`);
          expect(rows.filter((r) => r.bottom_five).length).to.be.at.most(5);
        }
      });
    });
  }
}
