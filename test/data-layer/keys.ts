/**
 * Typed group keys (issue 13): a grouped row's key is the field's own value, as a filter clause
 * takes it: an industry class a number, a flag a boolean, no value null. On a hand-checkable
 * fixture (the small bank with 王五's industry unknown and two customers not on payroll), the rows
 * keep null apart from the numbers and from false, the cubes and SQL give the same typed keys, and
 * each key handed back as a clause selects exactly its group. Part of the data-layer suite.
 */
import { Strata, type FilterClause, type FilterValue, type TableRows } from '@strata/sdk';
import { smallBank } from '../fixtures/small.ts';
import type { Harness } from './suite.ts';

/**
 * The small bank, but C3 (王五) has no industry (its class is NULL, not 3) and C4 and C6 are not
 * on payroll (false) where the others say nothing (NULL) and C2 is (true).
 */
const keysBank = {
  ...smallBank,
  customers: smallBank.customers.map(
    (c): TableRows['customers'] => (c.customer_id === 'C3' ? { ...c, industry: null } : c.customer_id === 'C4' || c.customer_id === 'C6' ? { ...c, is_payroll: false } : c),
  ),
};

const clause = (field: string, values: FilterValue[]): FilterClause => ({ field, op: 'in', values, source: 'test-keys' }) as FilterClause;

export function keysSuite(h: Harness): void {
  const { describe, it, before, after, expect } = h;

  describe('typed group keys: null, numbers and booleans kept apart and selectable as they are', () => {
    let strata: Strata;
    before(async () => {
      strata = await Strata.open({ engine: await h.createEngine() });
      await strata.load(keysBank);
    });
    after(async () => {
      await strata.close();
    });

    // Classes at 2024-12-31 (docs/metrics.md's table): 1 = C1 government, C5 industry_transport,
    // C7 utilities (loans 990k + 1.9M + 1M, NPL 1.9M + 1M); 2 = C2, C6 commerce, C4 real estate
    // (loans 95k + 600k, no NPL; C6's loan left in December); 3 = C8 catering (no loan);
    // NULL = C3 (50k substandard). Customers first, ties by key: 1, 2, 3, then NULL last.
    const BY_CLASS = [
      [1, '1', 3, 3, 3_890_000, 2_900_000],
      [2, '2', 3, 2, 695_000, 0],
      [3, '3', 1, 0, 0, 0],
      [null, null, 1, 1, 50_000, 50_000],
    ];

    it('segments by industry class: NULL is null, never 0 or text, from the cubes and from SQL alike', async () => {
      const rows = await strata.segments({ by: 'industry_class' });
      expect(rows.source).to.equal('cube');
      const figures = (rs: typeof rows) => rs.map((r) => [r.key, r.label, r.customers, r.borrowers, r.balance, r.npl_balance]);
      expect(figures(rows)).to.deep.equal(BY_CLASS);
      const sql = await strata.run(rows.query);
      expect(sql.source).to.equal('sql');
      expect(figures(sql)).to.deep.equal(BY_CLASS);
      expect(rows.map((r) => r.key)).to.not.include(0);
      expect(rows.map((r) => r.key)).to.not.include('');
    });

    it("each row's key, handed back as a clause, selects exactly that group", async () => {
      // [key, customers, balance]: the figures of BY_CLASS's rows, now read under the clause.
      const expected: [FilterValue, number, number][] = [
        [1, 3, 3_890_000],
        [2, 3, 695_000],
        [3, 1, 0],
        [null, 1, 50_000],
      ];
      const rows = await strata.segments({ by: 'industry_class' });
      expect(rows.map((r) => r.key)).to.deep.equal(expected.map(([key]) => key));
      for (const [key, customers, balance] of expected) {
        const filters = [clause('industry_class', [key])];
        const under = await strata.segments({ by: 'kind', filters });
        const sum = (f: (r: (typeof under)[number]) => number) => under.reduce((t, r) => t + f(r), 0);
        expect([sum((r) => r.customers), sum((r) => r.balance)], `industry_class = ${String(key)}`).to.deep.equal([customers, balance]);
        expect(await strata.rowCount({ table: 'customers', filters }), `customers with industry_class = ${String(key)}`).to.equal(customers);
        // The same group by its own key again: one row, itself.
        expect((await strata.segments({ by: 'industry_class', filters })).map((r) => [r.key, r.customers]), `by class under ${String(key)}`).to.deep.equal([[key, customers]]);
      }
      // Class 0 (what NULL became when keys were text parsed back) is no group: it selects nothing.
      expect(await strata.rowCount({ table: 'customers', filters: [clause('industry_class', [0])] })).to.equal(0);
      expect([...(await strata.npl({ filters: [clause('industry_class', [0])] }))]).to.deep.equal([]);
    });

    it('flags: true, false and NULL are three groups, each selected by its boolean or null', async () => {
      // is_payroll: C2 true (95k special mention); C4 and C6 false (C4 600k); the rest NULL:
      // C1 990k, C3 50k, C5 1.9M, C7 1M = 3.94M (C8 has no loan).
      const npl = await strata.npl({ by: 'is_payroll' });
      expect(npl.map((r) => [r.key, r.label, r.balance, r.loans])).to.deep.equal([
        [null, null, 3_940_000, 4],
        [false, 'false', 600_000, 1],
        [true, 'true', 95_000, 1],
      ]);
      const segments = await strata.segments({ by: 'is_payroll' });
      expect(segments.map((r) => [r.key, r.customers])).to.deep.equal([
        [null, 5],
        [false, 2],
        [true, 1],
      ]);
      for (const [key, customers] of [[null, 5], [false, 2], [true, 1]] as const) {
        expect(await strata.rowCount({ table: 'customers', filters: [clause('is_payroll', [key])] }), `is_payroll = ${String(key)}`).to.equal(customers);
      }
    });

    it('vintage and the funnel key their rows typed too', async () => {
      // Every loan originated 2024-06: the cohort's keys in order, classes 1 and 2, then NULL (C3's).
      const vintage = await strata.vintage({ by: 'industry_class' });
      expect([...new Set(vintage.map((r) => r.key))]).to.deep.equal([1, 2, null]);
      // P1 is C1's lead (class 1); P7 is C3's and the others name no customer: NULL, last.
      const funnel = await strata.funnel({ campaign: 'K1', by: 'industry_class' });
      expect([...new Set(funnel.map((r) => r.key))]).to.deep.equal([1, null]);
    });
  });
}
