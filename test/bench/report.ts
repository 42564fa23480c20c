/** BENCHMARKS.md from results.json: the targets first, then each size, Mosaic and native side by side. */
import { readFileSync } from 'node:fs';
import { median } from './page/quantile.ts';
import type { ClickTiming, LoadTimeline } from './page/main.ts';
import type { BenchResults, SizeResult } from './run.ts';

const FINDINGS = new URL('./findings.md', import.meta.url);

const ms = (value: number | null | undefined) => (value === null || value === undefined || Number.isNaN(value) ? '–' : value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`);
const mb = (bytes: number | null | undefined) => (bytes === null || bytes === undefined || Number.isNaN(bytes) ? '–' : `${Math.round(bytes / 2 ** 20)} MB`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const rows = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
const ratio = (a: number | null, b: number | null) => (a === null || b === null || !b ? '–' : `${(a / b).toFixed(2)}×`);

interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean | null;
  by?: string;
}

function check(what: string, target: number, measured: number | null | undefined, format: (n: number) => string): Target {
  if (measured === null || measured === undefined || Number.isNaN(measured)) return { what, target: format(target), measured: 'not measured', met: null };
  const met = measured <= target;
  return { what, target: `≤ ${format(target)}`, measured: format(measured), met, by: met ? undefined : `${format(measured - target)} over (${((measured / target - 1) * 100).toFixed(0)}%)` };
}

/**
 * A time in the page's clock ticks: Chromium gives performance.now() to 0.1 ms on a page that is not
 * cross-origin isolated, so two medians in the same tick are equal (their difference is rounding).
 */
const CLOCK_TICK_MS = 0.1;
const ticks = (ms: number) => Math.round(ms / CLOCK_TICK_MS);

function targets(results: BenchResults): Target[] {
  const at = (n: number): SizeResult | undefined => results.sizes.find((size) => size.loanRows === n);
  const m1 = at(1_000_000);
  const m10 = at(10_000_000);
  const k100 = at(100_000);
  // Issue 13's targets: a click until every view is painted (the next frame; results from before it
  // was measured give the time until the views settled, and say so).
  const click = (size: SizeResult | undefined, q: 'p50' | 'p95') => size?.crossFilter?.[q].paintMs ?? size?.crossFilter?.[q].totalMs;
  const painted = (size: SizeResult | undefined) => (size?.crossFilter?.p50.paintMs === undefined ? 'until the views settled' : 'to the next paint');
  const list = [
    check('1M loans from Parquet to ready, every check', 4000, m1?.readyMs.parquet, ms),
    check('1M loans from a bundle (`strata pack`) to ready', 1500, m1?.bundle?.readyMs, ms),
    check(`Cross-filter on 1M loans, p50 ${painted(m1)}`, 16, click(m1, 'p50'), ms),
    check(`Cross-filter on 1M loans, p95 ${painted(m1)}`, 50, click(m1, 'p95'), ms),
    check(`Cross-filter on 10M loans, p50 ${painted(m10)}`, 16, click(m10, 'p50'), ms),
    check(`Cross-filter on 10M loans, p95 ${painted(m10)}`, 50, click(m10, 'p95'), ms),
    check('Pre-aggregation step on 10M loans (the cubes, built during the load)', 2000, m10?.preAggregateMs, ms),
    check('Cold first render of the default dashboard, 100k loans', 2000, k100?.firstRenderMs, ms),
    check('sdk + widgets without duckdb-wasm, gzip', 100 * 1024, results.bundle.sdkWidgetsGzipBytes, kb),
  ];
  const shared = results.sizes.flatMap((size) => size.shared.map((q) => ({ size, q })));
  const slower = shared.filter(({ q }) => ticks(q.strataMs) > ticks(q.mosaicMs));
  list.push({
    what: 'Strata no slower than Mosaic on any shared query',
    target: 'every query',
    measured: shared.length ? `${shared.length - slower.length} of ${shared.length} as fast or faster` : 'not measured',
    met: shared.length ? slower.length === 0 : null,
    by: slower.length ? slower.map(({ size, q }) => `${rows(size.loanRows)} ${q.name}/${q.filter} ${ratio(q.strataMs, q.mosaicMs)}`).join(', ') : undefined,
  });
  // Ahead of Mosaic's pre-aggregated interaction on the same views (crossfilter.ts), per size, p50 and p95.
  const crossed = results.sizes.filter((size) => size.crossfilter);
  const behind = crossed.flatMap((size) =>
    (['p50', 'p95'] as const).filter((q) => ticks(size.crossfilter!.strata[q]) > ticks(size.crossfilter!.mosaic[q])).map((q) => ({ size, q })),
  );
  list.push({
    what: 'Ahead of Mosaic’s pre-aggregated cross-filter on the same three views (p50 and p95)',
    target: 'every size',
    measured: crossed.length
      ? crossed.map((size) => `${rows(size.loanRows)} ${ms(size.crossfilter!.strata.p50)} vs ${ms(size.crossfilter!.mosaic.p50)}`).join(', ')
      : 'not measured',
    met: crossed.length ? behind.length === 0 : null,
    by: behind.length ? behind.map(({ size, q }) => `${rows(size.loanRows)} ${q} ${ratio(size.crossfilter!.strata[q], size.crossfilter!.mosaic[q])}`).join(', ') : undefined,
  });
  return list;
}

export function writeMarkdown(results: BenchResults): string {
  const m = results.machine;
  /** The header of a table with a column per data size. */
  const sizeHeader = (first: string) => [`| ${first} | ${results.sizes.map((size) => rows(size.loanRows)).join(' | ')} |`, `| --- | ${results.sizes.map(() => '---').join(' | ')} |`];
  const out: string[] = [
    '# Benchmarks',
    '',
    'Written by `pnpm bench` (test/bench/run.ts): headless Chromium through playwright-core, the production build of the',
    'page (test/bench/page), data from `@strata/synth`, Mosaic in the same page on the same duckdb-wasm database, native',
    'DuckDB (`@duckdb/node-api`) in the Node process as the ceiling. Raw figures: `test/bench/results.json`. Medians unless',
    'a percentile is named. Benchmarks are not tests: nothing here fails a build.',
    '',
    `Run ${results.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, ${m.chromium}.`,
    '',
    '## Targets',
    '',
    '| Target | Goal | Measured | Met |',
    '| --- | --- | --- | --- |',
    ...targets(results).map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${t.met === null ? '–' : t.met ? 'yes' : `no: ${t.by}`} |`),
    '',
    '## Per data size',
    '',
    ...sizeHeader('Loan rows'),
  ];
  const line = (label: string, value: (size: SizeResult) => string) => out.push(`| ${label} | ${results.sizes.map(value).join(' | ')} |`);
  line('Parquet / Arrow files', (z) => `${mb(z.files.parquetBytes)} / ${mb(z.files.arrowBytes)}`);
  line('Engine start (worker, wasm compile)', (z) => ms(z.engineStartMs));
  line('Load to ready, Arrow IPC', (z) => ms(z.readyMs.arrow));
  line('Load to ready, Parquet', (z) => ms(z.readyMs.parquet));
  line('Load to ready, a bundle (`strata pack`: its files, size and packing time)', (z) =>
    z.bundle ? `${ms(z.bundle.readyMs)} (${mb(z.bundle.bytes)}, packed in ${z.bundle.packSeconds.toFixed(1)} s)` : '–',
  );
  line('… of which the pre-aggregation (cubes)', (z) => ms(z.preAggregateMs));
  line('Native DuckDB, Parquet to ready', (z) => ms(z.nativeReadyMs));
  line('Native DuckDB through the SDK (`createNativeEngine`), Parquet to ready, every check', (z) => ms(z.nativeSdk?.readyMs));
  line('Cold first render, default dashboard', (z) => ms(z.firstRenderMs));
  // The load's timeline on a cold page (ms since navigation start): open, files, interactive, built, drawn.
  const timeline = (t: LoadTimeline | null | undefined) =>
    t ? `open ${ms(t.openStart)}→${ms(t.openEnd)}, files by ${ms(t.filesArrived)}, interactive ${ms(t.interactive)}, built ${ms(t.built)}, all drawn ${ms(t.drawn)}` : '–';
  line('Load timeline, dashboard on the raw Parquet (cold page)', (z) => timeline(z.timeline?.parquet));
  line('Load timeline, dashboard on the bundle (cold page; interactive = the KPI strip drawn)', (z) => timeline(z.timeline?.bundle));
  line('Cross-filter clicks', (z) => String(z.crossFilter?.clicks.length ?? '–'));
  line('… on the views', (z) => {
    const counts = new Map<string, number>();
    for (const click of z.crossFilter?.clicks ?? []) counts.set(click.view, (counts.get(click.view) ?? 0) + 1);
    return [...counts].map(([view, n]) => `${view} ${n}`).join(', ') || '–';
  });
  line('Metric queries per click, from the cache (median)', (z) => (z.crossFilter ? `${z.crossFilter.queriesPerClick}, ${median(z.crossFilter.clicks.map((c) => c.cacheHits))}` : '–'));
  line('… answered from the cubes in memory, statements run (median)', (z) =>
    z.crossFilter && z.crossFilter.clicks[0]?.cubeAnswers !== undefined
      ? `${median(z.crossFilter.clicks.map((c) => c.cubeAnswers))}, ${median(z.crossFilter.clicks.map((c) => c.statements.length))}`
      : '–',
  );
  line('Click → all views drawn, p50', (z) => ms(z.crossFilter?.p50.totalMs));
  line('… p95', (z) => ms(z.crossFilter?.p95.totalMs));
  line('Cubes’ answers equal to SQL to the bit (sampled clicks)', (z) => (z.crossFilter?.exact ? `${z.crossFilter.exact.equal} of ${z.crossFilter.exact.checked}` : '–'));
  line('Machine load average, start / end of the size', (z) => (z.loadAverage ? `${z.loadAverage.before.toFixed(2)} / ${z.loadAverage.after.toFixed(2)}` : '–'));
  line(`… by phase, 1-minute average at its start → end (${m.cores} cores: ${m.cores} is fully busy)`, (z) =>
    z.phaseLoad?.length ? z.phaseLoad.map((p) => `${p.phase} ${p.before[0]!.toFixed(2)} → ${p.after[0]!.toFixed(2)}`).join('; ') : '–',
  );
  line('Click → next paint, p50 / p95', (z) => `${ms(z.crossFilter?.p50.paintMs)} / ${ms(z.crossFilter?.p95.paintMs)}`);
  line('… query p50 / p95', (z) => `${ms(z.crossFilter?.p50.queryMs)} / ${ms(z.crossFilter?.p95.queryMs)}`);
  line('… decode p50 / p95', (z) => `${ms(z.crossFilter?.p50.decodeMs)} / ${ms(z.crossFilter?.p95.decodeMs)}`);
  line('… render p50 / p95', (z) => `${ms(z.crossFilter?.p50.renderMs)} / ${ms(z.crossFilter?.p95.renderMs)}`);
  line('Click after the pointer rested on the mark (asked ahead) → next paint, p50 / p95', (z) =>
    z.restedCrossFilter ? `${ms(z.restedCrossFilter.p50.paintMs)} / ${ms(z.restedCrossFilter.p95.paintMs)}` : '–',
  );
  line('… statements per click (median)', (z) => (z.restedCrossFilter ? String(median(z.restedCrossFilter.clicks.map((c) => c.statements.length))) : '–'));
  line('Worker busy per click, measured in the worker: median, cold / rested clicks', (z) => `${workerBusy(z.crossFilter?.clicks)} / ${workerBusy(z.restedCrossFilter?.clicks)}`);
  line('… render per view, median over those clicks (the render floor: every answer ready)', (z) => renderFloor(z.restedCrossFilter?.clicks ?? []));
  line('Three views cross-filtered, no drawing: Strata’s plan p50 / p95', (z) => (z.crossfilter ? `${ms(z.crossfilter.strata.p50)} / ${ms(z.crossfilter.strata.p95)}` : '–'));
  line('… Mosaic’s clients with its pre-aggregation p50 / p95 (activation before each click, untimed: p50)', (z) =>
    z.crossfilter ? `${ms(z.crossfilter.mosaic.p50)} / ${ms(z.crossfilter.mosaic.p95)} (${ms(z.crossfilter.mosaic.activateP50)})` : '–',
  );
  line('JS heap after load / after clicks', (z) => `${mb(z.memoryAfterLoad.jsHeapBytes)} / ${mb(z.memoryAfterClicks?.jsHeapBytes)}`);
  line('DuckDB memory after load / after clicks', (z) => `${mb(z.memoryAfterLoad.duckdbBytes)} / ${mb(z.memoryAfterClicks?.duckdbBytes)}`);
  line('Tab (renderer) RSS after load / after clicks', (z) => `${mb(z.memoryAfterLoad.rendererRssBytes)} / ${mb(z.memoryAfterClicks?.rendererRssBytes)}`);
  out.push(
    '',
    'Every view with marks that select is clicked (the KPI tiles, the filter chips and the table do not select; the NPL trend selects ',
    'a month only with `select-month`), and each click waits for all eight views of the default dashboard to redraw. ',
    'Query = time in the database (worker round trip and duckdb-wasm\'s Arrow decode included, summed over the click\'s queries); ',
    'decode = Arrow to plain rows in the sdk; render = the views\' Lit updates and d3 renderers. Query and render overlap ',
    '(a view draws while the next query runs), so the parts do not add up to the end-to-end time.',
    '',
    '## Side by side: Strata, Mosaic, native DuckDB',
    '',
    'The same aggregations: segments by tier (balance), NPL by industry class, the campaign funnel; unfiltered, filtered by ',
    'a tier and by a branch. Strata = the SDK\'s public method until plain rows; Mosaic = `@uwdata/mosaic-core` with its wasm ',
    'connector on the same duckdb-wasm instance, the query written with `@uwdata/mosaic-sql`, cache off, until plain rows; ',
    'Mosaic (Strata SQL) = the SDK\'s own SQL text through Mosaic\'s connector (then, for the funnel, the SDK\'s step from its rows to the funnel\'s, in TypeScript); native = the SDK\'s SQL (and that step) in `@duckdb/node-api`. ',
    'Ratios: Strata ÷ other (below 1: Strata faster). Times in the page are read to the 0.1 ms its clock gives; two medians ',
    'in the same 0.1 ms count as equal (the target above compares them so).',
    '',
    '| Rows | Query | Filter | Strata | Mosaic | Strata ÷ Mosaic | Mosaic (Strata SQL) | Native | Strata ÷ native | Same rows as native |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const size of results.sizes) {
    for (const q of size.shared) {
      out.push(
        `| ${rows(size.loanRows)} | ${q.name} | ${q.filter} | ${ms(q.strataMs)} | ${ms(q.mosaicMs)} | ${ratio(q.strataMs, q.mosaicMs)} | ${ms(q.mosaicStrataSqlMs)} | ${ms(q.nativeMs)} | ${ratio(q.strataMs, q.nativeMs)} | ${q.agrees === null ? '–' : q.agrees ? 'yes' : 'NO'} |`,
      );
    }
  }
  const metricNames = [...new Set(results.sizes.flatMap((size) => Object.keys(size.metrics?.unfiltered ?? {})))];
  if (metricNames.length) {
    out.push(
      '',
      "## Where a click's time goes: each metric on its own",
      '',
      'Each metric the default dashboard asks for, alone, with the result cache cleared before each run (what a new filter state ',
      'costs): unfiltered / filtered by one tier.',
      '',
      ...sizeHeader('Metric'),
      ...metricNames.map(
        (name) => `| ${name} | ${results.sizes.map((size) => (size.metrics ? `${ms(size.metrics.unfiltered[name])} / ${ms(size.metrics.filtered[name])}` : '–')).join(' | ')} |`,
      ),
      `| sum | ${results.sizes
        .map((size) => (size.metrics ? `${ms(Object.values(size.metrics.unfiltered).reduce((a, b) => a + b, 0))} / ${ms(Object.values(size.metrics.filtered).reduce((a, b) => a + b, 0))}` : '–'))
        .join(' | ')} |`,
    );
  }
  const nativeNames = [...new Set(results.sizes.flatMap((size) => Object.keys(size.nativeSdk?.unfiltered ?? {})))];
  if (nativeNames.length) {
    const cell = (size: SizeResult, state: 'unfiltered' | 'filtered', name: string) => {
      const n = size.nativeSdk?.[state][name];
      return `${ms(size.metrics?.[state][name])} · ${n ? `${ms(n.sdkMs)}${n.source === 'cube' ? ' (cube)' : ''} · ${ms(n.sqlMs)}` : '– · –'}`;
    };
    out.push(
      '',
      '## The same metrics on native DuckDB, through the SDK',
      '',
      'Each metric of the table above, timed the same way on the SDK over native DuckDB (`createNativeEngine()` from ',
      '`@strata/sdk/node`, in the Node process, every core) after a load of the same Parquet files with every check. Each cell: ',
      'in the page · the SDK call on native ("cube": answered from the cubes in memory, as in the page) · the metric\'s SQL ',
      'statement alone on native, read into plain rows (what the call costs when no cube answers it).',
      '',
    );
    for (const state of ['unfiltered', 'filtered'] as const) {
      out.push(
        `${state === 'unfiltered' ? 'Unfiltered' : 'Filtered by one tier'}:`,
        '',
        ...sizeHeader('Metric'),
        ...nativeNames.map((name) => `| ${name} | ${results.sizes.map((size) => cell(size, state, name)).join(' | ')} |`),
        '',
      );
    }
    out.pop();
  }
  const clickMetrics = [...new Set(results.sizes.flatMap((size) => (size.crossFilter?.clicks ?? []).flatMap((c) => c.statements.map((st) => st.metric))))];
  if (clickMetrics.length) {
    const perClick = (size: SizeResult, metric: string) => {
      const clicks = size.crossFilter?.clicks ?? [];
      if (!clicks.length) return '–';
      const statements = clicks.flatMap((c) => c.statements.filter((st) => st.metric === metric));
      return `${ms(statements.reduce((total, st) => total + st.ms, 0) / clicks.length)} (${(statements.length / clicks.length).toFixed(1)})`;
    };
    const total = (size: SizeResult) => {
      const clicks = size.crossFilter?.clicks ?? [];
      return clicks.length ? ms(clicks.flatMap((c) => c.statements).reduce((t, st) => t + st.ms, 0) / clicks.length) : '–';
    };
    out.push(
      '',
      "## Where a click's time goes: the statements of the scripted clicks",
      '',
      'Time in the database per click (the mean over the clicks), by the metric each statement answered, and (in brackets) ',
      'how many statements per click; statements answered from the cache are not there.',
      '',
      ...sizeHeader('Metric'),
      ...clickMetrics.map((metric) => `| ${metric} | ${results.sizes.map((size) => perClick(size, metric)).join(' | ')} |`),
      `| all | ${results.sizes.map(total).join(' | ')} |`,
    );
  }
  out.push(
    '',
    '## Bundle',
    '',
    `@strata/sdk + @strata/widgets (lit, d3, parquet-wasm glue) without duckdb-wasm and apache-arrow: ${kb(results.bundle.sdkWidgetsGzipBytes)} gzip ` +
      `(${kb(results.bundle.sdkWidgetsRawBytes)} raw); with apache-arrow ${kb(results.bundle.withArrowGzipBytes)} gzip. From \`pnpm build\`'s size-report.json.`,
    '',
  );
  const errors = results.sizes.flatMap((size) => size.errors.map((e) => `- ${rows(size.loanRows)}: ${e}`));
  if (errors.length) out.push('## Failures in this run', '', ...errors, '');
  out.push(readFileSync(FINDINGS, 'utf8').trim(), '');
  return out.join('\n');
}

/** Each view's render time per click, median over `clicks` (in ms, largest first): `kpis 6.1 · tiers 4.0 …`. */
function renderFloor(clicks: readonly ClickTiming[]): string {
  const views = [...new Set(clicks.flatMap((c) => Object.keys(c.renderByView ?? {})))];
  if (views.length === 0) return '–';
  const floors = views.map((view) => ({ view, ms: median(clicks.map((c) => c.renderByView?.[view] ?? 0)) })).sort((a, b) => b.ms - a.ms);
  return floors.map((f) => `${f.view} ${f.ms.toFixed(1)}`).join(' · ');
}

/** The worker's busy time per click (median) and its share of the click until the views settled. */
function workerBusy(clicks: readonly ClickTiming[] | undefined): string {
  const timed = (clicks ?? []).filter((c) => c.workerBusyMs !== undefined);
  if (timed.length === 0) return '–';
  const busy = median(timed.map((c) => c.workerBusyMs!));
  const share = median(timed.map((c) => c.workerBusyMs! / c.totalMs));
  return `${busy.toFixed(1)} ms (${Math.round(share * 100)} % of the click)`;
}
