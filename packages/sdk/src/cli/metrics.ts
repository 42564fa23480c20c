import { describeValue, StrataOptionError } from '../errors.ts';
import { UnknownDimensionError } from '../dimensions.ts';
import { METRIC_CATALOG, METRIC_NAMES, type MetricEntry, type MetricName } from '../catalog.ts';
import { checkOptions, ownOptionNames } from '../options.ts';
import type { MetricRows, Strata } from '../strata.ts';
import { UsageError, type MetricArgs } from './args.ts';

type Option = keyof MetricArgs;

interface MetricSpec {
  /** The Strata method that answers it (and checks its options). */
  method: MetricName;
  options: Option[];
  required?: readonly Option[];
}

/** CLI metric name → Strata method and the options it takes, from the catalog (a Map: `constructor` is no metric). */
export const METRICS = new Map<string, MetricSpec>(
  METRIC_NAMES.map((method) => {
    const { command, required } = METRIC_CATALOG[method] as MetricEntry<unknown, unknown>;
    return [command, { method, options: ownOptionNames(method) as Option[], required: required as readonly Option[] | undefined }];
  }),
);

const FLAGS: Record<Option, string> = {
  by: '--by',
  asOf: '--as-of',
  from: '--from',
  to: '--to',
  campaign: '--campaign',
  measure: '--measure',
  metric: '--metric',
  days: '--days',
  preset: '--preset',
  within: '--within',
};

/** A bad option value as a usage error naming its flag. */
function flagError(error: StrataOptionError): UsageError {
  const flag = Object.hasOwn(FLAGS, error.option) ? FLAGS[error.option as Option] : error.option;
  // An unknown dimension's own message lists the dimensions; other options say what they accept.
  if (error instanceof UnknownDimensionError) return new UsageError(`${flag}: ${error.message}`);
  return new UsageError(`${flag} must be ${error.accepted}, got ${describeValue(error.value)}`);
}

/**
 * The metric's spec once its options are known to be good: unknown metrics, options the metric
 * does not take, missing required ones and bad values (an unknown dimension, a date that is no
 * date…) are usage errors, found by the SDK's own checks before any file is read.
 */
export function checkMetric(name: string, args: MetricArgs): MetricSpec {
  const spec = METRICS.get(name);
  if (!spec) throw new UsageError(`Unknown metric ${describeValue(name)}: expected one of ${[...METRICS.keys()].join(', ')}, list, pack or check`);
  for (const key of Object.keys(args) as Option[]) {
    if (!spec.options.includes(key)) throw new UsageError(`${name} does not take ${FLAGS[key]} (it takes ${spec.options.map((o) => FLAGS[o]).join(', ')})`);
  }
  for (const key of spec.required ?? []) {
    if (args[key] === undefined) throw new UsageError(`${name} needs ${FLAGS[key]}`);
  }
  try {
    checkOptions(spec.method, args);
  } catch (error) {
    if (error instanceof StrataOptionError) throw flagError(error);
    throw error;
  }
  return spec;
}

export function runMetric(strata: Strata, spec: MetricSpec, args: MetricArgs): Promise<MetricRows<Record<string, unknown>>> {
  const method = strata[spec.method] as (options: MetricArgs) => Promise<MetricRows<Record<string, unknown>>>;
  return method.call(strata, args);
}
