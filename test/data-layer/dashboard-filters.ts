/**
 * Every figure of the default dashboard (`<strata-dashboard>`'s renderDefault), with no filter and
 * under each single filter a click on it can set, equal to the plain-TypeScript computation of
 * test/reference.ts (written from docs/metrics.md, not from the SQL). Each view is asked exactly as
 * its element asks (packages/widgets/src/…/*.ts `query()`), its own clause excluded. Part of the
 * data-layer suite: it runs on every engine.
 */
import { generate } from '@strata/synth';
import { Strata, type FilterClause } from '@strata/sdk';
import { smallBank } from '../fixtures/small.ts';
import {
  attainmentBy,
  currentCampaign,
  funnelBy,
  kpisOf,
  latestAsOf,
  loanList,
  lostReasons,
  migrationMatrix,
  migrationRates,
  nplBy,
  nplByMonth,
  overdueByManager,
  previousAsOf,
  ratio,
  referenceDate,
  scopeOf,
  segmentsBy,
  targetActual,
  untargetedFields,
  type Bank,
  type Clause,
} from '../reference.ts';
import type { Harness } from './suite.ts';

/** The default dashboard's views: each element's id, which is the source of its clause. */
const VIEW = { kpis: 'kpis', tiers: 'tiers', nplByClass: 'npl-by-class', nplTrend: 'npl-trend', migration: 'migration', funnel: 'funnel', attainment: 'attainment', loans: 'loans' } as const;
const CLASSES = ['pass', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
const STAGES = ['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed'] as const;
/** The funnel view's overdue line (its default `overdue-days`) and the loan list's first page (PAGE_ROWS). */
const OVERDUE_DAYS = 14;
const PAGE_ROWS = 100;

/** Ratios are taken in double precision on both sides: equal within 1e-6 of the expected. */
const near = (a: number | null | undefined, b: number | null | undefined) => a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-6 * Math.abs(b));

/**
 * The small bank where a branch clause means something else on each fact: C1 (城北 B1) has a
 * second loan booked at 城南 B2; C5 (B1, M1) a lead disbursed by B2's M2; C6 (B2, M2) an idle lead
 * that names no branch or manager (its customer's count).
 */
const elsewhere: Bank = {
  ...smallBank,
  loans: [
    ...smallBank.loans,
    ...(['2024-11-30', '2024-12-31'] as const).map((as_of, i) => ({ ...smallBank.loans[0]!, as_of, loan_id: 'L8', branch_id: 'B2', balance: 310_000 - i * 10_000 })),
  ],
  pipeline: [
    ...smallBank.pipeline,
    { ...smallBank.pipeline[0]!, lead_id: 'P13', customer_id: 'C5', branch_id: 'B2', manager_id: 'M2', product: 'business', amount: 500_000, updated_at: '2024-12-20' },
    { ...smallBank.pipeline[0]!, lead_id: 'P14', customer_id: 'C6', branch_id: null, manager_id: null, stage: 'follow_up', amount: 70_000, updated_at: '2024-11-01' },
  ],
};

/** Every filter a click on the default dashboard sets, with the view that sets it (the has_loan one has no view: every view follows it). */
function filterStates(bank: Bank): FilterClause[] {
  const clause = (source: string, field: FilterClause['field'], value: string | number | boolean): FilterClause => ({ field, op: 'in', values: [value], source });
  const tiers = [...segmentsBy(bank, 'tier').keys()].filter((k): k is string => k !== null).sort();
  const campaign = currentCampaign(bank, referenceDate(bank))!;
  const branches = attainmentBy(bank, campaign.campaign_id, 'branch', 'loan_amount', referenceDate(bank)).rows.map((r) => r.key).sort();
  return [
    ...tiers.map((tier) => clause(VIEW.tiers, 'tier', tier)),
    ...[1, 2, 3].map((cls) => clause(VIEW.nplByClass, 'industry_class', cls)),
    ...CLASSES.map((c) => clause(VIEW.migration, 'classification', c)),
    ...STAGES.map((stage) => clause(VIEW.funnel, 'stage', stage)),
    ...branches.map((branch) => clause(VIEW.attainment, 'branch', branch)),
    ...[true, false].map((has) => clause('has-loan', 'has_loan', has)),
  ];
}

/** Figures that differ, each said with where it is and both values. */
class Differences {
  readonly found: string[] = [];
  same(what: string, actual: unknown, expected: unknown): void {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) this.found.push(`${what}: SDK ${JSON.stringify(actual)}, definitions ${JSON.stringify(expected)}`);
  }
  near(what: string, actual: number | null | undefined, expected: number | null | undefined): void {
    if (!near(actual, expected)) this.found.push(`${what}: SDK ${actual}, definitions ${expected}`);
  }
  /** Figures of one row: `exact` compared as they are (money, counts, text), `ratios` within 1e-6. */
  row(what: string, actual: object, expected: object, exact: readonly string[], ratios: readonly string[] = []): void {
    const a = actual as Record<string, number | null>;
    const e = expected as Record<string, number | null>;
    for (const f of exact) this.same(`${what} ${f}`, a[f], e[f]);
    for (const f of ratios) this.near(`${what} ${f}`, a[f], e[f]);
  }
}

export function dashboardFiltersSuite(h: Harness): void {
  const { describe, it, before, after, expect } = h;
  const banks: [string, Bank][] = [
    ['the small bank', smallBank],
    ['the small bank with a loan and leads at another branch than their customer’s', elsewhere],
    // Every tier, industry class and five-category class with more than one row, every stage, 8 branches.
    ['a generated bank (seed 1, 6,000 loan rows)', generate({ seed: 1, loanRows: 6_000 })],
  ];

  for (const [bankName, bank] of banks) {
    describe(`the default dashboard under each single filter equals the definitions (${bankName})`, () => {
      let strata: Strata;
      before(async () => {
        strata = await Strata.open({ engine: await h.createEngine() });
        await strata.load(bank);
      });
      after(async () => {
        await strata.close();
      });

      const latest = latestAsOf(bank);
      const previous = previousAsOf(bank, latest);
      const today = referenceDate(bank);
      const campaign = currentCampaign(bank, today)!;

      /** Compares every view's figures under `filter` (none: the whole bank) with the reference's. */
      async function compare(filter: FilterClause | undefined): Promise<string[]> {
        strata.filters.clear();
        if (filter) strata.filters.set(filter);
        const d = new Differences();
        /** The clauses a view follows: all but its own. */
        const seen = (view: string): Clause[] => (filter && filter.source !== view ? [filter] : []);
        const scopeFor = (view: string) => scopeOf(bank, seen(view));

        // strata-kpis: kpis({ asOf, campaign, exclude }).
        const kpis = await strata.kpis({ exclude: VIEW.kpis });
        const kpisRef = kpisOf(bank, seen(VIEW.kpis));
        d.same('kpis: metrics', kpis.map((r) => r.metric), kpisRef.map((r) => r.metric));
        for (const ref of kpisRef) {
          const row = kpis.find((r) => r.metric === ref.metric)!;
          const isRatio = ['npl_ratio', 'special_mention_ratio', 'attainment', 'pace', 'actual_share'].includes(ref.metric);
          d.row(`kpis ${ref.metric}`, row, ref, ['as_of', 'previous_as_of', 'period', 'untargeted', ...(isRatio ? [] : ['value', 'previous', 'change'])], isRatio ? ['value', 'previous', 'change'] : []);
        }

        // strata-segments by="tier" measure="balance".
        {
          const scope = scopeFor(VIEW.tiers);
          const rows = await strata.segments({ by: 'tier', measure: 'balance', exclude: VIEW.tiers });
          const ref = segmentsBy(bank, 'tier', latest, scope);
          const total = [...ref.values()].reduce((t, r) => t + r.balance, 0);
          d.same('segments: tiers', rows.map((r) => r.key).sort(), [...ref.keys()].sort());
          for (const row of rows) {
            const r = ref.get(row.key);
            if (!r) continue;
            d.row(`segments ${row.key}`, row, { ...r, label: row.key, borrowers: r.borrowers.size }, ['label', 'customers', 'borrowers', 'balance', 'npl_balance', 'deposits', 'contribution']);
            d.near(`segments ${row.key} npl_ratio`, row.npl_ratio, ratio(r.npl_balance, r.balance));
            d.near(`segments ${row.key} share`, row.share, ratio(r.balance, total));
          }
          // Largest balance first; segments of customers without loans last.
          const order = rows.map((r) => (ref.get(r.key)?.hasLoans ? r.balance : -Infinity));
          d.same('segments: by balance', order, [...order].sort((a, b) => b - a));
        }

        // strata-npl by="industry_class" view="marimekko": by class, the total, and the whole bank when filtered by another view.
        {
          const scope = scopeFor(VIEW.nplByClass);
          const [rows, total] = [await strata.npl({ by: 'industry_class', exclude: VIEW.nplByClass }), await strata.npl({ exclude: VIEW.nplByClass })];
          const ref = nplBy(bank, 'industry_class', latest, scope.loan);
          const exact = ['label', 'balance', 'npl_balance', 'loans', 'npl_loans', 'special_mention_balance'];
          const ratios = ['npl_ratio', 'npl_ratio_count', 'special_mention_ratio', 'balance_share'];
          d.same('npl by class: classes', rows.map((r) => r.key).sort(), [...ref.keys()].sort());
          // The key typed (a number), its label the text.
          for (const row of rows) if (ref.has(row.key)) d.row(`npl class ${row.key}`, row, { ...ref.get(row.key), label: row.key === null ? null : String(row.key) }, exact, ratios);
          d.same('npl by class: by balance', rows.map((r) => r.balance), rows.map((r) => r.balance).sort((a, b) => b - a));
          const all = nplBy(bank, undefined, latest, scope.loan).get('all');
          d.same('npl total: rows', total.length, all ? 1 : 0);
          if (all) d.row('npl total', total[0], { ...all, label: 'all' }, exact, ratios);
          if (seen(VIEW.nplByClass).length > 0) {
            const [bankWide] = await strata.npl({ unfiltered: true });
            d.row('npl whole bank', bankWide, { ...nplBy(bank, undefined).get('all'), label: 'all' }, exact, ratios);
          }
        }

        // strata-npl view="trend": nplTrend and classMix by month end.
        {
          const scope = scopeFor(VIEW.nplTrend);
          const trend = await strata.nplTrend({ exclude: VIEW.nplTrend });
          const mix = await strata.classMix({ by: 'as_of', exclude: VIEW.nplTrend });
          const ref = nplByMonth(bank, scope.loan).filter((m) => m.loans > 0);
          d.same('nplTrend: month ends', trend.map((r) => r.as_of), ref.map((m) => m.as_of));
          d.same('classMix: month ends', mix.map((r) => r.key), ref.map((m) => m.as_of));
          for (const m of ref) {
            const row = trend.find((r) => r.as_of === m.as_of);
            if (row) d.row(`nplTrend ${m.as_of}`, row, { ...m, key: 'all', label: 'all' }, ['key', 'label', 'balance', 'npl_balance', 'loans', 'npl_loans', 'special_mention_balance'], ['npl_ratio', 'npl_ratio_count', 'special_mention_ratio']);
            const classes = mix.find((r) => r.key === m.as_of);
            if (classes) d.row(`classMix ${m.as_of}`, classes, { ...m.mix, total: m.balance, label: m.as_of }, ['label', ...CLASSES, 'total']);
          }
        }

        // strata-npl view="migration": the matrix and the regulator's 迁徙率, the month end before the latest to the latest.
        {
          const scope = scopeFor(VIEW.migration);
          const [matrix, rates] = [await strata.migration({ exclude: VIEW.migration }), await strata.migrationRates({ exclude: VIEW.migration })];
          const ref = migrationMatrix(bank, previous, latest, scope.loan);
          d.same('migration: cells', matrix.map((r) => `${r.from_class}→${r.to_class}`), CLASSES.flatMap((c0) => [...CLASSES, 'exited'].map((c1) => `${c0}→${c1}`)));
          for (const row of matrix) {
            const cell = `${row.from_class}→${row.to_class}`;
            const b = ref.balances.get(cell) ?? { balance_from: 0, balance_to: 0 };
            d.row(`migration ${cell}`, row, { ...b, share: ratio(b.balance_from, ref.totals.get(row.from_class)!) }, ['balance_from', 'balance_to'], ['share']);
          }
          d.same('migration: month ends', await strata.months(), [...new Set(bank.loans.map((l) => l.as_of))].sort());
          const refRates = migrationRates(bank, previous, latest, scope.loan);
          d.same('migrationRates: rows', rates.map((r) => r.from_class), [...refRates.keys()]);
          for (const row of rates) d.row(`迁徙率 ${row.from_class}`, row, refRates.get(row.from_class)!, ['balance', 'downgraded_balance', 'exited_balance', 'repaid', 'reduction'], ['rate']);
        }

        // strata-funnel: funnel({ campaign, metric: 'loan_amount', asOf }), lostReasons, overdueFollowUps({ days: 14, by: 'manager' }).
        {
          const scope = scopeFor(VIEW.funnel);
          const keep = (p: Bank['pipeline'][number]) => scope.lead(p, latest);
          const funnel = await strata.funnel({ metric: 'loan_amount', exclude: VIEW.funnel });
          const ref = funnelBy(bank, campaign.campaign_id, () => 'all', keep).get('all');
          d.same('funnel: stages', funnel.map((r) => r.stage), ref ? [...STAGES] : []);
          if (ref) {
            funnel.forEach((row, k) => {
              const expected = {
                key: 'all',
                label: 'all',
                count: ref.count[k],
                amount: ref.amount[k],
                current: ref.current[k],
                step_conversion: k === 0 ? null : ratio(ref.count[k]!, ref.count[k - 1]!),
                overall_conversion: ratio(ref.count[k]!, ref.count[0]!),
                target_actual: row.stage === 'disbursed' ? targetActual(bank, campaign, 'loan_amount', today, keep) : null,
              };
              d.row(`funnel ${row.stage}`, row, expected, ['key', 'label', 'count', 'amount', 'current', 'target_actual'], ['step_conversion', 'overall_conversion']);
            });
          }
          const lost = await strata.lostReasons({ exclude: VIEW.funnel });
          const lostRef = lostReasons(bank, campaign.campaign_id, keep);
          d.same('lostReasons: reasons', lost.map((r) => r.reason).sort(), [...lostRef.keys()].sort());
          for (const row of lost) if (lostRef.has(row.reason)) d.row(`lost ${row.reason}`, row, lostRef.get(row.reason)!, ['count', 'amount'], ['share']);
          d.same('lostReasons: by count', lost.map((r) => r.count), lost.map((r) => r.count).sort((a, b) => b - a));
          const overdue = await strata.overdueFollowUps({ days: OVERDUE_DAYS, by: 'manager', exclude: VIEW.funnel });
          const overdueRef = overdueByManager(bank, campaign.campaign_id, today, OVERDUE_DAYS, keep);
          d.same('overdue: managers', overdue.map((r) => r.key).sort(), [...overdueRef.keys()].sort());
          for (const row of overdue) if (overdueRef.has(row.key as string | null)) d.row(`overdue ${row.key}`, row, overdueRef.get(row.key as string | null)!, ['label', 'count', 'amount', 'max_days']);
          d.same('overdue: by count', overdue.map((r) => r.count), overdue.map((r) => r.count).sort((a, b) => b - a));
        }

        // strata-attainment by="branch": attainment({ campaign, by: 'branch', metric: 'loan_amount', asOf }).
        {
          const clauses = seen(VIEW.attainment);
          const branches = clauses.find((c) => c.field === 'branch');
          const untargeted = untargetedFields(clauses, 'branch');
          const others = scopeOf(bank, clauses.filter((c) => untargeted.includes(c.field)));
          const rows = await strata.attainment({ by: 'branch', metric: 'loan_amount', exclude: VIEW.attainment });
          const ref = attainmentBy(bank, campaign.campaign_id, 'branch', 'loan_amount', today, {
            scopes: branches ? new Set(branches.values.map(String)) : undefined,
            untargeted: untargeted.length > 0 ? (p) => others.lead(p, latest) : undefined,
          }).rows;
          d.same('attainment: branches', rows.map((r) => r.key).sort(), ref.map((r) => r.key).sort());
          for (const row of rows) {
            const r = ref.find((x) => x.key === row.key);
            if (r) d.row(`attainment ${row.key}`, row, { ...r, untargeted }, ['label', 'actual', 'target', 'period', 'ahead', 'rank', 'bottom_five', 'untargeted'], ['attainment', 'actual_share', 'pace']);
          }
          const ranks = rows.map((r) => r.rank ?? Infinity);
          d.same('attainment: by rank', ranks, [...ranks].sort((a, b) => a - b));
        }

        // strata-table table="loans": the count and the first page, by loan id.
        {
          const scope = scopeFor(VIEW.loans);
          const ref = loanList(bank, scope.loan);
          d.same('loans: rowCount', await strata.rowCount({ table: 'loans', exclude: VIEW.loans }), ref.length);
          d.same('loans: first page', [...(await strata.rows({ table: 'loans', offset: 0, limit: PAGE_ROWS, exclude: VIEW.loans }))], ref.slice(0, PAGE_ROWS));
        }
        strata.filters.clear();
        return d.found;
      }

      it('the figures the definitions give are worth comparing: each filter selects something, and not everything', () => {
        const all = scopeOf(bank, []);
        for (const filter of filterStates(bank)) {
          const scope = scopeOf(bank, [filter]);
          const loans = bank.loans.filter((l) => l.as_of === latest && scope.loan(l)).length;
          const customers = bank.customers.filter((c) => scope.customer(c, latest)).length;
          const leads = bank.pipeline.filter((p) => p.campaign_id === campaign.campaign_id && scope.lead(p, latest)).length;
          const state = JSON.stringify([filter.field, filter.values]);
          expect(loans + customers + leads, `${state} selects something`).to.be.greaterThan(0);
          expect(customers, `${state} does not select every customer`).to.be.lessThan(bank.customers.filter((c) => all.customer(c, latest)).length);
        }
      });

      if (bank === smallBank) {
        it('kpis under a class: the month end before selects by its own loans; nobody selected has no deposits (by hand)', async () => {
          strata.filters.set({ field: 'classification', op: 'in', values: ['pass'], source: VIEW.migration });
          const pass = Object.fromEntries((await strata.kpis({ exclude: VIEW.kpis })).map((r) => [r.metric, r]));
          // Pass at 2024-12-31: L1 990k (C1), L4 600k (C4); at 2024-11-30: L1 1M, L2 100k (C2), L4 600k, L6 500k (C6).
          // The actual: C1's P1 600k (2024-11-20), by either month end.
          expect([pass.customers.value, pass.customers.previous, pass.loans.value, pass.loans.previous]).to.deep.equal([2, 4, 2, 4]);
          expect([pass.balance.value, pass.balance.previous, pass.actual.value, pass.actual.previous]).to.deep.equal([1_590_000, 2_200_000, 600_000, 600_000]);
          // The one contacted lead (P9) is a prospect: no customer is selected.
          strata.filters.set({ field: 'stage', op: 'in', values: ['contacted'], source: VIEW.funnel });
          strata.filters.remove(VIEW.migration);
          const contacted = Object.fromEntries((await strata.kpis({ exclude: VIEW.kpis })).map((r) => [r.metric, r]));
          strata.filters.clear();
          expect([contacted.customers.value, contacted.deposits.value, contacted.loans.value, contacted.balance.value]).to.deep.equal([0, 0, 0, 0]);
        });
      }

      it('no filter', async () => {
        expect(await compare(undefined)).to.deep.equal([]);
      });

      for (const filter of filterStates(bank)) {
        it(`${filter.field} = ${JSON.stringify(filter.values[0])} (set by ${filter.source})`, async () => {
          const found = await compare(filter);
          expect(found, found.slice(0, 40).join('\n')).to.deep.equal([]);
        });
      }
    });
  }
}
