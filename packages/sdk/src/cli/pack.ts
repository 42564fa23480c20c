/** `strata pack`: load a folder with every check, then write its tables as a bundle (docs/bundle.md). */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProblem, LoadError } from '../load/errors.ts';
import type { DeriveSql } from '../load/load.ts';
import { TABLE_NAMES } from '../schema.ts';
import { UsageError, type CliArgs } from './args.ts';
import { assignFiles, readInput, readMapping } from './files.ts';
import { formatTable } from './format.ts';
import { loadErrorText } from './report.ts';
import type { Io } from './run.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function sdkVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs `strata pack`; returns the exit code as `run` does. */
export async function runPack(args: CliArgs, io: Io): Promise<number> {
  if (Object.keys(args.metricArgs).length > 0 || args.filters.length > 0 || args.rules !== undefined) {
    throw new UsageError('pack takes only --data, --map, --orphans, --out and --json (tiers and groups are derived when the bundle is loaded, under that Strata\'s rules)');
  }
  if (!args.out) throw new UsageError('pack needs --out <dir>: the folder to write the bundle to');
  const mapping = args.map ? readMapping(args.map) : undefined;
  const input = readInput(assignFiles(args.data, mapping));

  const started = performance.now();
  const { Strata, createNativeEngine } = await import('../node.ts');
  // Native DuckDB: the same load and checks as duckdb-wasm, on every core and without wasm's 4 GB.
  const engine = await createNativeEngine();
  const strata = await Strata.open({ engine });
  try {
    let loaded;
    try {
      loaded = await strata.load(input, { mapping, orphans: args.orphans, replace: 'all' });
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      for (const line of loadErrorText(error)) io.err(line);
      return 1;
    }
    for (const w of loaded.warnings) io.err(`warning: ${formatProblem(w)} (${plural(w.count, 'row')})`);
    const { packTables } = await import('../load/bundle-pack.ts');
    const tables = TABLE_NAMES.filter((t) => loaded.rows[t] !== undefined);
    const { rebuildFactsSql } = await import('../queries/derive.ts');
    const deriveSql: DeriveSql = (names, loanRows) => rebuildFactsSql(strata.rules, names, loanRows);
    const { manifest, files } = await packTables(engine, tables, { strataVersion: await sdkVersion(), rules: strata.rules, deriveSql });
    await mkdir(args.out, { recursive: true });
    for (const { file, bytes } of files) await writeFile(path.join(args.out, file), bytes);
    // The manifest last, by a rename: a bundle whose writing stopped halfway has no manifest naming files it lacks.
    const manifestPath = path.join(args.out, 'manifest.json');
    await writeFile(`${manifestPath}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(`${manifestPath}.tmp`, manifestPath);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (args.json) io.out(JSON.stringify(manifest, null, 2));
    else {
      io.out(formatTable(manifest.tables.map((t) => ({ table: t.name, file: t.file, rows: t.rows, bytes: t.bytes }))));
      const derived = manifest.derived?.tables ?? [];
      io.out(`\nDerived layer (tiers, groups, facts and cubes under the default rules): ${plural(derived.length, 'file')}, ${derived.reduce((sum, t) => sum + t.bytes, 0).toLocaleString('en-US')} bytes`);
      io.out(`Wrote ${manifestPath} (${plural(manifest.tables.length, 'table')}, ${[...manifest.tables, ...derived].reduce((sum, t) => sum + t.bytes, 0).toLocaleString('en-US')} bytes in all) in ${seconds} s`);
    }
    return 0;
  } finally {
    await strata.close();
  }
}
