/**
 * Marketing lists on every engine: each preset on the small bank with its follow-ups, by hand
 * (reference date 2024-12-31, loans at that month end), with its exact ids and reasons; the
 * overdue leads equal overdueFollowUps per manager; masking, paging, order and filters.
 */
import { Strata, type ListPreset, type MarketingListRow } from '@strata/sdk';
import { smallBankWithFollowUps } from '../fixtures/small.ts';
import type { Harness } from './suite.ts';

export function listsSuite(h: Harness): void {
  const { describe, it, before, after, expect } = h;

  describe('marketing lists: who is on each preset and why', () => {
    let strata: Strata;
    before(async () => {
      strata = await Strata.open({ engine: await h.createEngine() });
      await strata.load(smallBankWithFollowUps);
    });
    after(async () => {
      await strata.close();
    });

    const ids = (rows: readonly MarketingListRow[]) => rows.map((r) => r.customer_id);
    const list = (preset: ListPreset, options: Record<string, unknown> = {}) => strata.list({ preset, ...options });

    it('mortgage_without_consumer: C1 (its 990,000 mortgage, no consumer loan)', async () => {
      const rows = await list('mortgage_without_consumer');
      expect(ids(rows)).to.deep.equal(['C1']);
      expect([rows[0]!.reason, rows[0]!.reason_en]).to.deep.equal(['存量按揭客户（贷款余额990,000元），无消费贷', 'Mortgage customer (loans 990,000 yuan) without a consumer loan']);
    });

    it('wealth_without_loan: C6 (deposits 6M, no loan since November); C8’s 100,000 is under the 200,000 line', async () => {
      const rows = await list('wealth_without_loan');
      expect(ids(rows)).to.deep.equal(['C6']);
      expect(rows[0]!.reason).to.equal('金融资产—元、日均存款6,000,000元（≥200,000元），无贷款');
    });

    it('card_without_loan: C8 (card since December, no loan); C2 has a loan, C1’s card is closed', async () => {
      const rows = await list('card_without_loan');
      expect(ids(rows)).to.deep.equal(['C8']);
      expect([rows[0]!.reason, rows[0]!.reason_en]).to.deep.equal(['信用卡客户，无贷款', 'Card holder without a loan']);
    });

    it('maturing: nobody within 90 days; within 1,700 days the six borrowers, 1,627 days each', async () => {
      expect(ids(await list('maturing'))).to.deep.equal([]);
      const rows = await list('maturing', { days: 1_700 });
      expect(ids(rows)).to.deep.equal(['C1', 'C2', 'C3', 'C4', 'C5', 'C7']);
      expect(rows.map((r) => [r.next_maturity, r.days_to_maturity])).to.deep.equal(Array(6).fill(['2029-06-15', 1627]));
      expect(rows[0]!.reason).to.equal('贷款将于2029-06-15到期（1627天后）');
    });

    it('paid_off_good: C6 (its November loan was pass; none in December); C8 never borrowed', async () => {
      const rows = await list('paid_off_good');
      expect(ids(rows)).to.deep.equal(['C6']);
      expect(rows[0]!.reason_en).to.equal('Loans paid off, classed pass in every month');
    });

    it('no_loan (存量无贷户): C6 and C8, largest deposits first', async () => {
      const rows = await list('no_loan');
      expect(ids(rows)).to.deep.equal(['C6', 'C8']);
      expect(rows[1]!.reason).to.equal('存量无贷户：日均存款100,000元、金融资产—元');
    });

    it('large_borrowers: nobody at 5,000,000; at a 1,000,000 line C5 (1.9M) and C7 (1M)', async () => {
      expect(ids(await list('large_borrowers'))).to.deep.equal([]);
      const other = await Strata.open({ engine: await h.createEngine(), rules: { lists: { largeBorrower: 1_000_000 } } });
      try {
        await other.load(smallBankWithFollowUps);
        const rows = await other.list({ preset: 'large_borrowers' });
        expect(ids(rows)).to.deep.equal(['C5', 'C7']);
        expect(rows.map((r) => r.reason)).to.deep.equal(['贷款余额1,900,000元（≥1,000,000元）', '贷款余额1,000,000元（≥1,000,000元）']);
      } finally {
        await other.close();
      }
    });

    it('payroll_unit: C2, employee of C6 (a payroll holder), its employer masked unless unmasked', async () => {
      const [masked] = await list('payroll_unit');
      expect([masked!.customer_id, masked!.name, masked!.employer_name, masked!.reason]).to.deep.equal(['C2', '李*', '南******司', '代发单位南******司的员工']);
      const [plain] = await list('payroll_unit', { unmasked: true });
      expect([plain!.name, plain!.employer_name, plain!.reason]).to.deep.equal(['李四', '南城商贸有限公司', '代发单位南城商贸有限公司的员工']);
    });

    it('merchants: C4 (acquiring since 2023, active 11 days before); C8’s acquiring opens in 2025', async () => {
      const rows = await list('merchants');
      expect(ids(rows)).to.deep.equal(['C4']);
      expect(rows[0]!.reason).to.equal('收单商户，90天内有交易');
    });

    it('overdue_leads: P10 (90 days), P5 (60), P8 (56), one row per lead, the same per manager as overdueFollowUps', async () => {
      const rows = await list('overdue_leads');
      expect(rows.map((r) => [r.lead_id, r.idle_days, r.manager_id, r.stage])).to.deep.equal([
        ['P10', 90, 'M2', 'identified'],
        ['P5', 60, 'M1', 'applied'],
        ['P8', 56, 'M2', 'follow_up'],
      ]);
      expect(rows[2]!.reason).to.equal('线索P8跟进中，56天未更新（超过14天）');
      for (const days of [7, 14, 30, 59]) {
        const leads = await list('overdue_leads', { days });
        const perManager = (await strata.overdueFollowUps({ days, by: 'manager' })).map((r) => [r.key, r.count]);
        const counted = new Map<string, number>();
        for (const r of leads) counted.set(r.manager_id!, (counted.get(r.manager_id!) ?? 0) + 1);
        expect([...counted].sort(), `${days} days`).to.deep.equal(perManager.sort());
      }
    });

    it('handoff: C1, C2, C3 (retail, owned above a relationship manager or below a sub-branch head), C5 and C7 (corporate owners above a relationship manager)', async () => {
      const rows = await list('handoff');
      expect(ids(rows)).to.deep.equal(['C1', 'C2', 'C3', 'C5', 'C7']);
      expect(rows.find((r) => r.customer_id === 'C7')!.reason).to.equal('对公黄金客户应由分行行长负责，现由支行行长维护');
    });

    it('each row names the customer’s tier, owner, manager, branch, loans, deposits and last contact; names masked', async () => {
      const [c1] = await list('mortgage_without_consumer');
      expect(c1).to.deep.include({
        customer_id: 'C1', name: '张*', kind: 'retail', tier: 'retail_high_end', tier_owner: 'sub_branch_head', manager_id: 'M1', manager_name: '王强',
        manager_role: 'relationship_manager', branch_id: 'B1', branch_name: '城北支行', loan_balance: 990_000, deposits_avg: 400_000, aum: 1_500_000,
        next_maturity: '2029-06-15', last_contact: '2024-12-21', days_since_contact: 10, lead_id: null,
      });
    });

    it('behind_cadence: C6 (92 days, its mid tier’s cadence 90), then C4, C5, C7 never contacted; C1 was 10 days ago', async () => {
      const rows = await list('behind_cadence');
      expect(ids(rows)).to.deep.equal(['C6', 'C4', 'C5', 'C7']);
      expect(rows.map((r) => r.reason)).to.deep.equal(['对公中端客户应每90天跟进，已92天未跟进', '零售高端客户应每30天跟进，从未跟进', '对公高端客户应每30天跟进，从未跟进', '对公黄金客户应每30天跟进，从未跟进']);
    });

    it('follow-up metrics: the handoff list’s coverage within 30 days per manager; 待跟进 leads past their next date; customers behind cadence per tier', async () => {
      const coverage = await strata.contactCoverage({ preset: 'handoff', within: 30 });
      // M1 has C1 (contacted 10 days before), C2 and C5; M2 has C3 (21 days) and C7.
      expect(coverage.map((r) => [r.key, r.label, r.listed, r.contacted, r.coverage])).to.deep.equal([
        ['M1', '王强', 3, 1, 1 / 3],
        ['M2', '李娜', 2, 1, 0.5],
      ]);
      // P8's last contact set 2024-11-01 as its next date: 60 days past; P1 and P7 are disbursed.
      const pending = await strata.pendingFollowUps();
      expect(pending.map((r) => [r.key, r.label, r.due, r.amount, r.max_days_past])).to.deep.equal([['M2', '李娜', 1, 120_000, 60]]);
      const cadence = await strata.visitCadence();
      expect(cadence.map((r) => [r.key, r.cadence_days, r.customers, r.behind, r.behind_share])).to.deep.equal([
        ['corp_gold', 30, 1, 1, 1],
        ['corp_high_end', 30, 1, 1, 1],
        ['corp_mid', 90, 1, 1, 1],
        ['retail_high_end', 30, 2, 1, 0.5],
      ]);
      const behind = cadence.reduce((n, r) => n + r.behind, 0);
      expect((await list('behind_cadence')).length, 'the behind_cadence list names the customers behind').to.equal(behind);
    });

    it('clauses make a list of one’s own; the filter state applies; pages and orders; a bad preset or column is an option error', async () => {
      const own = await strata.list({ filters: [{ field: 'holds', op: 'in', values: ['deposit'], source: 'a' }, { field: 'kind', op: 'in', values: ['corporate'], source: 'b' }] });
      expect(ids(own)).to.deep.equal(['C6', 'C8']);
      expect(own[0]!.reason).to.equal('符合所选条件');
      strata.filters.set({ field: 'branch', op: 'in', values: ['B2'], source: 'branch-view' });
      try {
        expect(ids(await list('no_loan'))).to.deep.equal(['C6']);
      } finally {
        strata.filters.clear();
      }
      const page = await list('maturing', { days: 1_700, orderBy: { column: 'loan_balance', descending: true }, offset: 1, limit: 2 });
      expect(ids(page)).to.deep.equal(['C7', 'C1']);
      const name = (options: unknown) => strata.list(options as never).then(() => 'answered', (e: Error) => e.name);
      expect(await name({ preset: 'everyone' })).to.equal('StrataOptionError');
      expect(await name({ preset: 'no_loan', orderBy: { column: 'name; DROP TABLE loans' } })).to.equal('StrataOptionError');
    });
  });
}
