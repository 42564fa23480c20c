/**
 * The Strata class: the SDK's public surface, one documented method per metric and per action.
 * Long because each method carries the doc comment its users read; the work is elsewhere: the
 * metric catalog (catalog.ts), the cubes held in memory (cubes/), results and their cache
 * (results.ts), plans (plan.ts), deep pages (list-tables.ts), loading (load/).
 */
import type { DimensionInput } from './dimensions.ts';
import { toRows } from './engine/rows.ts';
import { throwIfAborted, type Engine, type QueryOptions } from './engine/types.ts';
import type { ListTables } from './list-tables.ts';
import type { Planner, PlanRequest, PlanResult } from './plan.ts';
import { abortable, ResultCache, SharedRuns, withMeta, type MetricRows } from './results.ts';

import { EngineClosedError, EngineStoppedError, StrataOptionError, StrataQueryError } from './errors.ts';
import { FilterState, type FilterClause } from './filters.ts';
import type { LoadInput, LoadOptions, LoadReport } from './load/load.ts';
import type { LoadPreview, PreviewOptions } from './load/preview.ts';
import { isBundleInput, type BundleInput } from './load/bundle-manifest.ts';
import type { BundleProgress } from './load/bundle.ts';
import type { Mapping, OrphanPolicy } from './load/mapping.ts';
import { checkLoadOptions, checkOpenOptions, checkOptions, type CheckedOptions } from './options.ts';
import type { CubeAnswer, CubeMetric, CubeStore } from './cubes/index.ts';
import { createCanonicalTablesSql } from './queries/tables.ts';
import type { MetricEntry, MetricName, MetricRowOf } from './catalog.ts';
import type { AttainmentRow } from './queries/attainment.ts';
import type { KpiRow } from './queries/kpis.ts';
import { dataDefaultsQuery, type DataDefaults, type MetricContext } from './queries/metrics.ts';
import type { MigrationRateRow, MigrationRow } from './queries/migration.ts';
import { customersMissingQuery, MissingDataError } from './queries/missing-data.ts';
import type { ClassMixRow, NplRow, NplTrendRow } from './queries/npl.ts';
import type { FunnelRow, LostReasonRow, OverdueRow } from './queries/pipeline.ts';
import type { Query } from './queries/query.ts';
import {
  campaignQuery,
  campaignsQuery,
  DIRECT_PAGE_ROWS,
  listPageQuery,
  monthsQuery,
  rowCountQuery,
  rowsQuery,
  type ListRow,
  type RowsOrder,
  type RowsTable,
} from './queries/rows.ts';
import type { SegmentMeasure, SegmentRow } from './queries/segments.ts';
import type { ListOrderColumn, ListPreset } from './queries/list-names.ts';
import type { MarketingListRow } from './queries/lists.ts';
import type { CadenceRow, CoverageRow, PendingRow } from './queries/follow-ups.ts';
import type { VintageRow } from './queries/vintage.ts';
import { resolveRules, type Rules, type RulesOverride } from './rules.ts';
import type { CampaignRow, TargetMetric, TargetScope } from './schema.ts';

export type { CustomerListRow, ListRow, LoanListRow, RowsOrder, RowsTable } from './queries/rows.ts';
export type { MetricRows } from './results.ts';
export type { MarketingListRow } from './queries/lists.ts';
export type { CadenceRow, CoverageRow, PendingRow } from './queries/follow-ups.ts';
export type { ListOrderColumn, ListPreset } from './queries/list-names.ts';
export type { PlanRequest, PlanResult } from './plan.ts';
export { LIST_COLUMNS, MAX_PAGE_ROWS } from './queries/rows.ts';

let engineFactory: (() => Promise<Engine>) | undefined;

// The loader (reading, mapping and checking files) is fetched by a page when it first loads or
// previews, beside the engine's own start: a page that only reads metrics never needs it.
const loader = () => import('./load/load.ts');
const previewer = () => import('./load/preview.ts');
// A bundle's loader (manifest, hashes), with the loader's chunk.
const bundleLoader = () => import('./load/bundle.ts');
// Deep pages' numbered copies: fetched by the first page past the direct ones (with the cubes' chunk).
const deepPagesCode = () => import('./list-tables.ts');
// The answers from cubes held in memory: fetched with the first metric, not with the page.
const cubeAnswers = () => import('./cubes/index.ts');
// The derived layer's statements: fetched when a Strata opens, beside the engine's start.
const deriving = () => import('./queries/derive.ts');
/** The metric catalog with every metric's SQL builder: fetched with the first metric (the cubes' chunk). */
const cataloguing = () => import('./catalog.ts');
// The planner, fetched by the first plan (with the cubes' chunk).
const planning = () => import('./plan.ts');

/** Where the default engine's parquet-wasm comes from, for `Strata.prepareLoad` to fetch it early. */
let parquetWasmSource: (() => Promise<BufferSource | URL | string>) | undefined;

/** Set by an entry point: how `Strata.open()` gets an engine when none is given (and where its parquet-wasm is). */
export function setDefaultEngine(factory: () => Promise<Engine>, parquetWasm?: () => Promise<BufferSource | URL | string>): void {
  engineFactory = factory;
  parquetWasmSource = parquetWasm;
}

function defaultEngine(): Promise<Engine> {
  if (!engineFactory) {
    const message = 'No engine: import Strata from @strata/sdk/node or @strata/sdk/browser, or pass { engine } to Strata.open';
    throw new StrataOptionError('engine', undefined, 'an Engine, or an entry point that sets the default', message);
  }
  return engineFactory();
}


/** Options every metric takes: whose selection to leave out (or all of it), and an abort signal. */
export interface MetricOptions extends QueryOptions {
  /** A view's source id: its own filter clause is not applied (a chart is not filtered by itself). */
  exclude?: string;
  /** Apply no filter clause at all: the whole bank (the scope of a 全行 reference line). */
  unfiltered?: boolean;
  /**
   * The clauses to apply instead of the current filter state (still without `exclude`'s): a state
   * not set yet, such as the one a click would make, asked ahead of the click.
   */
  filters?: readonly FilterClause[];
}

export interface OpenOptions {
  /** The database; `@strata/sdk/node` and `@strata/sdk/browser` supply a default. */
  engine?: Engine;
  rules?: RulesOverride;
  mapping?: Mapping;
  orphans?: OrphanPolicy;
}

/**
 * One bank data set in one DuckDB: load files, then ask for metrics. Every metric applies the
 * current filter clauses except the caller's own (`exclude`).
 */
export class Strata {
  readonly filters = new FilterState();
  /**
   * Metric queries asked for, those answered from the cache, and the milliseconds spent turning
   * Arrow results into rows: for monitoring.
   */
  readonly stats = { queries: 0, cacheHits: 0, decodeMs: 0, cubeAnswers: 0 };
  /** The cubes held in memory, for the metrics answered without SQL (made with the first of them). */
  private cubes?: CubeStore;
  /** Results by SQL and values, for the engine generation they were read in; the most recently used last. */
  private results = new ResultCache();
  /** The metrics' options (and clauses' fields) whose statement built once: its cube answers build theirs when read. */
  private readonly builds = new Set<string>();
  private rulesValue: Rules;
  private engineValue: Engine;

  private constructor(
    engine: Engine,
    rules: Rules,
    private readonly defaults: { mapping?: Mapping; orphans?: OrphanPolicy },
    /** Opened from the entry point's default (not given): `restart()` may open another. */
    private readonly ownsEngine: boolean,
  ) {
    this.engineValue = engine;
    this.rulesValue = rules;
  }

  /** The database: the one given to `open`, else the entry point's (a new one after `restart()`). */
  get engine(): Engine {
    return this.engineValue;
  }

  /**
   * Opens a Strata: over the given engine, or the entry point's default (duckdb-wasm's Node build
   * from `@strata/sdk/node`; from `@strata/sdk/browser`, tables of its own on the page's one
   * duckdb-wasm worker). Creates the
   * empty canonical tables and the derived layer, so every metric answers before any load.
   */
  static async open(options: OpenOptions = {}): Promise<Strata> {
    // Read once, checked: a StrataOptionError before any engine starts.
    options = checkOpenOptions(options);
    const rules = resolveRules(options.rules);
    const engine = options.engine ?? (await defaultEngine());
    try {
      await Strata.createTables(engine, rules);
    } catch (error) {
      // An engine opened for this Strata closes with it (in a page, the last one stops the worker).
      if (!options.engine) await engine.close().catch(() => undefined);
      throw error;
    }
    return new Strata(engine, rules, { mapping: options.mapping, orphans: options.orphans }, !options.engine);
  }

  /**
   * Fetches, while the engine opens, what a load that is to follow needs: the loader's code,
   * parquet-wasm (compiled, for the default engine), and, for a bundle given as `input`, its
   * manifest and files (taken by the next `load` of that same object). No table changes; a
   * failure shows in the load.
   */
  static prepareLoad(input?: LoadInput | BundleInput): void {
    bundleLoader()
      .then((bundle) => bundle.prepareLoad(input, parquetWasmSource))
      .catch(() => undefined);
  }

  /** The empty canonical tables and the derived layer under `rules`. */
  private static async createTables(engine: Engine, rules: Rules): Promise<void> {
    for (const statement of createCanonicalTablesSql()) await engine.query(statement);
    const { rebuildFactsSql } = await deriving();
    for (const statement of rebuildFactsSql(rules)) await engine.query(statement);
  }

  get rules(): Rules {
    return this.rulesValue;
  }

  /** Replaces the rules and recomputes tiers, classes and groups. */
  async setRules(override: RulesOverride): Promise<void> {
    const rules = resolveRules(override);
    const { rebuildDerived } = await loader();
    const { rebuildFactsSql } = await deriving();
    await this.serialised(() => rebuildDerived(this.engine, (names, loanRows) => rebuildFactsSql(rules, names, loanRows)));
    this.rulesValue = rules;
  }

  /** Loads and changes of rules, one at a time: each builds beside the tables, then swaps. */
  private writes: Promise<unknown> = Promise.resolve();

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = this.writes.then(work);
    this.writes = result.catch(() => undefined);
    return result;
  }

  /**
   * Loads tables all or nothing. Throws a LoadError listing every problem (table, row, column,
   * expected, got; grouped by sort) and leaves every table as it was; otherwise returns rows per
   * table, warnings, the units applied, the columns used and ignored, and the tables emptied.
   *
   * `{ bundle: 'out/manifest.json' }` loads a bundle made by `strata pack` as a whole data set
   * (tables it lacks are emptied): without the checks when every file matches its SHA-256 in the
   * manifest, else every file with every check; the report's `bundle` says which (docs/bundle.md).
   *
   * A first load of a bundle as packed (into empty tables) puts every table but the loans and the
   * loan facts in place first, then calls `onInteractive`: from then on the metrics the cubes
   * answer answer at once, while a query that reads the loans or the loan facts waits for them.
   * The promise resolves once every table is in; should the rest fail, every table is empty again
   * (as before the load) and it rejects with the LoadError.
   */
  load(input: LoadInput | BundleInput, options: LoadOptions & { onInteractive?: () => void } = {}): Promise<LoadReport> {
    const onInteractive = options?.onInteractive;
    return this.serialised(async () => {
      const given = this.loadOptions(options);
      if (this.engine.stopped) throw this.engine.stopped;
      const engine = this.engine;
      let report: LoadReport;
      let finished!: () => void;
      const done = new Promise<void>((resolve) => (finished = resolve));
      const progress = {
        interactive: (reads: (sql: string) => boolean) => {
          this.pending = { reads, done };
          if (typeof onInteractive === 'function') onInteractive();
        },
      };
      try {
        report = await this.loadInto(engine, input, given, progress);
      } catch (error) {
        // The engine died under the load: that is the news, not what the load saw of it.
        if (engine.stopped && !(error instanceof EngineStoppedError)) throw new EngineStoppedError(engine.stopped.message, { cause: error });
        throw error;
      } finally {
        // Loads are one at a time: what is pending is this load's.
        this.pending = undefined;
        finished();
      }
      this.loads = given.replace === 'all' || isBundleInput(input) ? [{ input, options: given }] : [...this.loads, { input, options: given }];
      return report;
    });
  }

  /**
   * What every successful load was given, in order, for `restart()` to load again: the sources as
   * given (not copied: Files and URLs cost nothing kept, rows and bytes are held while the Strata
   * lives) and the options. A `replace: 'all'` load is a new data set: the list starts over.
   */
  private loads: { input: LoadInput | BundleInput; options: LoadOptions }[] = [];

  /** Loads files or a bundle into `engine`, deriving under the current rules; `progress` (a bundle's first load) see `load`. */
  private async loadInto(engine: Engine, input: LoadInput | BundleInput, options: LoadOptions, progress?: BundleProgress): Promise<LoadReport> {
    const { rebuildFactsSql } = await deriving();
    const deriveSql = (names: Parameters<typeof rebuildFactsSql>[1], loanRows: number) => rebuildFactsSql(this.rulesValue, names, loanRows);
    if (isBundleInput(input)) return (await bundleLoader()).loadBundle(engine, input, options, deriveSql, progress);
    return (await loader()).loadTables(engine, input, options, deriveSql);
  }
  private restarting?: Promise<void>;
  private closed = false;

  /**
   * Brings a stopped engine back (its duckdb-wasm worker was terminated or crashed, and every call
   * rejects with an EngineStoppedError): opens a new engine from the entry point's default (in a
   * page, on the page's worker, started again once for every Strata on it), creates the tables
   * under the current rules and loads again, in order, what every successful load was given. The
   * figures are those from before; the filters are kept. All or nothing: should anything fail,
   * the Strata keeps the engine it had and the promise rejects. Calls made meanwhile share one
   * restart. A Strata given its engine (`open({ engine })`) cannot restart it.
   */
  restart(): Promise<void> {
    if (!this.ownsEngine) {
      return Promise.reject(
        new StrataOptionError(
          'engine',
          this.engine.kind,
          'absent, for restart() to open a new engine',
          `restart() cannot restart an engine given to Strata.open({ engine }) (${this.engine.kind}): open a new engine and a Strata over it, or open the Strata without { engine }`,
        ),
      );
    }
    if (this.closed) return Promise.reject(new EngineClosedError('This Strata is closed: open a new one'));
    this.restarting ??= this.serialised(() => this.reopen()).finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  private async reopen(): Promise<void> {
    const engine = await defaultEngine();
    try {
      await Strata.createTables(engine, this.rulesValue);
      for (const { input, options } of this.loads) await this.loadInto(engine, input, options);
    } catch (error) {
      await engine.close().catch(() => undefined);
      throw error;
    }
    const old = this.engineValue;
    this.engineValue = engine;
    // What was read from, or built in, the old engine says nothing of the new one (whose
    // generations start again).
    this.clearCache();
    this.cubes?.clear();
    this.defaultsRead = undefined;
    this.listTables?.clear();
    await old.close().catch(() => undefined);
  }

  /**
   * What `load` would do with the same input and options, without changing any table: the first
   * `rows` (default 10) rows per table as they would load, every file column with the field and
   * unit it gives, and the report load would return or the LoadError it would throw.
   */
  preview(input: LoadInput, options: PreviewOptions = {}): Promise<LoadPreview> {
    return this.serialised(async () => {
      const o = checkLoadOptions(options);
      return (await previewer()).previewTables(this.engine, input, { ...this.loadOptions(o), rows: o.rows });
    });
  }

  /** The load's options (read once; not an object: a StrataOptionError) with the Strata's defaults. */
  private loadOptions(options: LoadOptions): LoadOptions {
    const o = checkLoadOptions(options);
    return {
      mapping: o.mapping ?? this.defaults.mapping,
      orphans: o.orphans ?? this.defaults.orphans,
      compactStaging: o.compactStaging,
      replace: o.replace,
    };
  }

  /** The data's defaults as read (or being read) in an engine generation. */
  private defaultsRead?: { generation: number; defaults: Promise<DataDefaults | undefined> };

  /**
   * The data's defaults for the engine's current tables, read once per generation (views asking at
   * once share the one read); none for an engine without generations (its queries work them out
   * with subqueries).
   */
  private async currentDefaults(signal?: AbortSignal): Promise<{ generation: number; defaults: DataDefaults } | undefined> {
    const generation = this.engine.generation;
    if (generation === undefined) return undefined;
    let read = this.defaultsRead;
    if (read?.generation !== generation) {
      // Read without the caller's signal: the read is shared, and one caller giving up must not fail the others.
      const q = dataDefaultsQuery();
      const engine = this.engine;
      const table = this.ready(q.sql).then(() => engine.query(q.sql, q.params));
      const started = { generation, defaults: table.then((t) => toRows<DataDefaults>(t)[0]) };
      started.defaults.catch(() => {
        if (this.defaultsRead === started) this.defaultsRead = undefined;
      });
      this.defaultsRead = read = started;
    }
    const defaults = await abortable(read.defaults, signal);
    return defaults ? { generation, defaults } : undefined;
  }

  /**
   * The latest month end, the one before it, the data's reference date ("today" in the data) and
   * its current campaign: what every metric uses where its caller names none.
   */
  async dataDefaults(options: QueryOptions = {}): Promise<DataDefaults> {
    const o = checkOptions('dataDefaults', options);
    return this.answer('dataDefaults', async () => {
      const read = await this.currentDefaults(o.signal);
      if (read) return { ...read.defaults };
      const [defaults] = await this.execute(dataDefaultsQuery(), o);
      return { ...defaults! };
    });
  }

  /**
   * Does `work` in the context of the current filters (all but `exclude`'s) and the data's
   * defaults. Should the tables change between reading the defaults and the answer (a load by
   * another Strata on the engine), it asks again, the last time without defaults.
   */
  private async inContext<T>(options: MetricOptions, work: (ctx: MetricContext) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const read = attempt < 2 ? await this.currentDefaults(options.signal) : undefined;
      // Without the defaults (no generations, or the last attempt), whether customers are missing is asked on its own.
      const customersMissing = read ? read.defaults.customersMissing : (await this.execute(customersMissingQuery(), options))[0]!.missing;
      const result = await work(this.context(options, customersMissing, read?.defaults));
      if (!read || this.engine.generation === read.generation) return result;
    }
  }

  /**
   * Runs the query `build` makes in the current context (see inContext), or answers it from a cube
   * in memory where `fromCube` can (the same rows). A cube's answer builds its statement (the
   * answer's `sql` and `query`) when they are read, once its options are known to build: the
   * builders' checks (an option no dimension takes, data a clause needs that is missing) depend on
   * the options and on whether customers are loaded, never on the clauses' values.
   */
  private metric<Row>(build: (ctx: MetricContext) => Query<Row>, options: MetricOptions, fromCube?: CubeMetric): Promise<MetricRows<Row>> {
    return this.inContext(options, async (ctx) => {
      const checked = fromCube && !ctx.customersMissing && this.builds.has(buildKey(fromCube, options, ctx));
      const q = checked ? () => build(ctx) : build(ctx);
      if (!checked && fromCube && !ctx.customersMissing) this.builds.add(buildKey(fromCube, options, ctx));
      if (fromCube && ctx.defaults && this.engine.generation !== undefined) {
        const { CUBE_ANSWERS, CubeStore } = await abortable(cubeAnswers(), options.signal);
        const how = CUBE_ANSWERS[fromCube] as CubeAnswer<MetricOptions, Row>;
        this.cubes ??= new CubeStore(() => this.engine);
        const cubes = this.cubes.all(how.specs);
        const rows = cubes && (await how.answer(await abortable(cubes, options.signal), ctx, options, (part) => this.execute(part, options)));
        if (rows) {
          this.stats.cubeAnswers++;
          return withMeta(rows, undefined, q);
        }
      }
      return this.execute(typeof q === 'function' ? q() : q, options);
    });
  }

  /**
   * `work`'s answer for the method `metric`. The SDK's typed errors (a bad option, missing data, a
   * stopped engine) and an abort pass as they are; anything else failed in the database and
   * becomes a StrataQueryError, whose message names the metric and whose cause is the engine's own
   * (which may quote the SQL).
   */
  private async answer<T>(metric: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const typed =
        error instanceof StrataOptionError ||
        error instanceof StrataQueryError ||
        error instanceof MissingDataError ||
        error instanceof EngineStoppedError ||
        error instanceof EngineClosedError ||
        (error as { name?: unknown } | null)?.name === 'AbortError';
      throw typed ? error : new StrataQueryError(metric, error);
    }
  }

  private context(options: MetricOptions, customersMissing: boolean, defaults?: DataDefaults): MetricContext {
    const clauses = options.filters ? options.filters.filter((c) => c.source !== options.exclude) : this.filters.without(options.exclude);
    return { clauses: options.unfiltered ? [] : clauses, defaults, customersMissing, rules: this.rules };
  }

  // Public methods are async so that a bad option (an unknown dimension) rejects, never throws. Each
  // checks its options first (options.ts): a bad one is a StrataOptionError before any SQL is built.

  /**
   * Runs a query built by the sdk's query modules and returns its plain rows (a failure in the
   * database is a StrataQueryError of `run`). The same SQL and values while the data stays the same
   * (the engine's generation) are answered from a cache: a selection cleared, or a view that a
   * click does not filter, costs no query.
   */
  async run<Row>(q: Query<Row>, options: QueryOptions = {}): Promise<MetricRows<Row>> {
    const o = checkOptions('run', options);
    const sql = (q as Partial<Query<Row>> | null)?.sql;
    const params = (q as Partial<Query<Row>> | null)?.params;
    if (typeof sql !== 'string' || !Array.isArray(params)) throw new StrataOptionError('query', q, 'a query of the sdk: { sql, params }');
    return this.answer('run', () => this.execute(q, o));
  }

  /** `run` without its checks: the query of a method that checked its own options. */
  private async execute<Row>(q: Query<Row>, options: QueryOptions): Promise<MetricRows<Row>> {
    throwIfAborted(options.signal);
    // Before the generation is read: a statement that waited for a load reads the tables it left.
    await this.ready(q.sql, options.signal);
    this.stats.queries++;
    const generation = this.engine.generation;
    const key = generation === undefined ? undefined : ResultCache.key(q);
    const cached = key === undefined ? undefined : this.results.get(key, generation!);
    if (cached) {
      this.stats.cacheHits++;
      // As with a query: a caller that aborts right after asking gets an AbortError, not rows.
      await Promise.resolve();
      throwIfAborted(options.signal);
      return withMeta(cached.slice() as Row[], cached.table, q);
    }
    const run = async (signal?: AbortSignal) => {
      const table = await this.engine.query(q.sql, q.params, { signal });
      const start = performance.now();
      const rows = withMeta(q.shape ? q.shape(toRows<never>(table)) : toRows<Row>(table), table, q);
      this.stats.decodeMs += performance.now() - start;
      if (key !== undefined && generation !== undefined) this.results.set(key, generation, rows);
      return rows;
    };
    if (key === undefined) return run(options.signal);
    // Callers of the same statement in the same generation share one run, each with its own copy.
    const rows = await this.running.run(`${generation}\u0000${key}`, options.signal, run);
    return withMeta(rows.slice(), rows.table, q);
  }

  /** The statements running now, shared by their callers. */
  private readonly running = new SharedRuns();
  /**
   * The tables a bundle's first load has yet to put in place (its loans and loan facts), until the
   * load settles. The one place a query waits for a load: every statement run here (execute, the
   * data's defaults) asks `ready` first. The cubes read only tables that come before.
   */
  private pending?: { reads: (sql: string) => boolean; done: Promise<void> };

  /** At once when `sql` reads no pending table; else once the load that writes them settled (either way). */
  private async ready(sql: string, signal?: AbortSignal): Promise<void> {
    if (this.pending?.reads(sql)) await abortable(this.pending.done, signal);
  }

  /** Forgets every cached result (after changing the engine's tables with your own SQL, say). */
  clearCache(): void {
    this.results.clear();
  }

  /** Numbered copies of sorted selections, for deep pages (their code fetched by the first deep page). */
  private listTables?: ListTables;

  private async deepPages(): Promise<ListTables> {
    const { ListTables } = await deepPagesCode();
    this.listTables ??= new ListTables(
      () => this.engine,
      (q, signal) => this.execute(q, { signal }),
    );
    return this.listTables;
  }

  private planner?: Planner;

  /**
   * Answers a click's requests together: identical requests are asked once, the data's defaults
   * are read once, the cache and the cubes in memory answer what they can, and the rest goes to
   * SQL. A new plan cancels the previous one as a whole (its answers are for a state no longer
   * shown): the previous promise rejects with an AbortError, as it does when `signal` aborts.
   * Each request's answer is in the order asked, with the error of a request that failed alone;
   * `onResult` hears each as soon as it is known (a cube's answer does not wait for a query that
   * waits for a table still loading).
   */
  async plan(requests: readonly PlanRequest[], options: QueryOptions & { onResult?: (index: number, result: PlanResult) => void } = {}): Promise<PlanResult[]> {
    const { signal } = checkOptions('run', options);
    if (!this.planner) {
      const { Planner } = await planning();
      this.planner ??= new Planner((metric, o) => this.catalogMetric(metric, o));
    }
    return this.planner.plan(requests, signal, options?.onResult);
  }

  /** The metric `name` of the catalog (catalog.ts): its options checked, its query run or answered from cubes. */
  private async catalogMetric<M extends MetricName>(name: M, options: unknown): Promise<MetricRows<MetricRowOf<M>>> {
    const o = checkOptions(name, options) as MetricOptions;
    const { METRIC_CATALOG } = await abortable(cataloguing(), o.signal);
    const metric = METRIC_CATALOG[name] as MetricEntry<unknown, MetricRowOf<M>>;
    return this.answer(name, () => this.metric((ctx) => metric.build(ctx, o), o, metric.cube));
  }

  /**
   * Loans, balance, NPL and special-mention ratios, customers, deposits, and the campaign's
   * loan-amount actual, target, attainment and pace, with changes. Without the customer file,
   * customers and deposits are null.
   */
  async kpis(options: MetricOptions & { asOf?: string; campaign?: string } = {}): Promise<MetricRows<KpiRow>> {
    return this.catalogMetric('kpis', options);
  }

  /** Customers, balance, deposits and contribution per tier or group, with shares and NPL within. */
  async segments(options: MetricOptions & { by: DimensionInput; measure?: SegmentMeasure; asOf?: string }): Promise<MetricRows<SegmentRow>> {
    return this.catalogMetric('segments', options);
  }

  /** NPL balance and ratio (by balance and count), special-mention ratio and balance share per segment. */
  async npl(options: MetricOptions & { by?: DimensionInput; asOf?: string } = {}): Promise<MetricRows<NplRow>> {
    return this.catalogMetric('npl', options);
  }

  async nplTrend(options: MetricOptions & { by?: DimensionInput; from?: string; to?: string } = {}): Promise<MetricRows<NplTrendRow>> {
    return this.catalogMetric('nplTrend', options);
  }

  /** Five-category balances per segment (`by: 'as_of'` for the monthly mix). */
  async classMix(options: MetricOptions & { by?: DimensionInput; asOf?: string } = {}): Promise<MetricRows<ClassMixRow>> {
    return this.catalogMetric('classMix', options);
  }

  /** Migration matrix between two month ends (default: the previous and the latest); rows sum to 1. */
  async migration(options: MetricOptions & { from?: string; to?: string } = {}): Promise<MetricRows<MigrationRow>> {
    return this.catalogMetric('migration', options);
  }

  /** The regulator's 迁徙率 per class and for 正常贷款 between two month ends, with the downgraded amount and the period's reductions. */
  async migrationRates(options: MetricOptions & { from?: string; to?: string } = {}): Promise<MetricRows<MigrationRateRow>> {
    return this.catalogMetric('migrationRates', options);
  }

  /** Cumulative NPL balance / original amount by origination month and months on book. */
  async vintage(options: MetricOptions & { by?: DimensionInput } = {}): Promise<MetricRows<VintageRow>> {
    return this.catalogMetric('vintage', options);
  }

  /**
   * Count and amount per pipeline stage, with step and overall conversion; on the disbursed stage,
   * what the `metric` target (default loan_amount) counts as actual at the reference date `asOf`.
   */
  async funnel(
    options: MetricOptions & { campaign?: string; by?: DimensionInput; metric?: TargetMetric; asOf?: string } = {},
  ): Promise<MetricRows<FunnelRow>> {
    return this.catalogMetric('funnel', options);
  }

  async lostReasons(options: MetricOptions & { campaign?: string } = {}): Promise<MetricRows<LostReasonRow>> {
    return this.catalogMetric('lostReasons', options);
  }

  /** Open leads with no update for more than `days` (default 14) days (待跟进), per manager by default. */
  async overdueFollowUps(
    options: MetricOptions & { campaign?: string; by?: DimensionInput; days?: number; asOf?: string } = {},
  ): Promise<MetricRows<OverdueRow>> {
    return this.catalogMetric('overdueFollowUps', options);
  }

  /**
   * 完成率 against 序时进度 per branch or manager, ranked, the bottom five flagged. Targets follow
   * the filters on their own scope; under any other filter, the actual and its share instead.
   */
  async attainment(
    options: MetricOptions & { campaign?: string; by: TargetScope; metric?: TargetMetric; asOf?: string },
  ): Promise<MetricRows<AttainmentRow>> {
    return this.catalogMetric('attainment', options);
  }

  /**
   * A page of the rows behind the current selection: customers, or loans at `asOf` (default the
   * latest month end), with every filter clause but `exclude`'s applied. Sorted by `orderBy` (a
   * column of the list; nulls last, ties by id), else by id. A column not in the list rejects.
   */
  async rows<T extends RowsTable>(
    options: MetricOptions & { table: T; asOf?: string; offset: number; limit: number; orderBy?: RowsOrder },
  ): Promise<MetricRows<ListRow<T>>> {
    const o = checkOptions('rows', options) as CheckedOptions<'rows'> & { table: T };
    return this.answer('rows', () =>
      this.inContext(o, async (ctx) => {
        const direct = rowsQuery(ctx, o);
        if (o.offset + o.limit <= DIRECT_PAGE_ROWS) return this.execute(direct, o);
        // Deep pages come from the sorted selection numbered once (see queries/rows.ts); anything
        // wrong with that copy (an engine without temporary tables, say) falls back to the direct query.
        try {
          // The copy is made on the engine itself: after a pending load, as the direct query would be.
          await this.ready(direct.sql, o.signal);
          const name = await (await this.deepPages()).tableFor(ctx, o, o.signal);
          return await this.execute(listPageQuery(name, o), o);
        } catch (error) {
          if ((error as Error).name === 'AbortError') throw error;
          return this.execute(direct, o);
        }
      }),
    );
  }

  /**
   * How much of a list was contacted lately: per manager (or `by: 'branch'`), the customers (or, for
   * `overdue_leads`, leads) of the list (`preset`, `days`, `asOf` as for `list`; without a preset
   * the filters' customers) and those with a contact within `within` days (default 30) of the date.
   */
  async contactCoverage(
    options: MetricOptions & { preset?: ListPreset; days?: number; within?: number; campaign?: string; asOf?: string; by?: 'manager' | 'branch' } = {},
  ): Promise<MetricRows<CoverageRow>> {
    return this.catalogMetric('contactCoverage', options);
  }

  /**
   * 待跟进 at lead level: per manager (or `by` another field of the leads), the open leads of the
   * campaign whose last contact's agreed next date has come by the date (`asOf`, default the
   * reference date), with their amount and the most days past.
   */
  async pendingFollowUps(options: MetricOptions & { campaign?: string; by?: DimensionInput; asOf?: string } = {}): Promise<MetricRows<PendingRow>> {
    return this.catalogMetric('pendingFollowUps', options);
  }

  /**
   * Visit cadence by tier: per tier with a cadence (`rules.cadence`, gold monthly), its customers
   * and those without a contact within it by the date; the `behind_cadence` list names them.
   */
  async visitCadence(options: MetricOptions & { asOf?: string } = {}): Promise<MetricRows<CadenceRow>> {
    return this.catalogMetric('visitCadence', options);
  }

  /**
   * A marketing list (名单): the customers a `preset` names (or, with no preset, the customers the
   * clauses select), each with the reason it is on the list, at `asOf` (default the data's
   * reference date; loans at the latest month end on or before it), under the filters as a metric
   * is. `overdue_leads` gives one row per open lead idle more than `days` (default 14), exactly
   * those `overdueFollowUps` counts. Names are masked (张*丰) unless `unmasked`. A page of `limit`
   * rows (default 100) from `offset`, sorted by `orderBy` (default: the preset's own order; ties by id).
   * The presets and their thresholds (`rules.lists`) are in docs/metrics.md.
   */
  async list(
    options: MetricOptions & {
      preset?: ListPreset;
      asOf?: string;
      days?: number;
      campaign?: string;
      offset?: number;
      limit?: number;
      orderBy?: { column: ListOrderColumn; descending?: boolean };
      unmasked?: boolean;
    } = {},
  ): Promise<MetricRows<MarketingListRow>> {
    const o = checkOptions('list', options);
    return this.answer('list', () =>
      this.inContext(o, async (ctx) => {
        // The lists' SQL and words come with the first list: a page without one never fetches them.
        const [{ listQuery }, { listReason }, { maskName }] = await abortable(Promise.all([import('./queries/lists.ts'), import('./queries/list-reasons.ts'), import('./mask.ts')]), o.signal);
        const q = listQuery(ctx, this.rules, {
          ...o,
          preset: o.preset as ListPreset | undefined,
          orderBy: o.orderBy as { column: ListOrderColumn; descending?: boolean } | undefined,
          offset: o.offset ?? 0,
          limit: o.limit ?? 100,
        });
        const rows = await this.execute(q, o);
        const shaped = rows.map((row) => {
          // Masked before the reason is written: a reason naming a person names it masked too.
          const shown = o.unmasked ? row : { ...row, name: maskName(row.name), employer_name: maskName(row.employer_name) };
          const [reason, reason_en] = listReason(o.preset as ListPreset | undefined, shown, { rules: this.rules, days: o.days });
          return { ...shown, reason, reason_en };
        });
        // The rows' own query, with the reasons added in TypeScript after it.
        return withMeta<MarketingListRow>(shaped, rows.table, q as unknown as Query<MarketingListRow>);
      }),
    );
  }

  /** How many rows `rows` has for the same table, month end and selection. */
  async rowCount(options: MetricOptions & { table: RowsTable; asOf?: string }): Promise<number> {
    const o = checkOptions('rowCount', options);
    const [row] = await this.answer('rowCount', () => this.metric((ctx) => rowCountQuery(ctx, o), o, 'rowCount'));
    return row?.count ?? 0;
  }

  /** The month ends in the loans (YYYY-MM-DD), ascending. */
  async months(options: QueryOptions = {}): Promise<string[]> {
    const o = checkOptions('months', options);
    return (await this.answer('months', () => this.execute(monthsQuery(), o))).map((r) => r.as_of);
  }

  /** Every campaign (id, name, start and end dates as YYYY-MM-DD), by start date. */
  async campaigns(options: QueryOptions = {}): Promise<MetricRows<CampaignRow>> {
    const o = checkOptions('campaigns', options);
    return this.answer('campaigns', () => this.execute(campaignsQuery(), o));
  }

  /**
   * The campaign the funnel, attainment and kpis use for the same `campaign` and `asOf`: the one
   * named, else the one running at that date (the data's "today" by default), else the latest to
   * end. Undefined without campaigns.
   */
  async campaign(options: QueryOptions & { campaign?: string; asOf?: string } = {}): Promise<CampaignRow | undefined> {
    const o = checkOptions('campaign', options);
    const [row] = await this.answer('campaign', () => this.inContext({ signal: o.signal }, (ctx) => this.execute(campaignQuery(ctx, o), o)));
    return row;
  }

  close(): Promise<void> {
    this.closed = true;
    return this.engine.close();
  }
}

/** What a statement's checks depend on: the metric, its options and the fields its clauses filter (not their values). */
function buildKey(metric: CubeMetric, options: MetricOptions, ctx: MetricContext): string {
  const { signal: _signal, filters: _filters, exclude: _exclude, ...own } = options as MetricOptions & { filters?: unknown; exclude?: unknown };
  return JSON.stringify([metric, own, ctx.clauses.map((c) => [c.field, c.op])]);
}
