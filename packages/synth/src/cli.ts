/**
 * strata-synth --out <folder> [--rows N] [--seed S] [--format parquet|arrow|csv] [--months M] [--as-of DATE] [--branches B]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS } from './index.ts';
import { SYNTH_FORMATS, writeDataset, type SynthFormat } from './node.ts';

const USAGE = `Usage: strata-synth --out <folder> [options]

Writes a seeded synthetic bank data set (branches, managers, customers, loans, pipeline, campaigns, targets),
one file per table.

Options:
  --out <folder>       output folder (created if missing)                         required
  --rows <N>           loan snapshot rows over all month ends (1_000 … 10_000_000)  default ${DEFAULT_OPTIONS.loanRows}
  --seed <S>           PRNG seed: the same options give identical files             default ${DEFAULT_OPTIONS.seed}
  --format <F>         parquet | arrow | csv                                        default parquet
  --months <M>         month-end snapshots, the last one at --as-of                 default ${DEFAULT_OPTIONS.months}
  --as-of <DATE>       reference date YYYY-MM-DD                                    default ${DEFAULT_OPTIONS.asOf}
  --branches <B>       institutions under the head office                           default ${DEFAULT_OPTIONS.branches}
  -h, --help           show this help
`;

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value)) throw new UsageError(`--${name} must be an integer, got ${JSON.stringify(text)}`);
  return value;
}

class UsageError extends Error {}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string', short: 'o' },
        rows: { type: 'string', short: 'n' },
        seed: { type: 'string', short: 's' },
        format: { type: 'string', short: 'f' },
        months: { type: 'string' },
        'as-of': { type: 'string' },
        branches: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (!values.out) throw new UsageError('--out <folder> is required');
    const format = (values.format ?? 'parquet') as SynthFormat;
    if (!SYNTH_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${SYNTH_FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`);
    const result = await writeDataset(values.out, {
      format,
      loanRows: integer('rows', values.rows),
      seed: integer('seed', values.seed),
      months: integer('months', values.months),
      asOf: values['as-of'],
      branches: integer('branches', values.branches),
    });
    const o = result.options;
    const ends = result.monthEnds;
    let report = `strata-synth: seed ${o.seed}, ${ends.length} month ends ${ends[0]} … ${ends[ends.length - 1]}, ${o.branches} institutions → ${result.folder}\n`;
    for (const [table, rows] of Object.entries(result.rows)) {
      const t = table as keyof typeof result.rows;
      const mb = (result.bytes[t] / 1e6).toFixed(2);
      report += `  ${`${table}.${format}`.padEnd(20)} ${String(rows).padStart(11)} rows  ${mb.padStart(9)} MB  ${Math.round(result.timings.tablesMs[t])} ms\n`;
    }
    report += `  generated in ${Math.round(result.timings.generateMs)} ms, total ${Math.round(result.timings.totalMs)} ms\n`;
    process.stdout.write(report);
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`strata-synth: ${(error as Error).message}\n${usage ? `\n${USAGE}` : ''}`);
    return usage || error instanceof RangeError ? 2 : 1;
  }
}

// A closed pipe (strata-synth … | head) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});
process.exitCode = await main();
