/**
 * The benchmark's data: one synthetic bank per size and format from @strata/synth, written once to
 * test/.out/bench-data/<rows>-<format>/ with a manifest.json (what <strata-dashboard src> reads),
 * and rewritten only when the generator's options change.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TABLE_NAMES } from '@strata/sdk';
import { writeDataset, type SynthFormat } from '@strata/synth/node';

export const BENCH_DATA = fileURLToPath(new URL('../.out/bench-data', import.meta.url));
export const BENCH_SEED = 20_240_630;

export interface BenchDataset {
  /** Folder name under BENCH_DATA, also the URL path under the page's data/ folder. */
  name: string;
  folder: string;
  format: SynthFormat;
  loanRows: number;
  rows: Record<string, number>;
  bytes: Record<string, number>;
  /** Seconds the generator took (0 when the files were already there). */
  generatedSeconds: number;
}

interface Stamp {
  generator: { seed: number; loanRows: number; format: SynthFormat };
  tables: Record<string, string>;
  rows: Record<string, number>;
  bytes: Record<string, number>;
}

export async function ensureDataset(loanRows: number, format: SynthFormat): Promise<BenchDataset> {
  const name = `${loanRows}-${format}`;
  const folder = join(BENCH_DATA, name);
  const generator = { seed: BENCH_SEED, loanRows, format };
  try {
    const stamp = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as Stamp;
    // Data written before a table joined the model (holdings, contacts) is generated again.
    if (JSON.stringify(stamp.generator) === JSON.stringify(generator) && TABLE_NAMES.every((table) => Object.hasOwn(stamp.tables, table))) {
      for (const file of Object.values(stamp.tables)) await stat(join(folder, file));
      return { name, folder, format, loanRows, rows: stamp.rows, bytes: stamp.bytes, generatedSeconds: 0 };
    }
  } catch {
    // Missing or stale: generate below.
  }
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const result = await writeDataset(folder, { seed: BENCH_SEED, loanRows, format });
  const stamp: Stamp = {
    generator,
    tables: Object.fromEntries(Object.entries(result.files).map(([table, path]) => [table, basename(path)])),
    rows: result.rows,
    bytes: result.bytes,
  };
  await writeFile(join(folder, 'manifest.json'), `${JSON.stringify(stamp, null, 2)}\n`);
  return { name, folder, format, loanRows, rows: result.rows, bytes: result.bytes, generatedSeconds: result.timings.totalMs / 1000 };
}

/** Largest size packed into a bundle: 10M loans' would be some 600 MB for a page to fetch and decode (1M: 61 MB). */
export const MAX_BUNDLE_ROWS = 1_000_000;

/**
 * `dataset` packed by `strata pack` (the CLI, as a user runs it) into test/.out/bench-data/<rows>-bundle/:
 * packed afresh each run, as the bundle's derived layer is the current code's (an older one would
 * be derived again at load, which is another measurement).
 */
export async function packBundle(dataset: BenchDataset): Promise<{ name: string; folder: string; bytes: number; packSeconds: number }> {
  const name = `${dataset.loanRows}-bundle`;
  const folder = join(BENCH_DATA, name);
  await rm(folder, { recursive: true, force: true });
  const started = performance.now();
  const cli = fileURLToPath(new URL('../../packages/sdk/bin/strata.js', import.meta.url));
  await promisify(execFile)(process.execPath, [cli, 'pack', '--data', dataset.folder, '--out', folder], { maxBuffer: 2 ** 24 });
  const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as { tables: { bytes: number }[]; derived?: { tables: { bytes: number }[] } };
  const bytes = [...manifest.tables, ...(manifest.derived?.tables ?? [])].reduce((total, t) => total + t.bytes, 0);
  return { name, folder, bytes, packSeconds: (performance.now() - started) / 1000 };
}
