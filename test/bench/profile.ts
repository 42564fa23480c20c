/**
 * Where the time goes, for whoever makes Strata faster (not part of BENCHMARKS.md): one load of the
 * benchmark data in headless Chromium with each database call over 10 ms listed, then each metric
 * of the default dashboard on its own, uncached, unfiltered and filtered by a tier.
 *
 *   pnpm exec tsx test/bench/profile.ts [loanRows=1000000]   (generates the data if needed)
 */
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDemo } from '../../demo/serve.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.mjs';
import { BENCH_DATA, ensureDataset } from './data.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'test/.out/bench-dist');
const loanRows = Number(process.argv[2] ?? 1_000_000);

const dataset = await ensureDataset(loanRows, 'parquet');
execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'test/bench/vite.config.ts'], { cwd: root, stdio: 'inherit' });
rmSync(join(dist, 'data'), { force: true });
symlinkSync(BENCH_DATA, join(dist, 'data'), 'dir');
const server = await serveDemo({ root: dist, port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}index.html`);
  await page.waitForFunction(() => 'strataBench' in globalThis);
  const result = await page.evaluate(async (manifest) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const bench = (globalThis as any).strataBench;
    await bench.start();
    const load = await bench.profileLoad(manifest);
    if (load.error) return { load, memory: await bench.memory(), unfiltered: {}, filtered: {} };
    return { load, memory: await bench.memory(), unfiltered: await bench.profileMetrics(3, false), filtered: await bench.profileMetrics(3, true) };
  }, `${server.url}data/${dataset.name}/manifest.json`);
  console.log(`load of ${loanRows.toLocaleString('en')} loan rows: ${Math.round(result.load.totalMs)} ms`);
  for (const call of result.load.calls as { what: string; ms: number }[]) console.log(`  ${String(Math.round(call.ms)).padStart(6)} ms  ${call.what}`);
  if (result.load.error) console.log(`load failed: ${result.load.error}`);
  console.log(`DuckDB memory: ${Math.round((result.memory.duckdbBytes ?? 0) / 2 ** 20)} MB`);
  console.log('metric (ms): unfiltered / filtered by a tier');
  for (const [name, ms] of Object.entries(result.unfiltered as Record<string, number>)) {
    console.log(`  ${name.padEnd(16)} ${ms.toFixed(1).padStart(7)} / ${(result.filtered as Record<string, number>)[name]!.toFixed(1)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
