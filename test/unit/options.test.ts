/**
 * Every public option of every Strata method against hostile values: the strings of
 * test/helpers/hostile-strings.ts, wrong types, NaN, Infinity, -1, 1.5, impossible dates, dates
 * with SQL in them, throwing getters. Each is a StrataOptionError naming the option before any
 * statement reaches the engine (counted by the engine's `stats.statements`), or, where the value is
 * a legitimate one, a normal answer; never another error. And a statement that fails in the
 * database is a StrataQueryError naming the metric, the engine's message (which may quote SQL)
 * only its cause.
 *
 * One Strata on the small bank for the option checks (they change nothing); the database failures
 * break tables of a Strata of their own.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIMENSIONS,
  DuckDBWasmEngine,
  EngineClosedError,
  FilterError,
  FilterState,
  MissingDataError,
  resolveRules,
  Strata,
  StrataOptionError,
  StrataQueryError,
  UnknownDimensionError,
  type Fact,
} from '@strata/sdk/node';
import { smallBank } from '../fixtures/small.ts';
import { hostileStrings, NASTY_COMMON } from '../helpers/hostile-strings.ts';

fc.configureGlobal({ seed: 1717, numRuns: 100 });

let strata: Strata;
let engine: DuckDBWasmEngine;

beforeAll(async () => {
  strata = await Strata.open();
  await strata.load(smallBank);
  engine = strata.engine as DuckDBWasmEngine;
});

afterAll(async () => {
  await strata?.close();
});

/** The error a call throws or rejects with, or null. */
async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
    return null;
  } catch (error) {
    return error;
  }
}

// ─── What each option accepts (the test's own reading of the docs) ───────────────────────────

type Kind = 'date' | 'days' | 'campaign' | 'loanField' | 'leadField' | 'scope' | 'metric' | 'measure' | 'table' | 'offset' | 'limit' | 'orderBy' | 'text' | 'flag' | 'signal';

/** Every spelling of a dimension (names, camelCase, column names). */
const SPELLINGS = new Map<string, string>([
  ...Object.keys(DIMENSIONS).map((name) => [name, name] as [string, string]),
  ...Object.entries({
    industryClass: 'industry_class',
    tierOwner: 'tier_owner',
    relationshipType: 'relationship_type',
    isStrategic: 'is_strategic',
    isPayroll: 'is_payroll',
    hasLoan: 'has_loan',
    customerId: 'customer_id',
    branch_id: 'branch',
    branchId: 'branch',
    manager_id: 'manager',
    managerId: 'manager',
    campaign_id: 'campaign',
    campaignId: 'campaign',
    asOf: 'as_of',
    month: 'as_of',
    lostReason: 'lost_reason',
  }),
]);

const isField = (fact: Fact) => (v: unknown) =>
  typeof v === 'string' && SPELLINGS.has(v) && (DIMENSIONS[SPELLINGS.get(v) as keyof typeof DIMENSIONS].facts as readonly Fact[]).includes(fact);

/** A calendar date YYYY-MM-DD (years 1 to 9999), worked out by Date: a day it does not roll over. */
function isDate(v: unknown): boolean {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [year, month, day] = v.split('-').map(Number) as [number, number, number];
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const LOAN_COLUMNS = ['loan_id', 'customer_id', 'customer_name', 'product', 'balance', 'classification', 'dpd', 'branch_name', 'manager_name', 'origination_date'];
const whole = (max: number) => (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

const ACCEPTS: Record<Kind, (v: unknown) => boolean> = {
  date: isDate,
  days: whole(36_500),
  campaign: (v) => typeof v === 'string' && v.length >= 1 && v.length <= 1_000 && !v.includes('\u0000') && !LONE_SURROGATE.test(v),
  loanField: isField('loans'),
  leadField: isField('pipeline'),
  scope: (v) => v === 'branch' || v === 'manager',
  metric: (v) => ['loan_amount', 'cards', 'installment_amount', 'new_customers'].includes(v as string),
  measure: (v) => ['customers', 'balance', 'deposits', 'contribution'].includes(v as string),
  table: (v) => v === 'customers' || v === 'loans',
  offset: whole(Number.MAX_SAFE_INTEGER),
  limit: whole(100_000),
  orderBy: (v) => {
    if (v === null) return true;
    const { column, descending } = (v ?? {}) as { column?: unknown; descending?: unknown };
    return typeof v === 'object' && !Array.isArray(v) && LOAN_COLUMNS.includes(column as string) && (descending === undefined || typeof descending === 'boolean');
  },
  text: (v) => typeof v === 'string',
  flag: (v) => typeof v === 'boolean',
  signal: (v) => v instanceof AbortSignal,
};

interface Method {
  name: string;
  call: (options: unknown) => Promise<unknown>;
  /** Options it needs, valid. */
  base: Record<string, unknown>;
  options: Record<string, Kind>;
}

const METRIC: Record<string, Kind> = { exclude: 'text', unfiltered: 'flag', signal: 'signal' };
const call = (name: string) => (options: unknown) => (strata as unknown as Record<string, (o: unknown) => Promise<unknown>>)[name]!.call(strata, options);
const method = (name: string, options: Record<string, Kind>, base: Record<string, unknown> = {}, metric = true): Method => ({
  name,
  call: call(name),
  base,
  options: metric ? { ...METRIC, ...options } : { signal: 'signal', ...options },
});

/** Every public method that takes options, with each option's kind. */
const METHODS: Method[] = [
  method('dataDefaults', {}, {}, false),
  method('months', {}, {}, false),
  method('campaigns', {}, {}, false),
  method('campaign', { campaign: 'campaign', asOf: 'date' }, {}, false),
  method('kpis', { asOf: 'date', campaign: 'campaign' }),
  method('segments', { by: 'loanField', measure: 'measure', asOf: 'date' }, { by: 'tier' }),
  method('npl', { by: 'loanField', asOf: 'date' }),
  method('nplTrend', { by: 'loanField', from: 'date', to: 'date' }),
  method('classMix', { by: 'loanField', asOf: 'date' }),
  method('migration', { from: 'date', to: 'date' }),
  method('migrationRates', { from: 'date', to: 'date' }),
  method('vintage', { by: 'loanField' }),
  method('funnel', { campaign: 'campaign', by: 'leadField', metric: 'metric', asOf: 'date' }),
  method('lostReasons', { campaign: 'campaign' }),
  method('overdueFollowUps', { campaign: 'campaign', by: 'leadField', days: 'days', asOf: 'date' }),
  method('attainment', { campaign: 'campaign', by: 'scope', metric: 'metric', asOf: 'date' }, { by: 'branch' }),
  method('rows', { table: 'table', asOf: 'date', offset: 'offset', limit: 'limit', orderBy: 'orderBy' }, { table: 'loans', offset: 0, limit: 5 }),
  method('rowCount', { table: 'table', asOf: 'date' }, { table: 'loans' }),
];

// ─── Hostile values ──────────────────────────────────────────────────────────────────────────

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
const LONG = 'x'.repeat(100_000);

/** Values an integrator sends by mistake: most options refuse each (a text option takes the strings, a campaign most). */
const WRONG: readonly unknown[] = [
  null,
  NaN,
  Infinity,
  -Infinity,
  -1,
  1.5,
  -0.5,
  2 ** 53,
  1n,
  Symbol('x'),
  () => 1,
  {},
  [],
  ['tier'],
  cyclic,
  Object.create(null),
  new Date(0),
  new String('tier'),
  '',
  ' ',
  '2024-02-30',
  '2023-02-29',
  '2024-1-1',
  '2024-13-01',
  '0000-01-01',
  '2024-12-31 ',
  ' 2024-12-31',
  '2024-12-31T00:00:00Z',
  '２０２４-１２-３１',
  "2024-12-31'; DROP TABLE loans; --",
  "2024-12-31' OR '1'='1",
  '2024-12-31\u0000',
  '2024-12-31\n',
  'x\ud800y',
  '\udc00',
  '\u202e2024-12-31',
  LONG,
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
];

/** Values that are legitimate for some option, to check that those come back as answers. */
const GOOD: readonly unknown[] = ['2024-12-31', '2024-11-30', '2024-02-29', '0001-01-01', '9999-12-31', 0, 14, 36_500, 'K1', 'tier', 'industryClass', 'stage', 'branch', 'manager', 'cards', 'balance', 'customers', true, false];

const hostile = hostileStrings([...NASTY_COMMON, 'toString', 'valueOf', 'hasOwnProperty', LONG, "2024-12-31'--"]);
const anyValue = fc.oneof(
  { weight: 3, arbitrary: hostile },
  { weight: 2, arbitrary: fc.constantFrom(...WRONG, ...GOOD) },
  fc.double(),
  fc.integer({ min: -10, max: 40_000 }),
  fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  hostile.map((s) => `2024-12-31${s}`),
  hostile.map((s) => `${s}2024-12-31`),
  fc.string({ unit: 'binary' }),
  fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withDate: true }),
);

/** Calls `m` with `option` set to `value` and checks the outcome against ACCEPTS. */
async function expectChecked(m: Method, option: string, value: unknown): Promise<void> {
  const accepted = ACCEPTS[m.options[option]!](value);
  const before = engine.stats.statements;
  const error = await failure(() => m.call({ ...m.base, [option]: value }));
  if (accepted) {
    expect(error, `${m.name} ${option}`).toBeNull();
    return;
  }
  expect(error, `${m.name} ${option}`).toBeInstanceOf(StrataOptionError);
  const e = error as StrataOptionError;
  expect(e.option.split('.')[0], `${m.name} ${option}`).toBe(option);
  expect(e.message.length, 'a message of bounded length').toBeLessThan(2_000);
  expect(engine.stats.statements, `${m.name} ${option}: no statement`).toBe(before);
}

describe('every option of every method', () => {
  it('the base options give an answer: the checks refuse nothing legitimate', async () => {
    for (const m of METHODS) expect(await failure(() => m.call(m.base)), m.name).toBeNull();
  });

  it('wrong types, NaN, Infinity, -1, 1.5, impossible dates, SQL in dates: a StrataOptionError naming the option, no statement', async () => {
    for (const m of METHODS) {
      for (const option of Object.keys(m.options)) {
        for (const value of WRONG) await expectChecked(m, option, value);
      }
    }
  });

  it('values legitimate for some option: an answer where accepted, a StrataOptionError elsewhere', async () => {
    for (const m of METHODS) {
      for (const option of Object.keys(m.options)) {
        for (const value of [...GOOD, new AbortController().signal, { column: 'balance', descending: true }]) await expectChecked(m, option, value);
      }
    }
  });

  it('property: any value for any option is an answer exactly when accepted, else a StrataOptionError before any statement', async () => {
    const choice = fc.constantFrom(...METHODS).chain((m) => fc.tuple(fc.constant(m), fc.constantFrom(...Object.keys(m.options)), anyValue));
    await fc.assert(
      fc.asyncProperty(choice, async ([m, option, value]) => {
        await expectChecked(m, option, value);
      }),
      { numRuns: 400 },
    );
  });

  it('a metric named __proto__, constructor, toString, valueOf or hasOwnProperty is a StrataOptionError, as a measure or a scope', async () => {
    const before = engine.stats.statements;
    for (const name of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      for (const run of [
        () => strata.attainment({ by: 'branch', metric: name as 'cards' }),
        () => strata.funnel({ metric: name as 'cards' }),
        () => strata.segments({ by: 'tier', measure: name as 'balance' }),
        () => strata.attainment({ by: name as 'branch' }),
        () => strata.rows({ table: name as 'loans', offset: 0, limit: 1 }),
        () => strata.rows({ table: 'loans', offset: 0, limit: 1, orderBy: { column: name } }),
      ]) {
        const error = await failure(run);
        expect(error, name).toBeInstanceOf(StrataOptionError);
        expect((error as Error).message).not.toMatch(/function|\[object/);
      }
      expect(await failure(() => strata.npl({ by: name }))).toBeInstanceOf(UnknownDimensionError);
    }
    expect(engine.stats.statements).toBe(before);
  });

  it('names the option, the value and what is accepted', async () => {
    const error = (await failure(() => strata.npl({ asOf: "2024-12-31'; DROP TABLE loans; --" }))) as StrataOptionError;
    expect(error).toMatchObject({ name: 'StrataOptionError', option: 'asOf', value: "2024-12-31'; DROP TABLE loans; --" });
    expect(error.message).toBe(`asOf must be a calendar date written YYYY-MM-DD, such as 2024-12-31, got "2024-12-31'; DROP TABLE loans; --"`);
    expect(((await failure(() => strata.overdueFollowUps({ days: 1.5 }))) as Error).message).toBe('days must be a whole number from 0 to 36,500, got 1.5');
    expect(((await failure(() => strata.npl({ by: 'stage' }))) as Error).message).toMatch(/^npl cannot be grouped by stage: it is not a field of loans \(by must be a field of loans: one of kind, tier/);
    // Long text is cut, a BigInt or a cycle described, bidirectional controls escaped.
    expect(((await failure(() => strata.kpis({ campaign: LONG }))) as Error).message).toMatch(/got "x{120}"… \(100,000 characters\)$/);
    expect(((await failure(() => strata.kpis({ asOf: 12n as unknown as string }))) as Error).message).toMatch(/got 12n$/);
    expect(((await failure(() => strata.kpis({ asOf: cyclic as unknown as string }))) as Error).message).toMatch(/got \[object Object\]$/);
    expect(((await failure(() => strata.kpis({ asOf: '\u202e13-21-4202' }))) as Error).message).toMatch(/got "\\u202e13-21-4202"$/);
  });

  it('the options object itself: not an object, a throwing getter or a proxy that throws is a StrataOptionError, no statement', async () => {
    const boom = () => {
      throw new Error('boom');
    };
    const before = engine.stats.statements;
    for (const m of METHODS) {
      for (const bad of [null, 'tier', 42, true, [], ['tier'], () => ({}), 1n, Symbol('s')]) {
        expect(await failure(() => m.call(bad)), `${m.name} ${String(bad)}`).toMatchObject({ name: 'StrataOptionError', option: 'options' });
      }
      for (const option of Object.keys(m.options)) {
        const getter = Object.defineProperty({ ...m.base }, option, { get: boom, enumerable: true });
        expect(await failure(() => m.call(getter)), `${m.name} ${option}`).toMatchObject({ name: 'StrataOptionError', option });
      }
      const trap = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom });
      expect(await failure(() => m.call(trap)), m.name).toBeInstanceOf(StrataOptionError);
    }
    expect(engine.stats.statements).toBe(before);
  });

  it('reads each option once: a getter cannot pass the check with one value and reach SQL with another', async () => {
    let reads = 0;
    const flipping = {
      get asOf() {
        return reads++ === 0 ? '2024-11-30' : "2024-11-30'; DROP TABLE loans; --";
      },
    };
    expect(await strata.npl(flipping)).toEqual(await strata.npl({ asOf: '2024-11-30' }));
    expect(reads).toBe(1);
  });

  it('an aborted signal is an AbortError, not a StrataQueryError', async () => {
    const controller = new AbortController();
    controller.abort();
    for (const m of METHODS) expect(await failure(() => m.call({ ...m.base, signal: controller.signal })), m.name).toMatchObject({ name: 'AbortError' });
  });

  it('load and preview: options that are not an object, or whose getter throws, are a StrataOptionError, no statement', async () => {
    const before = engine.stats.statements;
    const throwing = Object.defineProperty({}, 'mapping', { get: () => { throw new Error('boom'); }, enumerable: true });
    for (const bad of [null, 'all', 1, [], throwing]) {
      expect(await failure(() => strata.load({ branches: smallBank.branches }, bad as never)), String(bad)).toBeInstanceOf(StrataOptionError);
      expect(await failure(() => strata.preview({ branches: smallBank.branches }, bad as never)), String(bad)).toBeInstanceOf(StrataOptionError);
    }
    expect(engine.stats.statements).toBe(before);
  });

  it('run: a query that is not one is a StrataOptionError', async () => {
    for (const q of [null, {}, { sql: 1, params: [] }, { sql: 'SELECT 1', params: 'x' }]) {
      expect(await failure(() => strata.run(q as never))).toBeInstanceOf(StrataOptionError);
    }
  });
});

// ─── Filters ─────────────────────────────────────────────────────────────────────────────────

describe('filter clauses, from code, JSON and URLs', () => {
  it('are FilterErrors, which are StrataOptionErrors naming the part of the clause', () => {
    const error = (() => {
      try {
        strata.filters.set({ field: 'tier', op: 'in', values: ['a', 1n as unknown as string], source: 's' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FilterError);
    expect(error).toBeInstanceOf(StrataOptionError);
    expect(error).toMatchObject({ option: 'filter.values[1]', accepted: 'text, a finite number, a boolean or null' });
    expect(() => strata.filters.set({ field: '__proto__' as 'tier', op: 'in', values: [], source: 's' })).toThrow(FilterError);
    expect(() => strata.filters.replace(JSON.parse('[{"field":"constructor","values":[],"source":"s"}]'))).toThrow(FilterError);
    expect(strata.filters.clauses).toEqual([]);
  });

  it('carry the names of their values (labels, one per value) through JSON and URLs, or a FilterError naming them', () => {
    const clause = { field: 'branch' as const, op: 'in' as const, values: ['B1', 'B2'], source: 'tiers', labels: ['城北支行', '城南支行'] };
    strata.filters.set(clause);
    expect(strata.filters.clauses).toEqual([clause]);
    expect(strata.filters.toJSON()[0]!.labels).not.toBe(strata.filters.clauses[0]!.labels);
    expect(FilterState.fromQueryString(strata.filters.toQueryString()).clauses).toEqual([clause]);
    strata.filters.clear();
    // Without labels a clause stays as it was (no labels key).
    strata.filters.set({ field: 'tier', op: 'in', values: ['corp_gold'], source: 's' });
    expect(Object.keys(strata.filters.clauses[0]!)).toEqual(['field', 'op', 'values', 'source']);
    strata.filters.clear();
    for (const [labels, option] of [
      [['城北支行'], 'filter.labels'],
      ['城北支行', 'filter.labels'],
      [['城北支行', 2], 'filter.labels[1]'],
      [['城北支行', '\ud800'], 'filter.labels[1]'],
    ] as const) {
      expect(() => strata.filters.set({ ...clause, labels: labels as never })).toThrow(expect.objectContaining({ name: 'FilterError', option }));
    }
    expect(strata.filters.clauses).toEqual([]);
  });
});

// ─── Rules ───────────────────────────────────────────────────────────────────────────────────

describe('rules overrides', () => {
  /** The StrataOptionError resolveRules throws for `override`, or null. */
  const rejection = (override: unknown) => {
    try {
      resolveRules(override as never);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(StrataOptionError);
      return error as StrataOptionError;
    }
  };

  it('name the path of an unknown key, an inherited key, a wrong type, NaN or Infinity', () => {
    const cases: [unknown, string][] = [
      [null, 'rules'],
      ['x', 'rules'],
      [[], 'rules'],
      [{ corprate: {} }, 'rules.corprate'],
      [{ corporate: { midDeposit: 1 } }, 'rules.corporate.midDeposit'],
      [{ corporate: { midDeposits: NaN } }, 'rules.corporate.midDeposits'],
      [{ corporate: { midDeposits: Infinity } }, 'rules.corporate.midDeposits'],
      [{ corporate: { midDeposits: -1 } }, 'rules.corporate.midDeposits'],
      [{ corporate: { midDeposits: '5000000' } }, 'rules.corporate.midDeposits'],
      [{ retail: { highEndAum: 1n } }, 'rules.retail.highEndAum'],
      [{ retail: 5 }, 'rules.retail'],
      [{ lifecycle: { dormantDays: 1e9 } }, 'rules.lifecycle.dormantDays'],
      [{ corporate: { owners: { corp_gold: 1 } } }, 'rules.corporate.owners.corp_gold'],
      [{ corporate: { owners: { corp_platinum: 'x' } } }, 'rules.corporate.owners.corp_platinum'],
      [{ retail: { owners: { retail_general: 'x\u0000' } } }, 'rules.retail.owners.retail_general'],
      [{ industryClass: { student: 4 } }, 'rules.industryClass.student'],
      [{ industryClass: { student: '3' } }, 'rules.industryClass.student'],
      [{ industryClass: { 'a\ud800': 3 } }, 'rules.industryClass["a\\ud800"]'],
      [{ industryClass: [] }, 'rules.industryClass'],
      [Object.create({ corporate: { midDeposits: 1 } }), 'rules.corporate'],
      [{ corporate: Object.create({ midDeposits: 1 }) }, 'rules.corporate.midDeposits'],
      [Object.defineProperty({}, 'lifecycle', { get: () => { throw new Error('boom'); }, enumerable: true }), 'rules.lifecycle'],
    ];
    for (const [override, path] of cases) expect(rejection(override)?.option, path).toBe(path);
    expect(rejection({ corporate: { midDeposits: NaN } })?.message).toBe('rules.corporate.midDeposits must be a finite number ≥ 0, got NaN');
  });

  it('take their own keys as data: an industry named __proto__ is an industry, and nothing is shared with the override', () => {
    const override = JSON.parse('{"industryClass": {"__proto__": 1, "student": 3}, "corporate": {"owners": {"corp_gold": "行长"}}}');
    const rules = resolveRules(override);
    expect(Object.entries(rules.industryClass)).toEqual([['__proto__', 1], ['student', 3]]);
    expect(Object.getPrototypeOf(rules.industryClass)).toBe(Object.prototype);
    expect(rules.corporate.owners).toEqual({ corp_gold: '行长', corp_high_end: 'deputy_head', corp_mid: 'sub_branch_head', corp_general: 'relationship_manager' });
    override.industryClass.student = 1;
    expect(rules.industryClass.student).toBe(3);
  });

  it('Strata.open and setRules reject a bad override before any statement; open a bad engine or options too', async () => {
    const before = engine.stats.statements;
    const bad = { corporate: { midDeposits: NaN } };
    expect(await failure(() => Strata.open({ engine, rules: bad }))).toMatchObject({ name: 'StrataOptionError', option: 'rules.corporate.midDeposits' });
    expect(await failure(() => strata.setRules(bad))).toMatchObject({ name: 'StrataOptionError', option: 'rules.corporate.midDeposits' });
    expect(await failure(() => Strata.open({ engine: {} as never }))).toMatchObject({ name: 'StrataOptionError', option: 'engine' });
    expect(await failure(() => Strata.open(null as never))).toMatchObject({ name: 'StrataOptionError', option: 'options' });
    expect(engine.stats.statements).toBe(before);
  });
});

// ─── The database failing ────────────────────────────────────────────────────────────────────

describe('a statement that fails in the database', () => {
  let broken: Strata;

  beforeAll(async () => {
    broken = await Strata.open();
  });

  afterAll(async () => {
    await broken?.close();
  });

  it('MissingDataError and AbortError pass as they are', async () => {
    await broken.load({ loans: smallBank.loans }, { orphans: 'warning' });
    expect(await failure(() => broken.npl({ by: 'tier' }))).toBeInstanceOf(MissingDataError);
    await broken.load(smallBank);
  });

  it('is a StrataQueryError naming the metric, the engine message (and its SQL) only its cause', async () => {
    // Every metric reads the data's defaults, which name the campaigns: all fail, each as itself.
    await broken.engine.query('DROP TABLE campaigns');
    const calls = METHODS.filter((m) => m.name !== 'months').map((m) => [m.name, () => (broken as unknown as Record<string, (o: unknown) => Promise<unknown>>)[m.name]!.call(broken, m.base)] as const);
    await broken.engine.query('DROP TABLE strata_months');
    for (const [name, run] of [...calls, ['months', () => broken.months()] as const, ['run', () => broken.run({ sql: 'SELECT * FROM no_such_table', params: [] })] as const]) {
      const error = await failure(run);
      expect(error, name).toBeInstanceOf(StrataQueryError);
      const e = error as StrataQueryError;
      expect(e.metric).toBe(name);
      expect(e.message).toBe(`${name}: the database failed to answer (Catalog Error); the engine's own message is this error's cause`);
      expect(e.message).not.toMatch(/SELECT|does not exist|strata_|no_such_table/);
      expect(String((e.cause as Error).message)).toMatch(/Catalog Error: Table with name (campaigns|strata_months|no_such_table) does not exist/);
    }
  });
});

describe('a closed Strata', () => {
  it('rejects every call with an EngineClosedError, as itself (not a StrataQueryError), and cannot restart', async () => {
    const strata = await Strata.open();
    await strata.load(smallBank);
    await strata.close();
    for (const run of [() => strata.kpis(), () => strata.npl({ by: 'branch' }), () => strata.months(), () => strata.restart()]) {
      const error = await failure(run);
      expect(error).toBeInstanceOf(EngineClosedError);
      expect((error as Error).message).toMatch(/closed: open a new one/);
    }
  });
});
