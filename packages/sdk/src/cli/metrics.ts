import type { FilterClause } from '../filters.ts';
import { attainmentQuery } from '../queries/attainment.ts';
import { kpisQuery } from '../queries/kpis.ts';
import type { MetricContext, Query, SegmentMeasure } from '../queries/metrics.ts';
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
  /** Builds the query without running it: checks the options and filters before any file is read. */
  build(ctx: MetricContext, o: MetricArgs): Query<unknown>;
}

const by = (o: MetricArgs) => o.by as string;
const targetMetric = (o: MetricArgs) => o.metric as TargetMetric | undefined;

/** CLI metric name → Strata method, the options it takes, and its query (for checking them). */
export const METRICS: Record<string, MetricSpec> = {
  kpis: { method: 'kpis', options: ['asOf', 'campaign'], build: (ctx, o) => kpisQuery(ctx, o) },
  segments: {
    method: 'segments',
    options: ['by', 'measure', 'asOf'],
    required: ['by'],
    build: (ctx, o) => segmentsQuery(ctx, { ...o, by: by(o), measure: o.measure as SegmentMeasure | undefined }),
  },
  npl: { method: 'npl', options: ['by', 'asOf'], build: (ctx, o) => nplQuery(ctx, o) },
  'npl-trend': { method: 'nplTrend', options: ['by', 'from', 'to'], build: (ctx, o) => nplTrendQuery(ctx, o) },
  'class-mix': { method: 'classMix', options: ['by', 'asOf'], build: (ctx, o) => classMixQuery(ctx, o) },
  migration: { method: 'migration', options: ['from', 'to'], build: (ctx, o) => migrationQuery(ctx, o) },
  'migration-rates': { method: 'migrationRates', options: ['from', 'to'], build: (ctx, o) => migrationRatesQuery(ctx, o) },
  vintage: { method: 'vintage', options: ['by'], build: (ctx, o) => vintageQuery(ctx, o) },
  funnel: { method: 'funnel', options: ['campaign', 'by', 'metric', 'asOf'], build: (ctx, o) => funnelQuery(ctx, { ...o, metric: targetMetric(o) }) },
  'lost-reasons': { method: 'lostReasons', options: ['campaign'], build: (ctx, o) => lostReasonsQuery(ctx, o) },
  overdue: { method: 'overdueFollowUps', options: ['campaign', 'by', 'days', 'asOf'], build: (ctx, o) => overdueQuery(ctx, o) },
  attainment: {
    method: 'attainment',
    options: ['campaign', 'by', 'metric', 'asOf'],
    required: ['by'],
    build: (ctx, o) => attainmentQuery(ctx, { ...o, by: o.by as TargetScope, metric: targetMetric(o) }),
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
 * The metric's spec once its options and filters are known to be good: unknown metrics, options
 * the metric does not take, missing required ones and bad values (an unknown dimension…) are
 * usage errors.
 */
export function checkMetric(name: string, args: MetricArgs, clauses: readonly FilterClause[]): MetricSpec {
  const spec = Object.prototype.hasOwnProperty.call(METRICS, name) ? METRICS[name] : undefined;
  if (!spec) throw new UsageError(`Unknown metric ${JSON.stringify(name)}: expected one of ${Object.keys(METRICS).join(', ')} or check`);
  for (const key of Object.keys(args) as Option[]) {
    if (!spec.options.includes(key)) throw new UsageError(`${name} does not take ${FLAGS[key]} (it takes ${spec.options.map((o) => FLAGS[o]).join(', ')})`);
  }
  for (const key of spec.required ?? []) {
    if (args[key] === undefined) throw new UsageError(`${name} needs ${FLAGS[key]}`);
  }
  try {
    spec.build({ clauses }, args);
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
