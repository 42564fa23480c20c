/**
 * The hostile corpus (test/helpers/hostile-strings.ts) against the SDK's public surface, on every
 * engine (issue 17, item 5). Every option of every Strata method, filter clauses from JSON and from
 * a URL, rules overrides and load options take any value and give a normal answer or a typed error
 * (StrataOptionError and its subclasses; LoadError for loads), never another error, and change no
 * table. Every text field of every table loads from objects and from CSV and comes back byte for
 * byte through the tables, rows(), the metrics' keys and labels and a filter, or the load fails with
 * a LoadError naming each cell that cannot be stored. Part of the data-layer suite; fixed seeds and
 * few runs, so that the browser run stays short.
 */
import fc from 'fast-check';
import { DIMENSION_NAMES, FilterError, FilterState, formatProblem, LIST_COLUMNS, LoadError, SCHEMA, Strata, TABLE_NAMES, TARGET_METRICS, type FilterValue, type TableName } from '@strata/sdk';
import { toRows } from '../../packages/sdk/src/engine/rows.ts';
import { describeValue, StrataOptionError } from '../../packages/sdk/src/errors.ts';
import { ident, str } from '../../packages/sdk/src/sql/quote.ts';
import { smallBank, smallBankWithFollowUps } from '../fixtures/small.ts';
import { anyStrings, FORMULAS, hostileBank, hostileStrings, isTextSpace, LONG_STRINGS, NASTY_COMMON, storable, tableCsv, UNSTORABLE, XSS_PAYLOADS, type Tables } from '../helpers/hostile-strings.ts';
import type { Harness } from './suite.ts';

const NASTY = [...NASTY_COMMON, ...XSS_PAYLOADS, ...FORMULAS];
const text = hostileStrings(NASTY);
/** Also NUL, lone surrogates and 100,000 characters. */
const anyText = anyStrings(NASTY);
/** What else an option may be given, by mistake or malice. */
const ODD: readonly unknown[] = [null, 0, -1, 1.5, NaN, Infinity, -0, 2 ** 53, true, [], ['branch'], {}, { toString: () => 'branch' }, Symbol('x'), 10n, () => 'branch', new Date(0), Object.create(null)];
const anyValue = fc.oneof({ arbitrary: anyText, weight: 5 }, { arbitrary: fc.constantFrom(...ODD), weight: 2 });
/** One seed for every property: each run tries the same values (a failure prints its seed and path). */
const SEED = 17;

/** What a call threw (or null): a rejection and a synchronous throw alike. */
async function failure(run: () => unknown): Promise<{ error: unknown } | null> {
  const done = await outcome(run);
  return 'error' in done ? done : null;
}

async function outcome<T>(run: () => T): Promise<{ value: Awaited<T> } | { error: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

/** JSON text of anything fast-check makes (a BigInt as its digits). */
const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

const shown = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : describeValue(error));

/** One JSON line per row (of `columns`, when given), sorted: rows compared whatever their order. */
const sortedJson = (rows: readonly unknown[], columns?: readonly string[]) =>
  rows.map((r) => JSON.stringify(columns ? columns.map((c) => (r as Record<string, unknown>)[c]) : r)).sort();

// ─── Options ─────────────────────────────────────────────────────────────────────────────────

const DATE = fc.constantFrom('2024-11-30', '2024-12-31', '2024-10-31', '2025-01-31', '2024-02-29');
/** Every dimension, some by another spelling: those the method's fact lacks are a typed error too. */
const BY = fc.constantFrom(...DIMENSION_NAMES, 'industryClass', 'branchId', 'month');
const CAMPAIGN = fc.constantFrom('K1', 'no such campaign');
const METRIC = fc.constantFrom(...TARGET_METRICS);
const ORDER_BY = fc.record({ column: fc.constantFrom(...LIST_COLUMNS.customers, ...LIST_COLUMNS.loans), descending: fc.boolean() }, { requiredKeys: ['column'] });
const SIGNAL = fc.constant(new AbortController().signal);
const QUERY = { signal: SIGNAL };
const METRIC_OPTIONS = { ...QUERY, exclude: fc.constantFrom('x-clause', 'other'), unfiltered: fc.boolean() };

/** Every Strata method that takes options, with a valid value of each option. */
const METHODS: Record<string, { call: (s: Strata, options: never) => Promise<unknown>; options: Record<string, fc.Arbitrary<unknown>> }> = {
  kpis: { call: (s, o) => s.kpis(o), options: { ...METRIC_OPTIONS, asOf: DATE, campaign: CAMPAIGN } },
  segments: { call: (s, o) => s.segments(o), options: { ...METRIC_OPTIONS, by: BY, measure: fc.constantFrom('customers', 'balance', 'deposits', 'contribution'), asOf: DATE } },
  npl: { call: (s, o) => s.npl(o), options: { ...METRIC_OPTIONS, by: BY, asOf: DATE } },
  nplTrend: { call: (s, o) => s.nplTrend(o), options: { ...METRIC_OPTIONS, by: BY, from: DATE, to: DATE } },
  classMix: { call: (s, o) => s.classMix(o), options: { ...METRIC_OPTIONS, by: BY, asOf: DATE } },
  migration: { call: (s, o) => s.migration(o), options: { ...METRIC_OPTIONS, from: DATE, to: DATE } },
  migrationRates: { call: (s, o) => s.migrationRates(o), options: { ...METRIC_OPTIONS, from: DATE, to: DATE } },
  vintage: { call: (s, o) => s.vintage(o), options: { ...METRIC_OPTIONS, by: BY } },
  funnel: { call: (s, o) => s.funnel(o), options: { ...METRIC_OPTIONS, campaign: CAMPAIGN, by: BY, metric: METRIC, asOf: DATE } },
  lostReasons: { call: (s, o) => s.lostReasons(o), options: { ...METRIC_OPTIONS, campaign: CAMPAIGN } },
  overdueFollowUps: {
    call: (s, o) => s.overdueFollowUps(o),
    options: { ...METRIC_OPTIONS, campaign: CAMPAIGN, by: BY, days: fc.constantFrom(0, 14, 90, 36_500), asOf: DATE },
  },
  attainment: { call: (s, o) => s.attainment(o), options: { ...METRIC_OPTIONS, campaign: CAMPAIGN, by: fc.constantFrom('branch', 'manager'), metric: METRIC, asOf: DATE } },
  // Deep pages (offset + limit past 1,000) go through a numbered temporary copy.
  rows: {
    call: (s, o) => s.rows(o),
    options: { ...METRIC_OPTIONS, table: fc.constantFrom('customers', 'loans'), asOf: DATE, offset: fc.constantFrom(0, 3, 1_500), limit: fc.constantFrom(0, 5, 100), orderBy: ORDER_BY },
  },
  rowCount: { call: (s, o) => s.rowCount(o), options: { ...METRIC_OPTIONS, table: fc.constantFrom('customers', 'loans'), asOf: DATE } },
  campaign: { call: (s, o) => s.campaign(o), options: { ...QUERY, campaign: CAMPAIGN, asOf: DATE } },
  campaigns: { call: (s, o) => s.campaigns(o), options: QUERY },
  months: { call: (s, o) => s.months(o), options: QUERY },
  dataDefaults: { call: (s, o) => s.dataDefaults(o), options: QUERY },
};

/** Options of `options`, each valid, hostile or absent, with hostile keys beside them; or a hostile value instead of the object. */
function optionsOf(options: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const each = Object.fromEntries(Object.entries(options).map(([k, valid]) => [k, fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: anyValue, weight: 1 })]));
  const object = fc.tuple(fc.record(each, { requiredKeys: [] }), fc.dictionary(text, anyValue, { maxKeys: 2 })).map(([known, extra]) => ({ ...extra, ...known }));
  return fc.oneof({ arbitrary: object, weight: 9 }, { arbitrary: anyValue, weight: 1 });
}

/** The keys a call was given, its method's own (one it needs may be missing), and `options` for the object itself. */
const optionKeys = (method: string, options: unknown) => [
  'options',
  ...Object.keys(METHODS[method]!.options),
  ...(typeof options === 'object' && options !== null ? Object.keys(options) : []),
];

/** `error` is a StrataOptionError for one of `given` (or a part of one: `orderBy.column`), its message free of SQL. */
function expectOptionError(h: Harness, error: unknown, given: readonly string[], what: string): void {
  h.expect(error instanceof StrataOptionError, `${what}: ${shown(error)}`).to.equal(true);
  const option = (error as StrataOptionError).option;
  h.expect(
    given.some((k) => option === k || option.startsWith(`${k}.`) || option.startsWith(`${k}[`)),
    `${what}: the error names ${option}, not one of ${given.join(', ')}`,
  ).to.equal(true);
  // The engine's own words or the SDK's SQL (the message may quote the value given, SQL-like as it is).
  h.expect((error as Error).message, what).to.not.match(/\b(Catalog|Parser|Binder|Conversion|Invalid Input) Error\b|strata_\w+_(facts|cube)|CAST\(\? AS/);
}

/**
 * A digest of every table of the Strata's database (temporary ones, a list's numbered copy, aside),
 * or of `only` those: what changed shows, however it changed.
 */
async function fingerprint(strata: Strata, only?: readonly string[]): Promise<string> {
  const query = async (sql: string) => toRows<{ v: string }>(await strata.engine.query(sql));
  const tables = only ?? (await query(`SELECT table_name AS v FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary ORDER BY 1`)).map((r) => r.v);
  const digests = tables.map((t) => `(SELECT md5(COALESCE(string_agg(CAST(x AS VARCHAR), chr(10) ORDER BY CAST(x AS VARCHAR)), '')) FROM ${ident(t)} x)`);
  return (await query(`SELECT concat_ws(' ', ${[str(tables.join(',')), ...digests].join(', ')}) AS v`))[0]!.v;
}

export function hostileSuite(h: Harness): void {
  const { describe, it, before, after, expect } = h;

  describe('the hostile corpus', () => {
    let strata: Strata;
    /** The small bank's fingerprint. */
    let tables: string;
    before(async () => {
      strata = await Strata.open({ engine: await h.createEngine() });
      await strata.load(smallBank);
      tables = await fingerprint(strata);
    });
    after(async () => {
      await strata.close();
    });

    describe('against every option (the small bank)', () => {
      it('every method, every option: a normal answer or a StrataOptionError naming one of its options; no table changes', async () => {
        const call = fc.constantFrom(...Object.keys(METHODS)).chain((method) => optionsOf(METHODS[method]!.options).map((options) => ({ method, options })));
        await fc.assert(
          fc.asyncProperty(call, async ({ method, options }) => {
            const what = `${method}(${describeValue(options)})`;
            const thrown = await failure(() => METHODS[method]!.call(strata, options as never));
            if (thrown) expectOptionError(h, thrown.error, optionKeys(method, options), what);
          }),
          {
            seed: SEED,
            numRuns: 60,
            examples: [
              [{ method: 'attainment', options: { by: 'branch', metric: '__proto__' } }],
              [{ method: 'kpis', options: { asOf: "2024-12-31'; DROP TABLE loans; --" } }],
              [{ method: 'overdueFollowUps', options: { days: '14; DELETE FROM pipeline' } }],
              [{ method: 'rows', options: { table: 'loans', offset: 0, limit: 10, orderBy: { column: 'balance" DESC; --' } } }],
              [{ method: 'funnel', options: { campaign: 'K\u0000' } }],
              [{ method: 'npl', options: { asOf: LONG_STRINGS[0] } }],
            ],
          },
        );
        expect(await fingerprint(strata)).to.equal(tables);
      });

      it('campaign and exclude: any text accepted is a value, never SQL (the answer of a campaign or source that does not exist)', async () => {
        strata.filters.set({ field: 'tier', op: 'in', values: ['corp_gold', 'retail_general'], source: 'x-clause' });
        try {
          const asked = (campaign: string, exclude: string) =>
            Promise.all([
              strata.funnel({ campaign }),
              strata.lostReasons({ campaign }),
              strata.overdueFollowUps({ campaign, days: 0 }),
              strata.attainment({ campaign, by: 'branch' }),
              strata.kpis({ campaign, exclude }),
              strata.npl({ by: 'tier', exclude }),
            ]).then((answers) => answers.map((rows) => sortedJson(rows)));
          const none = await asked('no such campaign', 'no such source');
          await fc.assert(
            fc.asyncProperty(anyText, anyText, async (campaign, exclude) => {
              fc.pre(campaign !== 'K1' && exclude !== 'x-clause');
              const what = `campaign ${describeValue(campaign)}, exclude ${describeValue(exclude)}`;
              const answer = await outcome(() => asked(campaign, exclude));
              if ('error' in answer) expectOptionError(h, answer.error, ['campaign', 'exclude'], what);
              else expect(answer.value, what).to.deep.equal(none);
            }),
            { seed: SEED, numRuns: 25, examples: [["K1' OR '1'='1", 'x-clause" OR 1=1']] },
          );
        } finally {
          strata.filters.clear();
        }
      });

      it('filter clauses from JSON and from a URL: a FilterState or a FilterError; every metric answers under one; no table changes', async () => {
        const value = fc.oneof(anyText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('corp_gold', '2024-12-31', '1', 'true'));
        const clause = fc.record(
          {
            field: fc.oneof({ arbitrary: fc.constantFrom(...DIMENSION_NAMES), weight: 3 }, { arbitrary: anyText, weight: 1 }),
            op: fc.oneof({ arbitrary: fc.constantFrom('in', 'not_in', 'between', 'gte', 'lte', '>=', '<='), weight: 3 }, { arbitrary: anyValue, weight: 1 }),
            values: fc.array(value, { maxLength: 3 }),
            source: fc.oneof({ arbitrary: fc.constant('hostile-filter'), weight: 3 }, { arbitrary: anyText, weight: 1 }),
          },
          { requiredKeys: ['field', 'values', 'source'] },
        );
        const clauses = fc.array(clause, { maxLength: 3 });
        const input = fc.oneof(
          clauses.map((c) => ({ from: 'JSON', input: c as unknown })),
          clauses.map((c) => ({ from: 'JSON', input: json(c) as unknown })),
          clauses.map((c) => ({ from: 'URL', input: `?${new URLSearchParams({ f: json(c) })}` as unknown })),
          anyText.map((s) => ({ from: 'URL', input: `?f=${s}` as unknown })),
          anyValue.map((v) => ({ from: 'JSON', input: v })),
        );
        const metrics = [
          () => strata.kpis(),
          () => strata.npl({ by: 'branch' }),
          () => strata.segments({ by: 'tier' }),
          () => strata.nplTrend(),
          () => strata.migration(),
          () => strata.funnel(),
          () => strata.attainment({ by: 'branch' }),
          () => strata.rows({ table: 'loans', offset: 0, limit: 10 }),
          () => strata.lostReasons(),
          () => strata.vintage(),
        ];
        await fc.assert(
          fc.asyncProperty(input, async ({ from, input }) => {
            const what = `${from} ${describeValue(input)}`;
            let state: FilterState;
            try {
              state = from === 'URL' ? FilterState.fromQueryString(input as string) : FilterState.fromJSON(input);
            } catch (error) {
              expect(error instanceof FilterError, `${what}: ${shown(error)}`).to.equal(true);
              return;
            }
            expect(FilterState.fromQueryString(state.toQueryString()).toJSON(), `${what}: through a URL`).to.deep.equal(state.toJSON());
            strata.filters.replace(state.clauses);
            try {
              for (const metric of metrics) {
                const thrown = await failure(metric);
                if (thrown) expectOptionError(h, thrown.error, ['filter', 'filters'], `${what}: ${metric}`);
              }
            } finally {
              strata.filters.clear();
            }
          }),
          { seed: SEED, numRuns: 40, examples: [[{ from: 'URL', input: '?f=[{"field":"as_of","values":["x"],"source":"v"}]' }], [{ from: 'JSON', input: '[{"field":"__proto__","values":[],"source":"s"}]' }]] },
        );
        expect(await fingerprint(strata)).to.equal(tables);
      });

      it('rules overrides: applied, or a StrataOptionError naming the rule; owners come back as given; loaded tables unchanged', async () => {
        const canonical = await fingerprint(strata, TABLE_NAMES);
        // Mostly valid, so that hostile owners and industries reach the rules' SQL.
        const number = fc.oneof({ arbitrary: fc.nat({ max: 20_000_000 }), weight: 12 }, { arbitrary: anyValue, weight: 1 });
        const owner = fc.oneof({ arbitrary: text, weight: 12 }, { arbitrary: anyValue, weight: 1 });
        const owners = (tiers: readonly string[]) =>
          fc.oneof({ arbitrary: fc.record(Object.fromEntries(tiers.map((t) => [t, owner])), { requiredKeys: [] }), weight: 12 }, { arbitrary: anyValue, weight: 1 });
        const section = (numbers: readonly string[], tiers?: readonly string[]) =>
          fc.record({ ...Object.fromEntries(numbers.map((n) => [n, number])), ...(tiers ? { owners: owners(tiers) } : {}) }, { requiredKeys: [] });
        const override = fc.oneof(
          {
            arbitrary: fc.record(
              {
                corporate: section(['goldContribution', 'highEndDeposits', 'highEndProducts', 'midDeposits'], ['corp_gold', 'corp_high_end', 'corp_mid', 'corp_general']),
                retail: section(['highEndBusinessLoan', 'highEndAum', 'potentialAum'], ['retail_high_end', 'retail_potential', 'retail_general']),
                industryClass: fc.dictionary(fc.oneof({ arbitrary: text, weight: 12 }, { arbitrary: anyText, weight: 1 }), fc.oneof({ arbitrary: fc.constantFrom(1, 2, 3), weight: 12 }, { arbitrary: anyValue, weight: 1 }), { maxKeys: 3 }),
                lifecycle: section(['newDays', 'dormantDays', 'vipAum']),
              },
              { requiredKeys: [] },
            ),
            weight: 12,
          },
          { arbitrary: anyValue, weight: 1 },
        );
        try {
          await fc.assert(
            fc.asyncProperty(override, async (rules) => {
              const what = `setRules(${describeValue(rules)})`;
              const thrown = await failure(() => strata.setRules(rules as never));
              if (thrown) {
                expectOptionError(h, thrown.error, ['rules'], what);
                return;
              }
              const owners = new Set<string>([...Object.values(strata.rules.corporate.owners), ...Object.values(strata.rules.retail.owners)]);
              for (const row of await strata.segments({ by: 'tier_owner' })) expect(row.key === null || (typeof row.key === 'string' && owners.has(row.key)), `${what}: owner ${describeValue(row.key)}`).to.equal(true);
            }),
            { seed: SEED, numRuns: 12, examples: [[{ corporate: { owners: { corp_gold: "x'); DROP TABLE loans; --" } }, industryClass: JSON.parse('{"__proto__": 1, "constructor": 2}') }]] },
          );
          expect(await fingerprint(strata, TABLE_NAMES)).to.equal(canonical);
        } finally {
          await strata.setRules({});
        }
        expect(await fingerprint(strata)).to.equal(tables);
      });

      it('Strata.open with hostile rules: a StrataOptionError, before any table is made or changed', async () => {
        for (const rules of [JSON.parse('{"__proto__": {"corporate": 1}}'), { industryClass: { "'; DROP TABLE loans; --": 4 } }, { lifecycle: { newDays: '90; --' } }, 'rules']) {
          // The engine of a loaded Strata: an open that went on would make its tables again.
          const thrown = await failure(() => Strata.open({ engine: strata.engine, rules: rules as never }));
          expect(thrown, describeValue(rules)).to.not.equal(null);
          expectOptionError(h, thrown!.error, ['rules'], `open({ rules: ${describeValue(rules)} })`);
        }
        expect(await fingerprint(strata)).to.equal(tables);
      });

      it('load and preview options and inputs: a report or a LoadError (or StrataOptionError); a failed load and any preview change nothing', async () => {
        const keyOf = (known: readonly string[]) => fc.oneof(fc.constantFrom(...known), anyText);
        const customerColumns = SCHEMA.customers.columns.map((c) => c.name);
        const mapping = fc.oneof(
          fc.record(
            {
              customers: fc.record(
                {
                  columns: fc.dictionary(keyOf(customerColumns), fc.oneof(fc.constantFrom(...customerColumns), anyValue), { maxKeys: 2 }),
                  values: fc.dictionary(keyOf(['kind', 'industry']), fc.oneof(fc.dictionary(anyText, fc.oneof(fc.constantFrom('retail', 'corporate'), anyValue), { maxKeys: 2 }), anyValue), { maxKeys: 2 }),
                  units: fc.dictionary(keyOf(['deposits_avg', 'aum']), fc.oneof(fc.constantFrom('万元', 'yuan'), anyValue), { maxKeys: 1 }),
                  constants: fc.dictionary(keyOf(customerColumns), anyValue, { maxKeys: 1 }),
                  negativeToZero: fc.oneof(fc.array(keyOf(customerColumns), { maxLength: 2 }), anyValue),
                  decimal: fc.oneof(fc.constantFrom('.', ','), anyValue),
                },
                { requiredKeys: [] },
              ),
            },
            { requiredKeys: [] },
          ),
          anyValue,
        );
        const options = fc.oneof(
          {
            arbitrary: fc.record(
              { mapping, orphans: fc.oneof(fc.constantFrom('error', 'warning'), anyValue), replace: fc.oneof(fc.constantFrom('all', 'tables'), anyValue), rows: fc.oneof(fc.nat(20), anyValue) },
              { requiredKeys: [] },
            ),
            weight: 9,
          },
          { arbitrary: anyValue, weight: 1 },
        );
        // No text a loader would take for a file's location (it would read that file, or fetch it).
        const notALocation = anyText.filter((s) => !/^\s*([a-z][a-z0-9+.-]*:|\.{0,2}[\\/])|\.\w{2,7}\s*$/i.test(s));
        const input = fc.oneof(
          { arbitrary: fc.constant({ customers: smallBank.customers }), weight: 4 },
          { arbitrary: notALocation.map((s) => ({ customers: s })), weight: 2 },
          { arbitrary: fc.dictionary(text, fc.constant(smallBank.customers), { minKeys: 1, maxKeys: 1 }), weight: 1 },
          { arbitrary: anyValue.filter((v) => typeof v !== 'string'), weight: 1 },
        );
        await fc.assert(
          fc.asyncProperty(input, options, async (data, opts) => {
          fc.pre(opts !== null && (typeof opts !== 'object' || (opts as any).rows === undefined));
            const what = `(${describeValue(data).slice(0, 200)}, ${describeValue(opts)})`;
            const typed = (error: unknown) => error instanceof LoadError || error instanceof StrataOptionError;
            const preview = await failure(() => strata.preview(data as never, opts as never));
            if (preview) expect(typed(preview.error), `preview${what}: ${shown(preview.error)}`).to.equal(true);
            expect(await fingerprint(strata), `preview${what}`).to.equal(tables);
            const load = await failure(() => strata.load(data as never, opts as never));
            if (!load) {
              await strata.load(smallBank, { replace: 'all' });
              return;
            }
            expect(typed(load.error), `load${what}: ${shown(load.error)}`).to.equal(true);
            expect(await fingerprint(strata), `load${what}`).to.equal(tables);
          }),
          { seed: SEED, numRuns: 20, examples: [[{ customers: smallBank.customers }, { mapping: JSON.parse('{"customers": {"columns": {"__proto__": "name"}}}') }]] },
        );
        expect(await fingerprint(strata)).to.equal(tables);
      });
    });

    describe('in every text field of every table', () => {
      /** The bank as loaded from objects or from CSV text (every text field quoted). */
      const files = (bank: Tables, format: 'objects' | 'csv') =>
        format === 'objects' ? bank : Object.fromEntries(TABLE_NAMES.map((t) => [t, tableCsv(t, bank[t])]));

      /** Every text column of every table byte for byte; and the same text through rows(), the metrics' keys and labels and a filter. */
      async function expectStored(bank: Tables, what: string): Promise<void> {
        for (const table of TABLE_NAMES) {
          const columns = SCHEMA[table].columns.filter((c) => c.type === 'text' || c.type === 'enum').map((c) => c.name);
          const got = toRows(await strata.engine.query(`SELECT ${columns.map(ident).join(', ')} FROM ${ident(table)}`));
          expect(sortedJson(got, columns), `${what}: table ${table}`).to.deep.equal(sortedJson(bank[table], columns));
        }
        const branchName = new Map(bank.branches.map((b) => [b.branch_id, b.name]));
        const managerName = new Map(bank.managers.map((m) => [m.manager_id, m.name]));
        const customer = new Map(bank.customers.map((c) => [c.customer_id, c]));
        const latest = bank.loans.map((l) => l.as_of).sort().at(-1);
        const loans = bank.loans.filter((l) => l.as_of === latest);
        const branchOf = (l: (typeof loans)[number]) => l.branch_id ?? customer.get(l.customer_id)?.branch_id ?? null;
        const named = (names: Map<string, string>, id: string | null) => [id, (id !== null && names.get(id)) || id];
        const keysAndLabels = (rows: readonly { key: FilterValue; label: string | null }[]) => sortedJson([...new Map(rows.map((r) => [r.key, r.label]))]);

        const customers = await strata.rows({ table: 'customers', offset: 0, limit: 1000 });
        expect(sortedJson(customers.map((r) => [r.customer_id, r.customer_name, r.industry, r.branch_name, r.manager_name])), `${what}: customer list`).to.deep.equal(
          sortedJson(bank.customers.map((c) => [c.customer_id, c.name, c.industry, branchName.get(c.branch_id!) ?? null, managerName.get(c.manager_id!) ?? null])),
        );
        const loanList = await strata.rows({ table: 'loans', offset: 0, limit: 1000 });
        expect(sortedJson(loanList.map((r) => [r.loan_id, r.customer_id, r.customer_name, r.branch_name])), `${what}: loan list`).to.deep.equal(
          sortedJson(loans.map((l) => [l.loan_id, l.customer_id, customer.get(l.customer_id)?.name ?? null, branchName.get(branchOf(l)!) ?? null])),
        );
        expect(keysAndLabels(await strata.npl({ by: 'branch' })), `${what}: npl by branch`).to.deep.equal(sortedJson([...new Set(loans.map(branchOf))].map((id) => named(branchName, id))));
        expect(keysAndLabels(await strata.funnel({ by: 'manager' })), `${what}: funnel by manager`).to.deep.equal(
          sortedJson([...new Set(bank.pipeline.map((p) => p.manager_id))].map((id) => named(managerName, id))),
        );
        for (const row of await strata.attainment({ by: 'manager' })) expect([row.key, row.label], `${what}: attainment by manager`).to.deep.equal(named(managerName, row.key));
        expect(sortedJson((await strata.segments({ by: 'industry' })).map((r) => r.key)), `${what}: segments by industry`).to.deep.equal(sortedJson([...new Set(bank.customers.map((c) => c.industry))]));
        expect(sortedJson((await strata.lostReasons()).map((r) => r.reason)), `${what}: lost reasons`).to.deep.equal(
          sortedJson([...new Set(bank.pipeline.filter((p) => p.stage === 'lost').map((p) => p.lost_reason))]),
        );
        expect(sortedJson(await strata.campaigns(), ['campaign_id', 'name']), `${what}: campaigns`).to.deep.equal(sortedJson(bank.campaigns, ['campaign_id', 'name']));
        // A branch id as a filter value selects exactly that branch's loans.
        const branch = branchOf(loans[0]!);
        if (branch !== null && storable(branch)) {
          strata.filters.set({ field: 'branch', op: 'in', values: [branch], source: 'hostile-round-trip' });
          try {
            const balance = loans.filter((l) => branchOf(l) === branch).reduce((sum, l) => sum + l.balance, 0);
            expect((await strata.npl())[0]?.balance, `${what}: npl of branch ${describeValue(branch)}`).to.equal(balance);
          } finally {
            strata.filters.clear();
          }
        }
      }

      for (const format of ['objects', 'csv'] as const) {
        it(`from ${format}: ids, names, industries, lost reasons, grids and codes through a mapping come back byte for byte`, async () => {
          await fc.assert(
            fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 80 }), async (texts) => {
              // Numbered (ids stay distinct) and fenced (text is loaded trimmed of spaces at both ends).
              const { files: bank, mapping, stored } = hostileBank(smallBankWithFollowUps, (_space, i) => `${i}|${texts[i % texts.length]}|`);
              await strata.load(files(bank, format), { mapping, replace: 'all' });
              await expectStored(stored, `${format} ${describeValue(texts)}`);
            }),
            { seed: SEED, numRuns: 4, examples: [[XSS_PAYLOADS], [[...NASTY_COMMON.slice(0, 15), LONG_STRINGS[1]!, LONG_STRINGS[2]!, LONG_STRINGS[3]!]]] },
          );
        });

        it(`from ${format}: NUL and lone surrogates load byte for byte, or the load is a LoadError naming each such cell and changes nothing`, async () => {
          await strata.load(smallBank, { replace: 'all' });
          const bad = fc.oneof(fc.constantFrom(...UNSTORABLE), anyText.filter((s) => !storable(s))).filter((s) => storable(s.replace(/\u0000/g, '')));
          await fc.assert(
            fc.asyncProperty(fc.uniqueArray(fc.nat(60), { minLength: 1, maxLength: 2 }), bad, async (slots, unstorable) => {
              const { files: bank, mapping, stored } = hostileBank(
                smallBankWithFollowUps,
                (space, i) => (slots.includes(i) && isTextSpace(space) ? `${i}|${unstorable}|` : `${i}|ok|`),
                { byMapping: false },
              );
              const cells = TABLE_NAMES.flatMap((table: TableName) =>
                (bank[table] as unknown as Record<string, unknown>[]).flatMap((row, i) =>
                  Object.entries(row)
                    .filter(([, v]) => typeof v === 'string' && !storable(v))
                    .map(([column]) => JSON.stringify([table, format === 'csv' ? i + 2 : i + 1, column])),
                ),
              );
              const what = `${format}, ${describeValue(unstorable)} in ${cells.join(' ')}`;
              const thrown = await failure(() => strata.load(files(bank, format), { mapping, replace: 'all' }));
              if (!thrown) {
                await expectStored(stored, what);
                await strata.load(smallBank, { replace: 'all' });
                return;
              }
              expect(thrown.error instanceof LoadError, `${what}: ${shown(thrown.error)}`).to.equal(true);
              const problems = (thrown.error as LoadError).problems;
              expect(problems.length, what).to.be.greaterThan(0);
              for (const p of problems) expect(cells.includes(JSON.stringify([p.table, p.row, p.column])), `${what}: ${formatProblem(p)}`).to.equal(true);
              expect(await fingerprint(strata), what).to.equal(tables);
            }),
            { seed: SEED, numRuns: 6, examples: [[[0], '\u0000']] },
          );
        });
      }
    });
  });
}
