import type { MetricContext, Query, SegmentMeasure } from '../queries/metrics.ts';
import { attainmentQuery } from '../queries/attainment.ts';
import { kpisQuery } from '../queries/kpis.ts';
import { classMixQuery, nplQuery, nplTrendQuery, segmentsQuery, vintageQuery } from '../queries/metrics.ts';
import { migrationQuery, migrationRatesQuery } from '../queries/migration.ts';
import { funnelQuery, lostReasonsQuery, overdueQuery } from '../queries/pipeline.ts';
import type { TargetMetric, TargetScope } from '../schema.ts';
import type { MetricRows, Strata } from '../strata.ts';
import { UsageError, type MetricArgs } from './args.ts';

type Option = keyof MetricArgs;

interface MetricSpec {
  /** The Strata method that answers it. */
  method: keyof Strata;
  options: Option[];
  required?: Option[];
  /** Builds the query without running it: checks the options before any file is read. */
  build(o: MetricArgs): Query<unknown>;
}

const NO_FILTERS: MetricContext = { clauses: [] };
const by = (o: MetricArgs) => o.by as string;

/** CLI metric name → Strata method, the options it takes, and its query (for checking them). */
export const METRICS: Record<string, MetricSpec> = {
  kpis: { method: 'kpis', options: ['asOf', 'campaign'], build: (o) => kpisQuery(NO_FILTERS, o) },
  segments: {
    method: 'segments',
    options: ['by', 'measure', 'asOf'],
    required: ['by'],
    build: (o) => segmentsQuery(NO_FILTERS, { ...o, by: by(o), measure: o.measure as SegmentMeasure | undefined }),
  },
  npl: { method: 'npl', options: ['by', 'asOf'], build: (o) => nplQuery(NO_FILTERS, o) },
  'npl-trend': { method: 'nplTrend', options: ['by', 'from', 'to'], build: (o) => nplTrendQuery(NO_FILTERS, o) },
  'class-mix': { method: 'classMix', options: ['by', 'asOf'], build: (o) => classMixQuery(NO_FILTERS, o) },
  migration: { method: 'migration', options: ['from', 'to'], build: (o) => migrationQuery(NO_FILTERS, o) },
  'migration-rates': { method: 'migrationRates', options: ['from', 'to'], build: (o) => migrationRatesQuery(NO_FILTERS, o) },
  vintage: { method: 'vintage', options: ['by'], build: (o) => vintageQuery(NO_FILTERS, o) },
  funnel: { method: 'funnel', options: ['campaign', 'by'], build: (o) => funnelQuery(NO_FILTERS, { campaign: o.campaign, by: o.by }) },
  'lost-reasons': { method: 'lostReasons', options: ['campaign'], build: (o) => lostReasonsQuery(NO_FILTERS, o) },
  overdue: { method: 'overdueFollowUps', options: ['campaign', 'by', 'days', 'asOf'], build: (o) => overdueQuery(NO_FILTERS, o) },
  attainment: {
    method: 'attainment',
    options: ['campaign', 'by', 'metric', 'asOf'],
    required: ['by'],
    build: (o) => attainmentQuery(NO_FILTERS, { ...o, by: o.by as TargetScope, metric: o.metric as TargetMetric | undefined }),
  },
};

const FLAGS: Record<Option, string> = {
  by: '--by',
  asOf: '--as-of',
  from: '--from',
  to: '--to',
  campaign: '--campaign',
  measure: '--measure',
  metric: '--metric',
  days: '--days',
};

/**
 * The metric's spec once its options are known to be good: unknown metrics, options the metric
 * does not take, missing required ones and bad values (an unknown dimension…) are usage errors.
 */
export function checkMetric(name: string, args: MetricArgs): MetricSpec {
  const spec = Object.prototype.hasOwnProperty.call(METRICS, name) ? METRICS[name] : undefined;
  if (!spec) throw new UsageError(`Unknown metric ${JSON.stringify(name)}: expected one of ${Object.keys(METRICS).join(', ')} or check`);
  for (const key of Object.keys(args) as Option[]) {
    if (!spec.options.includes(key)) throw new UsageError(`${name} does not take ${FLAGS[key]} (it takes ${spec.options.map((o) => FLAGS[o]).join(', ')})`);
  }
  for (const key of spec.required ?? []) {
    if (args[key] === undefined) throw new UsageError(`${name} needs ${FLAGS[key]}`);
  }
  try {
    spec.build(args);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  return spec;
}

export function runMetric(strata: Strata, spec: MetricSpec, args: MetricArgs): Promise<MetricRows<Record<string, unknown>>> {
  const method = strata[spec.method] as (options: MetricArgs) => Promise<MetricRows<Record<string, unknown>>>;
  return method.call(strata, args);
}
