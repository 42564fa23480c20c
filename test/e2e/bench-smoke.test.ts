/**
 * The benchmark harness runs (CI's smoke of `pnpm bench`): 1k loan rows through every step, with
 * Mosaic and native DuckDB beside Strata, and its JSON written. No timing is asserted: benchmarks
 * are not tests. What is asserted is that every figure was measured and every side agreed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResults } from '../bench/run.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('pnpm bench --smoke', () => {
  const out = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('measures 1k rows end to end and writes results.json', { timeout: 600_000 }, () => {
    execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'test/bench/run.ts', '--smoke', '--out', out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchResults;
    expect(results.smoke).toBe(true);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.bundle.sdkWidgetsGzipBytes).toBeGreaterThan(10_000);
    expect(results.sizes).toHaveLength(1);
    const [size] = results.sizes;
    expect(size!.loanRows).toBe(1000);
    expect(size!.errors).toEqual([]);
    for (const figure of [size!.engineStartMs, size!.readyMs.arrow, size!.readyMs.parquet, size!.firstRenderMs, size!.nativeReadyMs]) {
      expect(figure).toBeGreaterThan(0);
    }
    // Every view with marks was clicked, and every click re-ran the other views' queries.
    const clicks = size!.crossFilter!.clicks;
    expect(clicks.length).toBeGreaterThanOrEqual(6);
    expect(new Set(clicks.map((c) => c.view)).size).toBeGreaterThanOrEqual(4);
    for (const click of clicks) {
      expect(click.totalMs).toBeGreaterThan(0);
      expect(click.queries).toBeGreaterThan(0);
    }
    // Segments, NPL and funnel, three filters each; native DuckDB returned the SDK's very rows.
    expect(size!.shared).toHaveLength(9);
    for (const query of size!.shared) {
      expect(query.agrees, `${query.name}/${query.filter}`).toBe(true);
      expect(query.strataMs).toBeGreaterThan(0);
      expect(query.mosaicMs).toBeGreaterThan(0);
      expect(query.nativeMs).toBeGreaterThan(0);
    }
  });
});
