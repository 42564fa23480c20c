import { parseArgs } from 'node:util';
import { describeValue } from '../errors.ts';
import type { OrphanPolicy } from '../load/mapping.ts';
import { isCalendarDate } from '../options.ts';

export const USAGE = `Usage: strata <metric> --data <folder | file | table=path> ... [--filter field=value ...] [options]
       strata check --data <folder | file | table=path> ... [--map mapping.json]
       strata pack --data <folder | file | table=path> ... --out <dir> [--map mapping.json]
       strata list --preset <name> --data ... [--days N] [--as-of date] [--filter ...] [--limit N] [--unmasked]

Loads the files into an in-process DuckDB and prints one metric as a table (or JSON).

Metrics:
  kpis             loans, balance, NPL and special-mention ratios, customers, attainment
  segments         customers, balance, deposits per segment        (needs --by, e.g. tier)
  npl              NPL ratio by balance and by count               [--by field]
  npl-trend        NPL ratio per month end                         [--by, --from, --to]
  class-mix        five-category balances                          [--by field]
  migration        migration matrix between two month ends         [--from, --to]
  migration-rates  迁徙率 per class between two month ends         [--from, --to]
  vintage          cumulative NPL / original amount by cohort      [--by field]
  funnel           pipeline count, amount and conversion per stage [--campaign, --by,
                   and what the disbursed stage counts for a target --metric, --as-of]
  lost-reasons     lost leads by reason                            [--campaign]
  overdue          open leads without an update for --days days    [--campaign, --by, --days]
  attainment       完成率 against 序时进度                         (needs --by branch|manager)
  coverage         a list's customers contacted within --within days (default 30), per
                   manager                                         [--preset, --within, --by]
  pending          待跟进: open leads past their agreed next contact date, per manager
  cadence          customers behind their tier's visit cadence (rules.cadence), per tier
  list             a marketing list (名单) with the reason each customer is on it:
                   --preset mortgage_without_consumer | wealth_without_loan |
                   card_without_loan | maturing | paid_off_good | no_loan |
                   large_borrowers | payroll_unit | merchants | overdue_leads | handoff |
                   behind_cadence
                   (or only --filter clauses); names masked unless --unmasked
  check            only load, and print rows per table, units applied, files read,
                   warnings and ignored columns
  pack             load with every check, then write the tables to --out as a bundle:
                   one Parquet file per table and manifest.json (rows, bytes, SHA-256),
                   which Strata.load({ bundle }) and <strata-dashboard src> load
                   without the checks while the hashes match (docs/bundle.md)

Data:
  --data <folder>      every file named after a table: loans.csv, customers.parquet,
                       pipeline.arrow, targets.json ... (.csv .tsv .txt .parquet .arrow
                       .ipc .feather .json .ndjson)
  --data <table=path>  one table from one file (repeat --data for more)
  --data <file>        a file named after a table, or with --map: the file feeds every
                       table the mapping names (several tables from one wide file)
  --data <manifest.json>  a bundle made by strata pack (loaded without the checks
                       while every file matches its hash)
  --map <mapping.json> column mapping (docs/mapping.md)
  --rules <rules.json> tiering and grouping rules override (e.g. industryClass)
  --orphans <error|warning>  dangling references stop the load (default) or only warn
  --out <dir>          pack: the folder the bundle is written to (created if need be)

Filters (any metric; fields as for --by, in any accepted spelling):
  --filter field=value   only rows whose field is value; the same field repeated: any of
                         its values (--filter tier=corp_gold --filter tier=corp_mid)
  --filter field!=value  leave out rows whose field is value (repeatable)
  --filter field>=value, field<=value  a range (amounts, dates, day counts): deposits_avg,
                         aum, loan_balance, open_date, next_maturity, days_to_maturity,
                         days_since_contact ...; holds=product / holds!=product: what a
                         customer holds (loans and holdings)
                         Filters on different fields all apply. Values as the field holds
                         them: industry_class 1, 2 or 3; is_strategic, is_payroll, has_loan
                         true or false; as_of a date such as 2024-12-31; kind, tier,
                         lifecycle, relationship_type, classification, product, stage,
                         channel a code (or a label a load accepts: 次级, 对公 ...);
                         branch, manager, industry, campaign ... as in the data.

Options:
  --by <field>         group by: kind, tier, industry, industry_class, lifecycle, branch,
                       manager, product, classification, as_of, stage, channel, ...
  --as-of <date>       month end (default: the latest); attainment and funnel: the
                       reference date
  --from <date> --to <date>  month ends of trends and migration
  --campaign <id>      campaign (default: the one running at the data's latest date)
  --measure <m>        segments: customers | balance | deposits | contribution
  --metric <m>         attainment, funnel: loan_amount | cards | installment_amount |
                       new_customers (default loan_amount)
  --days <n>           overdue: days without an update (default 14); list: maturing
                       within (default 90), overdue_leads idle over (default 14)
  --preset <name>      list, coverage: which list
  --within <n>         coverage: contacted within this many days (default 30)
  --limit <n>          list: at most this many rows (default 100)
  --unmasked           list: names in full (default masked: 张*丰)
  --json               print the rows (check: the load report) as JSON
  -h, --help           this text

Exit codes: 0 ok, 1 the load or a query failed, 2 usage error.`;

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options a metric may take, named as the Strata methods name them. */
export interface MetricArgs {
  by?: string;
  asOf?: string;
  from?: string;
  to?: string;
  campaign?: string;
  measure?: string;
  metric?: string;
  days?: number;
  preset?: string;
  within?: number;
}

export interface CliArgs {
  command: string;
  data: string[];
  map?: string;
  rules?: string;
  orphans?: OrphanPolicy;
  /** pack: the folder to write the bundle to. */
  out?: string;
  json: boolean;
  help: boolean;
  /** The metric options given on the command line (only those present). */
  metricArgs: MetricArgs;
  /** The --filter arguments as given (field=value, field!=value). */
  filters: string[];
  /** list's own options (only those present). */
  listArgs: { limit?: number; unmasked?: boolean };
}

function date(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value)) throw new UsageError(`--${flag} must be a date such as 2024-12-31, got ${describeValue(value)}`);
  return value;
}

/** A whole number of days given as text, or a usage error naming its flag. */
function wholeDays(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`--${flag} must be a whole number, got ${describeValue(value)}`);
  return n;
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string', multiple: true, short: 'd' },
        map: { type: 'string' },
        rules: { type: 'string' },
        orphans: { type: 'string' },
        out: { type: 'string' },
        by: { type: 'string' },
        'as-of': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        campaign: { type: 'string' },
        measure: { type: 'string' },
        metric: { type: 'string' },
        days: { type: 'string' },
        filter: { type: 'string', multiple: true },
        preset: { type: 'string' },
        within: { type: 'string' },
        limit: { type: 'string' },
        unmasked: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { command: '', data: [], json: false, help: true, metricArgs: {}, filters: [], listArgs: {} };
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'Give a metric or check' : `One metric at a time, got ${positionals.join(' ')}`);
  }
  if (v.orphans !== undefined && v.orphans !== 'error' && v.orphans !== 'warning') {
    throw new UsageError(`--orphans must be error or warning, got ${describeValue(v.orphans)}`);
  }
  let days: number | undefined;
  if (v.days !== undefined) {
    days = Number(v.days);
    if (!/^\d+$/.test(v.days) || !Number.isSafeInteger(days)) throw new UsageError(`--days must be a whole number, got ${describeValue(v.days)}`);
  }
  const metricArgs: MetricArgs = {
    by: v.by,
    asOf: date('as-of', v['as-of']),
    from: date('from', v.from),
    to: date('to', v.to),
    campaign: v.campaign,
    measure: v.measure,
    metric: v.metric,
    days,
    preset: v.preset,
    within: wholeDays('within', v.within),
  };
  for (const key of Object.keys(metricArgs) as (keyof MetricArgs)[]) if (metricArgs[key] === undefined) delete metricArgs[key];
  const listArgs: CliArgs['listArgs'] = {};
  if (v.limit !== undefined) {
    listArgs.limit = Number(v.limit);
    if (!/^\d+$/.test(v.limit) || !Number.isSafeInteger(listArgs.limit)) throw new UsageError(`--limit must be a whole number, got ${describeValue(v.limit)}`);
  }
  if (v.unmasked) listArgs.unmasked = true;
  if (positionals[0] !== 'list' && Object.keys(listArgs).length > 0) throw new UsageError(`--limit and --unmasked are options of list, not of ${positionals[0]}`);
  if (!v.data || v.data.length === 0) throw new UsageError('Give the data: --data <folder | file | table=path>');
  return {
    command: positionals[0] as string,
    data: v.data,
    map: v.map,
    rules: v.rules,
    orphans: v.orphans as OrphanPolicy | undefined,
    out: v.out,
    json: v.json,
    help: false,
    metricArgs,
    filters: v.filter ?? [],
    listArgs,
  };
}
