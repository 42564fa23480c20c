/**
 * Which metric answers come from the cubes in memory, and when: the one place that decides it for
 * the JavaScript path (queries/metrics.ts `cubeCovers` decides the same for SQL over the cubes).
 * A metric answers here when the data's defaults are known, every clause is on a field of the
 * cube with values of the field's type, and its grouping is a cube field; otherwise SQL answers.
 */
import { dimension, type DimensionInput } from '../dimensions.ts';
import { cubeCovers, type MetricContext } from '../queries/metrics.ts';
import type { ClassMixRow, NplRow, NplTrendRow } from '../queries/npl.ts';
import type { Query } from '../queries/query.ts';
import type { SegmentMeasure, SegmentRow } from '../queries/segments.ts';
import { kpisCampaignQuery, TARGETED, type KpiPartRow, type KpiRow } from '../queries/kpis.ts';
import {
  attainmentRows,
  attainmentTargetsQuery,
  TARGETED_FIELDS,
  untargetedFields,
  type AttainmentPartRow,
  type AttainmentRow,
} from '../queries/attainment.ts';
import { BORROWER_CUBE_CUSTOMER_COLUMNS, MIGRATION_CUBE_COLUMNS } from '../queries/facts.ts';
import type { MigrationRateRow, MigrationRow } from '../queries/migration.ts';
import type { FunnelRow, LostReasonRow, OverdueRow } from '../queries/pipeline.ts';
import type { TargetMetric, TargetScope } from '../schema.ts';
import type { Cube, CubeSpec } from './cube.ts';
import { rowFilter } from './filter.ts';
import { kpisFromCubes } from './kpis.ts';
import { actualsFromLeads, campaignDates, chooseCampaign, funnelFromLeads, lostReasonsFromLeads, overdueFromLeads } from './pipeline.ts';
import { classMixFromCube, nplFromCube, nplTrendFromCube } from './npl.ts';
import { migrationFromCube, migrationRatesFromCube } from './migration.ts';
import { segmentsFromCubes } from './segments.ts';
import { BORROWER_CUBE_SPEC, CAMPAIGNS_SPEC, CUSTOMER_CUBE_SPEC, LOAN_CUBE_SPEC, MIGRATION_CUBE_SPEC, PIPELINE_FACTS_SPEC } from './store.ts';

/** Runs a statement of the SDK's (through the cache): for the parts of an answer no cube holds. */
export type RunQuery = <Row>(q: Query<Row>) => Promise<Row[]>;

/** How a metric is answered from cubes (read in the order of `specs`): undefined when it cannot be, exactly. */
export interface CubeAnswer<Options, Row> {
  specs: readonly CubeSpec[];
  answer: (cubes: readonly Cube[], ctx: MetricContext, options: Options, run: RunQuery) => Row[] | undefined | Promise<Row[] | undefined>;
}

type LoanOptions = { by?: DimensionInput; asOf?: string };

/** The clauses' row test on a cube, when it covers the grouping and every clause (as facts of `fact`). */
function cubeTest(cube: Cube, ctx: MetricContext, by: DimensionInput | undefined, fields: readonly string[] = cube.spec.fields, fact: 'loans' | 'customers' | 'pipeline' = 'loans') {
  if (!ctx.defaults || !cube.held || !cubeCovers(ctx, [by], fields, fact)) return undefined;
  return rowFilter(cube, ctx.clauses);
}

export const NPL_FROM_CUBE: CubeAnswer<LoanOptions, NplRow> = {
  specs: [LOAN_CUBE_SPEC],
  answer: ([cube], ctx, o) => {
    const test = cubeTest(cube!, ctx, o.by);
    return test && nplFromCube(cube!, test, o.by, o.asOf ?? ctx.defaults!.latestAsOf);
  },
};

export const NPL_TREND_FROM_CUBE: CubeAnswer<{ by?: DimensionInput; from?: string; to?: string }, NplTrendRow> = {
  specs: [LOAN_CUBE_SPEC],
  answer: ([cube], ctx, o) => {
    const test = cubeTest(cube!, ctx, o.by);
    return test && nplTrendFromCube(cube!, test, o.by, o.from, o.to);
  },
};

export const CLASS_MIX_FROM_CUBE: CubeAnswer<LoanOptions, ClassMixRow> = {
  specs: [LOAN_CUBE_SPEC],
  answer: ([cube], ctx, o) => {
    const test = cubeTest(cube!, ctx, o.by);
    return test && classMixFromCube(cube!, test, o.by, o.asOf ?? ctx.defaults!.latestAsOf);
  },
};

/**
 * Segments by a customer field at the default month end: customers from the customer cube,
 * borrowers from the borrower cube (whose branch is kept only where each borrower's loans are at
 * one branch), as segmentsQuery chooses them.
 */
export const SEGMENTS_FROM_CUBES: CubeAnswer<{ by: DimensionInput; measure?: SegmentMeasure; asOf?: string }, SegmentRow> = {
  specs: [CUSTOMER_CUBE_SPEC, BORROWER_CUBE_SPEC],
  answer: ([customers, borrowers], ctx, o) => {
    if (o.asOf || !ctx.defaults || !dimension(o.by).facts.includes('customers')) return undefined;
    const borrowerFields = ctx.defaults.borrowersAtOneBranch ? borrowers!.spec.fields : BORROWER_CUBE_CUSTOMER_COLUMNS;
    const customerTest = cubeTest(customers!, ctx, o.by, customers!.spec.fields, 'customers');
    const borrowerTest = cubeTest(borrowers!, ctx, o.by, borrowerFields);
    return customerTest && borrowerTest && segmentsFromCubes(customers!, borrowers!, customerTest, borrowerTest, o.by, o.measure ?? 'customers');
  },
};

type MigrationOptions = { from?: string; to?: string };

/** The migration cube holds the default month ends only (the one before the latest, the latest). */
const migrationTest = (cube: Cube, ctx: MetricContext, o: MigrationOptions) =>
  o.from || o.to ? undefined : cubeTest(cube, ctx, undefined, MIGRATION_CUBE_COLUMNS);

export const MIGRATION_FROM_CUBE: CubeAnswer<MigrationOptions, MigrationRow> = {
  specs: [MIGRATION_CUBE_SPEC],
  answer: ([cube], ctx, o) => {
    const test = migrationTest(cube!, ctx, o);
    return test && migrationFromCube(cube!, test);
  },
};

export const MIGRATION_RATES_FROM_CUBE: CubeAnswer<MigrationOptions, MigrationRateRow> = {
  specs: [MIGRATION_CUBE_SPEC],
  answer: ([cube], ctx, o) => {
    const test = migrationTest(cube!, ctx, o);
    return test && migrationRatesFromCube(cube!, test);
  },
};

/**
 * The kpis at the default month ends: their loan and customer parts from the cubes (as kpisQuery
 * reads them there), the campaign's actuals from the leads when they are held and every clause is
 * on a lead's field, and the rest of their statement (month ends, campaign, target) in SQL: the same
 * statement while the branch and manager clauses stay, so a click usually finds it in the cache.
 */
export const KPIS_FROM_CUBES: CubeAnswer<{ asOf?: string; campaign?: string }, KpiRow> = {
  specs: [LOAN_CUBE_SPEC, CUSTOMER_CUBE_SPEC, PIPELINE_FACTS_SPEC, CAMPAIGNS_SPEC],
  answer: async ([loans, customers, leads, campaigns], ctx, o, run) => {
    if (o.asOf || !ctx.defaults) return undefined;
    const loanTest = cubeTest(loans!, ctx, undefined);
    const customerTest = cubeTest(customers!, ctx, undefined, customers!.spec.fields, 'customers');
    if (!loanTest || !customerTest) return undefined;
    const untargeted = untargetedFields(ctx.clauses, TARGETED);
    const actualTest = leadTest(leads!, ctx, undefined);
    const baseTest = untargeted.length > 0 ? leadTest(leads!, { ...ctx, clauses: ctx.clauses.filter((c) => TARGETED.includes(c.field)) }, undefined) : undefined;
    const actualsHere = actualTest !== undefined && (untargeted.length === 0 || baseTest !== undefined);
    const statement = await run(kpisCampaignQuery(ctx, o, !actualsHere));
    // Without the actuals, the statement leaves the untargeted fields to be said here.
    const others = actualsHere ? statement.map((p) => (p.part === 'months' ? { ...p, untargeted: untargeted.join(',') } : p)) : statement;
    const actuals: KpiPartRow[] = [];
    if (actualsHere) {
      const id = o.campaign ?? ctx.defaults.campaignId;
      const c = campaignDates(campaigns!, id);
      for (const [part, test] of [['actual', actualTest], ['base', baseTest]] as const) {
        if (!test) continue;
        const now = actualsFromLeads(leads!, test, id, c, ctx.defaults.latestAsOf, 'loan_amount');
        const before = actualsFromLeads(leads!, test, id, c, ctx.defaults.previousAsOf, 'loan_amount');
        if (!now || !before) return undefined;
        actuals.push({ part, actual: now.get('all') ?? 0, actual_p: before.get('all') ?? 0 } as KpiPartRow);
      }
    }
    return kpisFromCubes([...others, ...actuals], loans!, loanTest, customers!, customerTest, ctx.defaults.latestAsOf, ctx.defaults.previousAsOf);
  },
};

/**
 * The table's count of rows: loans at a month end from the loan cube, customers from the customer
 * cube (each customer is one row of it), as rowCountQuery counts them in SQL.
 */
export const ROW_COUNT_FROM_CUBES: CubeAnswer<{ table: 'customers' | 'loans'; asOf?: string }, { count: number }> = {
  specs: [LOAN_CUBE_SPEC, CUSTOMER_CUBE_SPEC],
  answer: ([loans, customers], ctx, o) => {
    const cube = o.table === 'loans' ? loans! : customers!;
    const test = cubeTest(cube, ctx, undefined, cube.spec.fields, o.table);
    if (!test) return undefined;
    const asOf = o.asOf ?? ctx.defaults!.latestAsOf;
    const months = cube.fields.as_of;
    const counts = cube.counts[o.table === 'loans' ? 'loans' : 'customers']!;
    let count = 0;
    for (let row = 0; row < cube.rows; row++) if ((!months || months[row] === asOf) && test(row)) count += counts[row]!;
    return [{ count }];
  },
};

/** The leads' row test, when the pipeline facts are held and every clause is on a field of theirs. */
const leadTest = (leads: Cube, ctx: MetricContext, by: DimensionInput | undefined) => cubeTest(leads, ctx, by, leads.spec.fields, 'pipeline');

export const FUNNEL_FROM_LEADS: CubeAnswer<{ campaign?: string; by?: DimensionInput; metric?: TargetMetric; asOf?: string }, FunnelRow> = {
  specs: [PIPELINE_FACTS_SPEC, CAMPAIGNS_SPEC],
  answer: ([leads, campaigns], ctx, o) => {
    const test = leadTest(leads!, ctx, o.by);
    if (!test) return undefined;
    const id = chooseCampaign(campaigns!, o.campaign, o.asOf, ctx.defaults!.campaignId);
    const ref = o.asOf ?? ctx.defaults!.referenceDate;
    return funnelFromLeads(leads!, test, id, campaignDates(campaigns!, id), ref, o.by, o.metric ?? 'loan_amount');
  },
};

export const LOST_REASONS_FROM_LEADS: CubeAnswer<{ campaign?: string }, LostReasonRow> = {
  specs: [PIPELINE_FACTS_SPEC, CAMPAIGNS_SPEC],
  answer: ([leads, campaigns], ctx, o) => {
    const test = leadTest(leads!, ctx, undefined);
    return test && lostReasonsFromLeads(leads!, test, chooseCampaign(campaigns!, o.campaign, undefined, ctx.defaults!.campaignId));
  },
};

export const OVERDUE_FROM_LEADS: CubeAnswer<{ campaign?: string; by?: DimensionInput; days?: number; asOf?: string }, OverdueRow> = {
  specs: [PIPELINE_FACTS_SPEC, CAMPAIGNS_SPEC],
  answer: ([leads, campaigns], ctx, o) => {
    const by = o.by ?? 'manager';
    const test = leadTest(leads!, ctx, by);
    if (!test) return undefined;
    const id = chooseCampaign(campaigns!, o.campaign, undefined, ctx.defaults!.campaignId);
    return overdueFromLeads(leads!, test, id, o.asOf ?? ctx.defaults!.referenceDate, by, o.days ?? 14);
  },
};

/**
 * Attainment: each key's actual from the leads held in memory (under the clauses, and under only
 * the targeted ones where others apply), the targets, names and pace from its statement without
 * the actuals (the same while the branch and manager clauses stay), joined by the same step.
 */
export const ATTAINMENT_FROM_LEADS: CubeAnswer<{ campaign?: string; by: TargetScope; metric?: TargetMetric; asOf?: string }, AttainmentRow> = {
  specs: [PIPELINE_FACTS_SPEC, CAMPAIGNS_SPEC],
  answer: async ([leads, campaigns], ctx, o, run) => {
    const targeted = TARGETED_FIELDS.get(o.by);
    if (!targeted || !ctx.defaults) return undefined;
    const untargeted = untargetedFields(ctx.clauses, targeted);
    const actualTest = leadTest(leads!, ctx, undefined);
    const baseTest = untargeted.length > 0 ? leadTest(leads!, { ...ctx, clauses: ctx.clauses.filter((c) => targeted.includes(c.field)) }, undefined) : undefined;
    if (!actualTest || (untargeted.length > 0 && !baseTest)) return undefined;
    const others: AttainmentPartRow[] = [...(await run(attainmentTargetsQuery(ctx, o))), { part: 'untargeted', key: null, value: null, label: untargeted.join(',') }];
    const id = chooseCampaign(campaigns!, o.campaign, o.asOf, ctx.defaults.campaignId);
    const c = campaignDates(campaigns!, id);
    const ref = o.asOf ?? ctx.defaults.referenceDate;
    const keyColumn = o.by === 'branch' ? 'branch_id' : 'manager_id';
    const parts = others;
    for (const [part, test] of [['actual', actualTest], ['base', baseTest]] as const) {
      if (!test) continue;
      const values = actualsFromLeads(leads!, test, id, c, ref, o.metric ?? 'loan_amount', keyColumn);
      if (!values) return undefined;
      for (const [key, value] of values) parts.push({ part, key, value, label: null });
    }
    return attainmentRows(parts);
  },
};
