/**
 * Long names against ordinary ones (issue 17: hostile text costs what ordinary text costs). The same
 * generated bank is loaded into the default dashboard of the benchmark page (headless Chromium,
 * production build, strict CSP) once as generated and once per length with every branch, manager,
 * and customer name that many characters long (the ordinary name, then itself repeated) and every
 * industry 1,000 (the most the SDK's rules take, which give an industry its class);
 * and once with a single long name (the first branch's, manager's and customer's name 5,000
 * characters long, `--one`: what one hostile value costs); the same five selections are clicked,
 * one in each view with selectable marks (each cleared again before the next, untimed), and each
 * click's time and the longest main-thread task during it are reported side by side, with the
 * first render split into the load (to its event) and the views' render after it.
 *
 *   pnpm exec tsx test/bench/long-text.ts [--rows 10000] [--lengths 5000,20000] [--one 5000] [--runs 2] [--profile]
 *
 * --runs: fresh pages per variant (each figure is the median over them). --profile: an unminified
 * build and a CPU profile of the clicks of each long variant, its heaviest functions printed.
 * Figures go to test/.out/bench-long-text/results.json; test/bench/findings.md quotes them.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_RULES, TABLE_NAMES } from '@strata/sdk';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveDemo, STRICT_CSP } from '../../demo/serve.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.mjs';
import { literal } from '../../packages/sdk/src/sql/quote.ts';
import { BENCH_DATA, ensureDataset, type BenchDataset } from './data.ts';
import { median } from './page/quantile.ts';
import { call, openPage } from './run.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(root, 'test/.out/bench-long-text-dist');
const OUT = join(root, 'test/.out/bench-long-text');

function parseArgs(argv: string[]) {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const rows = Number(value('rows') ?? 10_000);
  const lengths = (value('lengths') ?? '5000,20000').split(',').map(Number);
  const runs = Number(value('runs') ?? 2);
  const clicks = Number(value('clicks') ?? 5);
  const one = Number(value('one') ?? 5000);
  for (const [name, n] of [['rows', rows], ['runs', runs], ['clicks', clicks], ['one', one], ...lengths.map((n) => ['lengths', n] as const)] as const) {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: positive integers, got ${value(name)}`);
  }
  return { rows, lengths, one, runs, clicks, profile: argv.includes('--profile') };
}

/** `column` made `length` characters long: itself, '·', then itself repeated (NULL stays NULL). */
const longSql = (column: string, length: number) =>
  `CASE WHEN ${column} IS NULL THEN NULL ELSE left(${column} || '·' || repeat(${column} || ' ', ${length} // (length(${column}) + 1) + 1), ${length}) END`;

/** Which table columns hold names: each is lengthened. */
const NAME_COLUMNS: Partial<Record<string, string[]>> = { branches: ['name'], managers: ['name'], customers: ['name', 'industry'] };

/**
 * The longest industry the SDK's rules accept (rules.ts): an industry's class comes from its name,
 * so industries stop at this length, to keep their classes (and the bank) as generated.
 */
const MAX_INDUSTRY = 1_000;

interface Variant {
  label: string;
  /** Characters per name (0: as generated). */
  length: number;
  manifest: string;
  /** The rules file (industry classes of the long industry names), relative to the data folder. */
  rules?: string;
}

/**
 * The base data set with every name `length` characters long, in BENCH_DATA/<base>-long<length>/,
 * and rules that give each long industry the class its ordinary name has (the same bank, by
 * other names). With `single`, only the first row's name of each table is long (industries stay
 * as generated). Written once per base data set, length and kind.
 */
async function longDataset(base: BenchDataset, length: number, single = false): Promise<Variant> {
  const name = `${base.name}-long${length}${single ? '-one' : ''}`;
  const folder = join(BENCH_DATA, name);
  const variant = single
    ? { label: `one ${length.toLocaleString('en')}-character name`, length, manifest: `${name}/manifest.json` }
    : { label: `${length.toLocaleString('en')}-character names`, length, manifest: `${name}/manifest.json`, rules: `${name}/rules.json` };
  const stamp = JSON.stringify({ base: base.name, bytes: base.bytes, length, single, industry: Math.min(length, MAX_INDUSTRY) });
  try {
    if ((await readFile(join(folder, 'stamp.json'), 'utf8')) === stamp) return variant;
  } catch {
    // Missing: written below.
  }
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const tables: Record<string, string> = {};
    for (const table of TABLE_NAMES) {
      const file = `${table}.parquet`;
      tables[table] = file;
      const columns = NAME_COLUMNS[table];
      if (!columns) {
        await copyFile(join(base.folder, file), join(folder, file));
        continue;
      }
      const replace = single
        ? columns
            .filter((c) => c !== 'industry')
            .map((c) => `CASE WHEN row_number() OVER () = 1 THEN ${longSql(c, length)} ELSE ${c} END AS ${c}`)
            .join(', ')
        : columns.map((c) => `${longSql(c, c === 'industry' ? Math.min(length, MAX_INDUSTRY) : length)} AS ${c}`).join(', ');
      await connection.run(`COPY (SELECT * REPLACE (${replace}) FROM read_parquet(${literal(join(base.folder, file))})) TO ${literal(join(folder, file))} (FORMAT parquet)`);
    }
    if (single) {
      await writeFile(join(folder, 'manifest.json'), `${JSON.stringify({ tables }, null, 2)}\n`);
      await writeFile(join(folder, 'stamp.json'), stamp);
      return variant;
    }
    const industries = (
      await connection.runAndReadAll(`SELECT DISTINCT industry, ${longSql('industry', Math.min(length, MAX_INDUSTRY))} AS long FROM read_parquet(${literal(join(base.folder, 'customers.parquet'))}) WHERE industry IS NOT NULL`)
    ).getRowObjectsJS() as { industry: string; long: string }[];
    const industryClass = Object.fromEntries(industries.map(({ industry, long }) => [long, DEFAULT_RULES.industryClass[industry] ?? 3]));
    await writeFile(join(folder, 'rules.json'), JSON.stringify({ industryClass }));
    await writeFile(join(folder, 'manifest.json'), `${JSON.stringify({ tables }, null, 2)}\n`);
    await writeFile(join(folder, 'stamp.json'), stamp);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return variant;
}

interface Click {
  view: string;
  totalMs: number;
  renderMs: number;
  queryMs: number;
  /** The longest main-thread task (Long Tasks API: tasks over 50 ms; 0 when none was). */
  longestTaskMs: number;
}

interface Run {
  firstRenderMs: number;
  /** When the load's event came (ms since navigation): the rest of the first render is the views'. */
  loadedMs: number;
  firstRenderLongestTaskMs: number;
  clicks: Click[];
}

/** Long tasks since the last call (an observer installed on first use, buffered from the page's start). */
const longestTask = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as { longTasks?: number[] };
    if (!g.longTasks) {
      g.longTasks = [];
      new PerformanceObserver((list) => g.longTasks!.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
    }
    return new Promise<number>((resolve) =>
      // The observer reports a task after it ends: give it a frame.
      requestAnimationFrame(() => setTimeout(() => resolve(Math.max(0, ...g.longTasks!.splice(0))), 0)),
    );
  });

async function runVariant(browser: Browser, base: string, variant: Variant, clicks: number, profile: boolean): Promise<Run> {
  const query = `dashboard=${encodeURIComponent(`${base}data/${variant.manifest}`)}${variant.rules ? `&rules=${encodeURIComponent(`${base}data/${variant.rules}`)}` : ''}`;
  const { page, close } = await openPage(browser, `${base}index.html?${query}`);
  try {
    const first = await call(page, 'firstRender');
    const firstRenderLongestTaskMs = await longestTask(page);
    const targets = await call(page, 'targets');
    const session = profile ? await page.context().newCDPSession(page) : undefined;
    if (session) {
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 200 });
      await session.send('Profiler.start');
    }
    const out: Click[] = [];
    for (let i = 0; i < clicks && targets.length > 0; i++) {
      const view = targets[i % targets.length]!.view;
      const mark = Math.floor(i / targets.length);
      const timing = await call(page, 'click', view, mark);
      if (!timing) throw new Error(`no mark to click in ${view}`);
      out.push({ view, totalMs: timing.totalMs, renderMs: timing.renderMs, queryMs: timing.queryMs, longestTaskMs: await longestTask(page) });
      // The same mark again clears the selection (not timed): each selection starts from the whole bank.
      await call(page, 'click', view, mark);
      await longestTask(page);
    }
    if (session) {
      const { profile: cpu } = await session.send('Profiler.stop');
      await writeFile(join(OUT, `clicks-${variant.length}.cpuprofile`), JSON.stringify(cpu));
      printHeaviest(cpu as CpuProfile);
    }
    return { firstRenderMs: first.ms, loadedMs: first.loadedMs, firstRenderLongestTaskMs, clicks: out };
  } finally {
    await close();
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in a CPU profile. */
function printHeaviest(cpu: CpuProfile): void {
  const self = new Map<number, number>();
  cpu.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (cpu.timeDeltas[i] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  for (const node of cpu.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  for (const [key, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`    ${ms.toFixed(0).padStart(7)} ms  ${key}`);
}

/** Each click's figures, the median over the runs. */
function medianRun(runs: Run[]): Run {
  const pick = (f: (r: Run) => number) => median(runs.map(f));
  return {
    firstRenderMs: pick((r) => r.firstRenderMs),
    loadedMs: pick((r) => r.loadedMs),
    firstRenderLongestTaskMs: pick((r) => r.firstRenderLongestTaskMs),
    clicks: runs[0]!.clicks.map((c, i) => ({
      view: c.view,
      totalMs: pick((r) => r.clicks[i]!.totalMs),
      renderMs: pick((r) => r.clicks[i]!.renderMs),
      queryMs: pick((r) => r.clicks[i]!.queryMs),
      longestTaskMs: pick((r) => r.clicks[i]!.longestTaskMs),
    })),
  };
}

const ms = (n: number) => `${Math.round(n)} ms`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`long-text: building the benchmark page${args.profile ? ' (unminified)' : ''}`);
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'test/bench/vite.config.ts', '--outDir', DIST, ...(args.profile ? ['--minify', 'false'] : [])],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await mkdir(OUT, { recursive: true });
  const dataset = await ensureDataset(args.rows, 'parquet');
  const variants: Variant[] = [{ label: 'ordinary names', length: 0, manifest: `${dataset.name}/manifest.json` }];
  variants.push(await longDataset(dataset, args.one, true));
  for (const length of args.lengths) variants.push(await longDataset(dataset, length));
  console.log(`long-text: ${args.rows.toLocaleString('en')} loan rows; ${variants.map((v) => v.label).join(', ')}; ${args.runs} runs`);
  await symlink(BENCH_DATA, join(DIST, 'data'), 'dir');
  const server = await serveDemo({ root: DIST, host: '127.0.0.1', port: 0, csp: STRICT_CSP });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const runs = new Map<Variant, Run[]>(variants.map((v) => [v, []]));
  try {
    // Round by round, every variant in each: a machine that slows down slows them all.
    for (let run = 0; run < args.runs; run++) {
      for (const variant of variants) {
        const r = await runVariant(browser, server.url, variant, args.clicks, args.profile && variant.length > 0 && run === 0);
        console.log(`  ${variant.label}, run ${run + 1}: first render ${ms(r.firstRenderMs)}; clicks ${r.clicks.map((c) => `${c.view} ${ms(c.totalMs)}`).join(', ')}`);
        runs.get(variant)!.push(r);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const results = variants.map((v) => ({ variant: v.label, length: v.length, runs: runs.get(v)!, median: medianRun(runs.get(v)!) }));
  await writeFile(join(OUT, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), rows: args.rows, results }, null, 2)}\n`);

  // Side by side: each click (median over the runs), its longest task, and the totals.
  const ordinary = results[0]!.median;
  console.log(`\n| Click | ${results.map((r) => r.variant).join(' | ')} |`);
  console.log(`| --- | ${results.map(() => '---').join(' | ')} |`);
  ordinary.clicks.forEach((c, i) =>
    console.log(`| ${i + 1}. ${c.view} | ${results.map((r) => `${ms(r.median.clicks[i]!.totalMs)} (longest task ${ms(r.median.clicks[i]!.longestTaskMs)})`).join(' | ')} |`),
  );
  const total = (r: Run) => r.clicks.reduce((sum, c) => sum + c.totalMs, 0);
  const longest = (r: Run) => Math.max(0, ...r.clicks.map((c) => c.longestTaskMs));
  console.log(`| All ${ordinary.clicks.length} clicks | ${results.map((r) => `${ms(total(r.median))} (${((total(r.median) / total(ordinary) - 1) * 100).toFixed(0)} %)`).join(' | ')} |`);
  console.log(`| Longest task in a click | ${results.map((r) => ms(longest(r.median))).join(' | ')} |`);
  const change = (value: number, base: number) => `${((value / base - 1) * 100).toFixed(0)} %`;
  console.log(`| First render | ${results.map((r) => `${ms(r.median.firstRenderMs)} (longest task ${ms(r.median.firstRenderLongestTaskMs)})`).join(' | ')} |`);
  console.log(`| … load to its event | ${results.map((r) => `${ms(r.median.loadedMs)} (${change(r.median.loadedMs, ordinary.loadedMs)})`).join(' | ')} |`);
  const render = (r: Run) => r.firstRenderMs - r.loadedMs;
  console.log(`| … the views after it | ${results.map((r) => `${ms(render(r.median))} (${change(render(r.median), render(ordinary))})`).join(' | ')} |`);
  console.log(`\nlong-text: ${join(OUT, 'results.json')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
