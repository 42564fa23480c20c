/**
 * The one list of metrics: for each, the `Strata` method that answers it (and checks its options,
 * options.ts), its CLI command, the query module that builds its SQL and its row type, the options
 * it cannot do without, and whether cubes held in memory answer it where they cover the request
 * (cubes/). The `Strata` methods, the CLI and the tests all read it: a metric missing here is
 * missing everywhere, and a test says so.
 */
import type { CubeMetric } from './cubes/index.ts';
import { attainmentQuery } from './queries/attainment.ts';
import { kpisQuery } from './queries/kpis.ts';
import type { MetricContext } from './queries/metrics.ts';
import { migrationQuery, migrationRatesQuery } from './queries/migration.ts';
import { classMixQuery, nplQuery, nplTrendQuery } from './queries/npl.ts';
import { funnelQuery, lostReasonsQuery, overdueQuery } from './queries/pipeline.ts';
import type { Query } from './queries/query.ts';
import { cadenceQuery, coverageQuery, pendingQuery } from './queries/follow-ups.ts';
import { segmentsQuery } from './queries/segments.ts';
import { vintageQuery } from './queries/vintage.ts';

export interface MetricEntry<Options, Row> {
  /** The CLI's name for it (`strata <command>`). */
  command: string;
  /** Its statement for the filters and data defaults of `ctx`, with its row type. */
  build: (ctx: MetricContext, options: Options) => Query<Row>;
  /** The options it needs (a StrataOptionError without them; a usage error in the CLI). */
  required?: readonly string[];
  /** The metric the cubes in memory answer where they cover the request (cubes/index.ts). */
  cube?: CubeMetric;
}

const entry = <Options, Row>(e: MetricEntry<Options, Row>) => e;

export const METRIC_CATALOG = {
  kpis: entry({ command: 'kpis', build: kpisQuery, cube: 'kpis' }),
  segments: entry({ command: 'segments', build: segmentsQuery, required: ['by'], cube: 'segments' }),
  npl: entry({ command: 'npl', build: nplQuery, cube: 'npl' }),
  nplTrend: entry({ command: 'npl-trend', build: nplTrendQuery, cube: 'nplTrend' }),
  classMix: entry({ command: 'class-mix', build: classMixQuery, cube: 'classMix' }),
  migration: entry({ command: 'migration', build: migrationQuery, cube: 'migration' }),
  migrationRates: entry({ command: 'migration-rates', build: migrationRatesQuery, cube: 'migrationRates' }),
  vintage: entry({ command: 'vintage', build: vintageQuery }),
  funnel: entry({ command: 'funnel', build: funnelQuery, cube: 'funnel' }),
  lostReasons: entry({ command: 'lost-reasons', build: lostReasonsQuery, cube: 'lostReasons' }),
  overdueFollowUps: entry({ command: 'overdue', build: overdueQuery, cube: 'overdueFollowUps' }),
  attainment: entry({ command: 'attainment', build: attainmentQuery, required: ['by'], cube: 'attainment' }),
  contactCoverage: entry({ command: 'coverage', build: coverageQuery }),
  pendingFollowUps: entry({ command: 'pending', build: pendingQuery }),
  visitCadence: entry({ command: 'cadence', build: cadenceQuery }),
};

export type MetricName = keyof typeof METRIC_CATALOG;
export const METRIC_NAMES = Object.keys(METRIC_CATALOG) as MetricName[];

/** The options a metric's query builder takes. */
export type MetricOptionsOf<M extends MetricName> = Parameters<(typeof METRIC_CATALOG)[M]['build']>[1];
/** The rows a metric returns. */
export type MetricRowOf<M extends MetricName> = ReturnType<(typeof METRIC_CATALOG)[M]['build']> extends Query<infer Row> ? Row : never;
