/**
 * `strata list --preset <name>`: a marketing list as a table (or JSON), names masked unless
 * `--unmasked`. Its options are checked by the SDK's own checks before any file is read.
 */
import { describeValue, StrataOptionError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import type { MarketingListRow, Strata } from '../strata.ts';
import { UsageError, type CliArgs } from './args.ts';

/** The list's options from the command line (checked; a bad one is a usage error naming its flag). */
export function listOptions(args: CliArgs): Record<string, unknown> {
  const { limit, unmasked } = args.listArgs;
  const metricOnly = Object.keys(args.metricArgs).filter((k) => !['asOf', 'days', 'campaign', 'preset'].includes(k));
  if (metricOnly.length > 0) throw new UsageError(`list takes --preset, --days, --as-of, --campaign, --limit, --unmasked, --filter and --json, not --${metricOnly[0]}`);
  const options = { limit: limit ?? 100, unmasked, ...args.metricArgs };
  try {
    checkOptions('list', options);
  } catch (error) {
    if (error instanceof StrataOptionError) {
      const flag = error.option === 'asOf' ? '--as-of' : `--${error.option}`;
      throw new UsageError(`${flag} must be ${error.accepted}, got ${describeValue(error.value)}`);
    }
    throw error;
  }
  return options;
}

/** The columns the text table shows (JSON has every column). */
const CUSTOMER_COLUMNS: (keyof MarketingListRow)[] = ['customer_id', 'name', 'tier', 'manager_name', 'branch_name', 'loan_balance', 'deposits_avg', 'next_maturity', 'last_contact', 'reason'];
const LEAD_COLUMNS: (keyof MarketingListRow)[] = ['lead_id', 'customer_id', 'name', 'stage', 'idle_days', 'manager_name', 'branch_name', 'last_contact', 'reason'];

export async function runList(strata: Strata, options: Record<string, unknown>, json: boolean): Promise<Record<string, unknown>[]> {
  const rows = await strata.list(options);
  if (json) return rows as unknown as Record<string, unknown>[];
  const columns = options.preset === 'overdue_leads' ? LEAD_COLUMNS : CUSTOMER_COLUMNS;
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])));
}
