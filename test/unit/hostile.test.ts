/**
 * Hostile strings against the whole sdk (DESIGN.md, "Reliability and security"): every value that
 * reaches SQL from a filter, a URL, a file header, a mapping or the data goes through bound
 * parameters or sql/quote.ts, so no string can break a query or add a statement to it.
 *
 * One Strata (one duckdb-wasm) for the file. The filter and validation tests run on the small
 * bank; each load test starts from the small bank again.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CUSTOMER_KINDS,
  DIMENSION_NAMES,
  DIMENSIONS,
  FilterError,
  FilterState,
  LoadError,
  Strata,
  StrataOptionError,
  TABLE_NAMES,
  UnknownDimensionError,
  validateClause,
  type DimensionName,
  type FilterClause,
  type Rules,
  type TableRows,
} from '@strata/sdk/node';
import { toRows } from '../../packages/sdk/src/engine/rows.ts';
import { codeLookup, normalizeCode, normalizeHeader } from '../../packages/sdk/src/load/codes.ts';
import { CUSTOMER_FACTS, LOAN_FACTS, PIPELINE_FACTS } from '../../packages/sdk/src/queries/facts.ts';
import { ident } from '../../packages/sdk/src/sql/quote.ts';
import { customers, loans, pipeline, smallBank } from '../fixtures/small.ts';
import { hostileStrings, NASTY_COMMON } from '../helpers/hostile-strings.ts';

// ─── Hostile strings ─────────────────────────────────────────────────────────────────────────

const NASTY: readonly string[] = [
  ...NASTY_COMMON,
  'x"; DROP TABLE loans; --',
  "corp_gold' OR tier <> 'corp_gold",
  'toString',
  'hasOwnProperty',
  'x'.repeat(3000),
];
const hostile = hostileStrings(NASTY);
/** Hostile, but with something visible at both ends: text columns are loaded trimmed. */
const wrapped = hostile.map((s) => `[${s}]`);

// ─── One engine for the file ─────────────────────────────────────────────────────────────────

let strata: Strata;

beforeAll(async () => {
  // The load tests replace the customers alone: their loans then dangle, a warning here.
  strata = await Strata.open({ orphans: 'warning' });
  await strata.load(smallBank);
});

afterAll(async () => {
  await strata?.close();
});

const rows = async <T>(sql: string, params: (string | number | boolean | null)[] = []) => toRows<T>(await strata.engine.query(sql, params));

/** Every table's rows (canonical tables in full, the derived layer by count) and the table list. */
async function snapshot(except: readonly string[] = []): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    tables: (await rows<{ t: string }>('SELECT table_name AS t FROM information_schema.tables ORDER BY 1')).map((r) => r.t),
  };
  for (const table of TABLE_NAMES) {
    if (except.includes(table)) continue;
    out[table] = await rows(`SELECT * FROM ${ident(table)} ORDER BY ALL`);
  }
  return out;
}

const loanCount = async () => (await rows<{ n: number }>('SELECT count(*)::DOUBLE AS n FROM loans'))[0]?.n;

/** An error thrown synchronously or as a rejection, or null. */
async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
    return null;
  } catch (error) {
    return error;
  }
}

const plain = <T extends object>(result: readonly T[]) => Array.from(result, (row) => ({ ...row }));

/** The six metrics the filter properties compare. */
async function metrics() {
  return {
    kpis: plain(await strata.kpis()),
    segments: plain(await strata.segments({ by: 'tier' })),
    npl: plain(await strata.npl({ by: 'industryClass' })),
    funnel: plain(await strata.funnel()),
    attainment: plain(await strata.attainment({ by: 'branch' })),
    migration: plain(await strata.migration()),
  };
}
type Metrics = Awaited<ReturnType<typeof metrics>>;

async function withClause<T>(clause: FilterClause, run: () => Promise<T>): Promise<T> {
  strata.filters.set(clause);
  try {
    return await run();
  } finally {
    strata.filters.clear();
  }
}

// ─── Filter values ───────────────────────────────────────────────────────────────────────────

const TEXT_FIELDS = ['tier', 'branch', 'industry', 'product', 'stage', 'customer_id'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const NO_MATCH = 'no such value';

/** Every value `field` has in the derived layer, as text. */
async function valuesOf(field: DimensionName): Promise<Set<string>> {
  const dim = DIMENSIONS[field];
  const factTable = { customers: CUSTOMER_FACTS, loans: LOAN_FACTS, pipeline: PIPELINE_FACTS };
  const values = new Set<string>();
  for (const fact of dim.facts) {
    const found = await rows<{ v: string }>(
      `SELECT DISTINCT CAST(${ident(dim.key)} AS VARCHAR) AS v FROM ${ident(factTable[fact])} WHERE ${ident(dim.key)} IS NOT NULL`,
    );
    for (const r of found) values.add(r.v);
  }
  return values;
}

describe('hostile filter values', () => {
  const existing = new Map<DimensionName, Set<string>>();
  const noMatch = new Map<string, Metrics>();
  let before: Record<string, unknown>;

  beforeAll(async () => {
    before = await snapshot();
    for (const field of TEXT_FIELDS) {
      existing.set(field, await valuesOf(field));
      for (const op of ['in', 'not_in'] as const) {
        noMatch.set(`${field} ${op}`, await withClause({ field, op, values: [NO_MATCH], source: 'x' }, metrics));
      }
    }
  });

  it('match nothing: every metric runs and equals the no-match filter, and no table changes', async () => {
    const loansBefore = await loanCount();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TEXT_FIELDS),
        fc.constantFrom('in' as const, 'not_in' as const),
        fc.array(hostile, { minLength: 1, maxLength: 3 }),
        hostile.filter((source) => source.length > 0),
        async (field, op, values, source) => {
          fc.pre(values.every((v) => !existing.get(field)?.has(v)));
          const result = await withClause({ field, op, values, source }, metrics);
          expect(result).toEqual(noMatch.get(`${field} ${op}`));
          expect(await loanCount()).toBe(loansBefore);
        },
      ),
      { numRuns: 70 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it("corp_gold selects the fixture's one gold customer (C7: L7, 1,000,000 in loss)", async () => {
    const npl = await withClause({ field: 'tier', op: 'in', values: ['corp_gold'], source: 'x' }, () => strata.npl());
    expect(plain(npl).map(({ balance, npl_balance, loans }) => ({ balance, npl_balance, loans }))).toEqual([
      { balance: 1_000_000, npl_balance: 1_000_000, loans: 1 },
    ]);
  });

  it('matching values among hostile ones give the npl totals a TypeScript filter of the fixture gives', async () => {
    const oracle = fixtureOracle(strata.rules);
    const choice = fc.constantFrom(...TEXT_FIELDS).chain((field) =>
      fc.record({
        field: fc.constant(field),
        matching: fc.subarray([...oracle.values[field]], { minLength: 1 }),
        extra: fc.array(hostile, { maxLength: 3 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(choice, async ({ field, matching, extra }) => {
        fc.pre(extra.every((v) => !existing.get(field)?.has(v)));
        const values = [...extra, ...matching].reverse();
        const npl = await withClause({ field, op: 'in', values, source: 'x' }, () => strata.npl());
        const got = plain(npl).map(({ balance, npl_balance, loans }) => ({ balance, npl_balance, loans }));
        expect(got).toEqual(oracle.nplTotals(field, new Set(values)));
      }),
      { numRuns: 80 },
    );
  });

  // A value of an int, bool or date field that cannot be read as one reaches `CAST(? AS …)` and
  // every metric fails with a DuckDB Conversion Error: a URL such as
  // ?f=[{"field":"as_of","values":["x"],"source":"v"}] breaks the whole dashboard.
  it('of int, bool and date fields are rejected with FilterError or match nothing', async () => {
    const typed = ['industry_class', 'is_strategic', 'is_payroll', 'as_of'] as const;
    const castType = { industry_class: 'DOUBLE', is_strategic: 'BOOLEAN', is_payroll: 'BOOLEAN', as_of: 'DATE' } as const;
    const empty = new Map<string, Metrics>();
    for (const field of typed) empty.set(field, await withClause({ field, op: 'in', values: [], source: 'x' }, metrics));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...typed), hostile, async (field, value) => {
        const [readable] = await rows<{ ok: boolean }>(`SELECT TRY_CAST(? AS ${castType[field]}) IS NOT NULL AS ok`, [value]);
        fc.pre(!readable?.ok);
        const rejected = await failure(() => strata.filters.set({ field, op: 'in', values: [value], source: 'x' }));
        if (rejected) {
          expect(rejected).toBeInstanceOf(FilterError);
          return;
        }
        try {
          expect(await metrics()).toEqual(empty.get(field));
        } finally {
          strata.filters.clear();
        }
      }),
      { numRuns: 40, examples: [['as_of', 'x']] },
    );
  });

  // JSON.parse turns "\ud800" in a URL's f parameter into a lone surrogate; duckdb-wasm cannot
  // bind it ("The surrogate pair in string is invalid.") and every metric fails.
  it('that are not well-formed UTF-16 are rejected with FilterError or match nothing', async () => {
    const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
    const broken = fc.tuple(hostile, surrogate, hostile).map(([a, s, b]) => `${a}x${s}x${b}`);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TEXT_FIELDS), broken, async (field, value) => {
        const rejected = await failure(() => strata.filters.set({ field, op: 'in', values: [value], source: 'x' }));
        if (rejected) {
          expect(rejected).toBeInstanceOf(FilterError);
          return;
        }
        try {
          expect(await metrics()).toEqual(noMatch.get(`${field} in`));
        } finally {
          strata.filters.clear();
        }
      }),
      { numRuns: 20, examples: [['tier', 'x\ud800x']] },
    );
  });
});

/** NPL totals at the latest month end computed in TypeScript over the fixture's rows. */
function fixtureOracle(rules: Rules) {
  const latest = loans.map((l) => l.as_of).sort().at(-1);
  const current = loans.filter((l) => l.as_of === latest);
  const customerOf = new Map(customers.map((c) => [c.customer_id, c]));
  const tierOf = (c: TableRows['customers']): string => {
    if (c.kind === 'corporate') {
      const co = rules.corporate;
      if (c.is_strategic || (c.contribution ?? 0) >= co.goldContribution) return 'corp_gold';
      if ((c.deposits_avg ?? 0) >= co.highEndDeposits || (c.products_held ?? 0) >= co.highEndProducts) return 'corp_high_end';
      if ((c.deposits_avg ?? 0) >= co.midDeposits) return 'corp_mid';
      return 'corp_general';
    }
    const re = rules.retail;
    // A business loan's original amount (its balance where the loan does not say).
    const business = Math.max(0, ...current.filter((l) => l.customer_id === c.customer_id && l.product === 'business').map((l) => l.original_amount ?? l.balance));
    if (business >= re.highEndBusinessLoan || (c.aum ?? 0) >= re.highEndAum) return 'retail_high_end';
    if ((c.aum ?? 0) >= re.potentialAum) return 'retail_potential';
    return 'retail_general';
  };
  const attribute = (field: TextField, loan: TableRows['loans']): string[] => {
    const c = customerOf.get(loan.customer_id);
    switch (field) {
      case 'tier':
        return c ? [tierOf(c)] : [];
      case 'branch':
        return [loan.branch_id ?? c?.branch_id].filter((v): v is string => typeof v === 'string');
      case 'industry':
        return c?.industry ? [c.industry] : [];
      case 'product':
        return [loan.product];
      case 'customer_id':
        return [loan.customer_id];
      case 'stage':
        // A pipeline field reaches loans through the customers that have such a lead.
        return pipeline.filter((p) => p.customer_id === loan.customer_id).map((p) => p.stage);
    }
  };
  const values: Record<TextField, Set<string>> = {
    tier: new Set(customers.map(tierOf)),
    branch: new Set(smallBank.branches.map((b) => b.branch_id)),
    industry: new Set(customers.flatMap((c) => (c.industry ? [c.industry] : []))),
    product: new Set([...loans.map((l) => l.product), ...pipeline.flatMap((p) => (p.product ? [p.product] : []))]),
    stage: new Set(pipeline.map((p) => p.stage)),
    customer_id: new Set(customers.map((c) => c.customer_id)),
  };
  const NPL = new Set(['substandard', 'doubtful', 'loss']);
  const nplTotals = (field: TextField, selected: Set<string>) => {
    const hit = current.filter((l) => attribute(field, l).some((v) => selected.has(v)));
    if (hit.length === 0) return [];
    const sum = (xs: TableRows['loans'][]) => xs.reduce((total, l) => total + l.balance, 0);
    return [{ balance: sum(hit), npl_balance: sum(hit.filter((l) => NPL.has(l.classification))), loans: hit.length }];
  };
  return { values, nplTotals };
}

// ─── Invalid clauses and hostile JSON ────────────────────────────────────────────────────────

const KNOWN_FIELDS = new Set<string>([
  ...DIMENSION_NAMES,
  ...['industryClass', 'tierOwner', 'relationshipType', 'isStrategic', 'isPayroll', 'customerId', 'branch_id', 'branchId'],
  ...['manager_id', 'managerId', 'campaign_id', 'campaignId', 'asOf', 'month', 'lostReason'],
]);
const unknownField = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'tier ', 'TIER', 'tier;--'), hostile).filter(
  (s) => !KNOWN_FIELDS.has(s),
);
/** JSON.stringify cannot print these: no BigInt here (see the BigInt test). */
const weird = fc.anything({ withBigInt: false, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true });

/** Clauses each invalid in one way, the rest of it valid. */
const invalidClause: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ field: unknownField, op: fc.constant('in'), values: fc.array(hostile), source: fc.constant('s') }),
  fc.record({ field: weird.filter((v) => typeof v !== 'string'), op: fc.constant('in'), values: fc.constant(['a']), source: fc.constant('s') }),
  fc.record({ field: fc.constant('tier'), op: hostile.filter((o) => !['in', 'not_in', 'between'].includes(o)), values: fc.constant(['a']), source: fc.constant('s') }),
  fc.record({ field: fc.constant('tier'), op: fc.constant('in'), values: fc.oneof(hostile, fc.integer(), fc.constant(null), fc.object(), fc.boolean()), source: fc.constant('s') }),
  fc
    .tuple(fc.array(hostile, { maxLength: 3 }), fc.constantFrom(NaN, Infinity, -Infinity, undefined, {}, [], ['corp_gold'], () => 1, Symbol('x'), new Date(0)))
    .map(([good, bad]) => ({ field: 'tier', op: 'in', values: [...good, bad], source: 's' })),
  fc.tuple(hostile, hostile).map(([a, b]) => ({ field: 'customer_id', op: 'in', values: [`${a}\u0000${b}`], source: 's' })),
  fc.record({ field: fc.constant('as_of'), op: fc.constant('between'), values: fc.oneof(fc.tuple(hostile), fc.tuple(hostile, hostile, hostile), fc.tuple(hostile, fc.constant(null)), fc.constant([])), source: fc.constant('s') }),
  fc.record({ field: fc.constant('tier'), op: fc.constant('in'), values: fc.constant(['a']), source: fc.oneof(fc.constant(''), fc.constant(null), fc.integer(), fc.object()) }),
  weird.filter((v) => typeof v !== 'object' || v === null),
);

describe('invalid filter clauses', () => {
  it('are rejected with FilterError before any SQL runs, leaving the filters as they were', async () => {
    strata.filters.set({ field: 'branch', op: 'in', values: ['B1'], source: 'keep' });
    const kept = strata.filters.toJSON();
    const query = vi.spyOn(strata.engine, 'query');
    try {
      fc.assert(
        fc.property(invalidClause, (clause) => {
          expect(() => strata.filters.set(clause as FilterClause)).toThrow(FilterError);
          expect(() => strata.filters.replace([...kept, clause])).toThrow(FilterError);
          expect(() => validateClause(clause)).toThrow(FilterError);
          expect(strata.filters.toJSON()).toEqual(kept);
        }),
        { numRuns: 500 },
      );
      expect(() => validateClause({ field: 'tier', op: 'in', values: Array(10_001).fill('a'), source: 's' })).toThrow(FilterError);
      expect(query).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
      strata.filters.clear();
    }
  });

  // `JSON.stringify(v)` in validateClause's messages throws on a BigInt, which is what a value
  // taken from an Arrow BIGINT column (a click on a chart) is: a TypeError escapes, not FilterError.
  it('of any shape, BigInt included, give a clause or a FilterError, never another error', () => {
    const anything = fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withDate: true });
    const clause = fc.record(
      {
        field: fc.oneof(fc.constantFrom(...DIMENSION_NAMES), anything),
        op: fc.oneof(fc.constantFrom('in', 'not_in', 'between'), anything),
        values: fc.oneof(fc.array(fc.oneof(hostile, fc.integer(), fc.boolean(), fc.constant(null), anything), { maxLength: 3 }), anything),
        source: fc.oneof(hostile, anything),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(clause, anything), (input) => {
        try {
          validateClause(input);
        } catch (error) {
          expect(error).toBeInstanceOf(FilterError);
        }
      }),
      { numRuns: 1000, examples: [[{ field: 'tier', op: 'in', values: [1n], source: 's' }]] },
    );
  });
});

describe('filter clauses read once', () => {
  const boom = () => {
    throw new Error('boom');
  };

  it('a getter that throws, on the clause or a value, is a FilterError naming the part', () => {
    for (const key of ['field', 'op', 'values', 'source']) {
      const clause = Object.defineProperty({ field: 'tier', op: 'in', values: ['a'], source: 's' }, key, { get: boom });
      expect(() => validateClause(clause), key).toThrow(FilterError);
      expect(failureSync(() => validateClause(clause))).toMatchObject({ option: `filter.${key}` });
    }
    const values = Object.defineProperty(['corp_gold', 'corp_mid'], 1, { get: boom });
    expect(failureSync(() => validateClause({ field: 'tier', values, source: 's' }))).toMatchObject({ name: 'FilterError', option: 'filter.values[1]' });
  });

  it('keeps the values it checked: a getter or an iterator answering differently the second time changes nothing', () => {
    let reads = 0;
    const flipping = { field: 'tier', source: 's', get values() { return reads++ === 0 ? ['corp_gold'] : ["x'; DROP TABLE loans; --\u0000"]; } };
    const lying = Object.defineProperty(['corp_gold'], Symbol.iterator, { value: () => ["x'; DROP TABLE loans; --\u0000"].values() });
    expect(validateClause(flipping).values).toEqual(['corp_gold']);
    expect(validateClause({ field: 'tier', values: lying, source: 's' }).values).toEqual(['corp_gold']);
  });

  it('clauses that are not a list, and a query string that is not text, are FilterErrors', () => {
    expect(() => new FilterState().replace('x' as unknown as unknown[])).toThrow(FilterError);
    expect(() => FilterState.fromQueryString(42 as unknown as string)).toThrow(FilterError);
    expect(() => FilterState.fromJSON(`${'['.repeat(5_000)}${']'.repeat(5_000)}`)).toThrow(FilterError);
  });
});

/** The error `run` throws, or null. */
function failureSync(run: () => unknown): unknown {
  try {
    run();
    return null;
  } catch (error) {
    return error;
  }
}

describe('FilterState from hostile JSON', () => {
  const onlyFilterError = (run: () => unknown) => {
    try {
      expect(run()).toBeInstanceOf(FilterState);
    } catch (error) {
      expect(error).toBeInstanceOf(FilterError);
    }
  };
  const hostileClauses = fc.array(
    fc.record({ field: fc.oneof(fc.constantFrom(...DIMENSION_NAMES), hostile), op: fc.constantFrom('in', 'not_in', 'between', 'x'), values: fc.array(fc.oneof(hostile, fc.double(), fc.constant(null))), source: hostile }, { requiredKeys: [] }),
    { maxLength: 3 },
  );

  it('fromQueryString: any query string gives a FilterState or a FilterError', () => {
    const f = fc.oneof(hostile, fc.json(), hostileClauses.map((c) => JSON.stringify(c)));
    const query = fc.oneof(
      hostile,
      f.map((json) => `f=${encodeURIComponent(json)}`),
      f.map((json) => `?a=1&f=${encodeURIComponent(json)}&b=${encodeURIComponent(json)}`),
      f.map((json) => `f=${json}`),
    );
    fc.assert(fc.property(query, (q) => onlyFilterError(() => FilterState.fromQueryString(q))), { numRuns: 1000 });
  });

  it('fromJSON: any parsed JSON value gives a FilterState or a FilterError', () => {
    // A string is taken as JSON text: the next test.
    const parsed = fc.oneof(fc.jsonValue().filter((v) => typeof v !== 'string'), hostileClauses);
    fc.assert(fc.property(parsed, (json) => onlyFilterError(() => FilterState.fromJSON(json))), { numRuns: 1000 });
  });

  // fromJSON(text) calls JSON.parse unguarded: text that is not JSON throws SyntaxError.
  it('fromJSON: any JSON text, valid or not, gives a FilterState or a FilterError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), hostile, hostileClauses.map((c) => JSON.stringify(c))), (text) => onlyFilterError(() => FilterState.fromJSON(text))),
      { numRuns: 1000, examples: [['']] },
    );
  });

  it('valid clauses with hostile values and sources survive toQueryString → fromQueryString unchanged', () => {
    const clause = fc.record({
      field: fc.constantFrom(...TEXT_FIELDS),
      op: fc.constantFrom('in' as const, 'not_in' as const),
      values: fc.array(fc.oneof(hostile, fc.constant(null), fc.integer(), fc.boolean()), { maxLength: 4 }),
      source: hostile.filter((s) => s.length > 0),
    });
    fc.assert(
      fc.property(fc.uniqueArray(clause, { selector: (c) => c.source, maxLength: 4 }), (clauses) => {
        const state = new FilterState();
        state.replace(clauses);
        const back = FilterState.fromQueryString(`?${state.toQueryString()}`);
        expect(back.toJSON()).toEqual(state.toJSON());
        expect(FilterState.fromJSON(JSON.stringify(state)).toJSON()).toEqual(state.toJSON());
      }),
      { numRuns: 300 },
    );
  });
});

// ─── Dimension names ─────────────────────────────────────────────────────────────────────────

describe('hostile dimension names', () => {
  it('throw UnknownDimensionError (attainment: StrataOptionError) from every metric, before any SQL runs', async () => {
    const query = vi.spyOn(strata.engine, 'query');
    try {
      await fc.assert(
        fc.asyncProperty(unknownField, async (by) => {
          // `failure` catches a throw and a rejection alike: each must be a rejection of the right type.
          for (const run of [
            () => strata.npl({ by }),
            () => strata.segments({ by }),
            () => strata.funnel({ by }),
            () => strata.classMix({ by }),
            () => strata.nplTrend({ by }),
            () => strata.vintage({ by }),
            () => strata.overdueFollowUps({ by }),
          ]) {
            expect(await failure(run)).toBeInstanceOf(UnknownDimensionError);
          }
          expect(await failure(() => strata.attainment({ by: by as 'branch' }))).toBeInstanceOf(StrataOptionError);
          expect(await failure(() => strata.filters.set({ field: by as DimensionName, op: 'in', values: ['a'], source: 's' }))).toBeInstanceOf(FilterError);
        }),
        { numRuns: 200, examples: [['__proto__'], ['constructor'], ['toString'], ["tier'; DROP TABLE loans; --"]] },
      );
      // A known dimension that the metric's fact lacks is a StrataOptionError too.
      expect(await failure(() => strata.npl({ by: 'stage' }))).toBeInstanceOf(StrataOptionError);
      expect(query).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
    }
  });
});

// ─── Loads: hostile column names, codes and values ───────────────────────────────────────────

const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
const csv = (header: readonly string[], body: readonly (readonly string[])[]) =>
  [header, ...body].map((line) => line.map(cell).join(',')).join('\n') + '\n';

const KIND_CODES = codeLookup('kind', CUSTOMER_KINDS);
const isKindCode = (s: string) => KIND_CODES.has(normalizeCode(s));
const kindSpelling = fc.constantFrom(['retail', 'retail'], ['corporate', 'corporate'], ['零售', 'retail'], ['对公', 'corporate'], [' Retail ', 'retail']);
/**
 * Two key names a DuckDB table can hold side by side (its names are case-insensitive). `__row`
 * and `__proto__` have tests of their own below (both fail today).
 */
const twoNames = fc
  .tuple(hostile, hostile)
  .filter(([a, b]) => a.length > 0 && b.length > 0 && a.toLowerCase() !== b.toLowerCase() && a.toUpperCase() !== b.toUpperCase())
  .filter(([a, b]) => ![a, b].some((name) => name.toLowerCase() === '__row' || name === '__proto__'));
const customerRows = fc.uniqueArray(fc.tuple(wrapped, kindSpelling), { minLength: 1, maxLength: 4, selector: ([id]) => id });

describe('hostile names in loads', () => {
  beforeEach(async () => {
    await strata.load(smallBank);
  });

  async function expectCustomers(expected: readonly (readonly [string, string])[]) {
    const got = await rows<{ customer_id: string; kind: string }>('SELECT customer_id, kind FROM customers');
    const key = (a: { id: string; kind: string }) => JSON.stringify([a.id, a.kind]);
    expect(got.map((r) => key({ id: r.customer_id, kind: r.kind })).sort()).toEqual(expected.map(([id, kind]) => key({ id, kind })).sort());
  }

  it('object keys: customers load through a mapping of hostile column names; other tables are unchanged', async () => {
    const others = await snapshot(['customers']);
    await fc.assert(
      fc.asyncProperty(twoNames, customerRows, async ([idColumn, kindColumn], people) => {
        const input = people.map(([id, [spelling]]) => ({ [idColumn]: id, [kindColumn]: spelling }));
        const report = await strata.load({ customers: input }, { mapping: { customers: { columns: { customer_id: idColumn, kind: kindColumn } } } });
        expect(report.rows.customers).toBe(people.length);
        await expectCustomers(people.map(([id, [, kind]]) => [id, kind] as const));
        expect(await snapshot(['customers'])).toEqual(others);
      }),
      { numRuns: 50, examples: [[['x"; DROP TABLE loans; --', "k'); DELETE FROM branches; --"], [['[C1]', ['retail', 'retail']]]]] },
    );
  });

  it('CSV headers: quoted hostile header names map and load; other tables are unchanged', async () => {
    const others = await snapshot(['customers']);
    // Header names are trimmed, and blank or duplicate ones are a LoadError: names must differ after
    // that. A CR inside a quoted name has its own test below (it fails today).
    const headers = twoNames.filter(
      ([a, b]) => a.trim() !== '' && b.trim() !== '' && normalizeHeader(a) !== normalizeHeader(b) && !`${a}${b}`.includes('\r'),
    );
    await fc.assert(
      fc.asyncProperty(headers, customerRows, async ([idColumn, kindColumn], people) => {
        const text = csv([idColumn, kindColumn], people.map(([id, [spelling]]) => [id, spelling]));
        const report = await strata.load({ customers: text }, { mapping: { customers: { columns: { customer_id: idColumn, kind: kindColumn } } } });
        expect(report.rows.customers).toBe(people.length);
        await expectCustomers(people.map(([id, [, kind]]) => [id, kind] as const));
        expect(await snapshot(['customers'])).toEqual(others);
      }),
      { numRuns: 50, examples: [[['x"; DROP TABLE loans; --', 'kind,"\n--'], [['[C1]', ['retail', 'retail']]]]] },
    );
  });

  // parseCsvHeader finds the header's end respecting quotes, but read_csv is not told the line
  // break, and a CR inside a quoted header name makes DuckDB read no rows at all: the load then
  // "succeeds" with 0 customers, replacing every customer there was.
  it('CSV headers: a CR inside a quoted header name neither loses rows nor passes silently', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, customerRows, async (before, after, people) => {
        const kindColumn = `k${before}\r${after}`;
        fc.pre(normalizeHeader(kindColumn) !== 'id');
        const text = csv(['id', kindColumn], people.map(([id, [spelling]]) => [id, spelling]));
        const error = await failure(() => strata.load({ customers: text }, { mapping: { customers: { columns: { customer_id: 'id', kind: kindColumn } } } }));
        if (error) {
          expect(error).toBeInstanceOf(LoadError);
          return;
        }
        await expectCustomers(people.map(([id, [, kind]]) => [id, kind] as const));
      }),
      { numRuns: 20, examples: [['', '', [['[Z1]', ['retail', 'retail']]]]] },
    );
  });

  // objectsToIpc collects columns in a plain object: `columns['__proto__'] = vector` replaces its
  // prototype instead of adding a column, and building the Arrow table overflows the stack. The
  // same key in a JSON file (JSON.parse makes it an own key) does the same.
  it('a column named __proto__ loads, or the load fails with a LoadError', async () => {
    const mapping = { customers: { columns: { customer_id: '__proto__', kind: 'k' } } };
    const objects = JSON.parse('[{"__proto__": "Z1", "k": "retail"}]') as object[];
    for (const source of [objects, '[{"__proto__": "Z1", "k": "retail"}]']) {
      const error = await failure(() => strata.load({ customers: source }, { mapping }));
      if (error) expect(error).toBeInstanceOf(LoadError);
      else await expectCustomers([['Z1', 'retail']]);
    }
  });

  // The loader numbers rows in a column `__row` next to the file's own: a file column named
  // `__row` (any case) is renamed by DuckDB, and a mapping to it silently reads the row number.
  it('a file column named __row maps to its own values, or the load fails with a LoadError', async () => {
    for (const name of ['__row', '__ROW']) {
      const error = await failure(() =>
        strata.load({ customers: [{ [name]: 'Z1', k: 'retail' }] }, { mapping: { customers: { columns: { customer_id: name, kind: 'k' } } } }),
      );
      if (error) expect(error).toBeInstanceOf(LoadError);
      else await expectCustomers([['Z1', 'retail']]);
    }
  });

  // DuckDB names are case-insensitive: keys ID and id become ID and id_1, and the mapping's "id"
  // binds to ID, so customer_id silently takes the other column's values.
  it('keys differing only in case map to their own values, or the load fails with a LoadError', async () => {
    const error = await failure(() =>
      strata.load({ customers: [{ ID: 'retail', id: 'Z1' }] }, { mapping: { customers: { columns: { customer_id: 'id', kind: 'ID' } } } }),
    );
    if (error) expect(error).toBeInstanceOf(LoadError);
    else await expectCustomers([['Z1', 'retail']]);
  });
});

describe('hostile codes in a mapping', () => {
  beforeEach(async () => {
    await strata.load(smallBank);
  });

  it('a hostile target that is no code fails with a LoadError naming the column, and changes nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(twoNames, hostile, hostile, async ([idColumn, kindColumn], from, to) => {
        fc.pre(!isKindCode(to) && !isKindCode(from));
        const input = [{ [idColumn]: 'Z1', [kindColumn]: from }];
        const mapping = { customers: { columns: { customer_id: idColumn, kind: kindColumn }, values: { kind: { [from]: to } } } };
        const error = await failure(() => strata.load({ customers: input }, { mapping }));
        expect(error).toBeInstanceOf(LoadError);
        const problems = (error as LoadError).problems;
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.every((p) => p.table === 'customers')).toBe(true);
        expect(problems.some((p) => p.column === kindColumn)).toBe(true);
        expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 50, examples: [[['id', 'kind'], "x'", "'; DROP TABLE loans; --"]] },
    );
  });

  // The mapping's keys are trimmed in TypeScript (String.prototype.trim: tabs, newlines, U+FEFF,
  // U+2028 …) but the file's values in SQL (DuckDB trim: spaces only), so a key with a tab or
  // newline at either end never matches the very value it was copied from.
  it('a hostile key mapped to a code recodes exactly the values written that way', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom(...CUSTOMER_KINDS), async (from, to) => {
        fc.pre(from.trim() !== '');
        const input = [{ id: 'Z1', k: from }];
        const mapping = { customers: { columns: { customer_id: 'id', kind: 'k' }, values: { kind: { [from]: to } } } };
        await strata.load({ customers: input }, { mapping });
        await expectCustomers([['Z1', to]]);
      }),
      { numRuns: 50, examples: [['\ta', 'corporate']] },
    );
  });

  async function expectCustomers(expected: readonly (readonly [string, string])[]) {
    const got = await rows<{ customer_id: string; kind: string }>('SELECT customer_id, kind FROM customers ORDER BY ALL');
    expect(got.map((r) => [r.customer_id, r.kind])).toEqual(expected.map((e) => [...e]));
  }
});

describe('hostile data values', () => {
  beforeEach(async () => {
    await strata.load(smallBank);
  });

  const people = fc.uniqueArray(fc.record({ id: wrapped, name: wrapped, industry: wrapped }), { minLength: 1, maxLength: 5, selector: (p) => p.id });

  async function expectStored(list: readonly { id: string; name: string; industry: string }[]) {
    for (const p of list) {
      const found = await rows<{ name: string; industry: string }>('SELECT name, industry FROM customers WHERE customer_id = ?', [p.id]);
      expect(found).toEqual([{ name: p.name, industry: p.industry }]);
    }
    // A hostile industry, as a filter value, selects exactly its customers.
    const first = list[0];
    if (!first) return;
    const segments = await withClause({ field: 'industry', op: 'in', values: [first.industry], source: 'x' }, () =>
      strata.segments({ by: 'customer_id' }),
    );
    const expected = list.filter((p) => p.industry === first.industry).map((p) => p.id);
    expect(plain(segments).filter((r) => r.customers > 0).map((r) => r.key).sort()).toEqual([...expected].sort());
  }

  it('names, ids and industries load from objects and come back byte-identical through bound parameters', async () => {
    const others = await snapshot(['customers']);
    await fc.assert(
      fc.asyncProperty(people, async (list) => {
        const input = list.map((p) => ({ customer_id: p.id, name: p.name, kind: 'retail', industry: p.industry }));
        await strata.load({ customers: input });
        await expectStored(list);
        expect(await snapshot(['customers'])).toEqual(others);
      }),
      { numRuns: 40, examples: [[[{ id: "[C1']", name: '[<script>alert(1)</script>]', industry: "['; DROP TABLE loans; --]" }]]] },
    );
  });

  it('the same values load from CSV (every field quoted) and come back byte-identical', async () => {
    await fc.assert(
      fc.asyncProperty(people, async (list) => {
        const text = csv(
          ['customer_id', 'name', 'kind', 'industry'],
          list.map((p) => [p.id, p.name, 'retail', p.industry]),
        );
        await strata.load({ customers: text });
        await expectStored(list);
      }),
      { numRuns: 40, examples: [[[{ id: '[C1"]', name: '[a\r\nb, "c"]', industry: '[;\n--]' }]]] },
    );
  });
});
