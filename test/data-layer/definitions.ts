/**
 * DESIGN.md's metric definitions, each on a small fixture whose figures are worked out by hand
 * here (never by the code under test): the regulator's 迁徙率, 完成率 under filters, ranks and 后5名,
 * 未开始, the funnel's target actual, has_loan (存量无贷户), retail high-end by original amount and
 * a bank without its customer file. Part of the data-layer suite: it runs on every engine.
 */
import { MissingDataError, Strata, type FilterClause, type KpiRow, type TableRows } from '@strata/sdk';
import { migrationBank } from '../fixtures/migration.ts';
import { smallBank } from '../fixtures/small.ts';
import { targetsBank } from '../fixtures/targets.ts';
import type { Harness } from './suite.ts';

const clause = (field: string, values: (string | boolean)[]): FilterClause => ({ field, op: 'in', values, source: `test-${field}` }) as FilterClause;

export function definitionsSuite(h: Harness, expectClose: (actual: number | null | undefined, expected: number | null | undefined, what: string) => void): void {
  const { describe, it, before, after, expect } = h;

  /** Opens a Strata on `bank`, closed after the block. */
  const opened = (bank: Parameters<Strata['load']>[0], options?: Parameters<Strata['load']>[1]) => {
    const box: { strata: Strata } = { strata: undefined as unknown as Strata };
    before(async () => {
      box.strata = await Strata.open({ engine: await h.createEngine() });
      await box.strata.load(bank, options);
    });
    after(async () => {
      await box.strata.close();
    });
    return box;
  };

  /** Runs `work` under the clauses, then clears them. */
  const under = async <T>(strata: Strata, clauses: FilterClause[], work: () => Promise<T>): Promise<T> => {
    strata.filters.clear();
    for (const c of clauses) strata.filters.set(c);
    try {
      return await work();
    } finally {
      strata.filters.clear();
    }
  };

  const kpiMap = (rows: readonly KpiRow[]) => Object.fromEntries(rows.map((r) => [r.metric, r])) as Record<KpiRow['metric'], KpiRow>;

  describe("迁徙率 by the regulator's formula (fixtures/migration.ts, 2025-01-31 → 2025-02-28)", () => {
    const box = opened(migrationBank);

    // rate(X) = 向下迁徙金额 / (期初余额 − 期间减少金额); 期间减少 = t0 balance of loans gone + Σ(b0 − b1 > 0) of the rest.
    // 正常: balance 1M + 500k + 300k + 200k + 100k = 2.1M; down: A2 480k (关注) + A4 200k (次级) = 680k (t1 balances);
    //       gone A3 300k; repaid A1 100k + A2 20k = 120k (A5 grew: nothing); reduction 420k → 680k / 1.68M.
    // 关注: balance 400k + 300k + 100k + 200k = 1M; down B2 290k (可疑); gone B3 100k; repaid B1 50k + B2 10k;
    //       reduction 160k → 290k / 840k (B1 moved up: not downgraded).
    // 次级: 250k + 150k + 100k = 500k; down C1 240k (可疑); gone C3 100k; repaid C1 10k + C2 50k → 240k / 340k.
    // 可疑: 200k + 100k = 300k; down D1 200k (损失); repaid D2 20k → 200k / 280k.
    // 损失: 50k + 30k = 80k; gone E2 30k; no rate.
    // 正常贷款 (正常 + 关注 at t0): 3.1M; NPL at t1: A4 200k + B2 290k = 490k; gone 400k; repaid 180k → 490k / 2.52M.
    const byHand = [
      ['pass', 2_100_000, 680_000, 300_000, 120_000, 420_000, 680_000 / 1_680_000],
      ['special_mention', 1_000_000, 290_000, 100_000, 60_000, 160_000, 290_000 / 840_000],
      ['substandard', 500_000, 240_000, 100_000, 60_000, 160_000, 240_000 / 340_000],
      ['doubtful', 300_000, 200_000, 0, 20_000, 20_000, 200_000 / 280_000],
      ['loss', 80_000, 0, 30_000, 0, 30_000, null],
      ['normal_loans', 3_100_000, 490_000, 400_000, 180_000, 580_000, 490_000 / 2_520_000],
    ] as const;

    it('each class and 正常贷款, by hand, from the migration cube and from the loans alike', async () => {
      const cubed = await box.strata.migrationRates();
      const named = await box.strata.migrationRates({ from: '2025-01-31', to: '2025-02-28' });
      expect(cubed.sql).to.contain('strata_migration_cube');
      expect(named.sql).to.not.contain('strata_migration_cube');
      expect([...named]).to.deep.equal([...cubed]);
      expect(cubed.map((r) => r.from_class)).to.deep.equal(byHand.map((r) => r[0]));
      for (const [from, balance, downgraded, exited, repaid, reduction, rate] of byHand) {
        const row = cubed.find((r) => r.from_class === from)!;
        expect([row.balance, row.downgraded_balance, row.exited_balance, row.repaid, row.reduction], from).to.deep.equal([balance, downgraded, exited, repaid, reduction]);
        expectClose(row.rate, rate, `${from} rate`);
      }
    });

    it('under a filter: the retail loans only', async () => {
      // 正常, retail (A1, A2, A3, A5): 1.9M; down A2 480k; gone A3 300k; repaid 100k + 20k → 480k / 1.48M.
      // 正常贷款, retail: nothing became NPL → 0 / (2.6M − 400k gone − 170k repaid).
      const rows = await under(box.strata, [clause('kind', ['retail'])], () => box.strata.migrationRates());
      expect(rows.sql).to.contain('strata_migration_cube');
      const pass = rows.find((r) => r.from_class === 'pass')!;
      expect([pass.balance, pass.downgraded_balance, pass.exited_balance, pass.repaid, pass.reduction]).to.deep.equal([1_900_000, 480_000, 300_000, 120_000, 420_000]);
      expectClose(pass.rate, 480_000 / 1_480_000, 'retail pass rate');
      const normal = rows.find((r) => r.from_class === 'normal_loans')!;
      expect([normal.balance, normal.downgraded_balance, normal.reduction, normal.rate]).to.deep.equal([2_600_000, 0, 570_000, 0]);
      const named = await under(box.strata, [clause('kind', ['retail'])], () => box.strata.migrationRates({ from: '2025-01-31', to: '2025-02-28' }));
      expect([...named]).to.deep.equal([...rows]);
    });

    it('the migration matrix stays the share of each class’s t0 balance by its t1 class', async () => {
      const pass = (await box.strata.migration()).filter((r) => r.from_class === 'pass');
      // Of 2.1M: A1 + A5 stayed (1.1M), A2 to 关注 (500k), A4 to 次级 (200k), A3 gone (300k).
      expect(pass.map((r) => [r.to_class, r.balance_from])).to.deep.equal([
        ['pass', 1_100_000],
        ['special_mention', 500_000],
        ['substandard', 200_000],
        ['doubtful', 0],
        ['loss', 0],
        ['exited', 300_000],
      ]);
      expectClose(pass.find((r) => r.to_class === 'exited')?.share, 300_000 / 2_100_000, 'pass → exited');
    });
  });

  describe('完成率, ranks, 后5名 and 未开始 (fixtures/targets.ts, reference date 2025-02-28)', () => {
    const box = opened(targetsBank);
    // RUN: 2025-01-01 … 2025-03-31 is 90 days; 2025-02-28 is its 59th.
    const PACE = 59 / 90;

    it('by branch: ties share a rank; the tie across the fifth place is not flagged 后5名', async () => {
      const rows = await box.strata.attainment({ by: 'branch' });
      // Targets 1M each; actuals (disbursed loans dated 2025-01-01 … 2025-02-28): S1 K1 600k + K2 300k (K3 a card);
      // S2 K4 500k (K11 an installment); S3 K5 500k (K13 after the date); S4 K6 500k (K14 before the start);
      // S5 400k, S6 300k, S7 200k, S8 100k. The five lowest would be 0.1 … 0.4 and one of three at 0.5: none of those three.
      expect(rows.map((r) => [r.key, r.actual, r.target, r.attainment, r.rank, r.bottom_five, r.ahead])).to.deep.equal([
        ['S1', 900_000, 1_000_000, 0.9, 1, false, true],
        ['S2', 500_000, 1_000_000, 0.5, 2, false, false],
        ['S3', 500_000, 1_000_000, 0.5, 2, false, false],
        ['S4', 500_000, 1_000_000, 0.5, 2, false, false],
        ['S5', 400_000, 1_000_000, 0.4, 5, true, false],
        ['S6', 300_000, 1_000_000, 0.3, 6, true, false],
        ['S7', 200_000, 1_000_000, 0.2, 7, true, false],
        ['S8', 100_000, 1_000_000, 0.1, 8, true, false],
      ]);
      for (const row of rows) {
        expectClose(row.pace, PACE, `${row.key} pace`);
        expect([row.period, row.actual_share, row.untargeted], row.key).to.deep.equal(['running', null, []]);
      }
      expect(rows[0]!.label).to.equal('第1支行');
    });

    it('by manager: the same rules (S1’s million is M1’s 600k and M9’s 400k)', async () => {
      const rows = await box.strata.attainment({ by: 'manager' });
      // M1 600k / 600k; M9 300k / 400k; M2 … M8 as their branches.
      expect(rows.map((r) => [r.key, r.attainment, r.rank, r.bottom_five])).to.deep.equal([
        ['M1', 1, 1, false],
        ['M9', 0.75, 2, false],
        ['M2', 0.5, 3, false],
        ['M3', 0.5, 3, false],
        ['M4', 0.5, 3, false],
        ['M5', 0.4, 6, true],
        ['M6', 0.3, 7, true],
        ['M7', 0.2, 8, true],
        ['M8', 0.1, 9, true],
      ]);
    });

    it('under a branch filter: the selected branches’ targets and actuals, in attainment and in kpis alike', async () => {
      const [rows, kpis, managers] = await under(box.strata, [clause('branch', ['S1', 'S2'])], async () => [
        await box.strata.attainment({ by: 'branch' }),
        kpiMap(await box.strata.kpis()),
        await box.strata.attainment({ by: 'manager' }),
      ] as const);
      expect(rows.map((r) => [r.key, r.actual, r.target, r.attainment, r.rank, r.bottom_five, r.actual_share, r.untargeted])).to.deep.equal([
        ['S1', 900_000, 1_000_000, 0.9, 1, false, null, []],
        ['S2', 500_000, 1_000_000, 0.5, 2, false, null, []],
      ]);
      // 900k + 500k of 1M + 1M.
      expect([kpis.actual.value, kpis.target.value, kpis.attainment.value, kpis.actual_share.value]).to.deep.equal([1_400_000, 2_000_000, 0.7, null]);
      expect(kpis.attainment.untargeted).to.deep.equal([]);
      // The managers whose branch (managers.branch_id) is selected: M1, M9 at S1, M2 at S2.
      expect(managers.map((r) => [r.key, r.actual, r.target])).to.deep.equal([
        ['M1', 600_000, 600_000],
        ['M9', 300_000, 400_000],
        ['M2', 500_000, 1_000_000],
      ]);
    });

    it('under a manager filter, kpis take those managers’ targets', async () => {
      const kpis = await under(box.strata, [clause('manager', ['M1', 'M9'])], async () => kpiMap(await box.strata.kpis()));
      // 600k + 300k of 600k + 400k.
      expect([kpis.actual.value, kpis.target.value, kpis.attainment.value]).to.deep.equal([900_000, 1_000_000, 0.9]);
    });

    it('under a tier filter: no 完成率, the actual and its share, and which filter targets do not follow', async () => {
      const [rows, kpis] = await under(box.strata, [clause('tier', ['retail_high_end'])], async () => [
        await box.strata.attainment({ by: 'branch' }),
        kpiMap(await box.strata.kpis()),
      ] as const);
      // Only R1 is high-end: its K1 600k (at S1, whose actual is 900k). Every other branch: 0 of its actual.
      expect(rows.map((r) => [r.key, r.actual, r.target, r.attainment, r.actual_share, r.rank, r.bottom_five, r.ahead])).to.deep.equal([
        ['S1', 600_000, 1_000_000, null, 600_000 / 900_000, null, false, null],
        ...['S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'].map((key) => [key, 0, 1_000_000, null, 0, null, false, null]),
      ]);
      for (const row of rows) expect([row.untargeted, row.period], row.key).to.deep.equal([['tier'], 'running']);
      // kpis: 600k of the bank's 3.4M (900k + 3 × 500k + 400k + 300k + 200k + 100k); the target stays all branches' 8M.
      expect([kpis.actual.value, kpis.target.value, kpis.attainment.value]).to.deep.equal([600_000, 8_000_000, null]);
      expectClose(kpis.actual_share.value, 600_000 / 3_400_000, 'actual share');
      expect(Object.values(kpis).every((r) => r.untargeted.length === 1 && r.untargeted[0] === 'tier')).to.equal(true);
      // With S1 selected too: its target, and the share of its own actual.
      const [s1, s1Kpis] = await under(box.strata, [clause('tier', ['retail_high_end']), clause('branch', ['S1'])], async () => [
        await box.strata.attainment({ by: 'branch' }),
        kpiMap(await box.strata.kpis()),
      ] as const);
      expect(s1.map((r) => [r.key, r.actual, r.target, r.attainment, r.actual_share])).to.deep.equal([['S1', 600_000, 1_000_000, null, 600_000 / 900_000]]);
      expect([s1Kpis.actual.value, s1Kpis.target.value, s1Kpis.attainment.value]).to.deep.equal([600_000, 1_000_000, null]);
      expectClose(s1Kpis.actual_share.value, 600_000 / 900_000, 'S1 actual share');
    });

    it('ties at zero: every branch first, none 后5名', async () => {
      // ZERO (ended 2024-12-31): S1 … S7 with targets of 500k and no lead at all.
      const rows = await box.strata.attainment({ campaign: 'ZERO', by: 'branch' });
      expect(rows.map((r) => [r.key, r.actual, r.attainment, r.rank, r.bottom_five, r.ahead, r.period, r.pace])).to.deep.equal(
        ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7'].map((key) => [key, 0, 0, 1, false, false, 'ended', 1]),
      );
    });

    it('a campaign not yet started: 未开始, no pace, no 完成率, no rank, no 后5名', async () => {
      const rows = await box.strata.attainment({ campaign: 'LATER', by: 'branch' });
      expect(rows.length).to.equal(8);
      for (const row of rows) {
        expect([row.actual, row.target, row.attainment, row.pace, row.period, row.ahead, row.rank, row.bottom_five], row.key).to.deep.equal([
          0,
          1_000_000,
          null,
          null,
          'not_started',
          null,
          null,
          false,
        ]);
      }
      const kpis = kpiMap(await box.strata.kpis({ campaign: 'LATER' }));
      expect([kpis.attainment.value, kpis.pace.value, kpis.actual.value, kpis.target.value]).to.deep.equal([null, null, 0, 8_000_000]);
      expect([kpis.attainment.period, kpis.pace.period, kpis.actual.period, kpis.target.period, kpis.loans.period]).to.deep.equal([
        'not_started',
        'not_started',
        'not_started',
        'not_started',
        null,
      ]);
    });

    it('the campaign the metrics use: the one named, else the one running at the date, else the latest to end', async () => {
      const id = async (options: { campaign?: string; asOf?: string }) => (await box.strata.campaign(options))?.campaign_id;
      // 2025-02-28, the data's "today", is in RUN (2025-01-01 … 2025-03-31).
      expect(await box.strata.campaign()).to.deep.equal({ campaign_id: 'RUN', name: '春季营销', start_date: '2025-01-01', end_date: '2025-03-31' });
      expect(await id({ campaign: 'LATER' })).to.equal('LATER');
      expect(await id({ asOf: '2024-11-30' })).to.equal('ZERO');
      expect(await id({ asOf: '2025-05-31' })).to.equal('LATER');
      expect(await id({ asOf: '2024-12-31' })).to.equal('ZERO'); // its last day
      // None running after LATER's end: the latest to end, LATER.
      expect(await id({ asOf: '2025-07-31' })).to.equal('LATER');
      expect(await id({ campaign: 'NONE' })).to.equal(undefined);
    });

    it('kpis of the running campaign, with its figures at the month end before', async () => {
      const kpis = kpiMap(await box.strata.kpis());
      // By 2025-02-28: 3.4M of 8M; by 2025-01-31: K1 600k + K6 500k, on day 31 of 90.
      expect([kpis.actual.value, kpis.actual.previous, kpis.target.value, kpis.target.previous]).to.deep.equal([3_400_000, 1_100_000, 8_000_000, 8_000_000]);
      expectClose(kpis.attainment.value, 3_400_000 / 8_000_000, 'attainment');
      expectClose(kpis.attainment.previous, 1_100_000 / 8_000_000, 'attainment before');
      expectClose(kpis.pace.value, PACE, 'pace');
      expectClose(kpis.pace.previous, 31 / 90, 'pace before');
      expect(kpis.pace.period).to.equal('running');
    });

    it("the funnel's disbursed stage counts what each target counts, as attainment does", async () => {
      // Per branch S1 … S8. loan_amount: the actuals above (S3's funnel amount is 580k with K13, S4's 570k with K14);
      // cards: K3 at S1; installment_amount: K11 50k at S2; new_customers (no customer): K2 (S1), K11 (S2), K5 (S3).
      const byHand = {
        loan_amount: [900_000, 500_000, 500_000, 500_000, 400_000, 300_000, 200_000, 100_000],
        cards: [1, 0, 0, 0, 0, 0, 0, 0],
        installment_amount: [0, 50_000, 0, 0, 0, 0, 0, 0],
        new_customers: [1, 1, 1, 0, 0, 0, 0, 0],
      } as const;
      for (const [metric, figures] of Object.entries(byHand) as [keyof typeof byHand, readonly number[]][]) {
        const disbursed = (await box.strata.funnel({ by: 'branch', metric })).filter((r) => r.stage === 'disbursed');
        expect(disbursed.map((r) => r.target_actual), metric).to.deep.equal(figures);
        const attainment = await box.strata.attainment({ by: 'branch', metric });
        for (const row of attainment) expect(disbursed.find((r) => r.key === row.key)?.target_actual, `${metric} ${row.key}`).to.equal(row.actual);
      }
      const s3 = (await box.strata.funnel({ by: 'branch' })).find((r) => r.key === 'S3' && r.stage === 'disbursed')!;
      expect([s3.amount, s3.target_actual]).to.deep.equal([580_000, 500_000]);
      // The same under a filter: R1's leads only.
      await under(box.strata, [clause('tier', ['retail_high_end'])], async () => {
        const disbursed = (await box.strata.funnel({ by: 'branch' })).filter((r) => r.stage === 'disbursed');
        expect(disbursed.map((r) => [r.key, r.target_actual])).to.deep.equal([['S1', 600_000]]);
      });
      // At an earlier reference date: January's leads only (K1 at S1, K6 at S4).
      const january = (await box.strata.funnel({ campaign: 'RUN', by: 'branch', asOf: '2025-01-31' })).filter((r) => r.stage === 'disbursed');
      expect(january.map((r) => r.target_actual)).to.deep.equal([600_000, 0, 0, 500_000, 0, 0, 0, 0]);
    });

    it('unfiltered: the whole bank whatever the filters', async () => {
      const whole = await box.strata.kpis();
      const [filtered, unfiltered] = await under(box.strata, [clause('branch', ['S1'])], async () => [await box.strata.kpis(), await box.strata.kpis({ unfiltered: true })]);
      expect([...unfiltered]).to.deep.equal([...whole]);
      expect(kpiMap(filtered).actual.value).to.equal(900_000);
    });

    it('filters: the given clauses instead of the state, without exclude’s (a click asked ahead of it)', async () => {
      box.strata.filters.clear();
      const given = [clause('branch', ['S1']), { ...clause('tier', ['no such tier']), source: 'the-view' }];
      const ahead = await box.strata.kpis({ filters: given, exclude: 'the-view' });
      expect(kpiMap(ahead).actual.value).to.equal(900_000);
      expect(box.strata.filters.clauses).to.deep.equal([]);
      // The same rows as with the state set, from the cubes and from SQL alike.
      const set = await under(box.strata, [clause('branch', ['S1'])], () => box.strata.kpis());
      expect([...ahead]).to.deep.equal([...set]);
      const count = await box.strata.rowCount({ table: 'loans', filters: [clause('branch', ['S1'])] });
      const countSet = await under(box.strata, [clause('branch', ['S1'])], () => box.strata.rowCount({ table: 'loans' }));
      const none = await box.strata.rowCount({ table: 'loans', filters: [clause('branch', ['no such branch'])] });
      expect([count, none, (await box.strata.rowCount({ table: 'loans' })) > 0]).to.deep.equal([countSet, 0, true]);
      const refused = await box.strata.kpis({ filters: [{ field: 'no_such_field' }] as never }).then(
        () => 'answered',
        (error: Error) => error.name,
      );
      expect(refused).to.equal('FilterError');
    });
  });

  describe('has_loan (存量无贷户) and retail high-end by original amount', () => {
    const retail = (customer_id: string, extra: Partial<TableRows['customers']>): TableRows['customers'] => ({
      ...smallBank.customers.find((c) => c.customer_id === 'C3')!,
      customer_id,
      name: null,
      aum: 10_000,
      ...extra,
    });
    const business = (as_of: string, loan_id: string, customer_id: string, balance: number, original_amount: number | null): TableRows['loans'] => ({
      ...smallBank.loans[0]!,
      as_of,
      loan_id,
      customer_id,
      product: 'business',
      balance,
      classification: 'pass',
      original_amount,
    });
    // The small bank (C1 … C8) and: C9 never borrowed; C10 a payroll customer and C11 a new one, neither ever
    // borrowing; C12 a business loan of 300k left of 600k; C13 one of 450k; C14 one of 800k repaid in December.
    const bank = {
      ...smallBank,
      customers: [
        ...smallBank.customers,
        retail('C9', { deposits_avg: 20_000 }),
        retail('C10', { deposits_avg: 30_000, is_payroll: true }),
        retail('C11', { deposits_avg: 10_000, open_date: '2024-12-01' }),
        retail('C12', {}),
        retail('C13', {}),
        retail('C14', { deposits_avg: 5_000 }),
      ],
      loans: [
        ...smallBank.loans,
        business('2024-12-31', 'L12', 'C12', 300_000, 600_000),
        business('2024-12-31', 'L13', 'C13', 450_000, 450_000),
        business('2024-11-30', 'L14', 'C14', 800_000, 800_000),
      ],
    };
    const box = opened(bank);

    it('each customer’s tier, lifecycle group and has_loan', async () => {
      const rows = await box.strata.rows({ table: 'customers', offset: 0, limit: 100 });
      const of = Object.fromEntries(rows.map((r) => [r.customer_id, [r.tier, r.lifecycle, r.has_loan]]));
      expect(of).to.deep.equal({
        C1: ['retail_high_end', 'vip', true], // AUM 1.5M
        C2: ['retail_potential', 'payroll', true],
        C3: ['retail_general', 'active', true],
        C4: ['retail_high_end', 'active', true], // a 600k business loan, no original amount given: its balance
        C5: ['corp_high_end', 'active', true],
        C6: ['corp_mid', 'churned', false], // its loan left in December
        C7: ['corp_gold', 'active', true],
        C8: ['corp_general', 'new', false],
        C9: ['retail_general', 'active', false], // never borrowed: no longer a group of its own
        C10: ['retail_general', 'payroll', false],
        C11: ['retail_general', 'new', false],
        C12: ['retail_high_end', 'active', true], // original 600k ≥ 500k, though 300k is left
        C13: ['retail_general', 'active', true], // 450k < 500k
        C14: ['retail_general', 'churned', false], // 800k, but not held at the latest month end
      });
    });

    it('segments by has_loan: 存量无贷户 whatever the lifecycle group', async () => {
      const rows = await box.strata.segments({ by: 'has_loan', measure: 'deposits' });
      // With a loan at 2024-12-31: C1 … C5, C7 (4.635M of balance) and C12 300k, C13 450k; deposits
      // 400k + 100k + 5k + 20k + 12M + 1M + 5k + 5k (C12, C13 as C3). Without: C6 6M, C8 100k, C9 20k,
      // C10 30k, C11 10k, C14 5k.
      expect(rows.map((r) => [r.key, r.customers, r.borrowers, r.balance, r.deposits])).to.deep.equal([
        [true, 8, 8, 5_385_000, 13_535_000],
        [false, 6, 0, 0, 6_165_000],
      ]);
      const groups = await under(box.strata, [clause('has_loan', [false])], () => box.strata.segments({ by: 'lifecycle' }));
      expect(Object.fromEntries(groups.map((r) => [r.key, r.customers]))).to.deep.equal({ churned: 2, new: 2, active: 1, payroll: 1 });
      const borrowing = await under(box.strata, [clause('has_loan', [true])], () => box.strata.npl());
      expect(borrowing[0]!.balance).to.equal(5_385_000);
    });

    it('segments by tier count C12 high-end by its original amount', async () => {
      const tiers = Object.fromEntries((await box.strata.segments({ by: 'tier' })).map((r) => [r.key, r.customers]));
      expect([tiers.retail_high_end, tiers.retail_general]).to.deep.equal([3, 6]);
    });
  });

  describe('a bank without its customer file', () => {
    const { customers: _, ...withoutCustomers } = smallBank;
    const box = opened(withoutCustomers, { orphans: 'warning' });
    const rejects = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        return error;
      }
      throw new Error('expected MissingDataError');
    };

    it('metrics by a customer’s field say what is missing; the rest answer', async () => {
      for (const [what, work] of [
        ['segments by tier', () => box.strata.segments({ by: 'tier' })],
        ['npl by industry class', () => box.strata.npl({ by: 'industry_class' })],
        ['npl by manager (a loan’s manager is its customer’s)', () => box.strata.npl({ by: 'manager' })],
        ['funnel by has_loan', () => box.strata.funnel({ by: 'has_loan' })],
        ['kpis under a tier filter', () => under(box.strata, [clause('tier', ['corp_gold'])], () => box.strata.kpis())],
        ['customer rows under a kind filter', () => under(box.strata, [clause('kind', ['retail'])], () => box.strata.rows({ table: 'customers', offset: 0, limit: 5 }))],
      ] as const) {
        const error = (await rejects(work)) as MissingDataError;
        expect(error, what).to.be.instanceOf(MissingDataError);
        expect([error.name, error.table], what).to.deep.equal(['MissingDataError', 'customers']);
      }
      expect((await box.strata.npl({ by: 'product' })).map((r) => r.balance).reduce((a, b) => a + b)).to.equal(4_635_000);
      const kpis = kpiMap(await box.strata.kpis());
      expect([kpis.loans.value, kpis.customers.value, kpis.customers.previous, kpis.deposits.value]).to.deep.equal([6, null, null, null]);
      // A lead names its own branch and manager.
      expect((await box.strata.attainment({ campaign: 'K1', by: 'branch' }))[0]!.actual).to.equal(800_000);
      expect((await box.strata.funnel({ campaign: 'K1', by: 'manager' })).length).to.equal(12);
    });
  });
}
