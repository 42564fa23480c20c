/**
 * The benchmark page (built by test/bench/vite.config.ts, driven by test/bench/run.ts through
 * playwright): `window.strataBench` runs one measurement per call and returns plain figures.
 *
 *   index.html                            engine start, load to ready, shared queries (Strata, Mosaic)
 *   index.html?dashboard=<manifest url>   the default dashboard from a cold page, then cross-filter clicks
 */
/// <reference types="vite/client" />
import duckdbWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import duckdbWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import timedWorkerUrl from './timed-worker.js?url';
import { configureAssets, createBrowserEngine, Strata, type BrowserEngine, type MetricRows, type TableName } from '@strata/sdk/browser';
import { StrataView, type StrataDashboard } from '@strata/widgets';
import { coordinatorOf } from '@strata/widgets/coordinator';
import { crossfilter, type CrossfilterResult } from './crossfilter.ts';
import { openMosaic, type MosaicFilter } from './mosaic.ts';
import { clearTierFilter, filterByTopTier, metricCalls } from './metric-calls.ts';
import { median } from './quantile.ts';
import { SHARED_QUERIES, SHARED_FILTERS, runStrataShared, sharedInlined, type SharedFilter, type SharedQueryName } from './shared.ts';
import { CUBES } from '../../../packages/sdk/src/queries/facts.ts';

/** A statement of the load that builds one of the cubes (under the load's own name for it). */
const BUILDS_A_CUBE = new RegExp(`^CREATE OR REPLACE TABLE "[^"]*(${CUBES.join('|')})`);

/**
 * The worker's own account of its time: duckdb-wasm's worker script inside timed-worker.js, which
 * broadcasts its busy time, so a click's time splits into the worker's busy time and the rest (the
 * page's work, and the worker waiting for it).
 */
const WORKER_CHANNEL = 'strata-bench-worker';
const timedWorker = `${timedWorkerUrl}?inner=${encodeURIComponent(new URL(duckdbWorker, location.href).href)}`;
/** The worker's busy milliseconds and messages so far, as it last reported them. */
const worker = { busyMs: 0, messages: 0 };
new BroadcastChannel(WORKER_CHANNEL).onmessage = (event: MessageEvent<{ busyMs: number; messages: number }>) => {
  worker.busyMs = event.data.busyMs;
  worker.messages = event.data.messages;
};

const assets = { duckdbWasm, duckdbWorker: timedWorker, parquetWasm };
configureAssets(assets);

/** Milliseconds the views spent updating and drawing (Lit update + d3 renderer), summed, and per view (by id). */
let renderMs = 0;
const renderByView = new Map<string, number>();
const viewPrototype = StrataView.prototype as unknown as { performUpdate(): void };
const performUpdate = viewPrototype.performUpdate;
Object.defineProperty(viewPrototype, 'performUpdate', {
  configurable: true,
  value(this: StrataView<unknown>) {
    const start = performance.now();
    try {
      performUpdate.call(this);
    } finally {
      const ms = performance.now() - start;
      renderMs += ms;
      const view = this.id || this.localName;
      renderByView.set(view, (renderByView.get(view) ?? 0) + ms);
    }
  },
});

interface Manifest {
  tables: Partial<Record<TableName, string>>;
}

async function manifestInput(url: string): Promise<Partial<Record<TableName, URL>>> {
  const base = new URL(url, location.href);
  const manifest = (await (await fetch(base)).json()) as Manifest;
  return Object.fromEntries(Object.entries(manifest.tables).map(([table, file]) => [table, new URL(file, base)]));
}

function jsHeapBytes(): number | null {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory?.usedJSHeapSize ?? null;
}

async function duckdbBytes(engine: BrowserEngine): Promise<number | null> {
  try {
    const table = await engine.query('SELECT sum(memory_usage_bytes)::DOUBLE AS bytes FROM duckdb_memory()');
    return Number(table.getChildAt(0)?.get(0) ?? NaN);
  } catch {
    return null;
  }
}

let engine: BrowserEngine | undefined;
let strata: Strata | undefined;

const bench = {
  /** A fresh duckdb-wasm worker (fetch + compile + instantiate) and an empty Strata on it. */
  async start(): Promise<{ engineMs: number; openMs: number }> {
    const t0 = performance.now();
    engine = await createBrowserEngine(assets);
    const t1 = performance.now();
    strata = await Strata.open({ engine });
    return { engineMs: t1 - t0, openMs: performance.now() - t1 };
  },

  /** Every table of a manifest, from URLs to ready (fetch, decode, insert, validate, derive). */
  async load(manifestUrl: string): Promise<{ readyMs: number; preAggregateMs: number; rows: Record<string, number> }> {
    if (!strata || !engine) throw new Error('start() first');
    const input = await manifestInput(manifestUrl);
    const statements = watchStatements(engine);
    const t0 = performance.now();
    const report = await strata.load(input);
    const readyMs = performance.now() - t0;
    // The pre-aggregation step: building the cubes (part of the load, into the load's own table names).
    const preAggregateMs = statements
      .stop()
      .filter((s) => BUILDS_A_CUBE.test(s.sql))
      .reduce((total, s) => total + s.ms, 0);
    return { readyMs, preAggregateMs, rows: report.rows as Record<string, number> };
  },

  /** A bundle (`strata pack`) from its manifest's URL to ready: fetch, hashes, insert, the packed derived layer. */
  async loadBundle(manifestUrl: string): Promise<{ readyMs: number; derivedLayer: string | undefined; verified: number }> {
    if (!strata) throw new Error('start() first');
    const t0 = performance.now();
    const report = await strata.load({ bundle: new URL(manifestUrl, location.href).href });
    return { readyMs: performance.now() - t0, derivedLayer: report.bundle?.derivedLayer, verified: report.bundle?.verified.length ?? 0 };
  },

  /** Three views cross-filtered, `clicks` clicks: Mosaic's clients with its pre-aggregation against Strata's plan (crossfilter.ts). */
  async crossfilter(clicks: number): Promise<CrossfilterResult> {
    if (!strata || !engine) throw new Error('load() first');
    const mosaic = await openMosaic(engine);
    return crossfilter(strata, mosaic.coordinator, clicks);
  },

  /** The shared queries through Strata's SDK and through Mosaic on the same database, `repeat` times each. */
  async shared(repeat: number): Promise<SharedResult[]> {
    if (!strata || !engine) throw new Error('load() first');
    const mosaic = await openMosaic(engine);
    const campaign = (await strata.campaigns())[0]?.campaign_id;
    const defaults = await strata.dataDefaults();
    const results: SharedResult[] = [];
    for (const name of SHARED_QUERIES) {
      for (const filter of SHARED_FILTERS) {
        const value = await filterValue(strata, filter);
        const strataMs: number[] = [];
        const mosaicMs: number[] = [];
        const mosaicSqlMs: number[] = [];
        let sql = '';
        let rows: unknown[] = [];
        const clause: MosaicFilter | undefined =
          filter === 'none' || value === undefined ? undefined : { field: filter === 'branch' ? 'branch_id' : filter, value };
        const inlined = sharedInlined(name, filter, value, campaign, defaults);
        const sides = [
          async () => {
            // Uncached, as Mosaic runs here: the comparison is of the query path, not of the cache.
            strata!.clearCache();
            const own = await runStrataShared(strata!, name, filter, value, campaign);
            sql = own.sql;
            rows = own.rows;
            strataMs.push(own.ms);
          },
          async () => mosaicMs.push((name === 'funnel' ? await mosaic.funnel(clause, campaign) : await mosaic[name](clause)).ms),
          async () => {
            const { rows, ms } = await mosaic.rawSql(inlined.sql);
            const start = performance.now();
            inlined.shape(rows);
            mosaicSqlMs.push(ms + performance.now() - start);
          },
        ];
        // The first round warms every path (prepared plans, JIT) and is not counted; then each
        // round starts with another side, so that none always pays for waking the worker.
        for (const side of sides) await side();
        strataMs.length = mosaicMs.length = mosaicSqlMs.length = 0;
        for (let i = 0; i < repeat; i++) {
          for (let k = 0; k < sides.length; k++) await sides[(i + k) % sides.length]!();
        }
        results.push({ name, filter, value, campaign, strataMs: median(strataMs), mosaicMs: median(mosaicMs), mosaicStrataSqlMs: median(mosaicSqlMs), sql, rows });
      }
    }
    return results;
  },

  /**
   * Where a load's time goes: each database call over 10 ms (the engine's adapter, wrapped here),
   * and the load's total. For finding what to make faster; not part of the report's figures.
   */
  async profileLoad(manifestUrl: string): Promise<{ totalMs: number; calls: { what: string; ms: number }[]; error?: string }> {
    if (!strata || !engine) throw new Error('start() first');
    const calls: { what: string; ms: number }[] = [];
    const adapter = (engine as unknown as { db: Record<string, (...args: unknown[]) => unknown> }).db;
    const originals = new Map<string, (...args: unknown[]) => unknown>();
    for (const name of ['query', 'prepare', 'insertArrowFromIPCStream', 'parquetWasm']) {
      const original = adapter[name]!;
      originals.set(name, original);
      adapter[name] = async (...args: unknown[]) => {
        const t0 = performance.now();
        const result = await original(...args);
        const ms = performance.now() - t0;
        if (ms > 10) calls.push({ what: `${name} ${typeof args[0] === 'string' ? args[0].replace(/\s+/g, ' ').slice(0, 90) : ''}`, ms });
        return result;
      };
    }
    const input = await manifestInput(manifestUrl);
    const t0 = performance.now();
    try {
      await strata.load(input);
      return { totalMs: performance.now() - t0, calls };
    } catch (error) {
      return { totalMs: performance.now() - t0, calls, error: (error as Error).message.split('\n')[0] };
    } finally {
      for (const [name, original] of originals) adapter[name] = original;
    }
  },

  /** Each metric the default dashboard asks for, uncached, median of `repeat` runs (diagnostics). */
  async profileMetrics(repeat: number, filtered: boolean): Promise<Record<string, number>> {
    if (!strata) throw new Error('load() first');
    const db = strata;
    const calls = await metricCalls(db);
    if (filtered) await filterByTopTier(db);
    const out: Record<string, number> = {};
    try {
      for (const [name, run] of Object.entries(calls)) {
        const times: number[] = [];
        for (let i = 0; i <= repeat; i++) {
          db.clearCache();
          const t0 = performance.now();
          await run();
          if (i > 0) times.push(performance.now() - t0);
        }
        out[name] = median(times);
      }
    } finally {
      clearTierFilter(db);
    }
    return out;
  },

  async memory(): Promise<{ jsHeapBytes: number | null; duckdbBytes: number | null }> {
    const db = engine ?? ((dashboard?.database?.engine as BrowserEngine | undefined) ?? undefined);
    return { jsHeapBytes: jsHeapBytes(), duckdbBytes: db ? await duckdbBytes(db) : null };
  },
};

export interface SharedResult {
  name: SharedQueryName;
  filter: SharedFilter;
  value: string | undefined;
  campaign: string | undefined;
  /** The SDK's rows (kept for the check against native DuckDB, dropped from the report). */
  rows?: unknown[];
  strataMs: number;
  mosaicMs: number;
  mosaicStrataSqlMs: number;
  sql: string;
}

/** A value of the filtered field that exists in the data (the first tier / branch by balance). */
async function filterValue(db: Strata, filter: SharedFilter): Promise<string | undefined> {
  if (filter === 'none') return undefined;
  const rows = await db.segments({ by: filter, measure: 'balance' });
  return String(rows[0]?.key);
}

// ─── the dashboard page ─────────────────────────────────────────────────────────────────────────

let dashboard: StrataDashboard | undefined;

function views(): StrataView<unknown>[] {
  const root = dashboard?.shadowRoot;
  return root ? [...root.querySelectorAll<StrataView<unknown>>('*')].filter((el) => el instanceof StrataView) : [];
}

/** Resolves when the dashboard and every view in it have finished their queries and drawn. */
async function settled(): Promise<void> {
  if (!dashboard) throw new Error('no dashboard');
  await dashboard.updateComplete;
  // Views start their queries in their own update after the dashboard's context changes.
  for (let round = 0; round < 3; round++) {
    await Promise.all(views().map((view) => view.updateComplete));
    await Promise.all(views().map((view) => view.data.taskComplete.catch(() => undefined)));
  }
  await Promise.all(views().map((view) => view.updateComplete));
  const filters = dashboard.shadowRoot?.querySelector('strata-filters') as (HTMLElement & { updateComplete: Promise<unknown> }) | null;
  await filters?.updateComplete;
}

/** Resolves once the next frame has been painted: a task queued from its animation-frame callback runs after the paint. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    }),
  );
}

/** The marks a user can click in each view (views without selectable marks are left out). */
function clickable(): { view: string; marks: SVGElement[] }[] {
  return views()
    .map((view) => ({ view: view.id, marks: [...(view.shadowRoot?.querySelectorAll<SVGElement>('svg.chart-svg [role="button"]') ?? [])] }))
    .filter((entry) => entry.marks.length > 0);
}

/** Which Strata method each SQL text answered (from the rows' `sql`), to name a click's statements. */
const metricOfSql = new Map<string, string>();
const METRIC_METHODS = ['kpis', 'segments', 'npl', 'nplTrend', 'classMix', 'migration', 'migrationRates', 'vintage', 'funnel', 'lostReasons', 'overdueFollowUps', 'attainment', 'rows'] as const;
for (const name of METRIC_METHODS) {
  const method = Strata.prototype[name] as (...args: unknown[]) => Promise<{ sql: string }>;
  Object.defineProperty(Strata.prototype, name, {
    configurable: true,
    value: async function (this: Strata, ...args: unknown[]) {
      const rows = await method.apply(this, args);
      metricOfSql.set(rows.sql, name);
      return rows;
    },
  });
}

/**
 * The statements the engine runs until `stop()`: the metric each one answered (when a Strata
 * method asked for it), its first words, and its time in the database (the engine's own clock:
 * statements run one at a time, so each is the clock's step since the one before it finished).
 */
function watchStatements(engine: BrowserEngine): { stop(): { metric: string; sql: string; ms: number }[] } {
  const seen: { metric: string; sql: string; ms: number }[] = [];
  const full = new Map<object, string>();
  const query = engine.query;
  let clock = engine.stats.ms;
  engine.query = function (this: BrowserEngine, sql, ...rest) {
    const entry = { metric: '', sql: sql.replace(/\s+/g, ' ').slice(0, 100), ms: NaN };
    full.set(entry, sql);
    seen.push(entry);
    const result = query.call(this, sql, ...rest);
    const timed = () => {
      entry.ms = engine.stats.ms - clock;
      clock = engine.stats.ms;
    };
    result.then(timed, timed);
    return result;
  };
  return {
    stop() {
      engine.query = query;
      for (const entry of seen) entry.metric = metricOfSql.get(full.get(entry)!) ?? (/^SELECT CAST\(count\(\*\)/.test(entry.sql) ? 'rowCount' : 'other');
      return seen;
    },
  };
}

export interface ClickTiming {
  view: string;
  mark: string;
  totalMs: number;
  queryMs: number;
  decodeMs: number;
  renderMs: number;
  /** The worker's busy time during the click, measured in the worker (its messages' handling). */
  workerBusyMs?: number;
  /** The render time per view (its id), Lit update and drawing. */
  renderByView?: Record<string, number>;
  /** Until the frame after the views settled was painted (a rAF, then a task after it): what a user sees. */
  paintMs: number;
  /** Metric queries the views asked for, and how many of them the sdk's cache answered; answers worked out from the cubes in memory. */
  queries: number;
  cacheHits: number;
  cubeAnswers: number;
  /** The statements that reached the database: the metric each answered, its first words, its time in the database. */
  statements: { metric: string; sql: string; ms: number }[];
}

const dashboardBench = {
  /** Milliseconds from navigation start until every view of the default dashboard has drawn. */
  async firstRender(): Promise<{ ms: number; loadedMs: number; views: number; resources: string[]; phases: Record<string, number> }> {
    // Wait for the load itself to end (its event), then for the views that follow it.
    const loadedMs = await loaded;
    await settled();
    const ms = performance.now();
    phases.drawn = ms;
    // What the page fetched and when (ms since navigation start), for reading a slow first render.
    const resources = performance
      .getEntriesByType('resource')
      .map((r) => `${r.name.split('/').pop()} ${Math.round(r.startTime)}→${Math.round((r as PerformanceResourceTiming).responseEnd)}`);
    return { ms, loadedMs, views: views().length, resources, phases };
  },

  /**
   * The load's timeline on this cold page (ms since navigation start): the engine's open, the data
   * files arrived (the last byte of the last one), interactive (the KPI strip drew its figures: with
   * a bundle's first load, before the loans are in) and fully built (the load's end), then every
   * view drawn. Call after firstRender.
   */
  async timeline(): Promise<LoadTimeline> {
    const built = await loaded;
    const files = performance.getEntriesByType('resource').filter((r) => /\/data\/[^?]*\.(parquet|arrow|csv)$/.test(r.name)) as PerformanceResourceTiming[];
    return {
      openStart: phases.openStart ?? NaN,
      openEnd: phases.openEnd ?? NaN,
      filesArrived: files.length ? Math.max(...files.map((r) => r.responseEnd)) : NaN,
      interactive: await interactiveAt,
      built,
      drawn: phases.drawn ?? NaN,
    };
  },

  /** The views with marks to click, and how many each has. */
  targets(): { view: string; marks: number }[] {
    return clickable().map(({ view, marks }) => ({ view, marks: marks.length }));
  },

  /**
   * After a click, the answers the cubes in memory gave for the dashboard's loan and customer views
   * (in the click's filter state) asked again in SQL: how many came from the cubes, and how many of
   * those equal the SQL answer to the bit (JSON of doubles is their shortest exact text).
   */
  async exactness(): Promise<{ cube: number; equal: number }> {
    const db = dashboard?.database;
    if (!db) return { cube: 0, equal: 0 };
    const answers = await Promise.all([
      db.kpis(),
      db.npl({ by: 'industry_class' }),
      db.segments({ by: 'tier' }),
      db.nplTrend(),
      db.classMix({ by: 'as_of' }),
      db.migration(),
      db.migrationRates(),
    ]);
    let cube = 0;
    let equal = 0;
    for (const rows of answers as MetricRows<unknown>[]) {
      if (rows.source !== 'cube') continue;
      cube++;
      if (JSON.stringify([...(await db.run(rows.query))]) === JSON.stringify([...rows])) equal++;
    }
    return { cube, equal };
  },

  /**
   * Clicks mark `index` (modulo) of `viewId`, and times until every view has re-rendered. `rested`:
   * the pointer rests on the mark first, as a user's does before a click, until what the click
   * will ask has been asked ahead (untimed, as that happens before the click).
   */
  async click(viewId: string, index: number, rested = false): Promise<ClickTiming | null> {
    const target = clickable().find((entry) => entry.view === viewId);
    if (!target || !dashboard?.database) return null;
    const mark = target.marks[index % target.marks.length]!;
    const db = dashboard.database;
    if (rested) {
      const coordinator = coordinatorOf(db);
      const asked = coordinator.prefetches;
      mark.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      while (coordinator.prefetches === asked) await new Promise((resolve) => setTimeout(resolve, 10));
      await coordinator.prefetched;
    }
    const engineStats = (db.engine as BrowserEngine).stats;
    // Untimed: the worker's reports of earlier work (the sampled exactness checks) arrive first.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = {
      query: engineStats.ms,
      decode: db.stats.decodeMs,
      queries: db.stats.queries,
      hits: db.stats.cacheHits,
      cube: db.stats.cubeAnswers,
      statements: engineStats.statements,
      render: renderMs,
      workerBusy: worker.busyMs,
    };
    const statements = watchStatements(db.engine as BrowserEngine);
    renderByView.clear();
    const t0 = performance.now();
    mark.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    await settled();
    const totalMs = performance.now() - t0;
    await nextPaint();
    const paintMs = performance.now() - t0;
    // The worker's last report of the click's messages (broadcast after each) has arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return {
      view: viewId,
      mark: mark.getAttribute('aria-label') ?? String(index),
      totalMs,
      paintMs,
      cubeAnswers: db.stats.cubeAnswers - before.cube,
      queryMs: engineStats.ms - before.query,
      decodeMs: db.stats.decodeMs - before.decode,
      renderMs: renderMs - before.render,
      renderByView: Object.fromEntries(renderByView),
      workerBusyMs: worker.busyMs - before.workerBusy,
      queries: db.stats.queries - before.queries,
      cacheHits: db.stats.cacheHits - before.hits,
      statements: statements.stop(),
    };
  },
};

/** When the dashboard's load ended, in ms since navigation start. */
let loaded: Promise<number> = Promise.resolve(0);

/** A cold dashboard's load, in ms since navigation start (see dashboardBench.timeline). */
export interface LoadTimeline {
  openStart: number;
  openEnd: number;
  filesArrived: number;
  interactive: number;
  built: number;
  drawn: number;
}

/** Whether the dashboard's KPI strip shows a figure in every tile, not a skeleton. */
function kpisDrawn(): boolean {
  const strip = dashboard?.shadowRoot?.querySelector('strata-kpis')?.shadowRoot;
  const values = [...(strip?.querySelectorAll('[part="tile"] [part="value"]') ?? [])];
  return values.length > 0 && values.every((v) => (v.textContent ?? '').trim() !== '') && !strip?.querySelector('.skeleton, [aria-busy="true"]');
}

/** When the dashboard's first views drew (its KPI strip, polled each frame once the views may query). */
let interactiveAt: Promise<number> = Promise.resolve(NaN);

/** When (ms since navigation start) the dashboard's Strata opened (engine started) and its load ran. */
const phases: Record<string, number> = {};
const open = Strata.open.bind(Strata);
Strata.open = async (options) => {
  phases.openStart ??= performance.now();
  const opened = await open(options);
  phases.openEnd ??= performance.now();
  return opened;
};
const load = Strata.prototype.load;
Strata.prototype.load = async function (this: Strata, ...args: Parameters<Strata['load']>) {
  phases.loadStart ??= performance.now();
  try {
    return await load.apply(this, args);
  } finally {
    phases.loadEnd ??= performance.now();
  }
};
const params = new URLSearchParams(location.search);
const dashboardSrc = params.get('dashboard');
// Rules for the dashboard's Strata, as JSON at this URL (test/bench/long-text.ts: its long industry names' classes).
const rulesSrc = params.get('rules');
const rules = rulesSrc ? ((await (await fetch(rulesSrc)).json()) as StrataDashboard['rules']) : undefined;
if (dashboardSrc) {
  const frame = document.createElement('div');
  frame.style.width = '1280px';
  dashboard = document.createElement('strata-dashboard') as StrataDashboard;
  if (rules) dashboard.rules = rules;
  loaded = new Promise((resolve, reject) => {
    dashboard!.addEventListener('strata-load', () => resolve(performance.now()), { once: true });
    dashboard!.addEventListener('strata-error', (event) => reject((event as CustomEvent<{ error: Error }>).detail.error), { once: true });
  });
  interactiveAt = new Promise((resolve) => {
    const poll = () => (kpisDrawn() ? resolve(performance.now()) : requestAnimationFrame(poll));
    // The views query once the dashboard announces its Strata: at a bundle's interactive point, else at the load's end.
    const start = () => requestAnimationFrame(poll);
    dashboard!.addEventListener('strata-interactive', start, { once: true });
    dashboard!.addEventListener('strata-load', start, { once: true });
  });
  dashboard.setAttribute('src', dashboardSrc);
  frame.append(dashboard);
  document.body.append(frame);
}

Object.assign(globalThis, { strataBench: { ...bench, ...dashboardBench } });
