/**
 * The funnel, lost reasons and follow-ups due (待跟进) from the pipeline facts held in memory (a
 * few thousand leads for a million loans): the rows, to the bit and in order, of their SQL
 * (queries/pipeline.ts), whose statement for the funnel's counts is reproduced here up to the same
 * TypeScript step (funnelRows).
 */
import type { DimensionInput } from '../dimensions.ts';
import type { FilterValue } from '../filters.ts';
import { countsTowards } from '../queries/attainment.ts';
import { funnelRows, type FunnelCountRow, type FunnelRow, type LostReasonRow, type OverdueRow } from '../queries/pipeline.ts';
import { FUNNEL_STAGES, type TargetMetric } from '../schema.ts';
import type { Cube } from './cube.ts';
import { compareDescending, unitsToDouble } from './exact.ts';
import { ratio } from '../queries/metrics.ts';
import { compareKey, compareText } from '../queries/order.ts';
import { groupCube, MoneySum } from './group.ts';

/** A stage's place as the funnel's statement numbers it (lost: 1, identified only); null for another. */
const REACHED = new Map<unknown, number>([...FUNNEL_STAGES.map((s, i) => [s, i + 1] as const), ['lost', 1]]);

const DAY_MS = 86_400_000;
/** datediff('day', from, to) of two YYYY-MM-DD dates; null when either is null. */
const daysBetween = (from: string | null, to: string | null) => (from === null || to === null ? null : (Date.parse(to) - Date.parse(from)) / DAY_MS);

/** A campaign's dates, as the funnel's `c` (null columns when the campaign is not found). */
export interface CampaignDates {
  start: string | null;
  end: string | null;
}

/**
 * The campaign the pipeline metrics read for `campaign` and the reference date `asOf`, as
 * campaignFragment chooses it: the one named; else, without a date, the data's current one; else
 * the one running at that date, else the latest to end (ties by id).
 */
export function chooseCampaign(campaigns: Cube, campaign: string | undefined, asOf: string | undefined, current: string | null): string | null {
  if (campaign !== undefined) return campaign;
  if (asOf === undefined) return current;
  const ids = campaigns.fields.campaign_id as readonly string[];
  const { start_date: starts, end_date: ends } = campaigns.dates;
  let best = -1;
  for (let row = 0; row < campaigns.rows; row++) {
    if (best < 0) {
      best = row;
      continue;
    }
    const running = (r: number) => starts![r]! <= asOf && asOf <= ends![r]!;
    const order = Number(running(best)) - Number(running(row)) || compareText(ends![best]!, ends![row]!) || compareText(ids[row]!, ids[best]!);
    if (order < 0) best = row;
  }
  return best < 0 ? null : ids[best]!;
}

export function campaignDates(campaigns: Cube, id: string | null): CampaignDates {
  const ids = campaigns.fields.campaign_id!;
  for (let row = 0; row < campaigns.rows; row++) {
    if (id !== null && ids[row] === id) return { start: campaigns.dates.start_date![row]!, end: campaigns.dates.end_date![row]! };
  }
  return { start: null, end: null };
}

/** The leads of campaign `id` (IS NOT DISTINCT FROM) that pass the clauses. */
const ofCampaign = (leads: Cube, id: string | null, test: (row: number) => boolean) => {
  const campaigns = leads.fields.campaign_id!;
  return (row: number) => campaigns[row] === id && test(row);
};

/** A date's BETWEEN start AND least(end, ref) (least ignores a NULL; a NULL bound matches nothing). */
function inTargetWindow(date: string | null, c: CampaignDates, ref: string | null): boolean {
  const upper = c.end === null ? ref : ref === null ? c.end : c.end < ref ? c.end : ref;
  return date !== null && c.start !== null && upper !== null && date >= c.start && date <= upper;
}

export function funnelFromLeads(
  leads: Cube,
  test: (row: number) => boolean,
  id: string | null,
  c: CampaignDates,
  ref: string | null,
  by: DimensionInput | undefined,
  metric: TargetMetric,
): FunnelRow[] | undefined {
  const stages = leads.fields.stage!;
  const products = leads.fields.product!;
  const customers = leads.fields.customer_id!;
  const amounts = leads.moneyColumns.amount!;
  const { created_at: created, updated_at: updated } = leads.dates;
  const towards = countsTowards(metric);
  const groups = groupCube(
    leads,
    by,
    ofCampaign(leads, id, test),
    () => ({ stage: null as string | null, leads: 0, amount: new MoneySum(), count: 0, sum: new MoneySum() }),
    (acc, row) => {
      acc.stage = stages[row] as string | null;
      acc.leads++;
      acc.amount.addRow(amounts, row);
      const counted =
        stages[row] === 'disbursed' &&
        towards.counts(products[row] as string | null, customers[row] as string | null) &&
        inTargetWindow(updated![row] ?? created![row]!, c, ref);
      if (counted) {
        acc.count++;
        acc.sum.addRow(amounts, row);
      }
    },
    'stage',
  );
  // Per key, each (reached, stage) group with the leads and amount at its place or a later one
  // (RANGE over reached, largest first, nulls last: a null place sums the whole key).
  const byKey = new Map<FilterValue, typeof groups>();
  for (const g of groups) byKey.set(g.key, [...(byKey.get(g.key) ?? []), g]);
  const counts: FunnelCountRow[] = [];
  for (const [key, keyGroups] of byKey) {
    const label = keyGroups.find((g) => g.label !== null)?.label ?? null;
    const reachedOf = (g: (typeof keyGroups)[number]) => REACHED.get(g.acc.stage) ?? null;
    for (const g of keyGroups) {
      const reached = reachedOf(g);
      let reachedLeads = 0;
      const reachedAmount = new MoneySum();
      for (const other of keyGroups) {
        const r = reachedOf(other);
        if (reached === null || (r !== null && r >= reached)) {
          reachedLeads += other.acc.leads;
          if (other.acc.amount.any) reachedAmount.add(other.acc.amount.units);
        }
      }
      const amount = reachedAmount.toDoubleOrZero();
      const target = towards.amount ? unitsToDouble(g.acc.sum.units) : g.acc.count;
      if (amount === undefined || target === undefined) return undefined;
      counts.push({
        key,
        label,
        reached,
        stage: g.acc.stage,
        leads: g.acc.leads,
        reached_leads: reachedLeads,
        reached_amount: amount,
        target_actual: target,
      });
    }
  }
  counts.sort(
    (a, b) =>
      compareKey(a.key, b.key) ||
      (a.reached === b.reached ? 0 : a.reached === null ? 1 : b.reached === null ? -1 : a.reached - b.reached) ||
      compareText(a.stage, b.stage),
  );
  return funnelRows(counts);
}

export function lostReasonsFromLeads(leads: Cube, test: (row: number) => boolean, id: string | null): LostReasonRow[] | undefined {
  const stages = leads.fields.stage!;
  const reasons = leads.fields.lost_reason!;
  const amounts = leads.moneyColumns.amount!;
  const inCampaign = ofCampaign(leads, id, test);
  const byReason = new Map<string | null, { count: number; amount: MoneySum }>();
  let total = 0;
  for (let row = 0; row < leads.rows; row++) {
    if (stages[row] !== 'lost' || !inCampaign(row)) continue;
    const reason = reasons[row] as string | null;
    let r = byReason.get(reason);
    if (!r) byReason.set(reason, (r = { count: 0, amount: new MoneySum() }));
    r.count++;
    r.amount.addRow(amounts, row);
    total++;
  }
  const rows: LostReasonRow[] = [];
  for (const [reason, r] of byReason) {
    const amount = r.amount.toDoubleOrZero();
    if (amount === undefined) return undefined;
    rows.push({ reason, count: r.count, amount, share: ratio(r.count, total) });
  }
  return rows.sort((a, b) => compareDescending(a.count, b.count) || compareText(a.reason, b.reason));
}

export function overdueFromLeads(
  leads: Cube,
  test: (row: number) => boolean,
  id: string | null,
  ref: string | null,
  by: DimensionInput,
  days: number,
): OverdueRow[] | undefined {
  const stages = leads.fields.stage!;
  const amounts = leads.moneyColumns.amount!;
  const { created_at: created, updated_at: updated } = leads.dates;
  const idle = (row: number) => daysBetween(updated![row] ?? created![row]!, ref);
  const inCampaign = ofCampaign(leads, id, test);
  const open = (row: number) => {
    const stage = stages[row];
    const i = idle(row);
    return stage !== null && stage !== 'disbursed' && stage !== 'lost' && i !== null && i > days && inCampaign(row);
  };
  const groups = groupCube(
    leads,
    by,
    open,
    () => ({ count: 0, amount: new MoneySum(), maxDays: -Infinity }),
    (acc, row) => {
      acc.count++;
      acc.amount.addRow(amounts, row);
      acc.maxDays = Math.max(acc.maxDays, idle(row)!);
    },
  );
  const rows: OverdueRow[] = [];
  for (const g of groups) {
    const amount = g.acc.amount.toDoubleOrZero();
    if (amount === undefined) return undefined;
    rows.push({ key: g.key, label: g.label, count: g.acc.count, amount, max_days: g.acc.maxDays });
  }
  return rows.sort((a, b) => compareDescending(a.count, b.count) || compareKey(a.key, b.key));
}

/**
 * A target metric's actual over the leads of campaign `id` that pass `test` and count towards its
 * target at the date `to` (disbursed, dated within [start, least(end, to)]): as actualSql's exact
 * aggregate, grouped by `keyOf` (one group 'all' without it; a lead whose key is null is left out).
 * Undefined when a sum is beyond the exact cast.
 */
export function actualsFromLeads(
  leads: Cube,
  test: (row: number) => boolean,
  id: string | null,
  c: CampaignDates,
  to: string | null,
  metric: TargetMetric,
  keyColumn?: string,
): Map<string, number> | undefined {
  const stages = leads.fields.stage!;
  const products = leads.fields.product!;
  const customers = leads.fields.customer_id!;
  const amounts = leads.moneyColumns.amount!;
  const keys = keyColumn ? leads.fields[keyColumn]! : undefined;
  const { created_at: created, updated_at: updated } = leads.dates;
  const towards = countsTowards(metric);
  const inCampaign = ofCampaign(leads, id, test);
  const sums = new Map<string, { count: number; sum: MoneySum }>();
  for (let row = 0; row < leads.rows; row++) {
    if (stages[row] !== 'disbursed' || !inTargetWindow(updated![row] ?? created![row]!, c, to) || !inCampaign(row)) continue;
    const key = keys ? (keys[row] as string | null) : 'all';
    if (key === null) continue;
    let s = sums.get(key);
    if (!s) sums.set(key, (s = { count: 0, sum: new MoneySum() }));
    if (!towards.counts(products[row] as string | null, customers[row] as string | null)) continue;
    s.count++;
    s.sum.addRow(amounts, row);
  }
  const out = new Map<string, number>();
  for (const [key, s] of sums) {
    const value = towards.amount ? unitsToDouble(s.sum.units) : s.count;
    if (value === undefined) return undefined;
    out.set(key, value);
  }
  return out;
}
