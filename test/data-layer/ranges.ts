/**
 * Range clauses (between, gte, lte on amounts, dates and day counts) and holds clauses (what a
 * customer holds, or lacks, over loans and holdings), on every engine: hand-checked on the small
 * bank, and against plain TypeScript (reference-lists.ts) over generated data with random bounds.
 */
import fc from 'fast-check';
import { Strata, type FilterClause } from '@strata/sdk';
import { smallBankWithFollowUps } from '../fixtures/small.ts';
import { customerSelected, type ListBank } from '../reference-lists.ts';
import { latestAsOf, money } from '../reference.ts';
import type { Harness } from './suite.ts';

export function rangesSuite(h: Harness): void {
  const { describe, it, before, after, expect } = h;

  describe('range and holds clauses select customers, and their loans through them', () => {
    let strata: Strata;
    before(async () => {
      strata = await Strata.open({ engine: await h.createEngine() });
      await strata.load(smallBankWithFollowUps);
    });
    after(async () => {
      await strata.close();
    });

    /** Customers per kind under `clauses` (segments by kind), as { retail, corporate } with absent kinds 0. */
    const customersByKind = async (...clauses: Omit<FilterClause, 'source'>[]) => {
      const rows = await strata.segments({ by: 'kind', filters: clauses.map((c, i) => ({ ...c, source: `test-${i}` })) });
      const count = (kind: string) => rows.find((r) => String(r.key) === kind)?.customers ?? 0;
      return { retail: count('retail'), corporate: count('corporate') };
    };

    it('amounts: deposits at least 1M are C5, C6, C7; between 100k and 1M C1, C2, C7, C8; AUM at most 50k C3, C4', async () => {
      expect(await customersByKind({ field: 'deposits_avg', op: 'gte', values: [1_000_000] })).to.deep.equal({ retail: 0, corporate: 3 });
      expect(await customersByKind({ field: 'deposits_avg', op: 'between', values: [100_000, 1_000_000] })).to.deep.equal({ retail: 2, corporate: 2 });
      // Corporate customers have no AUM: an empty amount is in no range.
      expect(await customersByKind({ field: 'aum', op: '<=' as 'lte', values: [50_000] })).to.deep.equal({ retail: 2, corporate: 0 });
    });

    it('loan balance at the latest month end: at least 600k are C1 (990k), C4 (600k), C5 (1.9M), C7 (1M); at most 0 the four without a loan', async () => {
      expect(await customersByKind({ field: 'loan_balance', op: 'gte', values: [600_000] })).to.deep.equal({ retail: 2, corporate: 2 });
      // C6's loan left in November; C8 never had one.
      expect(await customersByKind({ field: 'loan_balance', op: 'lte', values: [0] })).to.deep.equal({ retail: 0, corporate: 2 });
    });

    it('dates and day counts to 2024-12-31: opened since 2024-11-01 is C8; every loan matures in 1,627 days; contacted within 30 days C1 and C3, 90 days ago or more C6', async () => {
      expect(await customersByKind({ field: 'open_date', op: 'gte', values: ['2024-11-01'] })).to.deep.equal({ retail: 0, corporate: 1 });
      // The six borrowers' loans all mature on 2029-06-15.
      expect(await customersByKind({ field: 'days_to_maturity', op: 'lte', values: [1_627] })).to.deep.equal({ retail: 4, corporate: 2 });
      expect(await customersByKind({ field: 'days_to_maturity', op: 'lte', values: [1_626] })).to.deep.equal({ retail: 0, corporate: 0 });
      expect(await customersByKind({ field: 'next_maturity', op: 'in', values: ['2029-06-15'] })).to.deep.equal({ retail: 4, corporate: 2 });
      expect(await customersByKind({ field: 'days_since_contact', op: 'lte', values: [30] })).to.deep.equal({ retail: 2, corporate: 0 });
      // C5's only contact is after the reference date: it counts as never contacted (no value).
      expect(await customersByKind({ field: 'days_since_contact', op: 'gte', values: [90] })).to.deep.equal({ retail: 0, corporate: 1 });
      expect(await customersByKind({ field: 'days_since_contact', op: 'in', values: [null] })).to.deep.equal({ retail: 2, corporate: 3 });
    });

    it('holds: a deposit C1–C4, C6, C8; none of deposit C5, C7; a card C2 and C8 (C1 closed its own); acquiring only C4 (C8 opens later); a mortgage without a consumer loan C1', async () => {
      expect(await customersByKind({ field: 'holds', op: 'in', values: ['deposit'] })).to.deep.equal({ retail: 4, corporate: 2 });
      expect(await customersByKind({ field: 'holds', op: 'not_in', values: ['deposit'] })).to.deep.equal({ retail: 0, corporate: 2 });
      expect(await customersByKind({ field: 'holds', op: 'in', values: ['credit_card'] })).to.deep.equal({ retail: 1, corporate: 1 });
      expect(await customersByKind({ field: 'holds', op: 'in', values: ['acquiring'] })).to.deep.equal({ retail: 1, corporate: 0 });
      expect(await customersByKind({ field: 'holds', op: 'in', values: ['mortgage'] }, { field: 'holds', op: 'not_in', values: ['consumer'] })).to.deep.equal({ retail: 1, corporate: 0 });
      // Any of several: wealth or payroll is C1 and C6.
      expect(await customersByKind({ field: 'holds', op: 'in', values: ['wealth', 'payroll'] })).to.deep.equal({ retail: 1, corporate: 1 });
    });

    it('loans and leads follow their customer: NPL under "holds wealth" is C1’s 990,000 only; under "no deposit" C5’s and C7’s 2,900,000, all non-performing', async () => {
      const [wealth] = await strata.npl({ filters: [{ field: 'holds', op: 'in', values: ['wealth'], source: 't' }] });
      expect([wealth!.balance, wealth!.npl_balance]).to.deep.equal([990_000, 0]);
      const [noDeposit] = await strata.npl({ filters: [{ field: 'holds', op: 'not_in', values: ['deposit'], source: 't' }] });
      expect([noDeposit!.balance, noDeposit!.npl_balance]).to.deep.equal([2_900_000, 2_900_000]);
      // Leads of customers contacted within 30 days: P1 (C1) and P7 (C3), both disbursed.
      const funnel = await strata.funnel({ campaign: 'K1', filters: [{ field: 'days_since_contact', op: 'lte', values: [30], source: 't' }] });
      expect(funnel.find((r) => r.stage === 'disbursed')?.count).to.equal(2);
    });

    it('a range or holds clause is checked: one bound for gte and lte, in or not_in for holds', async () => {
      const name = (clause: unknown) => strata.segments({ by: 'kind', filters: [clause as FilterClause] }).then(() => 'answered', (e: Error) => e.name);
      expect(await name({ field: 'aum', op: 'gte', values: [1, 2], source: 't' })).to.equal('FilterError');
      expect(await name({ field: 'aum', op: 'lte', values: [null], source: 't' })).to.equal('FilterError');
      expect(await name({ field: 'holds', op: 'between', values: ['a', 'b'], source: 't' })).to.equal('FilterError');
      expect(await name({ field: 'aum', op: 'more', values: [1], source: 't' })).to.equal('FilterError');
    });
  });

  if (h.syntheticBank) {
    describe('range and holds clauses against plain TypeScript on generated data', () => {
      let strata: Strata;
      let bank: ListBank;
      before(async () => {
        bank = h.syntheticBank!() as ListBank;
        strata = await Strata.open({ engine: await h.createEngine() });
        await strata.load(bank);
      });
      after(async () => {
        await strata.close();
      });

      it('customers per kind and their loans’ balance under random ranges and holds equal the reference', async () => {
        const products = ['deposit', 'wealth', 'credit_card', 'acquiring', 'payroll', 'mortgage', 'consumer', 'business', 'working_capital'];
        const amount = fc.constantFrom(0, 5_000, 50_000, 200_000, 1_000_000, 5_000_000, 20_000_000);
        const clause: fc.Arbitrary<Omit<FilterClause, 'source'>> = fc.oneof(
          fc.record({ field: fc.constantFrom('deposits_avg' as const, 'aum' as const, 'loan_balance' as const), op: fc.constantFrom('gte' as const, 'lte' as const), values: fc.tuple(amount) }),
          fc.record({ field: fc.constantFrom('deposits_avg' as const, 'loan_balance' as const), op: fc.constant('between' as const), values: fc.tuple(amount, amount) }),
          fc.record({ field: fc.constantFrom('days_to_maturity' as const, 'days_since_contact' as const), op: fc.constantFrom('gte' as const, 'lte' as const), values: fc.tuple(fc.integer({ min: 0, max: 400 })) }),
          fc.record({ field: fc.constant('open_date' as const), op: fc.constantFrom('gte' as const, 'lte' as const), values: fc.tuple(fc.constantFrom('2010-01-01', '2020-06-30', '2024-10-01')) }),
          fc.record({ field: fc.constant('holds' as const), op: fc.constantFrom('in' as const, 'not_in' as const), values: fc.uniqueArray(fc.constantFrom(...products), { minLength: 1, maxLength: 2 }) }),
        );
        const asOf = latestAsOf(bank);
        await fc.assert(
          fc.asyncProperty(fc.array(clause, { minLength: 1, maxLength: 2 }), async (clauses) => {
            const filters = clauses.map((c, i) => ({ ...c, source: `p${i}` }) as FilterClause);
            const picked = bank.customers.filter((c) => clauses.every((clause) => customerSelected(bank, c, clause)));
            const ids = new Set(picked.map((c) => c.customer_id));
            const rows = await strata.segments({ by: 'kind', filters });
            for (const kind of ['retail', 'corporate']) {
              const expected = picked.filter((c) => c.kind === kind).length;
              expect(rows.find((r) => String(r.key) === kind)?.customers ?? 0, `${kind} under ${JSON.stringify(clauses)}`).to.equal(expected);
            }
            const [npl] = await strata.npl({ filters });
            expect(npl?.balance ?? 0, `balance under ${JSON.stringify(clauses)}`).to.equal(money(bank.loans.filter((l) => l.as_of === asOf && ids.has(l.customer_id)).map((l) => l.balance)));
          }),
          { seed: 20261203, numRuns: 25 },
        );
      });
    });
  }
}
