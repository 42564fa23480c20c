/**
 * The cubes held in memory answer npl, nplTrend, classMix, segments, the migration metrics and the
 * kpis' loan and customer parts in JavaScript: here, on every
 * engine, those answers against the SDK's SQL for the same call, bit for bit and in order, over
 * random filter states (fast-check, fixed seed): clauses on every cube field with values from the
 * data, nulls, ranges, stages, text for numbers and hostile text. Also on a bank whose totals pass
 * 2^53 units of 0.0001 yuan (where a naive conversion to a double goes wrong), and the conversion
 * itself against DuckDB's cast on values of every size.
 */
import fc from 'fast-check';
import { dimension, Strata, type FilterClause, type FilterValue } from '@strata/sdk';
import { readCube } from '../../packages/sdk/src/cubes/cube.ts';
import { unitsToDouble } from '../../packages/sdk/src/cubes/exact.ts';
import { PIPELINE_FACTS_SPEC } from '../../packages/sdk/src/cubes/store.ts';
import { toRows } from '../../packages/sdk/src/engine/rows.ts';
import type { DataDefaults, MetricContext } from '../../packages/sdk/src/queries/metrics.ts';
import { classMixQuery, nplQuery, nplTrendQuery } from '../../packages/sdk/src/queries/npl.ts';
import { segmentsQuery } from '../../packages/sdk/src/queries/segments.ts';
import { smallBank } from '../fixtures/small.ts';
import { attainmentQuery } from '../../packages/sdk/src/queries/attainment.ts';
import { kpisQuery } from '../../packages/sdk/src/queries/kpis.ts';
import { funnelQuery, lostReasonsQuery, overdueQuery } from '../../packages/sdk/src/queries/pipeline.ts';
import { rowCountQuery } from '../../packages/sdk/src/queries/rows.ts';
import { migrationQuery, migrationRatesQuery } from '../../packages/sdk/src/queries/migration.ts';
import type { Bank } from '../reference.ts';
import type { Harness } from './suite.ts';

const SEED = 23;
const FIELDS = ['kind', 'tier', 'tier_owner', 'industry_class', 'has_loan', 'branch', 'classification', 'as_of', 'stage', 'manager', 'product', 'channel'] as const;
const PIPELINE_GROUPINGS = [undefined, 'branch', 'manager', 'stage', 'product', 'channel', 'tier', 'kind', 'industry_class', 'has_loan', 'lost_reason'] as const;
const GROUPINGS = [undefined, 'kind', 'tier', 'tier_owner', 'industry_class', 'has_loan', 'branch', 'classification', 'as_of'] as const;
const STAGES = ['identified', 'contacted', 'follow_up', 'applied', 'approved', 'disbursed', 'lost'];
const ODD_VALUES: FilterValue[] = ['2', 'true', 1, "x' OR 1=1 --", '\\', '2024-02-30', '2024-1-31', 'ＡＢ', '😀', ''];

/** The small bank with every balance a million times larger and a fraction of a fen: totals far beyond 2^53 units. */
export function bigMoneyBank(): Bank {
  return {
    ...smallBank,
    loans: smallBank.loans.map((l, i) => ({ ...l, balance: l.balance * 1_000_000 + [0.1234, 0.0001, 0.9999, 0.5][i % 4]! })),
  } as Bank;
}

export function cubesSuite(h: Harness): void {
  const { describe, it, before, after, expect } = h;

  describe('answers from the cubes in memory equal the SQL answers to the bit', () => {
    let strata: Strata;
    before(async () => {
      strata = await Strata.open({ engine: await h.createEngine() });
    });
    after(async () => {
      await strata.close();
    });

    it("units of 0.0001 yuan become doubles exactly as DuckDB casts DECIMAL(38,4) to DOUBLE", async () => {
      const twoTo53 = 2n ** 53n;
      const values: bigint[] = [0n, 1n, -1n, 9999n, 10000n, twoTo53 - 1n, twoTo53, twoTo53 + 1n, -twoTo53 - 1n, 10n ** 18n + 1234n, -(10n ** 20n) - 9999n];
      fc.assert(
        fc.property(fc.bigInt({ min: -(10n ** 21n), max: 10n ** 21n }), fc.integer({ min: 0, max: 21 }), (v, digits) => {
          values.push(v % 10n ** BigInt(digits + 1));
        }),
        { seed: SEED, numRuns: 600 },
      );
      const text = (v: bigint) => {
        const sign = v < 0n ? '-' : '';
        const digits = (v < 0n ? -v : v).toString().padStart(5, '0');
        return `${sign}${digits.slice(0, -4)}.${digits.slice(-4)}`;
      };
      const table = await strata.engine.query(`SELECT CAST(CAST(v AS DECIMAL(38,4)) AS DOUBLE) AS d FROM (SELECT unnest(string_split(?, ',')) AS v, generate_subscripts(string_split(?, ','), 1) AS i) ORDER BY i`, [
        values.map(text).join(','),
        values.map(text).join(','),
      ]);
      const sql = toRows<{ d: number }>(table).map((r) => r.d);
      const mine = values.map(unitsToDouble);
      const naive = values.map((v) => Number(v) / 1e4);
      // Beyond 2^53 whole yuan (9×10^15 yuan) the cast is not reproduced: SQL answers those.
      const beyond = values.map((v) => (v < 0n ? -v : v) / 10000n > twoTo53);
      expect(mine.map((m, i) => (beyond[i] ? 'SQL' : m)), 'every value').to.deep.equal(sql.map((d, i) => (beyond[i] ? 'SQL' : d)));
      expect(mine.filter((m, i) => m === undefined && !beyond[i])).to.deep.equal([]);
      expect(beyond.filter(Boolean).length).to.be.lessThan(values.length / 4);
      // The naive division is not enough: it differs on some of these.
      expect(naive.some((n, i) => !Object.is(n, sql[i]))).to.equal(true);
    });

    it('the pipeline facts are held while they are few; over the limit SQL answers', async () => {
      await strata.load(smallBank, { replace: 'all' });
      const held = await readCube(strata.engine, PIPELINE_FACTS_SPEC);
      expect([held.held, held.rows]).to.deep.equal([true, smallBank.pipeline.length]);
      const over = await readCube(strata.engine, { ...PIPELINE_FACTS_SPEC, maxRows: smallBank.pipeline.length - 1 });
      expect([over.held, over.rows]).to.deep.equal([false, 0]);
    });

    const banks: [string, () => Bank][] = [
      ['the small bank', () => smallBank as unknown as Bank],
      ['a bank whose totals pass 2^53 units', bigMoneyBank],
    ];
    if (h.syntheticBank) banks.push(['a generated bank', h.syntheticBank]);
    for (const [name, bank] of banks) {
      it(`${name}: the cubes' metrics in random filter states`, async () => {
        await strata.load(bank(), { replace: 'all' });
        const defaults: DataDefaults = await strata.dataDefaults();
        const [total] = await strata.npl();
        if (name === 'a bank whose totals pass 2^53 units') expect(total!.balance, "the bank's total").to.be.greaterThan(2 ** 53 / 1e4);
        const domain: Record<string, FilterValue[]> = {};
        for (const field of FIELDS) {
          domain[field] =
            field === 'stage'
              ? [...STAGES, 'Disbursed']
              : field === 'channel'
                ? (await strata.funnel({ by: 'channel' })).map((r) => r.key)
                : // Each key as the SDK types it: the very value a clause on the field takes.
                  (await strata.npl({ by: field })).map((r) => r.key);
        }
        const months = domain.as_of!.filter((m): m is string => typeof m === 'string').sort();
        const value = (field: string) => fc.oneof({ arbitrary: fc.constantFrom(...domain[field]!, null), weight: 6 }, { arbitrary: fc.constantFrom(...ODD_VALUES), weight: 1 });
        const clause = fc.constantFrom(...FIELDS).chain((field) =>
          fc.oneof(
            fc.record({ field: fc.constant(field), op: fc.constantFrom('in' as const, 'not_in' as const), values: fc.array(value(field), { minLength: 1, maxLength: 3 }) }),
            fc.record({
              field: fc.constant(field),
              op: fc.constant('between' as const),
              values: fc.tuple(fc.constantFrom(...domain[field]!.filter((v) => v !== null)), fc.constantFrom(...domain[field]!.filter((v) => v !== null))),
            }),
            fc.record({
              field: fc.constant(field),
              op: fc.constantFrom('gte' as const, 'lte' as const),
              values: fc.tuple(fc.constantFrom(...domain[field]!.filter((v) => v !== null))),
            }),
          ),
        );
        const month = fc.option(fc.constantFrom(...months), { nil: undefined });
        /** No month (the default month ends, which the customer, borrower and migration cubes hold) four times in five. */
        const mostlyDefault = fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constantFrom(...months), weight: 1 });
        const request = fc.oneof(
          fc.record({ metric: fc.constant('npl' as const), by: fc.constantFrom(...GROUPINGS.filter((g) => g !== 'as_of')), asOf: month }),
          fc.record({ metric: fc.constant('nplTrend' as const), by: fc.constantFrom(...GROUPINGS.filter((g) => g !== 'as_of')), from: month, to: month }),
          fc.record({ metric: fc.constant('classMix' as const), by: fc.constantFrom(...GROUPINGS), asOf: month }),
          fc.record({
            metric: fc.constant('segments' as const),
            by: fc.constantFrom('kind', 'tier', 'tier_owner', 'industry_class', 'has_loan', 'branch'),
            measure: fc.constantFrom('customers' as const, 'balance' as const, 'deposits' as const, 'contribution' as const),
            asOf: mostlyDefault,
          }),
          fc.record({ metric: fc.constant('kpis' as const), asOf: mostlyDefault }),
          fc.record({
            metric: fc.constant('funnel' as const),
            campaign: fc.constantFrom(undefined, undefined, undefined, 'K1', 'nosuch'),
            by: fc.constantFrom(...PIPELINE_GROUPINGS),
            metric_: fc.constantFrom(undefined, 'loan_amount', 'cards', 'installment_amount', 'new_customers'),
            asOf: fc.oneof(mostlyDefault, fc.constantFrom('2024-10-15', '2024-09-20', '2025-03-01')),
          }),
          fc.record({
            metric: fc.constant('attainment' as const),
            campaign: fc.constantFrom(undefined, undefined, undefined, 'K1', 'nosuch'),
            by: fc.constantFrom('branch' as const, 'manager' as const),
            metric_: fc.constantFrom(undefined, 'loan_amount', 'cards', 'installment_amount', 'new_customers'),
            asOf: fc.oneof(mostlyDefault, fc.constantFrom('2024-10-15', '2024-09-20', '2025-03-01')),
          }),
          fc.record({ metric: fc.constant('lostReasons' as const), campaign: fc.constantFrom(undefined, undefined, 'K1', 'nosuch') }),
          fc.record({
            metric: fc.constant('overdueFollowUps' as const),
            campaign: fc.constantFrom(undefined, undefined, 'K1'),
            by: fc.constantFrom(...PIPELINE_GROUPINGS),
            days: fc.constantFrom(undefined, 0, 3, 14, 30, 90),
            asOf: fc.oneof(mostlyDefault, fc.constantFrom('2024-10-15', '2025-03-01')),
          }),
          fc.record({ metric: fc.constant('rowCount' as const), table: fc.constantFrom('loans' as const, 'customers' as const), asOf: mostlyDefault }),
          fc.record({
            metric: fc.constantFrom('migration' as const, 'migrationRates' as const),
            from: mostlyDefault,
            to: mostlyDefault,
          }),
        );
        let fromCube = 0;
        let runs = 0;
        const cubedMetrics = new Set<string>();
        await fc.assert(
          fc.asyncProperty(fc.array(clause, { maxLength: 3 }), request, async (raw, req) => {
            const clauses = raw.map((c, i) => ({ ...c, values: [...c.values], source: `s${i}` }) as FilterClause);
            strata.filters.replace(clauses);
            const ctx: MetricContext = { clauses: strata.filters.clauses, defaults, customersMissing: defaults.customersMissing };
            // The funnel's own `metric` option (the target it counts) travels as metric_ here.
            const options = Object.fromEntries(
              Object.entries(req)
                .filter(([k, v]) => k !== 'metric' && v !== undefined)
                .map(([k, v]) => [k === 'metric_' ? 'metric' : k, v]),
            );
            if (req.metric === 'rowCount') {
              const before = strata.stats.cubeAnswers;
              const count = await strata.rowCount(options as { table: 'loans' | 'customers' });
              runs++;
              if (strata.stats.cubeAnswers > before) {
                fromCube++;
                cubedMetrics.add(req.metric);
              }
              const [sqlCount] = await strata.run(rowCountQuery(ctx, options as { table: 'loans' | 'customers' }));
              expect(count, JSON.stringify({ clauses: raw, req })).to.equal(sqlCount!.count);
              return;
            }
            const [own, query] =
              req.metric === 'npl'
                ? [await strata.npl(options), nplQuery(ctx, options)]
                : req.metric === 'nplTrend'
                  ? [await strata.nplTrend(options), nplTrendQuery(ctx, options)]
                  : req.metric === 'classMix'
                    ? [await strata.classMix(options), classMixQuery(ctx, options)]
                    : req.metric === 'migration'
                      ? [await strata.migration(options), migrationQuery(ctx, options)]
                      : req.metric === 'attainment'
                        ? [await strata.attainment(options as { by: 'branch' }), attainmentQuery(ctx, options as { by: 'branch' })]
                        : req.metric === 'funnel'
                        ? [await strata.funnel(options), funnelQuery(ctx, options)]
                        : req.metric === 'lostReasons'
                          ? [await strata.lostReasons(options), lostReasonsQuery(ctx, options)]
                          : req.metric === 'overdueFollowUps'
                            ? [await strata.overdueFollowUps(options), overdueQuery(ctx, options)]
                            : req.metric === 'kpis'
                        ? [await strata.kpis(options), kpisQuery(ctx, options)]
                        : req.metric === 'migrationRates'
                        ? [await strata.migrationRates(options), migrationRatesQuery(ctx, options)]
                        : [await strata.segments(options as { by: string }), segmentsQuery(ctx, options as { by: string })];
            runs++;
            if (own.source === 'cube') fromCube++;
            // A cube's answer builds its statement when read: the one the same call runs in SQL.
            expect(own.sql, JSON.stringify({ clauses: raw, req })).to.equal((query as { sql: string }).sql);
            expect(own.query.params).to.deep.equal((query as { params: unknown[] }).params);
            if (own.source === 'cube' && own.length > 0) cubedMetrics.add(req.metric);
            const sql = await strata.run(query as Parameters<Strata['run']>[0]);
            expect(sql.source).to.equal('sql');
            expect([...own], JSON.stringify({ clauses: raw, req })).to.deep.equal([...sql]);
            // Both ways give typed keys (deep equality tells 1 from '1'): checked against the catalog.
            if (['npl', 'nplTrend', 'classMix', 'segments', 'funnel', 'overdueFollowUps'].includes(req.metric)) {
              const by = 'by' in req ? req.by : undefined;
              const types = new Set((own as unknown as { key: FilterValue }[]).filter((r) => r.key !== null).map((r) => typeof r.key));
              expect([...types], `keys of ${req.metric} by ${by}`).to.deep.equal(types.size === 0 ? [] : [keyType(by ?? (req.metric === 'overdueFollowUps' ? 'manager' : undefined))]);
            }
          }),
          { seed: SEED, numRuns: 450 },
        );
        strata.filters.clear();
        // Most states are the cube's; the others (a field value SQL would convert) asked SQL. Each metric
        // answered from the cubes with rows at least once.
        expect(fromCube, `${fromCube} of ${runs} from the cube`).to.be.greaterThan(runs / 2);
        expect([...cubedMetrics].sort()).to.deep.equal(
          ['attainment', 'classMix', 'funnel', 'kpis', 'lostReasons', 'migration', 'migrationRates', 'npl', 'nplTrend', 'overdueFollowUps', 'rowCount', 'segments'],
        );
      });
    }
  });
}

/** The JavaScript type of a group key of `by` (none: the text 'all'), as the dimension catalog types the field. */
function keyType(by: string | undefined): string {
  const type = by === undefined ? 'text' : dimension(by).type;
  return type === 'int' ? 'number' : type === 'bool' ? 'boolean' : 'string';
}
