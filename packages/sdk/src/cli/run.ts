import { StrataOptionError } from '../errors.ts';
import { LoadError, formatProblem } from '../load/errors.ts';
import type { LoadReport } from '../load/load.ts';
import { resolveRules, type RulesOverride } from '../rules.ts';
import type { Strata } from '../strata.ts';
import { USAGE, UsageError, parseCliArgs } from './args.ts';
import { assignFiles, bundleManifest, readInput, readJson, readMapping } from './files.ts';
import { describeFilters, parseFilters } from './filters.ts';
import { formatTable } from './format.ts';
import { checkMetric, runMetric } from './metrics.ts';
import { loadErrorText, reportText } from './report.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Runs one command line; returns the exit code (0 ok, 1 load or query failed, 2 usage). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let strata: Strata | undefined;
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    if (args.command === 'pack') return await (await import('./pack.ts')).runPack(args, io);
    const check = args.command === 'check';
    if (check && (Object.keys(args.metricArgs).length > 0 || args.filters.length > 0)) {
      throw new UsageError('check takes only --data, --map, --rules, --orphans and --json');
    }
    const clauses = parseFilters(args.filters);
    const listing = args.command === 'list' ? (await import('./list.ts')) : undefined;
    const listOptions = listing?.listOptions(args);
    const metric = check || listing ? undefined : checkMetric(args.command, args.metricArgs);
    const mapping = args.map ? readMapping(args.map) : undefined;
    const rules = args.rules ? (readJson('--rules', args.rules) as RulesOverride) : undefined;
    try {
      resolveRules(rules);
    } catch (error) {
      if (error instanceof StrataOptionError) throw new UsageError(`--rules: ${error.message}`);
      throw error;
    }
    const bundle = bundleManifest(args.data);
    const input = bundle !== undefined ? { bundle } : readInput(assignFiles(args.data, mapping));

    // Only now the engine: usage errors answer without loading duckdb-wasm.
    const { Strata } = await import('../node.ts');
    strata = await Strata.open({ rules });
    let report: LoadReport;
    try {
      report = await strata.load(input, { mapping, orphans: args.orphans });
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      for (const line of loadErrorText(error)) io.err(line);
      return 1;
    }
    if (check) {
      io.out(args.json ? JSON.stringify(report, null, 2) : reportText(report));
      return 0;
    }
    for (const w of report.warnings) io.err(`warning: ${formatProblem(w)} (${plural(w.count, 'row')})`);
    strata.filters.replace(clauses);
    const rows = listing ? await listing.runList(strata, listOptions!, args.json) : await runMetric(strata, metric!, args.metricArgs);
    if (args.json) io.out(JSON.stringify(rows, null, 2));
    else io.out(clauses.length > 0 ? `${formatTable(rows)}\n\nFiltered: ${describeFilters(clauses)}` : formatTable(rows));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`strata: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`strata: ${(error as Error).message}`);
    return 1;
  } finally {
    await strata?.close();
  }
}
