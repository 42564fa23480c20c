/**
 * Targets and what counts towards them (DESIGN.md "Target attainment"): 完成率 against 序时进度 per
 * branch or manager, and what kpis and the funnel share with it: each target metric's actual, the
 * filters targets follow, the campaign's period and pace.
 */
import type { DimensionName } from '../dimensions.ts';
import type { FilterClause } from '../filters.ts';
import { StrataOptionError } from '../errors.ts';
import { TARGET_METRICS, type TargetMetric, type TargetScope } from '../schema.ts';
import { str } from '../sql/quote.ts';
import { join, raw, sql, type Fragment } from '../sql/tag.ts';
import { asOfFragment, campaignFragment, PIPELINE, ratio, referenceFragment, type MetricContext } from './metrics.ts';
import { requireCustomers } from './missing-data.ts';
import { compareText } from './order.ts';
import { query, shapedQuery, type Query } from './query.ts';
import { predicate, where, whereFor } from './where.ts';

/** Where a campaign is at a date: 未开始 before its start, ended after its end. */
export type Period = 'not_started' | 'running' | 'ended';

/** The products whose disbursed leads do not count towards a loan-amount target. */
const NOT_LOANS = ['credit_card', 'card_installment', 'deposit'] as const;

/** Which disbursed leads a target metric counts: a lead's product, or a lead for no customer yet (a new customer). */
type ActualLeads = { notProducts: readonly string[] } | { product: string } | { newCustomer: true };

/**
 * Which disbursed leads each target metric counts, and whether it adds their amounts or counts them
 * (a Map: a metric named `__proto__` or `toString` finds nothing). As data, for SQL (actualSql) and
 * for the cubes in memory (countsTowards).
 */
const ACTUALS = new Map<TargetMetric, { leads: ActualLeads; amount: boolean }>([
  ['loan_amount', { leads: { notProducts: NOT_LOANS }, amount: true }],
  ['cards', { leads: { product: 'credit_card' }, amount: false }],
  ['installment_amount', { leads: { product: 'card_installment' }, amount: true }],
  ['new_customers', { leads: { newCustomer: true }, amount: false }],
]);

function actualOf(metric: TargetMetric): { leads: ActualLeads; amount: boolean } {
  const actual = ACTUALS.get(metric);
  if (!actual) throw new StrataOptionError('metric', metric, `one of ${TARGET_METRICS.join(', ')}`);
  return actual;
}

function leadsSql(leads: ActualLeads): Fragment {
  if ('notProducts' in leads) return raw(`product NOT IN (${leads.notProducts.map(str).join(', ')})`);
  if ('product' in leads) return raw(`product = ${str(leads.product)}`);
  return raw('customer_id IS NULL');
}

/**
 * Whether a lead (its product and customer) is one the target metric counts, as actualSql's
 * condition reads it (a lead without a product is no loan), and whether its amount is added.
 */
export function countsTowards(metric: TargetMetric): { counts: (product: string | null, customerId: string | null) => boolean; amount: boolean } {
  const { leads, amount } = actualOf(metric);
  if ('notProducts' in leads) return { counts: (product) => product !== null && !leads.notProducts.includes(product), amount };
  if ('product' in leads) return { counts: (product) => product === leads.product, amount };
  return { counts: (_product, customerId) => customerId === null, amount };
}

/**
 * A target metric's actual, as an aggregate over the leads (unqualified columns of the pipeline
 * facts) that also meet `condition`: exact (a count, or a DECIMAL sum) until the caller casts it.
 */
export function actualSql(metric: TargetMetric, condition: Fragment = raw('TRUE')): Fragment {
  const { leads, amount } = actualOf(metric);
  return amount ? sql`COALESCE(sum(amount) FILTER (WHERE ${leadsSql(leads)} AND ${condition}), 0)` : sql`count(*) FILTER (WHERE ${leadsSql(leads)} AND ${condition})`;
}

/**
 * The leads that count towards a target of campaign `c` (columns campaign_id, start_date,
 * end_date) at the date `to`: disbursed, dated within [start, min(end, to)].
 */
export const countsTowardsTarget = (to: Fragment, alias = ''): Fragment => {
  const p = raw(alias ? `${alias}.` : '');
  return sql`${p}stage = 'disbursed' AND COALESCE(${p}updated_at, ${p}created_at) BETWEEN c.start_date AND least(c.end_date, ${to})`;
};

/** The period of campaign `c` at the date `at` (no date: not started). */
export const periodSql = (at: Fragment): Fragment =>
  sql`CASE WHEN ${at} IS NULL OR ${at} < c.start_date THEN 'not_started' WHEN ${at} > c.end_date THEN 'ended' ELSE 'running' END`;

/** 序时进度 of campaign `c` at `at`: days elapsed / days in the campaign, 1 after its end; NULL before its start. */
export const paceSql = (at: Fragment): Fragment =>
  sql`(CASE WHEN ${at} >= c.start_date THEN least(1, (datediff('day', c.start_date, ${at}) + 1) / (datediff('day', c.start_date, c.end_date) + 1)::DOUBLE) END)::DOUBLE`;

/** The filter fields the targets of a scope follow (a manager's branch is managers.branch_id). */
export const TARGETED_FIELDS = new Map<TargetScope, readonly DimensionName[]>([
  ['branch', ['branch']],
  ['manager', ['manager', 'branch']],
]);

/** The fields of `clauses` that targets do not follow, each once, in the clauses' order. */
export function untargetedFields(clauses: readonly FilterClause[], targeted: readonly DimensionName[]): DimensionName[] {
  return [...new Set(clauses.map((c) => c.field).filter((field) => !targeted.includes(field)))];
}

/**
 * The targets `t` of one scope and metric that follow `clauses`: `FROM targets t …` and its
 * conditions (campaign aside). A manager's branch clause reads the manager's own branch.
 */
export function targetsFrom(clauses: readonly FilterClause[], scope: TargetScope, metric: TargetMetric): { from: Fragment; conditions: Fragment[] } {
  const byBranch = scope === 'manager' && clauses.some((c) => c.field === 'branch');
  const conditions = [
    sql`t.scope = CAST(${scope} AS VARCHAR) AND t.metric = CAST(${metric} AS VARCHAR) AND t.scope_id IS NOT NULL`,
    ...clauses.flatMap((clause) => {
      if (clause.field === scope) return [predicate(raw('t.scope_id'), 'text', clause)];
      if (byBranch && clause.field === 'branch') return [predicate(raw('m.branch_id'), 'text', clause)];
      return [];
    }),
  ];
  return { from: raw(`targets t${byBranch ? ' LEFT JOIN managers m ON m.manager_id = t.scope_id' : ''}`), conditions };
}

export interface AttainmentRow {
  /** The branch or manager id: those fields are text, so the key is already the value a clause on them takes. */
  key: string;
  label: string | null;
  /** What the target metric counts: disbursed leads of the campaign, dated from its start to min(end, reference date), under the filters. */
  actual: number;
  /** The key's target (summed over its target rows); null without one. */
  target: number | null;
  /** 完成率 = actual / target; null without a target, before the start, or under a filter targets do not follow. */
  attainment: number | null;
  /** Under a filter targets do not follow: actual / the key's actual without those filters; else null. */
  actual_share: number | null;
  /** 序时进度 = days elapsed / days in the campaign at the reference date; null before the start. */
  pace: number | null;
  period: Period;
  /** attainment ≥ pace; null without an attainment. */
  ahead: boolean | null;
  /** Among keys with an attainment, highest first; ties share a rank. Null without an attainment. */
  rank: number | null;
  /**
   * 后5名: among the five lowest attainments, when more than five keys have one; a tie across the
   * fifth place flags none of the tied (the flag would be arbitrary).
   */
  bottom_five: boolean;
  /** The fields of the current filters targets do not follow ([] when none). */
  untargeted: DimensionName[];
}

/** How many of the lowest are flagged. */
const BOTTOM = 5;

/**
 * What attainment's statement returns: one row per target, per actual (filtered, and `base`: under
 * only the targeted filters), per name, the campaign's, and the untargeted fields (the statement
 * says them itself: results are cached by statement).
 */
export interface AttainmentPartRow {
  part: 'target' | 'actual' | 'base' | 'label' | 'campaign' | 'untargeted';
  key: string | null;
  value: number | null;
  /** A name; the campaign's period; the untargeted fields, comma-separated. */
  label: string | null;
}

/** Fields as the statement states them (DimensionNames: no commas), and back. */
export const fieldList = (fields: readonly DimensionName[]): Fragment => raw(str(fields.join(',')));
export const readFieldList = (list: string | null | undefined): DimensionName[] => (list ? (list.split(',') as DimensionName[]) : []);

/** Ranks (ties share one) and the bottom five among the rows with an attainment. */
function rank(rows: AttainmentRow[]): void {
  const scored = rows.filter((r) => r.attainment !== null).sort((a, b) => b.attainment! - a.attainment!);
  scored.forEach((row, i) => {
    const previous = scored[i - 1];
    row.rank = previous && previous.attainment === row.attainment ? previous.rank : i + 1;
  });
  if (scored.length <= BOTTOM) return;
  const lowest = scored.reverse();
  const boundary = lowest[BOTTOM - 1]!.attainment!;
  const tiedAcross = lowest[BOTTOM]!.attainment === boundary;
  for (const row of lowest.slice(0, BOTTOM)) row.bottom_five = !tiedAcross || row.attainment! < boundary;
}

/** Attainment's rows from its parts: every key with a target or an actual, by rank (none last), then key. */
export function attainmentRows(parts: readonly AttainmentPartRow[]): AttainmentRow[] {
  const of = (part: AttainmentPartRow['part']) => new Map(parts.filter((p) => p.part === part).map((p) => [p.key, p]));
  const untargeted = readFieldList(parts.find((p) => p.part === 'untargeted')?.label);
  const targets = of('target');
  const actuals = of('actual');
  const bases = of('base');
  const labels = of('label');
  const campaign = parts.find((p) => p.part === 'campaign');
  const pace = campaign?.value ?? null;
  const period = (campaign?.label ?? 'not_started') as Period;
  const keys = [...new Set([...targets.keys(), ...actuals.keys(), ...bases.keys()])].filter((k): k is string => k !== null).sort(compareText);
  const rows = keys.map((key): AttainmentRow => {
    const actual = actuals.get(key)?.value ?? 0;
    const target = targets.get(key)?.value ?? null;
    const attainment = period === 'not_started' || untargeted.length > 0 ? null : ratio(actual, target);
    return {
      key,
      label: labels.get(key)?.label ?? null,
      actual,
      target,
      attainment,
      actual_share: untargeted.length > 0 ? ratio(actual, bases.get(key)?.value ?? 0) : null,
      pace,
      period,
      ahead: attainment === null || pace === null ? null : attainment >= pace,
      rank: null,
      bottom_five: false,
      untargeted,
    };
  });
  rank(rows);
  return rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
}

export function attainmentQuery(
  ctx: MetricContext,
  options: { campaign?: string; by: TargetScope; metric?: TargetMetric; asOf?: string },
): Query<AttainmentRow> {
  return shapedQuery(attainmentParts(ctx, options, true), attainmentRows);
}

/**
 * Attainment's statement without the actuals and the untargeted fields (targets, names, the
 * campaign's pace: the same statement while the branch and manager clauses stay), for the leads
 * held in memory and the caller to give those (cubes/answer.ts).
 */
export function attainmentTargetsQuery(
  ctx: MetricContext,
  options: { campaign?: string; by: TargetScope; metric?: TargetMetric; asOf?: string },
): Query<AttainmentPartRow> {
  return query<AttainmentPartRow>(attainmentParts(ctx, options, false));
}

function attainmentParts(
  ctx: MetricContext,
  options: { campaign?: string; by: TargetScope; metric?: TargetMetric; asOf?: string },
  withActuals: boolean,
): Fragment {
  const metric = options.metric ?? 'loan_amount';
  const targeted = TARGETED_FIELDS.get(options.by);
  if (!targeted) throw new StrataOptionError('by', options.by, 'branch or manager');
  requireCustomers(ctx, ['pipeline']);
  const ref = referenceFragment(options.asOf, ctx.defaults);
  const campaign = campaignFragment(options.campaign, options.asOf, ctx.defaults);
  const keyColumn = raw(options.by === 'branch' ? 'branch_id' : 'manager_id');
  const names = raw(options.by === 'branch' ? 'branches' : 'managers');
  const untargeted = untargetedFields(ctx.clauses, targeted);
  const targets = targetsFrom(ctx.clauses, options.by, metric);
  const targetWhere = where([raw('t.campaign_id = c.campaign_id'), ...targets.conditions]);
  const monthEnd = asOfFragment(undefined, ctx.defaults);
  /** Each key's actual under `clauses`, as the part `part`. */
  const actuals = (part: 'actual' | 'base', clauses: readonly FilterClause[]) => {
    const w = where([
      sql`p.campaign_id = c.campaign_id AND ${countsTowardsTarget(raw('c.ref'), 'p')} AND p.${keyColumn} IS NOT NULL`,
      ...whereFor('pipeline', clauses, monthEnd, 'p', ctx.plain),
    ]);
    return sql`
UNION ALL BY NAME
SELECT ${raw(str(part))} AS part, p.${keyColumn} AS key, (${actualSql(metric)})::DOUBLE AS value FROM ${PIPELINE} p, c ${w} GROUP BY 1, 2`;
  };
  const actualParts = withActuals
    ? [actuals('actual', ctx.clauses), ...(untargeted.length > 0 ? [actuals('base', ctx.clauses.filter((c) => targeted.includes(c.field)))] : [])]
    : [];
  // Targets and actuals per key, the names and the campaign as plain parts; joining them, ranking
  // and ordering are done by attainmentRows: planning those joins and windows cost more than the scans.
  return sql`WITH c AS (SELECT campaign_id, start_date, end_date, ${ref} AS ref FROM campaigns WHERE campaign_id = ${campaign})
SELECT 'target' AS part, t.scope_id AS key, sum(t.target)::DOUBLE AS value FROM ${targets.from}, c ${targetWhere} GROUP BY 1, 2${join(actualParts, '')}
UNION ALL BY NAME
SELECT 'campaign' AS part, ${paceSql(raw('ref'))} AS value, ${periodSql(raw('ref'))} AS label FROM c
${withActuals ? sql`UNION ALL BY NAME\nSELECT 'untargeted' AS part, ${fieldList(untargeted)} AS label\n` : raw('')}UNION ALL BY NAME
SELECT 'label' AS part, ${keyColumn} AS key, name AS label FROM ${names}`;
}
