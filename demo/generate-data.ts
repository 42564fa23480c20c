/**
 * Writes the demo's synthetic branches to demo/public/data/<code>/ (Parquet, one file per table)
 * with a manifest.json each, which `<strata-dashboard src>` reads. Skips a branch whose manifest
 * already records the same options (pass --force to rewrite). Run before `vite` dev and build:
 *   pnpm exec tsx demo/generate-data.ts [--force] [--out folder]
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TABLE_NAMES } from '@strata/sdk';
import { writeDataset } from '@strata/synth/node';
import { BRANCH_DATASETS, type BranchDataset } from './src/branches.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export interface DemoManifest {
  name: string;
  nameEn: string;
  tables: Record<string, string>;
  rows: Record<string, number>;
  generator: { seed: number; loanRows: number; asOf: string; format: 'parquet' };
}

function generatorOf(branch: BranchDataset): DemoManifest['generator'] {
  return { seed: branch.seed, loanRows: branch.loanRows, asOf: branch.asOf, format: 'parquet' };
}

async function upToDate(folder: string, branch: BranchDataset): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as DemoManifest;
    if (JSON.stringify(manifest.generator) !== JSON.stringify(generatorOf(branch))) return false;
    // Data written before a table joined the model (holdings, contacts) is written again.
    if (!TABLE_NAMES.every((table) => Object.hasOwn(manifest.tables, table))) return false;
    for (const file of Object.values(manifest.tables)) await stat(join(folder, file));
    return true;
  } catch {
    return false;
  }
}

/** Generates every demo branch under `root` (default demo/public/data); returns their folders. */
export async function generateDemoData(root = join(here, 'public', 'data'), force = false): Promise<string[]> {
  const folders: string[] = [];
  for (const branch of BRANCH_DATASETS) {
    const folder = join(root, branch.code);
    folders.push(folder);
    if (!force && (await upToDate(folder, branch))) {
      console.log(`  ${branch.code}: up to date`);
      continue;
    }
    await rm(folder, { recursive: true, force: true });
    const result = await writeDataset(folder, { format: 'parquet', seed: branch.seed, loanRows: branch.loanRows, asOf: branch.asOf });
    const manifest: DemoManifest = {
      name: branch.name,
      nameEn: branch.nameEn,
      tables: Object.fromEntries(Object.entries(result.files).map(([table, path]) => [table, basename(path)])),
      rows: result.rows,
      generator: generatorOf(branch),
    };
    await writeFile(join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`  ${branch.code}: ${branch.loanRows.toLocaleString('en')} loan rows (seed ${branch.seed}) in ${Math.round(result.timings.totalMs)} ms`);
  }
  return folders;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const root = outIndex >= 0 && args[outIndex + 1] ? resolve(args[outIndex + 1]!) : undefined;
  console.log('› demo data (synthetic branches)');
  await generateDemoData(root, args.includes('--force'));
}
