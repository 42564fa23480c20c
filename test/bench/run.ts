/**
 * `pnpm bench`: Strata's figures in headless Chromium (playwright-core + Debian's chromium), side by
 * side with Mosaic in the same page and native DuckDB in this process, written to
 * test/bench/results.json and BENCHMARKS.md.
 *
 *   pnpm bench                       100k, 1M and 10M loan rows (about half an hour on 2 cores)
 *   pnpm bench --sizes 100000,1000000
 *   pnpm bench --smoke               1k rows, one of everything, JSON to test/.out/bench-smoke/ (CI)
 *
 * Options: --sizes a,b,c  --clicks N (cross-filter clicks per size, default 36)  --repeat N (runs per
 * query, default 15)  --loads N (cold loads per format, default 3)  --out folder (results.json there,
 * no BENCHMARKS.md)  --no-markdown  --report (only rewrite BENCHMARKS.md from test/bench/results.json).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveDemo, STRICT_CSP } from '../../demo/serve.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.mjs';
import type { CrossfilterResult } from './page/crossfilter.ts';
import type { ClickTiming, LoadTimeline, SharedResult } from './page/main.ts';
import { BENCH_DATA, ensureDataset, MAX_BUNDLE_ROWS, packBundle, type BenchDataset } from './data.ts';
import { machine, phaseLoads, type PhaseLoad } from './machine.ts';
import { median, quantile } from './page/quantile.ts';
import { runNative, runNativeSdk, type NativeResult, type NativeSdkResult } from './native.ts';
import { writeMarkdown } from './report.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BENCH_DIST = join(root, 'test/.out/bench-dist');
const CHROMIUM = CHROMIUM_PATH;

interface Args {
  sizes: number[];
  clicks: number;
  repeat: number;
  loads: number;
  out: string;
  markdown: boolean;
  smoke: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const smoke = argv.includes('--smoke');
  const sizes = (value('sizes') ?? (smoke ? '1000' : '100000,1000000,10000000')).split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--sizes: positive integers, got ${value('sizes')}`);
  const out = value('out') ?? (smoke ? join(root, 'test/.out/bench-smoke') : join(root, 'test/bench'));
  return {
    sizes,
    clicks: Number(value('clicks') ?? (smoke ? 6 : 36)),
    repeat: Number(value('repeat') ?? (smoke ? 1 : 15)),
    loads: Number(value('loads') ?? (smoke ? 1 : 3)),
    out,
    markdown: !smoke && !argv.includes('--no-markdown') && value('out') === undefined,
    smoke,
  };
}

/** The product bundle (for its size report) and the benchmark page. */
function build(): void {
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const bundleOut = join(root, 'test/.out/bench-bundle');
  execFileSync(process.execPath, [vite, 'build', '--config', 'packages/widgets/vite.build.config.ts', '--logLevel', 'error'], {
    cwd: root,
    env: { ...process.env, STRATA_BUILD_OUT: bundleOut },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  execFileSync(process.execPath, [vite, 'build', '--config', 'test/bench/vite.config.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The resident memory of the largest Chromium renderer (the page under test: one is open at a time). */
function rendererRssBytes(): number | null {
  try {
    const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
    const rss = out
      .split('\n')
      .filter((line) => line.includes('--type=renderer') && line.includes('chromium'))
      .map((line) => Number(line.trim().split(/\s+/)[0]) * 1024);
    return rss.length ? Math.max(...rss) : null;
  } catch {
    return null;
  }
}

/** A page call that takes longer than this is reported as failed (a 10M load can exhaust the tab). */
const CALL_TIMEOUT_MS = 5 * 60_000;

export async function openPage(browser: Browser, url: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1320, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // A missing resource is reported below with its URL (the browser's own favicon request is not ours).
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) errors.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => 'strataBench' in globalThis);
  return {
    page,
    close: async () => {
      await context.close();
      if (errors.length) console.warn(`  page errors: ${errors.slice(0, 3).join(' | ')}`);
    },
  };
}

/** Clicks round the views and their quantiles. */
export interface CrossFilter {
  clicks: ClickTiming[];
  p50: { totalMs: number; paintMs?: number; queryMs: number; decodeMs: number; renderMs: number };
  p95: { totalMs: number; paintMs?: number; queryMs: number; decodeMs: number; renderMs: number };
  queriesPerClick: number;
  /** Answers the cubes in memory gave in sampled click states, and how many equal SQL's to the bit. */
  exact?: { checked: number; equal: number };
}

export type Bench = {
  start(): Promise<{ engineMs: number; openMs: number }>;
  load(url: string): Promise<{ readyMs: number; preAggregateMs: number; rows: Record<string, number> }>;
  shared(repeat: number): Promise<SharedResult[]>;
  memory(): Promise<{ jsHeapBytes: number | null; duckdbBytes: number | null }>;
  profileMetrics(repeat: number, filtered: boolean): Promise<Record<string, number>>;
  firstRender(): Promise<{ ms: number; loadedMs: number; views: number; resources: string[]; phases: Record<string, number> }>;
  targets(): { view: string; marks: number }[];
  click(view: string, index: number, rested?: boolean): Promise<ClickTiming | null>;
  exactness(): Promise<{ cube: number; equal: number }>;
  crossfilter(clicks: number): Promise<CrossfilterResult>;
  loadBundle(url: string): Promise<{ readyMs: number; derivedLayer: string | undefined; verified: number }>;
  timeline(): Promise<LoadTimeline>;
};
export const call = <K extends keyof Bench>(page: Page, name: K, ...args: Parameters<Bench[K]>): Promise<Awaited<ReturnType<Bench[K]>>> =>
  Promise.race([
    page.evaluate(
      async ({ name, args }) => {
        const bench = (globalThis as unknown as { strataBench: Record<string, (...a: unknown[]) => unknown> }).strataBench;
        return bench[name]!(...args);
      },
      { name, args: args as unknown[] },
    ),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${name} took over ${CALL_TIMEOUT_MS / 60_000} min`)), CALL_TIMEOUT_MS).unref()),
  ]) as Promise<Awaited<ReturnType<Bench[K]>>>;

interface Memory {
  jsHeapBytes: number | null;
  duckdbBytes: number | null;
  rendererRssBytes: number | null;
}

export interface SizeResult {
  loanRows: number;
  files: { parquetBytes: number; arrowBytes: number };
  engineStartMs: number;
  openMs: number;
  readyMs: { arrow: number; parquet: number; arrowRuns: number[]; parquetRuns: number[] };
  /** Of a Parquet load, the time spent building the cubes (the pre-aggregation step). */
  preAggregateMs: number;
  preAggregateRuns: number[];
  memoryAfterLoad: Memory;
  firstRenderMs: number | null;
  firstRenderRuns: number[];
  /** When, in the same runs, the dashboard's load had ended (the rest is the views' first queries and drawing). */
  firstRenderLoadedRuns: number[];
  crossFilter: CrossFilter | null;
  /** The same bank packed by `strata pack`, loaded from its manifest (sizes up to MAX_BUNDLE_ROWS). */
  bundle?: { bytes: number; packSeconds: number; readyRuns: number[]; readyMs: number } | null;
  /** Three views cross-filtered by Mosaic's clients with pre-aggregation and by Strata's plan, no drawing. */
  crossfilter?: CrossfilterResult | null;
  /** The same clicks, each after the pointer rested on its mark (the click asked ahead meanwhile). */
  restedCrossFilter?: CrossFilter | null;
  memoryAfterClicks: Memory | null;
  /**
   * The default dashboard's load on a cold page, from the raw Parquet files and from the bundle
   * (ms since navigation start): the open, the files arrived, interactive (the KPI strip drawn),
   * fully built (the load's end), every view drawn.
   */
  timeline?: { parquet: LoadTimeline | null; bundle: LoadTimeline | null };
  /** The machine's 1-minute load average when this size started and ended (2 cores: 2 is busy). */
  loadAverage: { before: number; after: number };
  shared: (SharedResult & { nativeMs: number | null; agrees: boolean | null })[];
  /** Each metric of the default dashboard on its own, uncached: unfiltered, filtered by a tier. */
  metrics: { unfiltered: Record<string, number>; filtered: Record<string, number> } | null;
  nativeReadyMs: number | null;
  /** The SDK on native DuckDB (createNativeEngine): load to ready with every check, each metric. */
  nativeSdk?: NativeSdkResult | null;
  /** os.loadavg() (1, 5, 15 min) when each phase of the size started and ended: the machine is shared. */
  phaseLoad?: PhaseLoad[];
  errors: string[];
}

async function benchSize(browser: Browser, base: string, loanRows: number, args: Args): Promise<SizeResult> {
  const errors: string[] = [];
  const t0 = performance.now();
  const parquet = await ensureDataset(loanRows, 'parquet');
  const arrow = await ensureDataset(loanRows, 'arrow');
  console.log(`  data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const manifest = (d: BenchDataset) => `${base}data/${d.name}/manifest.json`;
  const result: SizeResult = {
    loanRows,
    loadAverage: { before: loadavg()[0]!, after: NaN },
    files: { parquetBytes: sum(Object.values(parquet.bytes)), arrowBytes: sum(Object.values(arrow.bytes)) },
    engineStartMs: NaN,
    openMs: NaN,
    readyMs: { arrow: NaN, parquet: NaN, arrowRuns: [], parquetRuns: [] },
    preAggregateMs: NaN,
    preAggregateRuns: [],
    memoryAfterLoad: { jsHeapBytes: null, duckdbBytes: null, rendererRssBytes: null },
    firstRenderMs: null,
    firstRenderRuns: [],
    firstRenderLoadedRuns: [],
    crossFilter: null,
    memoryAfterClicks: null,
    shared: [],
    metrics: null,
    nativeReadyMs: null,
    nativeSdk: null,
    errors,
  };
  const phases = phaseLoads();
  result.phaseLoad = phases.list;

  const timeline: NonNullable<SizeResult['timeline']> = { parquet: null, bundle: null };
  let bundleName: string | undefined;
  // The same bank as a bundle (`strata pack`), to ready on fresh pages.
  if (loanRows <= MAX_BUNDLE_ROWS) {
    phases.start('bundle: pack, loads');
    try {
      const bundle = await packBundle(parquet);
      bundleName = bundle.name;
      result.bundle = { bytes: bundle.bytes, packSeconds: bundle.packSeconds, readyRuns: [], readyMs: NaN };
      for (let run = 0; run < args.loads; run++) {
        const { page, close } = await openPage(browser, `${base}index.html`);
        try {
          await call(page, 'start');
          const loaded = await call(page, 'loadBundle', `${base}data/${bundle.name}/manifest.json`);
          if (loaded.derivedLayer !== 'packed') errors.push(`bundle: its derived layer was ${String(loaded.derivedLayer)}, not packed`);
          result.bundle.readyRuns.push(loaded.readyMs);
          console.log(`  bundle (${(bundle.bytes / 2 ** 20).toFixed(1)} MB, packed in ${bundle.packSeconds.toFixed(1)} s): ready ${Math.round(loaded.readyMs)} ms`);
        } finally {
          await close();
        }
      }
      result.bundle.readyMs = median(result.bundle.readyRuns);
    } catch (error) {
      errors.push(`bundle: ${(error as Error).message.split('\n')[0]}`);
      console.warn(`  bundle failed: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  // Engine start and load to ready, each on a fresh page; the last Parquet page runs the shared queries.
  phases.start('page: loads, shared queries, metrics');
  const engineRuns: number[] = [];
  const openRuns: number[] = [];
  let shared: Awaited<ReturnType<Bench['shared']>> = [];
  const loads = loanRows >= 5_000_000 ? 1 : args.loads;
  for (const dataset of [arrow, parquet]) {
    for (let run = 0; run < loads; run++) {
      const { page, close } = await openPage(browser, `${base}index.html`);
      try {
        const started = await call(page, 'start');
        engineRuns.push(started.engineMs);
        openRuns.push(started.openMs);
        const loaded = await call(page, 'load', manifest(dataset));
        result.readyMs[dataset.format === 'arrow' ? 'arrowRuns' : 'parquetRuns'].push(loaded.readyMs);
        if (dataset === parquet) result.preAggregateRuns.push(loaded.preAggregateMs);
        console.log(`  ${dataset.format}: engine ${Math.round(started.engineMs)} ms, ready ${Math.round(loaded.readyMs)} ms`);
        if (dataset === parquet && run === loads - 1) {
          result.memoryAfterLoad = { ...(await call(page, 'memory')), rendererRssBytes: rendererRssBytes() };
          shared = await call(page, 'shared', args.repeat);
          result.crossfilter = await call(page, 'crossfilter', args.clicks);
          const { mosaic: m, strata: st } = result.crossfilter;
          console.log(`  three views cross-filtered: Strata p50 ${st.p50.toFixed(1)} ms, p95 ${st.p95.toFixed(1)} ms; Mosaic pre-aggregated p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms (activation p50 ${m.activateP50?.toFixed(1)} ms)`);
          result.metrics = {
            unfiltered: await call(page, 'profileMetrics', args.repeat, false),
            filtered: await call(page, 'profileMetrics', args.repeat, true),
          };
        }
      } catch (error) {
        errors.push(`${dataset.format} load: ${(error as Error).message.split('\n')[0]}`);
        console.warn(`  ${dataset.format} load failed: ${(error as Error).message.split('\n')[0]}`);
      } finally {
        await close();
      }
    }
  }
  result.engineStartMs = median(engineRuns);
  result.openMs = median(openRuns);
  result.readyMs.arrow = median(result.readyMs.arrowRuns);
  result.readyMs.parquet = median(result.readyMs.parquetRuns);
  result.preAggregateMs = median(result.preAggregateRuns);

  // The default dashboard from a cold page (a new browser context: no cache); the last one is clicked.
  phases.start('page: dashboard, clicks');
  const renders = loanRows >= 5_000_000 ? 1 : args.loads;
  for (let run = 0; run < renders; run++) {
    const { page, close } = await openPage(browser, `${base}index.html?dashboard=${encodeURIComponent(manifest(parquet))}`);
    try {
      const first = await call(page, 'firstRender');
      result.firstRenderRuns.push(first.ms);
      result.firstRenderLoadedRuns.push(first.loadedMs);
      if (process.env.STRATA_BENCH_VERBOSE) console.log(`    ${JSON.stringify(first.phases)}\n    ${first.resources.join('\n    ')}`);
      if (run === renders - 1) timeline.parquet = await call(page, 'timeline');
      console.log(`  dashboard: first render ${Math.round(first.ms)} ms (${first.views} views; data loaded at ${Math.round(first.loadedMs)} ms)`);
      if (run === renders - 1) result.crossFilter = await clickAround(page, args.clicks, errors);
      if (run === renders - 1) result.restedCrossFilter = await clickAround(page, args.clicks, errors, true);
      if (run === renders - 1) result.memoryAfterClicks = { ...(await call(page, 'memory')), rendererRssBytes: rendererRssBytes() };
    } catch (error) {
      errors.push(`dashboard: ${(error as Error).message.split('\n')[0]}`);
      console.warn(`  dashboard failed: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      await close();
    }
  }
  result.firstRenderMs = result.firstRenderRuns.length ? median(result.firstRenderRuns) : null;

  // The same dashboard on the bundle, from a cold page: interactive before its loans are in.
  if (bundleName) {
    const { page, close } = await openPage(browser, `${base}index.html?dashboard=${encodeURIComponent(`${base}data/${bundleName}/manifest.json`)}`);
    try {
      await call(page, 'firstRender');
      timeline.bundle = await call(page, 'timeline');
    } catch (error) {
      errors.push(`dashboard on the bundle: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      await close();
    }
  }
  result.timeline = timeline;
  for (const [kind, t] of Object.entries(timeline)) {
    if (t) console.log(`  timeline (${kind}): open ${Math.round(t.openStart)}→${Math.round(t.openEnd)} ms, files by ${Math.round(t.filesArrived)}, interactive ${Math.round(t.interactive)}, built ${Math.round(t.built)}, drawn ${Math.round(t.drawn)}`);
  }

  // Native DuckDB on the same files and the same queries (the same filter values as the page used).
  phases.start('native: shared queries');
  let native: NativeResult | undefined;
  try {
    native = await runNative(
      parquet,
      shared.map(({ name, filter, value, campaign }) => ({ name, filter, value, campaign })),
      args.repeat,
    );
    result.nativeReadyMs = native.readyMs;
  } catch (error) {
    errors.push(`native: ${(error as Error).message.split('\n')[0]}`);
  }
  result.shared = shared.map((s, i) => {
    const n = native?.queries[i];
    const { rows, ...figures } = s;
    return { ...figures, nativeMs: n?.ms ?? null, agrees: n ? sameRows((rows ?? []) as Record<string, unknown>[], n.rows) : null };
  });
  // The SDK itself on native DuckDB: a load with every check, then each metric as the page times it.
  phases.start('native: SDK load, metrics');
  try {
    result.nativeSdk = await runNativeSdk(parquet, args.loads, args.repeat);
    console.log(`  native SDK: ready ${Math.round(result.nativeSdk.readyMs)} ms`);
  } catch (error) {
    errors.push(`native SDK: ${(error as Error).message.split('\n')[0]}`);
  }
  phases.start(null);
  result.loadAverage.after = loadavg()[0]!;
  return result;
}

/** Plain rows equal up to 1e-9 relative (native DuckDB and duckdb-wasm may sum in another order). */
function sameRows(a: Record<string, unknown>[], b: Record<string, unknown>[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((row, i) =>
    Object.keys(row).every((key) => {
      const x = row[key];
      const y = b[i]![key];
      if (typeof x === 'number' && typeof y === 'number') return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
      return String(x ?? null) === String(y ?? null);
    }),
  );
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Clicks marks round-robin over every view that has them: each view selects a mark, then clicks it
 * again to clear it, then selects another, so the clicks cross every combination of views.
 */
async function clickAround(page: Page, clicks: number, errors: string[], rested = false): Promise<CrossFilter | null> {
  const timings: ClickTiming[] = [];
  const exact = { checked: 0, equal: 0 };
  const targets = await call(page, 'targets');
  if (targets.length === 0) {
    errors.push('dashboard: no clickable marks');
    return null;
  }
  for (let i = 0; timings.length < clicks && i < clicks * 3; i++) {
    const target = targets[i % targets.length]!;
    const round = Math.floor(i / targets.length);
    const index = round - (round % 2);
    const timing = await call(page, 'click', target.view, index, rested);
    if (timing) timings.push(timing);
    // Every third click, outside its timing: the cubes' answers in that state against SQL.
    if (timing && timings.length % 3 === 0) {
      const { cube, equal } = await call(page, 'exactness');
      exact.checked += cube;
      exact.equal += equal;
    }
  }
  const pick = (q: number) => ({
    totalMs: quantile(timings.map((t) => t.totalMs), q),
    paintMs: quantile(timings.map((t) => t.paintMs), q),
    queryMs: quantile(timings.map((t) => t.queryMs), q),
    decodeMs: quantile(timings.map((t) => t.decodeMs), q),
    renderMs: quantile(timings.map((t) => t.renderMs), q),
  });
  const result = { clicks: timings, p50: pick(0.5), p95: pick(0.95), queriesPerClick: median(timings.map((t) => t.queries)), exact };
  console.log(
    `  cross-filter${rested ? ' (rested on the mark first)' : ''}: ${timings.length} clicks, p50 ${result.p50.totalMs.toFixed(1)} ms, p95 ${result.p95.totalMs.toFixed(1)} ms; to the next paint p50 ${result.p50.paintMs.toFixed(1)} ms, p95 ${result.p95.paintMs.toFixed(1)} ms`,
  );
  return result;
}

async function main(): Promise<void> {
  if (process.argv.includes('--report')) {
    // BENCHMARKS.md again from the recorded figures (after a change to the report's layout), no measuring.
    const results = JSON.parse(await readFile(join(root, 'test/bench/results.json'), 'utf8')) as BenchResults;
    await writeFile(join(root, 'BENCHMARKS.md'), writeMarkdown(results));
    console.log('bench: BENCHMARKS.md from test/bench/results.json');
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  console.log('bench: building the bundle and the benchmark page');
  build();
  const sizeReport = JSON.parse(await readFile(join(root, 'test/.out/bench-bundle/size-report.json'), 'utf8')) as {
    sdkWidgetsWithoutDuckdbWasm: { raw: number; gzip: number };
    sdkWidgetsWithArrowWithoutDuckdbWasm: { raw: number; gzip: number };
  };
  await mkdir(BENCH_DATA, { recursive: true });
  await symlink(BENCH_DATA, join(BENCH_DIST, 'data'), 'dir');
  const server = await serveDemo({ root: BENCH_DIST, host: '127.0.0.1', port: 0, csp: STRICT_CSP });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  const sizes: SizeResult[] = [];
  try {
    for (const loanRows of args.sizes) {
      console.log(`bench: ${loanRows.toLocaleString('en')} loan rows`);
      sizes.push(await benchSize(browser, server.url, loanRows, args));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    smoke: args.smoke,
    bundle: {
      sdkWidgetsGzipBytes: sizeReport.sdkWidgetsWithoutDuckdbWasm.gzip,
      sdkWidgetsRawBytes: sizeReport.sdkWidgetsWithoutDuckdbWasm.raw,
      withArrowGzipBytes: sizeReport.sdkWidgetsWithArrowWithoutDuckdbWasm.gzip,
    },
    sizes,
  };
  await mkdir(args.out, { recursive: true });
  await writeFile(join(args.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`bench: ${join(args.out, 'results.json')}`);
  if (args.markdown) {
    await writeFile(join(root, 'BENCHMARKS.md'), writeMarkdown(results));
    console.log('bench: BENCHMARKS.md');
  }
}

export type BenchResults = {
  date: string;
  machine: ReturnType<typeof machine>;
  smoke: boolean;
  bundle: { sdkWidgetsGzipBytes: number; sdkWidgetsRawBytes: number; withArrowGzipBytes: number };
  sizes: SizeResult[];
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
