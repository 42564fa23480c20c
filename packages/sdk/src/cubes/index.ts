/**
 * The metrics answered from cubes held in memory, by metric name, and the store that holds the
 * cubes: fetched by a page with its first metric (its own chunk, strata-cubes.js), outside what a
 * page downloads to start.
 */
import {
  ATTAINMENT_FROM_LEADS,
  CLASS_MIX_FROM_CUBE,
  FUNNEL_FROM_LEADS,
  KPIS_FROM_CUBES,
  LOST_REASONS_FROM_LEADS,
  MIGRATION_FROM_CUBE,
  MIGRATION_RATES_FROM_CUBE,
  NPL_FROM_CUBE,
  NPL_TREND_FROM_CUBE,
  OVERDUE_FROM_LEADS,
  ROW_COUNT_FROM_CUBES,
  SEGMENTS_FROM_CUBES,
  type CubeAnswer,
} from './answer.ts';

export { CubeStore } from './store.ts';
export type { CubeAnswer } from './answer.ts';

/** Each metric (and the table's count of rows) some of whose answers the cubes give, with how. */
export const CUBE_ANSWERS = {
  kpis: KPIS_FROM_CUBES,
  npl: NPL_FROM_CUBE,
  nplTrend: NPL_TREND_FROM_CUBE,
  classMix: CLASS_MIX_FROM_CUBE,
  segments: SEGMENTS_FROM_CUBES,
  migration: MIGRATION_FROM_CUBE,
  migrationRates: MIGRATION_RATES_FROM_CUBE,
  rowCount: ROW_COUNT_FROM_CUBES,
  funnel: FUNNEL_FROM_LEADS,
  lostReasons: LOST_REASONS_FROM_LEADS,
  overdueFollowUps: OVERDUE_FROM_LEADS,
  attainment: ATTAINMENT_FROM_LEADS,
} as const satisfies Record<string, CubeAnswer<never, unknown>>;

export type CubeMetric = keyof typeof CUBE_ANSWERS;
