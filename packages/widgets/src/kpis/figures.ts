import type { CampaignRow, KpiName, KpiRow } from '@strata/sdk';
import { amountFormat, type Lang } from '../i18n.ts';

/** The rules of the headline figures that the tiles and their tooltips share. */
export type Kind = 'count' | 'amount' | 'ratio';

export const KIND_OF: Record<KpiName, Kind> = {
  loans: 'count',
  balance: 'amount',
  npl_ratio: 'ratio',
  special_mention_ratio: 'ratio',
  customers: 'count',
  deposits: 'amount',
  attainment: 'ratio',
  pace: 'ratio',
  actual: 'amount',
  target: 'amount',
  actual_share: 'ratio',
};

/** The figures that come from the customer file: null when none was loaded. */
export const CUSTOMER_FIGURES: ReadonlySet<KpiName> = new Set(['customers', 'deposits']);

/** The headline figures, and the campaign when it has not started (for its start date). */
export interface KpiResult {
  rows: KpiRow[];
  campaign: CampaignRow | undefined;
}

/** How the attainment tile reads: 完成率 against pace, 未开始, or the actual and its share (a filter targets do not follow). */
export type CampaignMode = 'ratio' | 'not_started' | 'share';

export function campaignMode(rows: readonly KpiRow[]): CampaignMode {
  const attainment = rows.find((r) => r.metric === 'attainment');
  if (attainment?.period === 'not_started') return 'not_started';
  return attainment && attainment.untargeted.length > 0 ? 'share' : 'ratio';
}

/** Below these a change is no change (float noise in ratios, fractions of a yuan). */
export const FLAT: Record<Kind, number> = { count: 0.5, amount: 0.5, ratio: 5e-7 };

export type Direction = 'up' | 'down' | 'flat' | 'none';

export function direction(kind: Kind, change: number | null): Direction {
  if (change === null || !Number.isFinite(change)) return 'none';
  if (Math.abs(change) < FLAT[kind]) return 'flat';
  return change > 0 ? 'up' : 'down';
}

/** How a tile writes its amounts (its figure, last month's, the change). */
export type Amounts = (value: number | null | undefined) => string;

/** The largest amount the strip shows (this month's or last month's): its unit is the strip's. */
export function stripLargest(rows: readonly KpiRow[]): number {
  let largest = 0;
  for (const r of rows) if (KIND_OF[r.metric] === 'amount') for (const v of [r.value, r.previous]) if (v != null && Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  return largest;
}

/**
 * A tile's amounts in the strip's one unit, that of its largest amount (0.56亿 beside 25.75亿, not
 * 5579.57万), unless the tile's figure is under 0.1 of it: it then reads in its own (364.50万
 * beside 25.75亿, never 0.04亿 or <0.01亿). The change reads in its figure's unit. 0 reads plainly
 * (0元); an amount too small for the unit takes its own (+30元 beside 400.00万). A figure of 0
 * takes last month's unit, so that its change reads in it.
 */
export function figureAmounts(lang: Lang, row: KpiRow | undefined, strip: number): Amounts {
  const figure = Math.abs(row?.value || row?.previous || 0);
  const inStrip = amountFormat(lang, [strip]);
  const own = figure * 10 >= inStrip.unit.size ? inStrip : amountFormat(lang, [figure]);
  const step = own.unit.size / 10 ** own.unit.digits;
  return (v) => {
    const fits = v == null || !Number.isFinite(v) || Math.round(Math.abs(v) / step) > 0;
    return (fits ? own : amountFormat(lang, [v])).format(v);
  };
}
