/**
 * strata.rows / rowCount / months / campaigns on the small bank, checked against the lists built
 * again in plain TypeScript from the fixture's rows: every clause but the caller's own applied,
 * paging, sorting (nulls last, ties by id), and hostile sort columns rejected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRules, Strata, StrataOptionError, type CustomerListRow, type FilterClause, type LoanListRow } from '@strata/sdk/node';
import { generate } from '@strata/synth';
import { smallBank } from '../fixtures/small.ts';
import { hasLoan, industryClassOf, latestAsOf, tierOf } from '../reference.ts';

type Customer = (typeof smallBank.customers)[number];
type Loan = (typeof smallBank.loans)[number];

// Lifecycle groups of the small bank at its reference date 2024-12-31 (see the data-layer suite):
// C1 AUM 1.5M → vip; C2 payroll; C6 had a loan in November only → churned; C8 opened 2024-11-15 → new.
const LIFECYCLE: Record<string, string> = { C1: 'vip', C2: 'payroll', C3: 'active', C4: 'active', C5: 'active', C6: 'churned', C7: 'active', C8: 'new' };

const branchName = (id: string | null) => smallBank.branches.find((b) => b.branch_id === id)?.name ?? null;
const managerName = (id: string | null) => smallBank.managers.find((m) => m.manager_id === id)?.name ?? null;
const customerOf = (id: string) => smallBank.customers.find((c) => c.customer_id === id)!;

function customerRow(c: Customer): CustomerListRow {
  return {
    customer_id: c.customer_id,
    customer_name: c.name,
    kind: c.kind,
    tier: tierOf(smallBank, c),
    industry: c.industry,
    industry_class: industryClassOf(c),
    lifecycle: LIFECYCLE[c.customer_id]!,
    has_loan: hasLoan(smallBank, c),
    branch_name: branchName(c.branch_id),
    manager_name: managerName(c.manager_id),
    deposits_avg: c.deposits_avg,
    aum: c.aum,
    contribution: c.contribution,
  };
}

function loanRow(l: Loan): LoanListRow {
  const c = customerOf(l.customer_id);
  return {
    loan_id: l.loan_id,
    customer_id: l.customer_id,
    customer_name: c.name,
    product: l.product,
    balance: l.balance,
    classification: l.classification,
    dpd: l.dpd,
    branch_name: branchName(l.branch_id ?? c.branch_id),
    manager_name: managerName(c.manager_id),
    origination_date: l.origination_date,
  };
}

/** A clause in plain TypeScript, on the fields these tests use. */
function customerMatches(c: Customer, clause: FilterClause, asOf: string): boolean {
  const has = (v: unknown) => clause.values.includes(v as never);
  switch (clause.field) {
    case 'kind':
      return has(c.kind);
    case 'branch':
      return has(c.branch_id);
    case 'tier':
      return has(tierOf(smallBank, c));
    // A loan field selects the customers with such a loan at the month end.
    case 'classification':
      return smallBank.loans.some((l) => l.customer_id === c.customer_id && l.as_of === asOf && has(l.classification));
    case 'product':
      return smallBank.loans.some((l) => l.customer_id === c.customer_id && l.as_of === asOf && has(l.product));
    default:
      throw new Error(`test: no plain clause for ${clause.field}`);
  }
}

function loanMatches(l: Loan, clause: FilterClause, asOf: string): boolean {
  const has = (v: unknown) => clause.values.includes(v as never);
  if (clause.field === 'classification') return has(l.classification);
  if (clause.field === 'product') return has(l.product);
  if (clause.field === 'branch') return has(l.branch_id ?? customerOf(l.customer_id).branch_id);
  return customerMatches(customerOf(l.customer_id), clause, asOf);
}

const byKey = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => compare(a[key], b[key]);

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

/** Sorted like the SDK: by the column (nulls last in both directions), ties by the id ascending. */
function sorted<T extends object>(rows: T[], key: string, column?: string, descending = false): T[] {
  const tie = byKey(key);
  return [...rows].sort((x, y) => {
    const a = x as Record<string, unknown>;
    const b = y as Record<string, unknown>;
    if (column) {
      const va = a[column];
      const vb = b[column];
      if (va === null && vb !== null) return 1;
      if (vb === null && va !== null) return -1;
      const c = compare(va, vb);
      if (c !== 0) return descending ? -c : c;
    }
    return tie(a, b);
  });
}

function expectedCustomers(clauses: FilterClause[], asOf = latestAsOf(smallBank)): CustomerListRow[] {
  return sorted(
    smallBank.customers.filter((c) => clauses.every((k) => customerMatches(c, k, asOf))).map(customerRow),
    'customer_id',
  );
}

function expectedLoans(clauses: FilterClause[], asOf = latestAsOf(smallBank)): LoanListRow[] {
  return sorted(
    smallBank.loans.filter((l) => l.as_of === asOf && clauses.every((k) => loanMatches(l, k, asOf))).map(loanRow),
    'loan_id',
  );
}

describe('strata.rows and strata.rowCount', () => {
  let strata: Strata;

  beforeAll(async () => {
    strata = await Strata.open();
    await strata.load(smallBank);
  });
  afterAll(async () => {
    await strata.close();
  });

  const clear = () => strata.filters.clear();

  it('lists every customer with its derived fields, and every loan at the latest month end', async () => {
    clear();
    expect([...(await strata.rows({ table: 'customers', offset: 0, limit: 100 }))]).toEqual(expectedCustomers([]));
    expect([...(await strata.rows({ table: 'loans', offset: 0, limit: 100 }))]).toEqual(expectedLoans([]));
    expect(await strata.rowCount({ table: 'customers' })).toBe(8);
    expect(await strata.rowCount({ table: 'loans' })).toBe(6);
  });

  it('loans at another month end', async () => {
    clear();
    const rows = await strata.rows({ table: 'loans', asOf: '2024-11-30', offset: 0, limit: 100 });
    expect([...rows]).toEqual(expectedLoans([], '2024-11-30'));
    expect(await strata.rowCount({ table: 'loans', asOf: '2024-11-30' })).toBe(6);
    expect(rows.map((r) => r.loan_id)).toContain('L6');
  });

  it('applies every clause but the caller’s own', async () => {
    clear();
    const kind: FilterClause = { field: 'kind', op: 'in', values: ['retail'], source: 'kind-view' };
    const cls: FilterClause = { field: 'classification', op: 'in', values: ['pass', 'special_mention'], source: 'class-view' };
    strata.filters.set(kind);
    strata.filters.set(cls);
    try {
      for (const [exclude, clauses] of [
        [undefined, [kind, cls]],
        ['class-view', [kind]],
        ['kind-view', [cls]],
      ] as const) {
        const customers = expectedCustomers([...clauses]);
        const loans = expectedLoans([...clauses]);
        expect([...(await strata.rows({ table: 'customers', exclude, offset: 0, limit: 100 }))]).toEqual(customers);
        expect([...(await strata.rows({ table: 'loans', exclude, offset: 0, limit: 100 }))]).toEqual(loans);
        expect(await strata.rowCount({ table: 'customers', exclude })).toBe(customers.length);
        expect(await strata.rowCount({ table: 'loans', exclude })).toBe(loans.length);
      }
      // Retail borrowers with a pass or special-mention loan in December: 张三, 李四, 赵六.
      expect((await strata.rows({ table: 'customers', offset: 0, limit: 100 })).map((r) => r.customer_id)).toEqual(['C1', 'C2', 'C4']);
    } finally {
      clear();
    }
  });

  it('a clause from a loan field reaches customers through their loans at as_of', async () => {
    clear();
    strata.filters.set({ field: 'product', op: 'in', values: ['fixed_asset'], source: 'p' });
    try {
      // C6's fixed-asset loan exists only in November.
      expect(await strata.rowCount({ table: 'customers' })).toBe(0);
      const november = await strata.rows({ table: 'customers', asOf: '2024-11-30', offset: 0, limit: 10 });
      expect([...november]).toEqual(expectedCustomers([{ field: 'product', op: 'in', values: ['fixed_asset'], source: 'p' }], '2024-11-30'));
      expect(november.map((r) => r.customer_id)).toEqual(['C6']);
    } finally {
      clear();
    }
  });

  it('pages: offset and limit cut the same ordered list, with nothing skipped or repeated', async () => {
    clear();
    const all = expectedCustomers([]);
    const pages: CustomerListRow[] = [];
    for (let offset = 0; offset < all.length; offset += 3) {
      const page = await strata.rows({ table: 'customers', offset, limit: 3, orderBy: { column: 'deposits_avg', descending: true } });
      expect(page.length).toBe(Math.min(3, all.length - offset));
      pages.push(...page);
    }
    expect(pages).toEqual(sorted(all, 'customer_id', 'deposits_avg', true));
    expect([...(await strata.rows({ table: 'loans', offset: 6, limit: 10 }))]).toEqual([]);
    expect([...(await strata.rows({ table: 'loans', offset: 2, limit: 0 }))]).toEqual([]);
    expect([...(await strata.rows({ table: 'loans', offset: 4, limit: 10 }))]).toEqual(expectedLoans([]).slice(4));
  });

  it('sorts by any column of the list, both ways, nulls last and ties by id', async () => {
    clear();
    const customers = expectedCustomers([]);
    for (const column of ['customer_name', 'tier', 'industry_class', 'aum', 'branch_name', 'contribution'] as const) {
      for (const descending of [false, true]) {
        const rows = await strata.rows({ table: 'customers', offset: 0, limit: 100, orderBy: { column, descending } });
        expect([...rows], `${column} ${descending ? 'desc' : 'asc'}`).toEqual(sorted(customers, 'customer_id', column, descending));
      }
    }
    const loans = expectedLoans([]);
    for (const column of ['balance', 'classification', 'customer_name', 'origination_date', 'loan_id', 'dpd'] as const) {
      for (const descending of [false, true]) {
        const rows = await strata.rows({ table: 'loans', offset: 0, limit: 100, orderBy: { column, descending } });
        expect([...rows], `${column} ${descending ? 'desc' : 'asc'}`).toEqual(sorted(loans, 'loan_id', column, descending));
      }
    }
    // AUM is null for corporate customers: last whichever the direction.
    const byAum = await strata.rows({ table: 'customers', offset: 0, limit: 100, orderBy: { column: 'aum', descending: false } });
    expect(byAum.slice(4).every((r) => r.aum === null)).toBe(true);
  });

  it('rejects a sort column that is not a column of the list, and bad tables and pages', async () => {
    const hostile = [
      'balance; DROP TABLE loans; --',
      'balance DESC',
      '"balance"',
      'loan_id" DESC, (SELECT 1) --',
      '1',
      '(SELECT max(balance) FROM loans)',
      'deposits_avg', // a customers column, not a loan column
      'as_of',
      '',
      '__proto__',
      'constructor',
      'toString',
    ];
    for (const column of hostile) {
      await expect(strata.rows({ table: 'loans', offset: 0, limit: 10, orderBy: { column } }), column).rejects.toThrow(StrataOptionError);
    }
    await expect(strata.rows({ table: 'customers', offset: 0, limit: 10, orderBy: { column: 'balance' } })).rejects.toThrow(/orderBy.column must be a column of the customers list/);
    await expect(strata.rows({ table: 'loans; DROP TABLE loans' as 'loans', offset: 0, limit: 10 })).rejects.toThrow(StrataOptionError);
    await expect(strata.rowCount({ table: 'pipeline' as 'loans' })).rejects.toThrow(StrataOptionError);
    for (const [offset, limit] of [
      [-1, 10],
      [0.5, 10],
      [0, -1],
      [0, 1.5],
      [0, Number.NaN],
      [0, 1e9],
      ['0' as unknown as number, 10],
    ]) {
      await expect(strata.rows({ table: 'loans', offset, limit }), `${offset}/${limit}`).rejects.toThrow(StrataOptionError);
    }
    // Nothing happened to the data.
    expect(await strata.rowCount({ table: 'loans' })).toBe(6);
  });

  it('hostile filter values and month ends travel as bound values', async () => {
    strata.filters.set({ field: 'customer_id', op: 'in', values: ["C1' OR '1'='1"], source: 'x' });
    try {
      expect(await strata.rowCount({ table: 'customers' })).toBe(0);
      expect([...(await strata.rows({ table: 'loans', offset: 0, limit: 10 }))]).toEqual([]);
    } finally {
      clear();
    }
    // A month end is bound and cast: at most one month's loans, whatever the text says.
    const rows = await strata.rows({ table: 'loans', asOf: "2024-11-30' OR '1'='1", offset: 0, limit: 100 }).catch(() => []);
    expect(rows.length).toBeLessThanOrEqual(6);
    expect(new Set(rows.map((r) => r.loan_id)).size).toBe(rows.length);
  });

  it('an aborted signal rejects with an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(strata.rows({ table: 'loans', offset: 0, limit: 10, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('strata.rows past the first rows (read from a numbered copy of the selection)', () => {
  let strata: Strata;
  const bankA = generate({ seed: 3, loanRows: 4_000, months: 1 });
  const bankB = generate({ seed: 4, loanRows: 3_000, months: 1 });

  beforeAll(async () => {
    strata = await Strata.open();
    await strata.load(bankA);
  });
  afterAll(async () => {
    await strata.close();
  });

  /** Loan ids of a bank's latest month end, by balance descending, ties by id. */
  const byBalance = (bank: typeof bankA) =>
    sorted(bank.loans.filter((l) => l.as_of === latestAsOf(bank)), 'loan_id', 'balance', true).map((l) => l.loan_id);

  async function pages(offsets: number[], limit: number, table: 'loans' | 'customers', orderBy: { column: string; descending?: boolean }) {
    const ids: string[][] = [];
    for (const offset of offsets) {
      const rows = await strata.rows({ table, offset, limit, orderBy });
      ids.push(rows.map((r) => ('loan_id' in r ? r.loan_id : r.customer_id)));
    }
    return ids;
  }

  it('deep pages equal the same slices of the whole sorted list', async () => {
    const expected = byBalance(bankA);
    expect(expected.length).toBe(4_000);
    const offsets = [3_900, 1_000, 2_500, 0, 3_999];
    expect(await pages(offsets, 100, 'loans', { column: 'balance', descending: true })).toEqual(offsets.map((o) => expected.slice(o, o + 100)));
    // Full rows, not only ids: a deep page equals the direct query's rows.
    const deep = await strata.rows({ table: 'loans', offset: 2_000, limit: 50, orderBy: { column: 'customer_name' } });
    expect(deep.sql).toContain('strata_rn');
    const whole = await strata.rows({ table: 'loans', offset: 0, limit: 4_000, orderBy: { column: 'customer_name' } });
    expect([...deep]).toEqual(whole.slice(2_000, 2_050));
  });

  it('follow the filters: another selection is another copy', async () => {
    strata.filters.set({ field: 'classification', op: 'in', values: ['pass'], source: 'c' });
    try {
      const pass = byBalance({ ...bankA, loans: bankA.loans.filter((l) => l.classification === 'pass') });
      expect(pass.length).toBeGreaterThan(1_200);
      expect(await pages([1_100], 100, 'loans', { column: 'balance', descending: true })).toEqual([pass.slice(1_100, 1_200)]);
      expect(await strata.rows({ table: 'loans', offset: 1_100, limit: 100, exclude: 'c', orderBy: { column: 'balance', descending: true } })).toHaveLength(100);
      expect((await strata.rows({ table: 'loans', offset: 1_100, limit: 3, exclude: 'c', orderBy: { column: 'balance', descending: true } })).map((r) => r.loan_id)).toEqual(
        byBalance(bankA).slice(1_100, 1_103),
      );
    } finally {
      strata.filters.clear();
    }
  });

  it('follow a new load and new rules', async () => {
    await strata.load(bankB);
    const expected = byBalance(bankB);
    expect(await pages([2_000], 100, 'loans', { column: 'balance', descending: true })).toEqual([expected.slice(2_000, 2_100)]);
    const customers = (rules = resolveRules({})) =>
      sorted(
        bankB.customers.map((c) => ({ customer_id: c.customer_id, tier: tierOf(bankB, c, rules) })),
        'customer_id',
        'tier',
      ).map((c) => c.customer_id);
    const count = bankB.customers.length;
    expect(count).toBeGreaterThan(1_100);
    const offset = count - 100;
    expect(await pages([offset], 100, 'customers', { column: 'tier' })).toEqual([customers().slice(offset)]);
    const override = { corporate: { midDeposits: 1, highEndDeposits: 2 }, retail: { potentialAum: 1 } };
    await strata.setRules(override);
    try {
      const retiered = customers(resolveRules(override));
      expect(retiered.slice(offset)).not.toEqual(customers().slice(offset));
      expect(await pages([offset], 100, 'customers', { column: 'tier' })).toEqual([retiered.slice(offset)]);
    } finally {
      await strata.setRules({});
    }
    expect(await pages([offset], 100, 'customers', { column: 'tier' })).toEqual([customers().slice(offset)]);
  });

  it('an aborted deep page rejects with an AbortError and leaves later pages right', async () => {
    const controller = new AbortController();
    const aborted = strata.rows({ table: 'loans', offset: 1_500, limit: 100, orderBy: { column: 'dpd' }, signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    const whole = await strata.rows({ table: 'loans', offset: 0, limit: 3_000, orderBy: { column: 'dpd' } });
    expect([...(await strata.rows({ table: 'loans', offset: 1_500, limit: 100, orderBy: { column: 'dpd' } }))]).toEqual(whole.slice(1_500, 1_600));
  });
});

describe('strata.months and strata.campaigns', () => {
  let strata: Strata;

  beforeAll(async () => {
    strata = await Strata.open();
  });
  afterAll(async () => {
    await strata.close();
  });

  it('are empty before a load', async () => {
    expect(await strata.months()).toEqual([]);
    expect([...(await strata.campaigns())]).toEqual([]);
  });

  it('list the month ends (ascending) and the campaigns of the data', async () => {
    await strata.load(smallBank);
    const months = [...new Set(smallBank.loans.map((l) => l.as_of))].sort();
    expect(await strata.months()).toEqual(months);
    expect(months).toEqual(['2024-11-30', '2024-12-31']);
    expect([...(await strata.campaigns())]).toEqual(smallBank.campaigns);
  });

  it('campaigns come by start date', async () => {
    const later = { campaign_id: 'K0', name: '开门红 <b>2025</b>', start_date: '2025-01-01', end_date: '2025-03-31' };
    const earlier = { campaign_id: 'K9', name: '"=HYPERLINK(1)"', start_date: '2024-01-01', end_date: '2024-03-31' };
    await strata.load({ campaigns: [...smallBank.campaigns, later, earlier] });
    expect([...(await strata.campaigns())]).toEqual([earlier, ...smallBank.campaigns, later]);
  });
});
